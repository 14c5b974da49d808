package dev.keel.kernel.security;

import java.util.Map;

/**
 * The audit trail, {@code data/log/audit.log}: one JSON line per privileged act
 * (install, update, uninstall, configuration change, release action, login,
 * refusal, shell command), with when, who, from where, what and the result.
 * Values are written as JSON strings, so no user-supplied text can forge a line.
 */
public interface Audit {

    /**
     * Who did something and from where.
     *
     * @param subject the user name or token subject; {@code ""} when unknown
     * @param via how they came: {@code http}, {@code ssh}, {@code console}
     * @param from the client's address, or the SSH session (e.g. {@code ssh:alice@127.0.0.1:53122#7})
     */
    record Actor(String subject, String via, String from) {
    }

    /**
     * Records one act.
     *
     * @param who who did it
     * @param action what, e.g. {@code bundle.install}, {@code config.set}, {@code release.promote}, {@code login}
     * @param target on what, e.g. a plugin name, a PID
     * @param details further fields, e.g. {@code location}, {@code sha256}; values written as strings
     * @param result {@code ok}, {@code refused} or {@code failed: <why>}
     */
    void record(Actor who, String action, String target, Map<String, String> details, String result);
}
