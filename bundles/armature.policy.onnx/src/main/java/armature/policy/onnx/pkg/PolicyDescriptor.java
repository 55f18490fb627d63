package armature.policy.onnx.pkg;

import armature.policy.api.ActionMode;
import armature.policy.api.ObservationSlot;
import java.util.List;

/**
 * The descriptor of a policy package ({@code policy.json}, docs/policy-package.md): what the
 * networks read and write, how observations are normalised and actions scaled, and who made the
 * policy. Built only by {@link DescriptorParser}, which has validated every field on its own and
 * against the others; what depends on the networks or on the loop is checked when an {@link
 * OnnxPolicy} is created.
 *
 * @param formatVersion the package format version ({@link #FORMAT_VERSION})
 * @param name the policy's name (shown in logs and status)
 * @param description free text, or empty
 * @param networks the ONNX files of the ensemble members (one for a single network), paths inside
 *     the package or relative to the descriptor
 * @param controlRateHz the rate the policy was trained at, (0, 1000]
 * @param observations the observation slots in vector order
 * @param normalization how raw observations become network inputs; {@link Normalization#NONE} when
 *     the descriptor has none
 * @param actions what the network outputs command
 * @param recurrentStateSizes per-observation sizes of the networks' carried state tensors (h, then
 *     c, per LSTM; h per GRU), empty for a feed-forward policy; must equal the networks' own
 * @param provenance who trained the policy, on what, when
 */
public record PolicyDescriptor(
        int formatVersion,
        String name,
        String description,
        List<String> networks,
        double controlRateHz,
        List<Slot> observations,
        Normalization normalization,
        Actions actions,
        List<Integer> recurrentStateSizes,
        Provenance provenance) {
    /** The format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    /** The placeholder in a slot's topic that stands for the commanded loop's name. */
    public static final String LOOP_PLACEHOLDER = "{loop}";

    public PolicyDescriptor {
        networks = List.copyOf(networks);
        observations = List.copyOf(observations);
        recurrentStateSizes = List.copyOf(recurrentStateSizes);
    }

    /** Length of the observation vector: the sum of the slot sizes. */
    public int observationSize() {
        return observations.stream().mapToInt(Slot::size).sum();
    }

    /**
     * One name per observation element, in vector order, e.g. for the columns of an offline
     * evaluation's CSV: {@code slot.element} where the slot names its elements, {@code slot} for a
     * slot of size 1, {@code slot[i]} otherwise.
     */
    public List<String> observationNames() {
        List<String> names = new java.util.ArrayList<>();
        for (Slot s : observations) {
            for (int i = 0; i < s.size(); i++) {
                names.add(
                        !s.elements().isEmpty()
                                ? s.name() + "." + s.elements().get(i)
                                : s.size() == 1 ? s.name() : s.name() + "[" + i + "]");
            }
        }
        return names;
    }

    /**
     * One observation slot as the descriptor has it.
     *
     * @param topic relative to {@code armature/v1/<container>/}, possibly with {@value
     *     #LOOP_PLACEHOLDER}
     */
    public record Slot(String name, int size, String topic, String field, List<String> elements) {
        public Slot {
            elements = List.copyOf(elements);
        }

        /** The runtime's slot for a policy commanding {@code loopName}. */
        public ObservationSlot resolve(String loopName) {
            return new ObservationSlot(
                    name, size, topic.replace(LOOP_PLACEHOLDER, loopName), field, elements);
        }
    }

    /**
     * Running mean/std normalisation: input = clip((x - mean) / sqrt(std² + epsilon), -clip, clip),
     * per observation element (the form of Stable-Baselines3's VecNormalize and rl_games'
     * RunningMeanStd with std = sqrt(var)).
     *
     * @param mean one per observation element
     * @param std one per observation element, each >= 0
     * @param epsilon added to the variance, >= 0
     * @param clip bound of the normalised value, > 0; infinite for none
     */
    public record Normalization(float[] mean, float[] std, double epsilon, double clip) {
        /** No normalisation: the raw observation is the network's input. */
        public static final Normalization NONE = new Normalization(null, null, 0, 0);

        public boolean none() {
            return mean == null;
        }
    }

    /**
     * @param joints one loop joint per network output, in output order
     * @param mode what the action values are
     * @param scaling how a network output becomes an action value
     */
    public record Actions(List<String> joints, ActionMode mode, Scaling scaling) {
        public Actions {
            joints = List.copyOf(joints);
        }
    }

    /** How network outputs y map onto action values; the result is always clipped to the limits. */
    public enum ScalingType {
        /**
         * y clipped to [-1, 1] and mapped linearly onto the joint's limits from the loop: its
         * position range for POSITION, [-max velocity, max velocity] for VELOCITY.
         */
        RANGE,
        /** scale * y + offset, per joint. */
        LINEAR
    }

    /**
     * @param scale per joint (LINEAR; all 1 for RANGE)
     * @param offset per joint (LINEAR; all 0 for RANGE)
     */
    public record Scaling(ScalingType type, float[] scale, float[] offset) {}

    /**
     * Where the policy comes from. {@code trainedBy} and {@code trainedAt} are required, the rest
     * may be empty.
     *
     * @param trainedBy who trained it (a person, a team)
     * @param trainedAt when: an ISO-8601 date or date-time with offset
     * @param framework the training framework and versions, e.g. {@code PyTorch 2.4, rl_games 1.6}
     * @param environment the training environment or task
     * @param robot the robot or model it was trained for
     * @param codeCommit the training code's commit
     * @param notes free text
     */
    public record Provenance(
            String trainedBy,
            String trainedAt,
            String framework,
            String environment,
            String robot,
            String codeCommit,
            String notes) {}
}
