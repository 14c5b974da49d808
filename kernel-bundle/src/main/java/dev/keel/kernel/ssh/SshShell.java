package dev.keel.kernel.ssh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.keel.api.security.LoginGuard;
import dev.keel.api.security.Passwords;
import dev.keel.kernel.security.Accounts;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.terminal.CommandCompleter;

/**
 * The Gogo shell over SSH (Apache MINA SSHD): one Gogo session per channel, an
 * interactive console for a shell request and one command for an exec request.
 * Only keys in {@code data/ssh/authorized_keys} and users in {@code etc/keel.users}
 * get in; no anonymous access. Configuration changes restart the server.
 * The server starts on a thread of its own, beside the rest of the start
 * (loading SSHD and the keys takes a few hundred ms); {@code /health} counts
 * it as pending until it listens or has failed.
 */
@Component(service = SshShell.class, immediate = true, configurationPid = SshShell.PID)
@Designate(ocd = SshShell.Config.class)
public final class SshShell {

    /** Configuration PID: {@code etc/keel.ssh.cfg}. */
    public static final String PID = "keel.ssh";

    /** Framework property that overrides the configured port ({@code KEEL_SSH_PORT} in {@code bin/keel}). */
    static final String PORT_PROPERTY = "keel.ssh.port";

    /** Configuration of the SSH shell. */
    @ObjectClassDefinition(name = "Keel SSH shell", description = "The Gogo shell over SSH (bin/keel client): "
            + "where it listens and who may log in. A change restarts the server; sessions open at that time end.")
    public @interface Config {
        @AttributeDefinition(name = "Enabled", description = "Serve the Gogo shell over SSH.")
        boolean enabled() default true;

        @AttributeDefinition(name = "Host", description = "The address to listen on; 127.0.0.1 keeps the shell "
                + "off the network, 0.0.0.0 listens on every interface.")
        String host() default "127.0.0.1";

        @AttributeDefinition(name = "Port", min = "0", max = "65535",
                description = "The SSH port; 0 picks a free one (written to data/ssh/port). The framework property "
                        + PORT_PROPERTY + " (KEEL_SSH_PORT) overrides it.")
        int port() default 8101;
    }

    private final Logger log;
    private final SshKeys keys;
    private final SshAudit audit;
    private final SshAuthenticator auth;
    /** The running server (null when disabled or failed), once its start has finished. */
    private final CompletableFuture<SshServer> server = new CompletableFuture<>();

    @Activate
    public SshShell(Config config, BundleContext context, @Reference CommandProcessor processor,
            @Reference Accounts accounts, @Reference Passwords passwords, @Reference LoginGuard guard,
            @Reference Audit audit, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        String home = context.getProperty("keel.home");
        Path sshDir = home == null ? context.getDataFile("ssh").toPath() : Path.of(home, "data", "ssh");
        this.keys = new SshKeys(sshDir);
        this.audit = new SshAudit(audit);
        this.auth = new SshAuthenticator(accounts, passwords, guard, this.audit, log);
        if (!config.enabled()) {
            log.info("SSH shell disabled ({}: enabled = false)", PID);
            server.complete(null);
            return;
        }
        int port = port(config.port(), context.getProperty(PORT_PROPERTY));
        CommandCompleter completer = new CommandCompleter(context);
        Thread starter = new Thread(() -> {
            try {
                server.complete(start(config.host(), port, processor, completer));
            } catch (Throwable e) { // NOPMD: a start that fails must still end the wait of /health
                log.error("SSH shell not started on {}:{}: {}", config.host(), port, oneLine(e));
                server.complete(null);
            }
        }, "keel-ssh-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** True until the server listens, or has failed to start, or is disabled. */
    public boolean starting() {
        return !server.isDone();
    }

    private SshServer start(String host, int port, CommandProcessor processor,
            CommandCompleter completer) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // SSHD looks up its I/O provider through the context class loader
        Thread.currentThread().setContextClassLoader(SshServer.class.getClassLoader());
        SshServer sshd = SshServer.setUpDefaultServer();
        try {
            keys.prepare();
            sshd.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory());
            sshd.setHost(host);
            sshd.setPort(port);
            sshd.setKeyPairProvider(keys.hostKeys());
            sshd.setPublickeyAuthenticator(auth);
            sshd.setPasswordAuthenticator(auth);
            sshd.setKeyboardInteractiveAuthenticator(null);
            List<UserAuthFactory> methods = List.of(UserAuthPublicKeyFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE);
            sshd.setUserAuthFactories(methods);
            Path history = keys.dir().resolve("history");
            sshd.setShellFactory(channel -> new GogoChannel(processor, null, completer, history));
            sshd.setCommandFactory((channel, command) -> new GogoChannel(processor, command, completer, history));
            sshd.start();
            keys.published(host, sshd.getPort());
            log.info("SSH shell listening on {}:{} (bin/keel client)", host, sshd.getPort());
            return sshd;
        } catch (IOException | RuntimeException e) {
            log.error("SSH shell not started on {}:{}: {}", host, port, oneLine(e));
            close(sshd);
            return null;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The port the server listens on, or -1 when it does not run. */
    public int port() {
        SshServer s = server.getNow(null);
        return s == null ? -1 : s.getPort();
    }

    @Deactivate
    void deactivate() {
        SshServer s;
        try {
            s = server.get(30, TimeUnit.SECONDS); // a start under way finishes first, so its port is freed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s = server.getNow(null);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("SSH shell: its start did not finish: {}", oneLine(e));
            s = null;
        }
        if (s != null) {
            keys.unpublished();
            close(s);
            log.info("SSH shell stopped");
        }
    }

    private void close(SshServer sshd) {
        try {
            sshd.stop(true);
        } catch (IOException | RuntimeException e) {
            log.warn("SSH shell: closing the server failed: {}", oneLine(e));
        }
    }

    /** The configured port, unless the framework property names a valid one. */
    static int port(int configured, String override) {
        if (override != null && !override.isBlank()) {
            try {
                int p = Integer.parseInt(override.trim());
                if (p >= 0 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // fall through to the configured port
            }
        }
        return configured;
    }

    static String oneLine(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
