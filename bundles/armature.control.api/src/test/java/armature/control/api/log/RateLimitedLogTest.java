package armature.control.api.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private long nowNanos = 1_000;
    private final System.Logger capture =
            new System.Logger() {
                @Override
                public String getName() {
                    return "test";
                }

                @Override
                public boolean isLoggable(Level level) {
                    return true;
                }

                @Override
                public void log(Level level, ResourceBundle b, String msg, Throwable t) {
                    lines.add(level + " " + msg);
                }

                @Override
                public void log(Level level, ResourceBundle b, String format, Object... params) {
                    lines.add(level + " " + format);
                }
            };

    private RateLimitedLog log(int maxKeys) {
        return new RateLimitedLog(capture, Duration.ofSeconds(10), () -> nowNanos, maxKeys);
    }

    @Test
    void theFirstMessageOfAKeyIsLoggedAndRepeatsWithinTheIntervalAreCountedNotLogged() {
        RateLimitedLog log = log(8);
        AtomicInteger built = new AtomicInteger();
        assertThat(log.log(Level.WARNING, "garbage:eve", "garbage from eve")).isTrue();
        for (int i = 0; i < 1000; i++) {
            nowNanos += 1_000_000;
            assertThat(
                            log.log(
                                    Level.WARNING,
                                    "garbage:eve",
                                    () -> "garbage " + built.incrementAndGet()))
                    .isFalse();
        }
        assertThat(built).as("messages held back are never built").hasValue(0);
        assertThat(lines).containsExactly("WARNING garbage from eve");
        assertThat(log.heldBack("garbage:eve")).isEqualTo(1000);

        nowNanos += Duration.ofSeconds(10).toNanos();
        assertThat(log.log(Level.WARNING, "garbage:eve", "garbage from eve")).isTrue();
        assertThat(lines.get(1))
                .startsWith("WARNING garbage from eve [1000 more like this in the last 11.0 s");
        assertThat(log.heldBack("garbage:eve")).isZero();
    }

    @Test
    void keysAreIndependent() {
        RateLimitedLog log = log(8);
        log.log(Level.WARNING, "a", "from a");
        log.log(Level.WARNING, "b", "from b");
        log.log(Level.WARNING, "a", "from a");
        assertThat(lines).containsExactly("WARNING from a", "WARNING from b");
    }

    @Test
    void flushReportsABurstThatStoppedOnceItsIntervalHasPassed() {
        RateLimitedLog log = log(8);
        log.log(Level.INFO, "k", "refused");
        log.log(Level.INFO, "k", "refused");
        log.log(Level.INFO, "k", "refused");
        assertThat(log.flush()).as("interval not over yet").isZero();
        nowNanos += Duration.ofSeconds(10).toNanos();
        assertThat(log.flush()).isEqualTo(1);
        assertThat(lines)
                .last()
                .asString()
                .startsWith("INFO refused [2 more like this in the last 10.0 s");
        assertThat(log.flush()).as("nothing held back any more").isZero();
    }

    @Test
    void theNumberOfKeysIsBoundedAndAnEvictedKeyReportsWhatItHeldBack() {
        RateLimitedLog log = log(2);
        log.log(Level.WARNING, "k1", "one");
        log.log(Level.WARNING, "k1", "one");
        log.log(Level.WARNING, "k2", "two");
        log.log(Level.WARNING, "k3", "three");
        assertThat(lines)
                .containsExactly(
                        "WARNING one",
                        "WARNING two",
                        "WARNING three",
                        "WARNING one [1 more like this in the last 0.0 s, not logged one by one]");
        assertThat(log.heldBack("k1")).isZero();
        assertThat(log.log(Level.WARNING, "k1", "one")).as("k1 was forgotten").isTrue();
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> new RateLimitedLog(capture, Duration.ZERO, System::nanoTime, 1))
                .hasMessageContaining("interval = PT0S");
        assertThatThrownBy(
                        () ->
                                new RateLimitedLog(
                                        capture, Duration.ofSeconds(1), System::nanoTime, 0))
                .hasMessageContaining("maxKeys = 0");
    }
}
