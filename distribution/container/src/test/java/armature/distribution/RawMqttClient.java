package armature.distribution;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT 5 client (no retries, no backlog) that records what it receives, with its user
 * properties, and how the broker disconnected it: for tests that need to see a refusal happen.
 */
final class RawMqttClient implements AutoCloseable {
    /** One received message. */
    record Received(
            String topic,
            String payload,
            boolean retained,
            java.util.List<String> userProperties) {}

    private static final long TIME_TO_WAIT_MILLIS = 30_000;

    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> disconnectedWith = new CompletableFuture<>();

    private RawMqttClient(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        // Bounded: Paho's synchronous publish otherwise waits forever when the broker drops the
        // connection while the message is in flight (seen in AccessControlIT: a refused QoS 0
        // publish whose token was never completed after the NOT_AUTHORIZED disconnect).
        client.setTimeToWait(TIME_TO_WAIT_MILLIS);
        client.setCallback(
                new MqttCallback() {
                    @Override
                    public void disconnected(MqttDisconnectResponse r) {
                        disconnectedWith.complete(r.getReturnCode());
                    }

                    @Override
                    public void mqttErrorOccurred(MqttException e) {}

                    @Override
                    public void messageArrived(String topic, MqttMessage m) {
                        java.util.List<String> names = new java.util.ArrayList<>();
                        if (m.getProperties() != null) {
                            m.getProperties()
                                    .getUserProperties()
                                    .forEach(u -> names.add(u.getKey()));
                        }
                        received.add(
                                new Received(
                                        topic,
                                        new String(m.getPayload(), StandardCharsets.UTF_8),
                                        m.isRetained(),
                                        names));
                    }

                    @Override
                    public void deliveryComplete(IMqttToken token) {}

                    @Override
                    public void connectComplete(boolean reconnect, String serverURI) {}

                    @Override
                    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
                });
    }

    /** Connects; throws the broker's refusal as an MqttException (see its reason code). */
    static RawMqttClient connect(
            String url, String clientId, String user, char[] password, Will will)
            throws MqttException {
        return connect(url, clientId, user, password, will, null);
    }

    /** As above, over TLS trusting {@code caFile} when the URL is ssl://. */
    static RawMqttClient connect(
            String url,
            String clientId,
            String user,
            char[] password,
            Will will,
            java.nio.file.Path caFile)
            throws MqttException {
        RawMqttClient c = new RawMqttClient(url, clientId);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        }
        if (url.startsWith("ssl:")) {
            o.setSocketFactory(
                    armature.bus.paho.TlsContexts.socketFactory(
                            new armature.bus.paho.BusSettings.Tls(caFile, null, null)));
        }
        if (will != null) {
            MqttMessage w = new MqttMessage(will.payload().getBytes(StandardCharsets.UTF_8));
            w.setRetained(true);
            w.setQos(1);
            o.setWill(will.topic(), w);
        }
        try {
            c.client.connect(o);
        } catch (MqttException e) {
            c.client.close(true);
            throw e;
        }
        return c;
    }

    /** A retained last will. */
    record Will(String topic, String payload) {}

    /** Subscribes at QoS 1; returns the SUBACK reason code. */
    int subscribe(String filter) throws MqttException {
        IMqttToken t = client.subscribe(filter, 1);
        return t.getReasonCodes()[0];
    }

    /**
     * Publishes at QoS 0. A refused publish ends in the broker's disconnect, which {@link
     * #disconnectedWith} reports; Paho may then leave the publish token pending, so a client
     * timeout after the connection was lost is not an error here (the caller checks the
     * disconnect).
     */
    void publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(0);
        m.setRetained(retained);
        try {
            client.publish(topic, m);
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                    || client.isConnected()) {
                throw e;
            }
        }
    }

    /** Drops the TCP connection without DISCONNECT, as a crash would (the will is sent). */
    void crash() throws MqttException {
        client.disconnectForcibly(0, 1, false);
    }

    @Override
    public void close() throws MqttException {
        // Bounded: a plain disconnect() waits forever when the broker has just dropped us.
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 1000, true);
            }
        } catch (MqttException alreadyGone) {
            // disconnected meanwhile
        }
        client.close(true);
    }
}
