package armature.benchmarks.runtime;

import java.util.Arrays;

/** Nearest-rank percentiles of nanosecond samples, reported in microseconds. */
record Stats(int count, double p50Us, double p99Us, double maxUs) {

    static Stats of(long[] samplesNs, int count) {
        if (count == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] s = Arrays.copyOf(samplesNs, count);
        Arrays.sort(s);
        return new Stats(count, rank(s, 0.50), rank(s, 0.99), s[count - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1000.0;
    }

    /** One markdown table cell group: p50 | p99 | max. */
    String cells() {
        return String.format("%.1f / %.1f / %.1f", p50Us, p99Us, maxUs);
    }

    @Override
    public String toString() {
        return String.format(
                "p50 %9.1f us  p99 %9.1f us  max %9.1f us  (n=%d)", p50Us, p99Us, maxUs, count);
    }
}
