package armature.bus.paho;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a {@link PahoMessageBus} connects.
 *
 * @param brokerUrl {@code tcp://host:port} or {@code ssl://host:port} of an MQTT 5 broker
 * @param containerId the container's id: topic level and client-id prefix, unique per broker
 * @param clientName distinguishes several clients of one container (e.g. "bus", "cli-1234")
 * @param connectTimeout how long one connection attempt may take
 * @param minReconnectDelay first reconnect delay; doubles up to {@code maxReconnectDelay}
 * @param maxReconnectDelay cap of the reconnect backoff
 * @param deliveryQueueCapacity messages queued per handler before new ones are dropped and counted
 * @param announce whether this is the container's own bus: it publishes a retained birth and sets a
 *     last will, stamps its boot id on everything, clears the retained state it published on a
 *     clean close, and at its first connection clears what an earlier run of the container left
 * @param credentials broker user name and password, or {@code null} to connect without
 * @param tls trust and optional client certificate for {@code ssl://}, or {@code null} for the
 *     JVM's default trust store
 * @param bootId the boot id an announcing bus stamps on everything it publishes, or {@code null}
 *     for a fresh random one per bus (tests fix it to play an earlier run)
 */
public record BusSettings(
        String brokerUrl,
        String containerId,
        String clientName,
        Duration connectTimeout,
        Duration minReconnectDelay,
        Duration maxReconnectDelay,
        int deliveryQueueCapacity,
        boolean announce,
        Credentials credentials,
        Tls tls,
        String bootId) {

    /**
     * A broker user name and password. The password array is copied in and out.
     *
     * @param user the broker user name (also the sender level of what this client publishes)
     * @param password the password
     */
    public record Credentials(String user, char[] password) {
        public Credentials {
            if (user == null || !user.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException(
                        "broker user '" + user + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            Objects.requireNonNull(password, "password");
            password = password.clone();
        }

        @Override
        public char[] password() {
            return password.clone();
        }

        @Override
        public String toString() {
            return "Credentials[" + user + ", password hidden]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Credentials c
                    && c.user.equals(user)
                    && Arrays.equals(c.password, password);
        }

        @Override
        public int hashCode() {
            return user.hashCode();
        }
    }

    /**
     * TLS material, PEM files.
     *
     * @param caFile certificates to trust for the broker, or {@code null} for the JVM's trust store
     * @param certFile client certificate, or {@code null} for none
     * @param keyFile the client certificate's PKCS#8 private key, or {@code null} for none
     */
    public record Tls(Path caFile, Path certFile, Path keyFile) {
        public Tls {
            if ((certFile == null) != (keyFile == null)) {
                throw new IllegalArgumentException(
                        "a client certificate needs both certFile and keyFile, got certFile="
                                + certFile
                                + ", keyFile="
                                + keyFile);
            }
        }
    }

    public BusSettings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        URI uri;
        try {
            uri = URI.create(brokerUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brokerUrl '" + brokerUrl + "' is not a URL", e);
        }
        boolean known = "tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme());
        if (!known || uri.getHost() == null || uri.getPort() <= 0) {
            throw new IllegalArgumentException(
                    "brokerUrl '"
                            + brokerUrl
                            + "' must look like tcp://HOST:PORT or ssl://HOST:PORT");
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
        if (bootId != null && !bootId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    "bootId '" + bootId + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        if (tls != null && !"ssl".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "TLS settings need an ssl://HOST:PORT broker URL, was " + brokerUrl);
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
                false,
                null,
                null,
                null);
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
                a,
                credentials,
                tls,
                bootId);
    }

    /**
     * The same settings with another limit on one connection attempt (TCP connect, then the
     * broker's answer to CONNECT; an attempt unanswered after it plus two seconds is dropped).
     */
    public BusSettings withConnectTimeout(Duration timeout) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                timeout,
                minReconnectDelay,
                maxReconnectDelay,
                deliveryQueueCapacity,
                announce,
                credentials,
                tls,
                bootId);
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
                announce,
                credentials,
                tls,
                bootId);
    }

    /** The same settings logging in as {@code user}; {@code null} connects without. */
    public BusSettings withCredentials(Credentials c) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                connectTimeout,
                minReconnectDelay,
                maxReconnectDelay,
                deliveryQueueCapacity,
                announce,
                c,
                tls,
                bootId);
    }

    /** The same settings with TLS material (the URL must be {@code ssl://}). */
    public BusSettings withTls(Tls t) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                connectTimeout,
                minReconnectDelay,
                maxReconnectDelay,
                deliveryQueueCapacity,
                announce,
                credentials,
                t,
                bootId);
    }

    /** The same settings with a fixed boot id ({@code null}: a random one per bus). */
    public BusSettings withBootId(String id) {
        return new BusSettings(
                brokerUrl,
                containerId,
                clientName,
                connectTimeout,
                minReconnectDelay,
                maxReconnectDelay,
                deliveryQueueCapacity,
                announce,
                credentials,
                tls,
                id);
    }

    /** The broker user name, or {@code null} without credentials. */
    public String user() {
        return credentials == null ? null : credentials.user();
    }

    /** The MQTT client id: {@code armature-<container>-<client>}. */
    public String clientId() {
        return "armature-" + containerId + "-" + clientName;
    }
}
