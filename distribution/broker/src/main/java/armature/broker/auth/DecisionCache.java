package armature.broker.auth;

import armature.control.api.AccessPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link AccessPolicy} decisions of one session, remembered per topic: a loop publishes the
 * same few topics hundreds of times a second, and the rule walk allocates. The policy is a pure
 * function of (role, user, topic), so a remembered answer never goes stale; a session whose
 * credential changes is disconnected anyway.
 */
public final class DecisionCache {
    /** Topics remembered per direction; past that the memory starts over. */
    static final int MAX_TOPICS = 4096;

    private final Map<String, Boolean> receive = new ConcurrentHashMap<>();
    private final Map<String, Boolean> publish = new ConcurrentHashMap<>();
    private final Map<String, Boolean> publishRetained = new ConcurrentHashMap<>();

    /** {@link AccessPolicy#mayReceive}, remembered. */
    public boolean mayReceive(Identity id, String topic) {
        Boolean b = receive.get(topic);
        if (b == null) {
            b = AccessPolicy.mayReceive(id.role(), id.user(), topic);
            remember(receive, topic, b);
        }
        return b;
    }

    /** {@link AccessPolicy#mayPublish}, remembered. */
    public boolean mayPublish(Identity id, String topic, boolean retained) {
        Map<String, Boolean> m = retained ? publishRetained : publish;
        Boolean b = m.get(topic);
        if (b == null) {
            b = AccessPolicy.mayPublish(id.role(), id.user(), topic, retained);
            remember(m, topic, b);
        }
        return b;
    }

    private static void remember(Map<String, Boolean> m, String topic, boolean decision) {
        if (m.size() >= MAX_TOPICS) {
            m.clear();
        }
        m.put(topic, decision);
    }
}
