package dev.keel.kernel.ssh;

import java.util.Map;

import dev.keel.kernel.security.Audit;

/** The SSH shell's lines in the audit trail: logins, refusals and every command, with the session they came from. */
final class SshAudit {

    private final Audit audit;

    SshAudit(Audit audit) {
        this.audit = audit;
    }

    void login(String user, String address, String session, String method) {
        audit.record(new Audit.Actor(user, "ssh", session), "login", "ssh", Map.of("method", method,
                "address", address), "ok");
    }

    void refused(String user, String address, String method, String why) {
        audit.record(new Audit.Actor(user, "ssh", "ssh:" + address), "login", "ssh", Map.of("method", method,
                "address", address, "reason", why), "refused");
    }

    void command(String user, String session, String command, String result) {
        audit.record(new Audit.Actor(user, "ssh", session), "shell.command", command, Map.of(), result);
    }
}
