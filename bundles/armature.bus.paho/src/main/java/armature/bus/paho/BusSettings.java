package armature.bus.paho;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PahoMessageBus} connects.
 *
 * @param brokerUrl {@code tcp://host:port} of an MQTT 5 broker
 * @param containerId the container's id: topic level and client-id prefix, unique per broker
 * @param clientName distinguishes several clients of one container (e.g. "bus", "cli-1234")
 * @param connectTimeout how long one connection attempt may take
 * @param minReconnectDelay first reconnect delay; doubles up to {@code maxReconnectDelay}
 * @param maxReconnectDelay cap of the reconnect backoff
 * @param deliveryQueueCapacity messages queued per handler before new ones are dropped and counted
 * @param announce whether to publish a retained birth message and set a last will for the container
 */
public record BusSettings(
        String brokerUrl,
        String containerId,
        String clientName,
        Duration connectTimeout,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        int deliveryQueueCapacity,
        boolean announce) {

    public BusSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        URI uri;
        try {
            uri = URI.create(brokerUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brokerUrl '" + brokerUrl + "' is not a URL", e);
        }
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException(
                    "brokerUrl '" + brokerUrl + "' must look like tcp://HOST:PORT");
        }
        if (containerId == null || !containerId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "containerId '"
                            + containerId
                            + "' must be 1-64 characters of letters, digits, '_', '.', '-'");
        }
        if (clientName == null || !clientName.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("clientName '" + clientName + "' is invalid");
        }
        if (deliveryQueueCapacity < 1) {
            throw new IllegalArgumentException(
                    "deliveryQueueCapacity must be >= 1, was " + deliveryQueueCapacity);
        }
    }

    /** Defaults: 5 s connect timeout, 100 ms to 5 s backoff, 65536 queued messages per handler. */
    public static BusSettings of(String brokerUrl, String containerId, String clientName) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                Duration.ofSeconds(5),
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                65536,
                false);
    }

    public BusSettings withAnnounce(boolean a) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                connectTimeout,
                minReconnectDelay,
                maxReconnectDelay,
                deliveryQueueCapacity,
                a);
    }

    /** The same settings with another reconnect backoff range. */
    public BusSettings withReconnectDelays(Duration min, Duration max) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                connectTimeout,
                min,
                max,
                deliveryQueueCapacity,
                announce);
    }

    /** The MQTT client id: {@code armature-<container>-<client>}. */
    public String clientId() {
        return "armature-" + containerId + "-" + clientName;
    }
}
