package armature.record;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.record.mcap.McapRecord;
import java.time.Duration;
import java.util.Map;

/**
 * Turns recorded messages back into bus messages: the channel's topic (with a prefix), the payload,
 * and the content type, QoS, retained flag, expiry and user properties from its metadata. The
 * sender and boot id properties are left out: they name the client that published the original, and
 * the replaying client stamps its own.
 */
public final class Replayable {
    private static final String BOOT_PROPERTY = "armature-boot";

    private Replayable() {}

    /**
     * Whether a channel is one replay publishes: not the JSON copy of a frame channel ({@code
     * --decode}), which repeats the frames, and not an e-stop input ({@link #isEStopInput}).
     */
    public static boolean isReplayed(McapRecord.Channel c) {
        return !c.metadata().containsKey(Encodings.META_DECODED_FROM) && !isEStopInput(c.topic());
    }

    /**
     * Whether a recorded topic is an e-stop input: a request ({@code
     * armature/v1/+/control/+/estop/request/+}: trip, acknowledge, reset) or a trip ({@code
     * .../estop/trip/+}). A recording never latches or releases an e-stop: an old acknowledge and
     * reset would release a latch that someone set since, for a reason the recording cannot know.
     */
    public static boolean isEStopInput(String topic) {
        String[] l = topic.split("/", -1);
        return l.length == 8
                && l[0].equals("armature")
                && l[1].equals("v1")
                && l[3].equals("control")
                && l[5].equals("estop")
                && (l[6].equals("request") || l[6].equals("trip"));
    }

    /** The topic a channel's messages are published on: {@code prefix + topic}. */
    public static String topic(McapRecord.Channel c, String prefix) {
        return prefix + c.topic();
    }

    /** Whether a channel's messages were retained. */
    public static boolean retained(McapRecord.Channel c) {
        return "true".equals(c.metadata().get(Encodings.META_RETAINED));
    }

    /**
     * The bus message for a recorded message.
     *
     * @throws IllegalArgumentException when the topic (with its prefix) is not a valid topic name,
     *     or the metadata holds an invalid QoS
     */
    public static Message toMessage(McapRecord.Channel c, McapRecord.Message m, String prefix) {
        Map<String, String> meta = c.metadata();
        Message.Builder b =
                Message.builder(topic(c, prefix))
                        .payload(m.data())
                        .retained(retained(c))
                        .qos(qos(meta.get(Encodings.META_QOS)))
                        .contentType(meta.get(Encodings.META_CONTENT_TYPE));
        String expiry = meta.get(Encodings.META_EXPIRY_SECONDS);
        if (expiry != null) {
            long s = Long.parseLong(expiry);
            if (s > 0) {
                b.expiry(Duration.ofSeconds(s));
            }
        }
        for (var e : meta.entrySet()) {
            if (e.getKey().startsWith(Encodings.META_USER_PREFIX)) {
                String name = e.getKey().substring(Encodings.META_USER_PREFIX.length());
                if (!name.equals(BusProperties.SENDER_PROPERTY) && !name.equals(BOOT_PROPERTY)) {
                    b.userProperty(name, e.getValue());
                }
            }
        }
        return b.build();
    }

    private static Qos qos(String level) {
        if (level == null) {
            return Qos.AT_MOST_ONCE;
        }
        try {
            return Qos.of(Integer.parseInt(level));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "channel metadata "
                            + Encodings.META_QOS
                            + " = '"
                            + level
                            + "'; allowed: 0, 1, 2");
        }
    }
}
