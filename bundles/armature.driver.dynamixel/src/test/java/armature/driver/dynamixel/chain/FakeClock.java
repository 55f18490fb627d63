package armature.driver.dynamixel.chain;

import java.util.function.LongSupplier;

/** A clock tests step by hand. */
final class FakeClock implements LongSupplier {
    private long nanos = 5_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceNanos(long n) {
        nanos += n;
    }

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }
}
