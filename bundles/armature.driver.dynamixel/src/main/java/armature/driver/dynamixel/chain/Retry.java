package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.serial.PortLostException;
import java.util.List;

/**
 * Setup-time transactions (ping, reads, writes of one value) are idempotent, so a wire fault earns
 * two more tries before the step counts as failed: on a busy host a single late reply must not fail
 * a whole activation or mode change. The faults of failed tries are kept in the events. A servo
 * that answers with an error is not retried: it meant it.
 */
final class Retry {
    static final int ATTEMPTS = 3;

    @FunctionalInterface
    interface Call<T> {
        T run() throws DynamixelCommException, PortLostException;
    }

    private Retry() {}

    static <T> T onWireFault(Call<T> call, List<BusEvent> events)
            throws DynamixelCommException, PortLostException {
        for (int k = 1; ; k++) {
            try {
                return call.run();
            } catch (DynamixelCommException e) {
                if (!e.event().isWireFault() || k == ATTEMPTS) {
                    throw e;
                }
                events.addAll(e.allEvents());
            }
        }
    }
}
