package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final RateLimitedLog log =
            new RateLimitedLog(new Recorder(lines), Duration.ofSeconds(10), nanos::get);

    @Test
    void oneLinePerIntervalCountingWhatItStandsFor() {
        assertThat(log.warn("k", "refused x")).isTrue();
        for (int i = 0; i < 99; i++) {
            assertThat(log.warn("k", "refused x")).isFalse();
        }
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(log.warn("k", "refused y")).isTrue();
        assertThat(lines).containsExactly("refused x", "refused y (100 times in the last 10 s)");
    }

    @Test
    void keysAreLimitedSeparately() {
        log.warn("a", "one");
        log.warn("b", "two");
        log.warn("a", "three");
        assertThat(lines).containsExactly("one", "two");
    }

    private record Recorder(List<String> lines) implements System.Logger {
        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(format);
        }
    }
}
