package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.UserProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Conversion between Armature messages and Paho's, and Paho results into futures. */
final class PahoMessages {
    private PahoMessages() {}

    /**
     * The Paho message for {@code m}, stamped with the sender (container id) and boot id user
     * properties where given and not already set.
     */
    static MqttMessage toPaho(String senderId, String bootId, Message m) {
        MqttMessage out = new MqttMessage(m.payload());
        out.setQos(m.qos().level());
        out.setRetained(m.retained());
        MqttProperties props = new MqttProperties();
        if (m.contentType() != null) {
            props.setContentType(m.contentType());
        }
        if (m.expiry() != null) {
            // MQTT counts expiry in whole seconds; round up so a message never expires early.
            props.setMessageExpiryInterval((m.expiry().toMillis() + 999) / 1000);
        }
        if (m.responseTopic() != null) {
            props.setResponseTopic(m.responseTopic());
        }
        if (m.correlationData() != null) {
            props.setCorrelationData(m.correlationData());
        }
        List<org.eclipse.paho.mqttv5.common.packet.UserProperty> user = new ArrayList<>();
        m.userProperties()
                .forEach(
                        (k, v) ->
                                user.add(
                                        new org.eclipse.paho.mqttv5.common.packet.UserProperty(
                                                k, v)));
        if (senderId != null && !m.userProperties().containsKey(BusProperties.SENDER_PROPERTY)) {
            user.add(
                    new org.eclipse.paho.mqttv5.common.packet.UserProperty(
                            BusProperties.SENDER_PROPERTY, senderId));
        }
        if (bootId != null && !m.userProperties().containsKey(UserProperties.BOOT)) {
            user.add(
                    new org.eclipse.paho.mqttv5.common.packet.UserProperty(
                            UserProperties.BOOT, bootId));
        }
        props.setUserProperties(user);
        out.setProperties(props);
        return out;
    }

    static Message fromPaho(String topic, MqttMessage in) {
        Message.Builder b =
                Message.builder(topic)
                        .payload(in.getPayload())
                        .qos(Qos.of(in.getQos()))
                        .retained(in.isRetained());
        MqttProperties p = in.getProperties();
        if (p != null) {
            b.contentType(p.getContentType());
            Long expiry = p.getMessageExpiryInterval();
            if (expiry != null && expiry > 0) {
                b.expiry(Duration.ofSeconds(expiry));
            }
            if (p.getResponseTopic() != null) {
                b.responseTopic(p.getResponseTopic());
            }
            b.correlationData(p.getCorrelationData());
            if (p.getUserProperties() != null) {
                for (var u : p.getUserProperties()) {
                    b.userProperty(u.getKey(), u.getValue());
                }
            }
        }
        return b.build();
    }

    static MqttActionListener completeOn(CompletableFuture<Void> done, String topic) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null) {
                    for (int c : codes) {
                        if (c >= 0x80) {
                            done.completeExceptionally(
                                    new BusException(
                                            "broker refused '"
                                                    + topic
                                                    + "' with reason code 0x"
                                                    + Integer.toHexString(c)));
                            return;
                        }
                    }
                }
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                done.completeExceptionally(
                        new BusException("'" + topic + "': " + describe(error), error));
            }
        };
    }

    /**
     * Whether a connect failure is the broker refusing the login (MQTT 5 CONNACK 0x86 bad user name
     * or password, 0x87 not authorized, 0x8A banned, 0x8C bad authentication method).
     */
    static boolean isLoginRefusal(Throwable t) {
        if (!(t instanceof MqttException m)) {
            return false;
        }
        int code = m.getReasonCode();
        return code == 0x86 || code == 0x87 || code == 0x8A || code == 0x8C;
    }

    static String describe(Throwable t) {
        if (t instanceof MqttException m) {
            String cause = m.getCause() == null ? "" : " (" + m.getCause() + ")";
            return m.getMessage() + " [code " + m.getReasonCode() + "]" + cause;
        }
        return String.valueOf(t);
    }
}
