package armature.policy.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a policy reads and writes.
 *
 * @param observations the slots of the observation vector, in order
 * @param actionJoints one joint name per action value, in order; each must be a joint of the loop
 *     the policy commands (joints of the loop not named here are held where they are measured)
 * @param actionMode what the action values are
 * @param controlRateHz how often the policy expects to act (a runtime may be configured to run it
 *     at another rate, at its user's risk); (0, 1000]
 * @param recurrent whether {@link Policy#act} carries state from step to step, so that {@link
 *     Policy#reset()} matters
 */
public record PolicySpec(
        List<ObservationSlot> observations,
        List<String> actionJoints,
        ActionMode actionMode,
        double controlRateHz,
        boolean recurrent) {
    public PolicySpec {
        observations = List.copyOf(Objects.requireNonNull(observations, "observations"));
        actionJoints = List.copyOf(Objects.requireNonNull(actionJoints, "actionJoints"));
        Objects.requireNonNull(actionMode, "actionMode");
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one observation slot");
        }
        if (actionJoints.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one action joint");
        }
        Set<String> names = new HashSet<>();
        for (ObservationSlot s : observations) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException(
                        "observation slot '" + s.name() + "' appears twice");
            }
        }
        if (new HashSet<>(actionJoints).size() != actionJoints.size()) {
            throw new IllegalArgumentException("actionJoints " + actionJoints + " repeat a joint");
        }
        if (!(controlRateHz > 0 && controlRateHz <= 1000)) {
            throw new IllegalArgumentException(
                    "controlRateHz = " + controlRateHz + "; allowed: (0, 1000]");
        }
    }

    /** Length of the observation vector: the sum of the slot sizes. */
    public int observationSize() {
        int n = 0;
        for (ObservationSlot s : observations) {
            n += s.size();
        }
        return n;
    }

    /** Length of the action vector. */
    public int actionSize() {
        return actionJoints.size();
    }
}
