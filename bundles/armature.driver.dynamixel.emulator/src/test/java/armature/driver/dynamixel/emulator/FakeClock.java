package armature.driver.dynamixel.emulator;

import java.util.function.LongSupplier;

/** A clock the test steps by hand. */
final class FakeClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceMillis(double ms) {
        nanos += (long) (ms * 1e6);
    }
}
