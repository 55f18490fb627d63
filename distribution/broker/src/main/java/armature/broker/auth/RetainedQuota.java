package armature.broker.auth;

import java.util.HashMap;
import java.util.Map;

/**
 * What each device user keeps retained in the broker, and the limit on it: at most {@link
 * #MAX_TOPICS} topics and {@link #MAX_BYTES} bytes of payload per device user. Devices may retain
 * (a descriptor, a state, a camera model, a Homie device's whole tree), but the embedded broker
 * keeps retained messages in the container's heap, so one device publishing retained messages on
 * ever new topics under its own tree would otherwise fill it. An empty retained message clears a
 * topic and is always taken. Thread-safe.
 *
 * <p>Counted from what the broker accepted since it started (it starts empty: in-memory
 * persistence); a retained message that expires is still counted until the device clears or
 * replaces it.
 */
final class RetainedQuota {
    /** Retained topics one device user may hold. */
    static final int MAX_TOPICS = 256;

    /** Retained payload bytes one device user may hold. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    private final int maxTopics;
    private final long maxBytes;
    private final Map<String, Map<String, Integer>> topicsByUser = new HashMap<>();
    private final Map<String, Long> bytesByUser = new HashMap<>();

    RetainedQuota() {
        this(MAX_TOPICS, MAX_BYTES);
    }

    RetainedQuota(int maxTopics, long maxBytes) {
        this.maxTopics = maxTopics;
        this.maxBytes = maxBytes;
    }

    /**
     * Takes a retained message of {@code payloadBytes} on {@code topic} from device user {@code
     * user} into the account, or refuses it.
     *
     * @return null when taken; otherwise why not (names the user and the limit)
     */
    synchronized String take(String user, String topic, int payloadBytes) {
        Map<String, Integer> topics = topicsByUser.computeIfAbsent(user, u -> new HashMap<>());
        Integer old = topics.get(topic);
        long bytes = bytesByUser.getOrDefault(user, 0L);
        if (payloadBytes == 0) {
            if (old != null) {
                topics.remove(topic);
                bytesByUser.put(user, bytes - old);
            }
            return null;
        }
        int count = topics.size() + (old == null ? 1 : 0);
        long total = bytes - (old == null ? 0 : old) + payloadBytes;
        if (count > maxTopics) {
            return "device '"
                    + user
                    + "' already holds "
                    + topics.size()
                    + " retained topics, the most a device may; clear one with an empty retained"
                    + " message";
        }
        if (total > maxBytes) {
            return "device '"
                    + user
                    + "' would hold "
                    + total
                    + " bytes of retained messages; a device may hold at most "
                    + maxBytes;
        }
        topics.put(topic, payloadBytes);
        bytesByUser.put(user, total);
        return null;
    }

    /** Retained topics held by {@code user}. */
    synchronized int topics(String user) {
        return topicsByUser.getOrDefault(user, Map.of()).size();
    }
}
