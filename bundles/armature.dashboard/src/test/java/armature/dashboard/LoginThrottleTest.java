package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failed-login limit on a clock the test moves. */
class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void aUserIsRefusedAfterItsFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < LoginThrottle.PER_USER; i++) {
            assertThat(throttle.blocked("eve", "10.0.0.9")).isEmpty();
            throttle.failed("eve", "10.0.0.9");
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        // Five failures at t = 0..4 s; now t = 5 s: free again at t = 60 s.
        assertThat(throttle.blocked("eve", "10.0.0.9")).contains(Duration.ofSeconds(55));
        assertThat(throttle.blocked("alice", "10.0.0.1")).as("others are not held").isEmpty();
        now.addAndGet(Duration.ofSeconds(55).toNanos());
        assertThat(throttle.blocked("eve", "10.0.0.9")).isEmpty();
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresWhateverTheNames() {
        for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
            throttle.failed("name" + i, "10.0.0.7");
        }
        assertThat(throttle.blocked("someone-new", "10.0.0.7")).isPresent();
        assertThat(throttle.blocked("someone-new", "10.0.0.8")).isEmpty();
    }

    @Test
    void aSuccessClearsItsUsersFailures() {
        for (int i = 0; i < LoginThrottle.PER_USER - 1; i++) {
            throttle.failed("bob", "10.0.0.2");
        }
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.2");
        assertThat(throttle.blocked("bob", "10.0.0.3")).isEmpty();
    }

    @Test
    void memoryIsBoundedByForgettingTheOldestNames() {
        for (int i = 0; i < LoginThrottle.MAX_KEYS + 50; i++) {
            throttle.failed("u" + i, "a" + i);
        }
        for (int i = 0; i < LoginThrottle.PER_USER; i++) {
            throttle.failed("late", "a-late");
        }
        assertThat(throttle.blocked("late", "a-late")).as("the newest are kept").isPresent();
    }
}
