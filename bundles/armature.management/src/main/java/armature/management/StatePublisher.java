package armature.management;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the retained state topics true: one per component ({@code components/<name>/state}, cleared
 * when the component goes away) and the container's readiness summary ({@code status}). Publishes
 * only changes; SCR has no change events, so it is called periodically.
 */
final class StatePublisher {
    private static final System.Logger LOG = System.getLogger(StatePublisher.class.getName());

    private final MessageBus bus;
    private final ContainerTopics topics;
    private final StatusReport status;
    private final ObjectMapper json;
    private final Map<String, String> publishedStates = new HashMap<>();
    private String publishedSummary = "";

    StatePublisher(MessageBus bus, StatusReport status, ObjectMapper json) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId());
        this.status = status;
        this.json = json;
    }

    /** Publishes what changed since the last call; everything again after a reconnect. */
    void publish() {
        try {
            boolean connected = bus.state() == armature.bus.api.ConnectionState.CONNECTED;
            if (!connected) {
                // A broker without persistence forgets retained messages: publish everything again
                // once the connection is back.
                publishedStates.clear();
                publishedSummary = "";
                return;
            }
            // One status build per round: components, bundles and readiness come from the same
            // snapshot.
            Map<String, Object> full = status.build();
            Map<String, String> now = new HashMap<>();
            @SuppressWarnings("unchecked")
            var components = (java.util.List<Map<String, Object>>) full.get("components");
            for (Map<String, Object> c : components) {
                now.put(topicKey(c), json.writeValueAsString(c));
            }
            for (var e : now.entrySet()) {
                if (!e.getValue().equals(publishedStates.get(e.getKey()))) {
                    publishRetained(
                            componentTopic(e.getKey()),
                            e.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            for (String gone : publishedStates.keySet()) {
                if (!now.containsKey(gone)) {
                    // An empty retained message clears the topic: the component no longer exists.
                    publishRetained(componentTopic(gone), new byte[0]);
                }
            }
            publishedStates.clear();
            publishedStates.putAll(now);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("container", full.get("container"));
            summary.put("ready", full.get("ready"));
            summary.put("notReady", full.get("notReady"));
            summary.put("features", full.get("features"));
            String text = json.writeValueAsString(summary);
            if (!text.equals(publishedSummary)) {
                publishRetained(topics.status(), text.getBytes(StandardCharsets.UTF_8));
                publishedSummary = text;
            }
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.log(Level.DEBUG, "status publication skipped: " + e);
        }
    }

    private String componentTopic(String name) {
        return topics.component(name);
    }

    /**
     * The component's name, or for one of several factory configurations its PID ({@code
     * armature.sim~hand}), so that two configurations of one component get two topics.
     */
    static String topicKey(Map<String, Object> component) {
        Object pid = component.get("pid");
        String name = (String) component.get("name");
        return pid instanceof String p && p.startsWith(name + "~") ? p : name;
    }

    private void publishRetained(String topic, byte[] payload) {
        bus.publish(
                Message.builder(topic)
                        .payload(payload)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .contentType(ContentTypes.JSON)
                        .build());
    }
}
