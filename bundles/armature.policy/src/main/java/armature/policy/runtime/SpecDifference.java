package armature.policy.runtime;

import armature.policy.api.ObservationSlot;
import armature.policy.api.PolicySpec;
import java.util.List;

/**
 * Whether a new policy can take over a running one between two ticks: it must read the same
 * observation vector (slots with the same names, sizes, topics, fields and elements, in the same
 * order) and write the same actions at the same rate, so that the observations already gathered,
 * the command stream and the schedule carry on unchanged.
 */
public final class SpecDifference {
    private SpecDifference() {}

    /**
     * The first difference as a sentence, or null when {@code next} fits where {@code now} runs.
     */
    public static String of(PolicySpec now, PolicySpec next) {
        List<ObservationSlot> a = now.observations();
        List<ObservationSlot> b = next.observations();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            ObservationSlot x = i < a.size() ? a.get(i) : null;
            ObservationSlot y = i < b.size() ? b.get(i) : null;
            if (x == null || !x.equals(y)) {
                return "observation slot "
                        + i
                        + " differs: running "
                        + describe(x)
                        + ", new "
                        + describe(y);
            }
        }
        if (!now.actionJoints().equals(next.actionJoints())) {
            return "action joints differ: running "
                    + now.actionJoints()
                    + ", new "
                    + next.actionJoints();
        }
        if (now.actionMode() != next.actionMode()) {
            return "action mode differs: running "
                    + now.actionMode()
                    + ", new "
                    + next.actionMode();
        }
        if (now.controlRateHz() != next.controlRateHz()) {
            return "control rate differs: running "
                    + now.controlRateHz()
                    + " Hz, new "
                    + next.controlRateHz()
                    + " Hz";
        }
        return null;
    }

    private static String describe(ObservationSlot s) {
        return s == null
                ? "none"
                : "'" + s.name() + "' (" + s.size() + " from " + s.topic() + " " + s.field() + ")";
    }
}
