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

    /** One tick of the shadow policy: its actions and how far they are from the active ones. */
    void shadow(float[] action, armature.policy.runtime.PolicyRunner.Shadow stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", topics.policyName());
        m.put("timestampMillis", System.currentTimeMillis());
        java.util.List<Double> values = new java.util.ArrayList<>(action.length);
        for (float a : action) {
            values.add(finite(a));
        }
        m.put("actions", values);
        m.put("ticks", stats.ticks());
        m.put("meanAbsDiff", finite(stats.meanAbsDiff()));
        m.put("runningMeanAbsDiff", finite(stats.runningMeanAbsDiff()));
        m.put("maxAbsDiff", finite(stats.maxAbsDiff()));
        m.put("invalidActions", stats.invalidActions());
        send(Message.builder(topics.shadow()).payload(json.encode(m)).qos(Qos.AT_MOST_ONCE));
    }

    /** JSON has no infinity: a shadow that produced NaN is reported as null (not comparable). */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
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
