package dev.keel.kernel.ssh;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.threadio.ThreadIO;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.session.ServerSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

import dev.keel.kernel.security.Accounts;
import dev.keel.kernel.util.LogText;

/**
 * The logged-in SSH sessions: each login logged and audited once, and each
 * channel's command processor made for its user with the roles
 * {@code etc/keel.users} grants at that moment.
 */
final class SshSessions implements SessionListener {

    private final Accounts accounts;
    private final CommandProcessor processor;
    private final ThreadIO threadIO;
    private final BundleContext context;
    private final SshAudit audit;
    private final Logger log;

    SshSessions(Accounts accounts, CommandProcessor processor, ThreadIO threadIO, BundleContext context,
            SshAudit audit, Logger log) {
        this.accounts = accounts;
        this.processor = processor;
        this.threadIO = threadIO;
        this.context = context;
        this.audit = audit;
        this.log = log;
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event == Event.Authenticated && session instanceof ServerSession s) {
            String method = String.valueOf(s.getAttribute(SshAuthenticator.METHOD));
            log.info("SSH: user '{}' logged in from {} ({})", LogText.escape(s.getUsername()), from(s), method);
            audit.login(s.getUsername(), SshAuthenticator.address(s), from(s), method);
        }
    }

    /** The processor of a channel of this session: the user's roles, read now. */
    GuardedProcessor processor(ServerSession session) {
        String user = session.getUsername();
        Set<String> roles = accounts.find(user).map(Accounts.Account::roles).orElse(Set.of());
        if (roles.isEmpty()) {
            throw new IllegalStateException("user " + user + " has no roles in etc/keel.users any more");
        }
        return new GuardedProcessor(processor, threadIO, context, new GuardedProcessor.Who(user, roles, from(session)),
                audit, log);
    }

    /** The session as the audit trail names it: {@code ssh:USER@ADDRESS:PORT#ID}. */
    static String from(ServerSession session) {
        return from(session, session.getUsername());
    }

    /** The same for a user name given in a login attempt, before the session has a user. */
    static String from(ServerSession session, String user) {
        SocketAddress a = session.getClientAddress();
        String where = a instanceof InetSocketAddress inet
                ? SshAuthenticator.address(session) + ":" + inet.getPort() : String.valueOf(a);
        return "ssh:" + LogText.escape(user) + "@" + where + "#" + session.getIoSession().getId();
    }
}
