package dev.keel.kernel.shell;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

import dev.keel.kernel.security.Actors;
import dev.keel.kernel.security.Audit.Actor;

/** Who runs the current shell command, for the audit trail: the actor of its Gogo session (see {@link Actors#shell}). */
final class ShellActor {

    private ShellActor() {
    }

    static Actor current() {
        Job job = Job.Utils.current();
        CommandSession session = job == null ? null : job.session();
        return Actors.shell(session == null ? null : session.get(Actors.SESSION_ATTRIBUTE));
    }
}
