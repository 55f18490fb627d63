package armature.broker.auth;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A plain Paho MQTT 5 client that records what it receives and how it was disconnected. */
final class MqttTestClient implements AutoCloseable {
    /** One received message. */
    record Received(String topic, String payload, boolean retained) {}

    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> disconnectedWith = new CompletableFuture<>();

    private MqttTestClient(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        // Paho's blocking publish can wait forever for the token of a message the broker answered
        // by closing the connection (seen once in CI-like runs): bound every wait.
        client.setTimeToWait(10_000);
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
                        received.add(
                                new Received(
                                        topic,
                                        new String(m.getPayload(), StandardCharsets.UTF_8),
                                        m.isRetained()));
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
    static MqttTestClient connect(
            String url, String clientId, String user, char[] password, Will will)
            throws MqttException {
        MqttTestClient c = new MqttTestClient(url, clientId);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
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

    void publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(0);
        m.setRetained(retained);
        try {
            client.publish(topic, m);
        } catch (MqttException e) {
            // The broker may drop us (NOT_AUTHORIZED) before the QoS 0 write completes; that is
            // the answer the caller checks through disconnectedWith. Anything else is a failure.
            try {
                disconnectedWith.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception notDisconnected) {
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
