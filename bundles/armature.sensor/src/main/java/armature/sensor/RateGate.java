package armature.sensor;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most one second's worth saved up (at
 * least one). Each sample of a sensor takes one token; without one it is refused as a flood. One
 * gate per sensor, so one device's flood never takes another's tokens. Not thread-safe: the
 * registry calls it under its lock.
 */
final class RateGate {
    private final double ratePerSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;
    private boolean started;

    RateGate(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException(
                    "ratePerSecond must be above 0, was " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.tokens = capacity;
    }

    /** Takes a token at {@code nowNanos} (a monotonic clock); false when none is left. */
    boolean tryAcquire(long nowNanos) {
        if (started) {
            double refill = (nowNanos - lastNanos) / 1e9 * ratePerSecond;
            tokens = Math.min(capacity, tokens + Math.max(0, refill));
        }
        started = true;
        lastNanos = nowNanos;
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    double ratePerSecond() {
        return ratePerSecond;
    }
}
