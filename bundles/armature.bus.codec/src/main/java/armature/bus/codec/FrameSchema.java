package armature.bus.codec;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the numbers of one frame stream mean. Names are not repeated in every frame: a publisher
 * sends this once as a retained JSON message (content type {@code application/json}) on {@link
 * #schemaTopic(String)}, and subscribers check frames against it with {@link #check}.
 *
 * @param kind what the stream carries
 * @param elementType the element type of every frame
 * @param channelNames one name per channel, with its unit, e.g. {@code positionRad}, {@code
 *     velocityRadPerSec}, {@code effort} (unit in an attribute); for images {@code row}
 * @param elementsPerChannel elements in each channel
 * @param elementNames one name per element (joint names), or empty when elements are unnamed
 * @param clock the clock of {@code timestampNs}: {@code "unix"} (ns since 1970-01-01T00:00Z) or
 *     {@code "monotonic"} (ns on the publisher's monotonic clock; comparable within one epoch)
 * @param nominalRateHz the intended publish rate, or 0 when irregular
 * @param attributes anything else, e.g. {@code width}, {@code height}, {@code encoding=rgb8} for
 *     images; sorted by key
 */
public record FrameSchema(
        FrameKind kind,
        ElementType elementType,
        List<String> channelNames,
        int elementsPerChannel,
        List<String> elementNames,
        String clock,
        double nominalRateHz,
        Map<String, String> attributes) {

    /** Appended to a stream topic to form its schema topic. */
    public static final String SCHEMA_TOPIC_SUFFIX = "/schema";

    public FrameSchema {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(channelNames, "channelNames");
        requireUniqueNames("channelNames", channelNames);
        channelNames = List.copyOf(channelNames);
        elementNames = elementNames == null ? List.of() : elementNames;
        requireUniqueNames("elementNames", elementNames);
        elementNames = List.copyOf(elementNames);
        attributes =
                attributes == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new TreeMap<>(attributes));
        // Validates the channel and element counts and the total size.
        FrameFormat.frameBytes(elementType, channelNames.size(), elementsPerChannel);
        if (!elementNames.isEmpty() && elementNames.size() != elementsPerChannel) {
            throw new IllegalArgumentException(
                    "elementNames must be empty or have elementsPerChannel = "
                            + elementsPerChannel
                            + " names, had "
                            + elementNames.size());
        }
        if (!"unix".equals(clock) && !"monotonic".equals(clock)) {
            throw new IllegalArgumentException(
                    "clock must be \"unix\" or \"monotonic\", was " + clock);
        }
        if (!Double.isFinite(nominalRateHz) || nominalRateHz < 0) {
            throw new IllegalArgumentException(
                    "nominalRateHz must be finite and >= 0, was " + nominalRateHz);
        }
    }

    /**
     * The channels of a {@link FrameKind#JOINT_STATE} stream made by {@link #jointState}: position
     * [rad], velocity [rad/s] and effort, whose unit the attribute {@link #EFFORT_UNIT_ATTRIBUTE}
     * names (one loop may drive torque- or current-controlled joints, so the unit is not in the
     * channel name).
     */
    public static final List<String> JOINT_STATE_CHANNELS =
            List.of("positionRad", "velocityRadPerSec", "effort");

    /** Attribute of a joint-state schema naming the effort unit: {@code Nm} or {@code A}. */
    public static final String EFFORT_UNIT_ATTRIBUTE = "effortUnit";

    /**
     * The schema of a joint-state stream: channels {@link #JOINT_STATE_CHANNELS} x one element per
     * joint, with the effort unit in {@link #EFFORT_UNIT_ATTRIBUTE}.
     *
     * @param effortUnit {@code Nm} (torque) or {@code A} (current-controlled servos)
     */
    public static FrameSchema jointState(
            List<String> jointNames,
            ElementType elementType,
            String clock,
            double nominalRateHz,
            String effortUnit) {
        Objects.requireNonNull(jointNames, "jointNames");
        if (effortUnit == null || effortUnit.isBlank()) {
            throw new IllegalArgumentException(
                    "effortUnit = '" + effortUnit + "'; allowed: a unit such as Nm or A");
        }
        return new FrameSchema(
                FrameKind.JOINT_STATE,
                elementType,
                JOINT_STATE_CHANNELS,
                jointNames.size(),
                jointNames,
                clock,
                nominalRateHz,
                Map.of(EFFORT_UNIT_ATTRIBUTE, effortUnit));
    }

    /** The retained schema topic of {@code streamTopic}. */
    public static String schemaTopic(String streamTopic) {
        return streamTopic + SCHEMA_TOPIC_SUFFIX;
    }

    /**
     * Checks that a frame belongs to this stream: same kind, element type and shape.
     *
     * @throws CodecException naming the first field that differs
     */
    public void check(FrameReader frame) {
        if (frame.kind() != kind) {
            throw mismatch("kind", frame.kind(), kind);
        }
        if (frame.elementType() != elementType) {
            throw mismatch("elementType", frame.elementType(), elementType);
        }
        if (frame.channels() != channelNames.size()) {
            throw mismatch("channels", frame.channels(), channelNames.size());
        }
        if (frame.elementsPerChannel() != elementsPerChannel) {
            throw mismatch("elementsPerChannel", frame.elementsPerChannel(), elementsPerChannel);
        }
    }

    /** The index of the channel with this name, or -1. */
    public int channelIndex(String name) {
        return channelNames.indexOf(name);
    }

    /** The index of the element with this name, or -1. */
    public int elementIndex(String name) {
        return elementNames.indexOf(name);
    }

    private static CodecException mismatch(String field, Object frameValue, Object schemaValue) {
        return new CodecException(
                "frame does not match its schema: field '"
                        + field
                        + "' is "
                        + frameValue
                        + ", the schema says "
                        + schemaValue,
                field,
                -1);
    }

    private static void requireUniqueNames(String field, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be blank");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] '" + n + "' appears more than once");
            }
        }
    }
}
