package armature.record;

import armature.bus.api.Message;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two messages belong to one MCAP channel: everything replay needs to publish them again
 * the same way, kept in the channel's metadata.
 *
 * @param topic the MQTT topic
 * @param encoding the MCAP message encoding
 * @param metadata content type, QoS, retained flag, expiry and user properties (sorted)
 * @param schema the schema the channel was created with ({@code ""} for none): a frame stream whose
 *     schema arrives after its first frames (MQTT does not order retained before live messages)
 *     continues on a second channel that has it
 */
record ChannelKey(String topic, String encoding, Map<String, String> metadata, String schema) {
    static ChannelKey of(Message m, String encoding, String schema) {
        Map<String, String> meta = new TreeMap<>();
        if (m.contentType() != null) {
            meta.put(Encodings.META_CONTENT_TYPE, m.contentType());
        }
        meta.put(Encodings.META_QOS, Integer.toString(m.qos().level()));
        meta.put(Encodings.META_RETAINED, Boolean.toString(m.retained()));
        if (m.expiry() != null) {
            meta.put(Encodings.META_EXPIRY_SECONDS, Long.toString(m.expiry().toSeconds()));
        }
        for (var e : m.userProperties().entrySet()) {
            meta.put(Encodings.META_USER_PREFIX + e.getKey(), e.getValue());
        }
        return new ChannelKey(m.topic(), encoding, meta, schema);
    }

    static ChannelKey decoded(Message m, String schema) {
        return new ChannelKey(
                m.topic() + Encodings.DECODED_TOPIC_SUFFIX,
                Encodings.JSON,
                Map.of(Encodings.META_DECODED_FROM, m.topic()),
                schema);
    }

    /** A mutable copy of the metadata. */
    Map<String, String> metadataCopy() {
        return new TreeMap<>(metadata);
    }
}
