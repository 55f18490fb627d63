package armature.launcher;

import armature.bus.paho.BusSettings;
import armature.bus.paho.TlsContexts;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One-shot looks at an external broker before the container starts, with a plain Paho client (no
 * retries, no backlog): does it admit a client without a user name, and does the retained {@code
 * state} of this container id say a container is online already.
 */
final class BrokerProbe implements AutoCloseable {
    /** How a connection attempt ended. */
    enum Admission {
        ADMITTED,
        /** The broker answered with an error reason code (bad login, not authorized). */
        REFUSED,
        /** No MQTT answer: nothing listens, TLS failed, or the time ran out. */
        UNREACHABLE
    }

    private final MqttAsyncClient client;
    private final CompletableFuture<byte[]> firstMessage = new CompletableFuture<>();
    private Admission admission;
    private String detail = "";

    private BrokerProbe(BusSettings settings, String clientName, Duration timeout) {
        try {
            client =
                    new MqttAsyncClient(
                            settings.brokerUrl(),
                            "armature-" + settings.containerId() + "-" + clientName,
                            new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker URL " + settings.brokerUrl() + ": " + e, e);
        }
        client.setCallback(new FirstMessage());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setSessionExpiryInterval(0L);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        if (settings.credentials() != null) {
            o.setUserName(settings.credentials().user());
            o.setPassword(
                    new String(settings.credentials().password()).getBytes(StandardCharsets.UTF_8));
        }
        if (settings.brokerUrl().startsWith("ssl:")) {
            o.setSocketFactory(
                    TlsContexts.socketFactory(
                            settings.tls() == null
                                    ? new BusSettings.Tls(null, null, null)
                                    : settings.tls()));
        }
        try {
            IMqttToken t = client.connect(o);
            t.waitForCompletion(timeout.toMillis() + 1000);
            admission = client.isConnected() ? Admission.ADMITTED : Admission.UNREACHABLE;
        } catch (MqttException e) {
            // MQTT 5 error reason codes are 0x80 and up; Paho's own failures are far above 255.
            boolean answered = e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF;
            admission = answered ? Admission.REFUSED : Admission.UNREACHABLE;
            detail = e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
        }
    }

    /** Tries one connection with {@code settings}' login. */
    static BrokerProbe connect(BusSettings settings, String clientName, Duration timeout) {
        return new BrokerProbe(settings, clientName, timeout);
    }

    Admission admission() {
        return admission;
    }

    /** Why the attempt failed; empty when admitted. */
    String detail() {
        return detail;
    }

    /**
     * The retained {@code state} document of {@code containerId}, when the broker holds one; waits
     * at most {@code wait} after the subscription is acknowledged (retained messages follow the
     * acknowledgement at once on every broker this was tried with).
     */
    Optional<JsonNode> retainedState(String containerId, Duration wait)
            throws MqttException, IOException {
        if (admission != Admission.ADMITTED) {
            return Optional.empty();
        }
        client.subscribe(ContainerTopics.of(containerId).state(), 1).waitForCompletion(10_000);
        byte[] payload;
        try {
            payload = firstMessage.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        if (payload.length == 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(new ObjectMapper().readTree(payload));
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // leaving anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // leaving anyway
        }
    }

    private final class FirstMessage implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void messageArrived(String topic, MqttMessage m) {
            firstMessage.complete(m.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
