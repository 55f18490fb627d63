package armature.policy.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.codec.JsonCodec;
import armature.control.api.PolicyTopics;
import armature.policy.api.PolicyEventType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policy's status (retained) and events on the bus. Publishing never throws into the caller: a
 * policy that cannot report still must not disturb its tick.
 */
final class PolicyReporter {
    private static final System.Logger LOG = System.getLogger(PolicyReporter.class.getName());

    private final MessageBus bus;
    private final PolicyTopics topics;
    private final JsonCodec json = new JsonCodec();

    PolicyReporter(MessageBus bus, PolicyTopics topics) {
        this.bus = bus;
        this.topics = topics;
    }

    void event(PolicyEventType type, String field, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.name());
        m.put("policy", topics.policyName());
        m.put("timestampMillis", System.currentTimeMillis());
        if (field != null) {
            m.put("field", field);
        }
        m.put("message", message);
        LOG.log(
                type == PolicyEventType.POLICY_FAILED
                        ? System.Logger.Level.ERROR
                        : System.Logger.Level.INFO,
                "policy '" + topics.policyName() + "': " + type + ": " + message);
        send(Message.builder(topics.events()).payload(json.encode(m)).qos(Qos.AT_MOST_ONCE));
    }

    void status(Map<String, Object> document) {
        send(
                Message.builder(topics.status())
                        .payload(json.encode(document))
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true));
    }

    /** Clears the retained status (the policy is gone). */
    void clear() {
        send(Message.builder(topics.status()).qos(Qos.AT_LEAST_ONCE).retained(true));
    }

    private void send(Message.Builder b) {
        try {
            bus.publish(b.contentType(ContentTypes.JSON).build())
                    .exceptionally(
                            e -> {
                                LOG.log(
                                        System.Logger.Level.DEBUG,
                                        "policy report not sent: " + e.getMessage());
                                return null;
                            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "policy report not sent: " + e);
        }
    }
}
