package armature.record;

/**
 * The message and schema encodings and the channel metadata keys of Armature recordings
 * (docs/recording.md). Custom names carry the {@code x-} prefix the MCAP specification asks for.
 */
public final class Encodings {
    /** MCAP's well-known message encoding for UTF-8 JSON. */
    public static final String JSON = "json";

    /** MCAP's well-known schema encoding for JSON Schema. */
    public static final String JSON_SCHEMA = "jsonschema";

    /** Armature's binary frame (ADR 0003), the payload's bytes unchanged. */
    public static final String FRAME = "x-armature-frame-v1";

    /** The schema of a frame stream: its FrameSchema JSON document (the stream's /schema topic). */
    public static final String FRAME_SCHEMA = "x-armature-frame-schema-v1";

    /** Any other payload (text, jar, third-party binary): the bytes unchanged. */
    public static final String BYTES = "x-armature-bytes";

    /** The MQTT content type, when the message had one. */
    public static final String META_CONTENT_TYPE = "content_type";

    /** MQTT QoS of the recorded message as delivered to the recorder: 0, 1 or 2. */
    public static final String META_QOS = "mqtt.qos";

    /** Whether the messages were retained: {@code true} or {@code false}. */
    public static final String META_RETAINED = "mqtt.retained";

    /** The message expiry interval [s] the recorder saw, when there was one. */
    public static final String META_EXPIRY_SECONDS = "mqtt.message_expiry_s";

    /** Prefix of MQTT user properties, e.g. {@code mqtt.user.armature-sender}. */
    public static final String META_USER_PREFIX = "mqtt.user.";

    /** What a message's publish_time is: see {@link PublishTimes}. */
    public static final String META_PUBLISH_TIME = "armature.publish_time";

    /** On the JSON copy of a frame channel (--decode): the topic it was decoded from. */
    public static final String META_DECODED_FROM = "armature.decoded_from";

    /** Appended to a frame topic for its JSON copy; '#' never occurs in an MQTT topic name. */
    public static final String DECODED_TOPIC_SUFFIX = "#decoded";

    private Encodings() {}
}
