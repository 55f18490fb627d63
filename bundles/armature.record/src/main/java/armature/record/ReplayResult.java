package armature.record;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass of a replay did, per topic.
 *
 * @param published messages the broker took
 * @param refused messages not published because the client may not publish them, by topic ({@code "
 *     (retained)"} appended for retained ones)
 * @param failed messages whose publish failed, by topic
 * @param failureReasons the first failure's reason, by topic
 * @param unsettled publishes still without an answer when the replay stopped waiting
 * @param elapsedNanos from the first message to the end
 */
public record ReplayResult(
        long published,
        Map<String, Long> refused,
        Map<String, Long> failed,
        Map<String, String> failureReasons,
        long unsettled,
        long elapsedNanos) {

    public long refusedCount() {
        return refused.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failedCount() {
        return failed.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Collects results from the replay thread and the bus's completion threads. */
    static final class Builder {
        private long published;
        private final Map<String, Long> refused = new TreeMap<>();
        private final Map<String, Long> failed = new TreeMap<>();
        private final Map<String, String> reasons = new TreeMap<>();
        private long unsettled;

        synchronized void published(String topic) {
            published++;
        }

        synchronized void refused(String topic, boolean retained) {
            refused.merge(topic + (retained ? " (retained)" : ""), 1L, Long::sum);
        }

        synchronized void failed(String topic, String reason) {
            failed.merge(topic, 1L, Long::sum);
            reasons.putIfAbsent(topic, reason);
        }

        synchronized void unsettled(long n) {
            unsettled = n;
        }

        synchronized ReplayResult snapshot(long elapsedNanos) {
            return new ReplayResult(
                    published,
                    Map.copyOf(refused),
                    Map.copyOf(failed),
                    Map.copyOf(reasons),
                    unsettled,
                    elapsedNanos);
        }
    }
}
