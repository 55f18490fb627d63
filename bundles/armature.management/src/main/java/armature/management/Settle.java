package armature.management;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition the framework offers no event for (SCR publishes no component-state
 * events), checking it every few milliseconds until a deadline.
 */
final class Settle {
    private Settle() {}

    static boolean until(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            LockSupport.parkNanos(2_000_000L);
        }
        return true;
    }
}
