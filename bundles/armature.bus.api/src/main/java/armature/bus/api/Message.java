package armature.bus.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message on the bus, with the MQTT 5 properties Armature uses. Instances are immutable; the
 * payload and correlation arrays are copied in and must not be modified by readers.
 *
 * @param topic the topic name (no wildcards)
 * @param payload the payload bytes, never null
 * @param qos delivery guarantee
 * @param retained whether the broker keeps it as the topic's last value
 * @param contentType MIME type of the payload, or null when unknown (third-party devices)
 * @param expiry how long the broker may keep it before delivery, or null for no expiry
 * @param responseTopic where a reply is expected, or null
 * @param correlationData opaque bytes echoed in a reply, or null
 * @param userProperties MQTT 5 user properties (first value wins for repeated names)
 */
public record Message(
        String topic,
        byte[] payload,
        Qos qos,
        boolean retained,
        String contentType,
        Duration expiry,
        String responseTopic,
        byte[] correlationData,
        Map<String, String> userProperties) {

    public Message {
        Topics.requireValidTopicName(topic);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        if (expiry != null && (expiry.isNegative() || expiry.isZero())) {
            throw new IllegalArgumentException("expiry must be positive, was " + expiry);
        }
        if (responseTopic != null) {
            Topics.requireValidTopicName(responseTopic);
        }
        userProperties =
                userProperties == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(userProperties));
    }

    /** A builder for a message on {@code topic}: QoS 0, not retained, empty payload. */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /** A builder initialised with every field of this message. */
    public Builder toBuilder() {
        Builder b = new Builder(topic);
        b.payload = payload;
        b.qos = qos;
        b.retained = retained;
        b.contentType = contentType;
        b.expiry = expiry;
        b.responseTopic = responseTopic;
        b.correlationData = correlationData;
        b.userProperties.putAll(userProperties);
        return b;
    }

    /** The payload decoded as UTF-8. */
    public String payloadAsString() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The value of a user property. */
    public Optional<String> userProperty(String name) {
        return Optional.ofNullable(userProperties.get(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload)
                && qos == m.qos
                && retained == m.retained
                && Objects.equals(contentType, m.contentType)
                && Objects.equals(expiry, m.expiry)
                && Objects.equals(responseTopic, m.responseTopic)
                && Arrays.equals(correlationData, m.correlationData)
                && userProperties.equals(m.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, Arrays.hashCode(payload), qos, retained, contentType);
    }

    @Override
    public String toString() {
        return "Message[" + topic + ", " + payload.length + " B, " + qos + ", " + contentType + "]";
    }

    /** Builds a {@link Message}. */
    public static final class Builder {
        private final String topic;
        private byte[] payload = new byte[0];
        private Qos qos = Qos.AT_MOST_ONCE;
        private boolean retained;
        private String contentType;
        private Duration expiry;
        private String responseTopic;
        private byte[] correlationData;
        private final Map<String, String> userProperties = new LinkedHashMap<>();

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder payload(byte[] bytes) {
            this.payload = Objects.requireNonNull(bytes, "payload");
            return this;
        }

        /** UTF-8 text payload; does not set the content type. */
        public Builder payload(String text) {
            return payload(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public Builder qos(Qos q) {
            this.qos = q;
            return this;
        }

        public Builder retained(boolean r) {
            this.retained = r;
            return this;
        }

        public Builder contentType(String type) {
            this.contentType = type;
            return this;
        }

        public Builder expiry(Duration d) {
            this.expiry = d;
            return this;
        }

        public Builder responseTopic(String t) {
            this.responseTopic = t;
            return this;
        }

        public Builder correlationData(byte[] data) {
            this.correlationData = data;
            return this;
        }

        public Builder userProperty(String name, String value) {
            userProperties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Message build() {
            return new Message(
                    topic,
                    payload,
                    qos,
                    retained,
                    contentType,
                    expiry,
                    responseTopic,
                    correlationData,
                    userProperties);
        }
    }
}
