package armature.benchmarks.bus;

import java.util.Arrays;

/** Nearest-rank percentiles of nanosecond samples, printed in microseconds. */
record Percentiles(int count, double p50Us, double p99Us, double p999Us, double maxUs) {

    static Percentiles of(long[] samplesNs, int count) {
        if (count == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] s = Arrays.copyOf(samplesNs, count);
        Arrays.sort(s);
        return new Percentiles(
                count, rank(s, 0.50), rank(s, 0.99), rank(s, 0.999), s[count - 1] / 1000.0);
    }

    private static double rank(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1000.0;
    }

    @Override
    public String toString() {
        return String.format(
                "p50 %8.1f us  p99 %8.1f us  p99.9 %8.1f us  max %9.1f us  (n=%d)",
                p50Us, p99Us, p999Us, maxUs, count);
    }
}
