package armature.policy.runtime;

/**
 * The uncertainty of a policy's recent actions, for its status document: the newest value and the
 * mean and maximum of the last {@value #SIZE} actions that had one. Adding allocates nothing; the
 * summary is computed when asked (once a second). Not thread-safe: the runner guards it.
 */
public final class UncertaintyWindow {
    /** Actions the recent mean and maximum cover. */
    static final int SIZE = 100;

    private final double[] values = new double[SIZE];
    private int next;
    private int count;
    private double last = Double.NaN;

    /** One action's uncertainty, finite and {@code >= 0}. */
    void add(double u) {
        values[next] = u;
        next = (next + 1) % SIZE;
        count = Math.min(count + 1, SIZE);
        last = u;
    }

    /** The summary, or {@code null} before the first value (a policy without a measure). */
    Summary summary() {
        if (count == 0) {
            return null;
        }
        double sum = 0;
        double max = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
            max = Math.max(max, values[i]);
        }
        return new Summary(last, sum / count, max, count);
    }

    /**
     * @param last the newest action's uncertainty
     * @param recentMean mean over the last {@code recentActions} actions
     * @param recentMax maximum over them
     * @param recentActions how many actions the mean and maximum cover (at most {@value #SIZE})
     */
    public record Summary(double last, double recentMean, double recentMax, int recentActions) {}
}
