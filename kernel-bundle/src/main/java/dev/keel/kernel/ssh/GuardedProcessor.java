package dev.keel.kernel.ssh;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.CommandSessionImpl;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.threadio.ThreadIO;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.Logger;

import dev.keel.api.security.Roles;
import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit;
import dev.keel.kernel.util.LogText;

/**
 * The Gogo command processor of one SSH session: it resolves each command as
 * Gogo's own processor does, and checks the {@link ShellPolicy} for the user's
 * roles when the command runs, so a refused command never runs; every command
 * goes to the log and the audit trail. Method calls on objects and file
 * redirections ({@code > file}) run only for admins: without that, any value
 * would reach any Java method.
 */
final class GuardedProcessor extends CommandProcessorImpl {

    /** Who runs this session's commands. */
    record Who(String user, Set<String> roles, String from) {
        /** The audit trail's actor: this user over SSH, from this session. */
        Audit.Actor actor() {
            return new Audit.Actor(user, "ssh", from);
        }

        boolean admin() {
            return Roles.implied(roles).contains(Roles.ADMIN);
        }

        /** A file name for this user's history: letters and digits kept, anything else as %XX. */
        String fileName() {
            StringBuilder b = new StringBuilder("history.");
            for (byte c : user.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                    b.append((char) c);
                } else {
                    b.append('%').append(String.format("%02X", c & 0xff));
                }
            }
            return b.toString();
        }

        String describe() {
            return "'" + LogText.escape(user) + "' (roles " + String.join(",", new TreeSet<>(roles)) + ")";
        }
    }

    private final CommandProcessorImpl real;
    private final CommandSession lookup;
    private final Who who;
    private final SshAudit audit;
    private final Logger log;
    private final BundleContext context;
    private final List<ServiceReference<Converter>> used = new ArrayList<>();

    GuardedProcessor(CommandProcessor real, ThreadIO threadIO, BundleContext context, Who who, SshAudit audit,
            Logger log) {
        super(threadIO);
        if (!(real instanceof CommandProcessorImpl impl)) {
            throw new IllegalStateException("the command processor is not Gogo's: " + real.getClass().getName());
        }
        this.real = impl;
        this.lookup = impl.createSession(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream());
        this.who = who;
        this.audit = audit;
        this.log = log;
        this.context = context;
        Object gogoContext = lookup.get(".context");
        if (who.admin() && gogoContext != null) {
            addConstant(".context", gogoContext); // what the raw Gogo commands and scripts expect
        }
        try {
            for (ServiceReference<Converter> ref : context.getServiceReferences(Converter.class, null)) {
                Converter c = context.getService(ref);
                if (c != null) {
                    used.add(ref);
                    addConverter(c);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session for this user: no globbing for non-admins (it would list folders). */
    @Override
    public CommandSessionImpl createSession(InputStream in, OutputStream out, OutputStream err) {
        CommandSessionImpl session = super.createSession(in, out, err);
        session.put(Actors.SESSION_ATTRIBUTE, who.actor()); // what the commands audit their acts as
        if (!who.admin()) {
            session.currentDir(null);
        }
        return session;
    }

    /** The user whose commands this runs. */
    Who who() {
        return who;
    }

    /** Releases the converters this processor borrowed and the lookup session. */
    void release() {
        lookup.close();
        used.forEach(context::ungetService);
        used.clear();
    }

    @Override
    public Set<String> getCommands() {
        return real.getCommands().stream().filter(c -> {
            int colon = c.indexOf(':');
            return colon > 0 && ShellPolicy.mayRunSomeForm(who.roles(), c.substring(0, colon), c.substring(colon + 1));
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    protected Function getCommand(String name, Object scopePath) {
        String resolved = resolve(name.toLowerCase(), scopePath, real.getCommands());
        if (resolved == null) {
            return null;
        }
        Object found = lookup.get(resolved);
        return found instanceof Function f ? new Guarded(resolved, f) : null;
    }

    /** The {@code scope:function} Gogo would run for a name ({@code *:function} searches the scope path), or null. */
    static String resolve(String name, Object scopePath, Set<String> commands) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String scope = name.substring(0, colon);
        String function = name.substring(colon + 1);
        if (!scope.equals("*")) {
            return commands.contains(name) ? name : null;
        }
        for (String s : (scopePath == null ? "*" : scopePath.toString()).split(":")) {
            if (s.equals("*")) {
                for (String c : new TreeSet<>(commands)) {
                    if (c.endsWith(":" + function)) {
                        return c;
                    }
                }
            } else if (commands.contains(s + ":" + function)) {
                return s + ":" + function;
            }
        }
        return null;
    }

    @Override
    public Object invoke(CommandSessionImpl session, Object target, String name, List<Object> args) throws Exception {
        String what = "method " + name + " on " + (target == null ? "null" : target.getClass().getName());
        if (!who.admin()) {
            throw refuse(what, Roles.ADMIN);
        }
        record(what, "ok");
        return super.invoke(session, target, name, args);
    }

    @Override
    public Path redirect(CommandSessionImpl session, Path path, int mode) {
        if (!who.admin()) {
            throw refuse("redirection to or from a file", Roles.ADMIN);
        }
        record("redirect " + path, "ok");
        return super.redirect(session, path, mode);
    }

    private SecurityException refuse(String what, String needed) {
        log.warn("SSH: {} may not run {}: it needs role {}", who.describe(), LogText.escape(what), needed);
        audit.command(who.user(), who.from(), what, "refused");
        return new SecurityException(what + " is not permitted for " + who.user() + ": it needs role " + needed);
    }

    private void record(String command, String result) {
        log.info("SSH: {} runs {}", who.describe(), LogText.escape(command));
        audit.command(who.user(), who.from(), command, result);
    }

    /** A resolved command that checks the policy with its arguments before it runs. */
    private final class Guarded implements Function {
        private final String name;
        private final Function delegate;

        Guarded(String name, Function delegate) {
            this.name = name;
            this.delegate = delegate;
        }

        @Override
        public Object execute(CommandSession session, List<Object> args) throws Exception {
            int colon = name.indexOf(':');
            String scope = name.substring(0, colon);
            String function = name.substring(colon + 1);
            String line = name + args.stream().map(a -> " " + a).collect(Collectors.joining());
            if (!ShellPolicy.allows(who.roles(), scope, function, args)) {
                throw refuse(line, ShellPolicy.required(scope, function, args));
            }
            // put back right before it runs: a session variable is the user's to assign
            session.put(Actors.SESSION_ATTRIBUTE, who.actor());
            try {
                Object result = delegate.execute(session, args);
                record(line, "ok");
                return result;
            } catch (Exception e) {
                record(line, "failed: " + GogoChannel.message(e));
                throw e;
            }
        }
    }
}
