package dev.keel.kernel.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link Audit} test double that keeps every act. */
public final class RecordingAudit implements Audit {

    /** One recorded act. */
    public record Act(Actor who, String action, String target, Map<String, String> details, String result) {
    }

    public final List<Act> acts = new CopyOnWriteArrayList<>();

    @Override
    public void record(Actor who, String action, String target, Map<String, String> details, String result) {
        acts.add(new Act(who, action, target, Map.copyOf(details), result));
    }
}
