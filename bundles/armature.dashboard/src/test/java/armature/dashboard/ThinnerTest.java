package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThinnerTest {
    private static final long MS = 1_000_000L;
    private static final long INTERVAL = 1_000_000_000L / 60;

    @Test
    void aFiveHundredHertzStreamLeavesAtSixtyPerSecondNewestFirst() {
        Thinner t = new Thinner(INTERVAL);
        int sent = 0;
        long flushAt = -1;
        String lastSent = null;
        // One simulated second of a 500 Hz stream (a message every 2 ms), flushes run on time.
        for (long now = 0; now < 1000 * MS; now += 2 * MS) {
            if (flushAt >= 0 && now >= flushAt) {
                String m = due(t, "joints/hand", flushAt);
                if (m != null) {
                    sent++;
                    lastSent = m;
                }
                flushAt = -1;
            }
            String msg = "m" + now;
            Thinner.Decision d = offer(t, "joints/hand", msg, now);
            if (d.sendNow()) {
                sent++;
                lastSent = msg;
            } else if (d.flushAfterNanos() >= 0) {
                assertThat(flushAt).as("one flush scheduled at a time").isEqualTo(-1);
                flushAt = now + d.flushAfterNanos();
            }
        }
        assertThat(sent).isBetween(59, 61);
        // What leaves is the newest at its slot: the message of the last 2 ms step before it.
        assertThat(Long.parseLong(lastSent.substring(1))).isGreaterThan(970 * MS);
        assertThat(t.replaced()).isGreaterThan(400);
    }

    @Test
    void aHeldMessageIsReplacedByANewerOne() {
        Thinner t = new Thinner(INTERVAL);
        assertThat(offer(t, "s", "a", 0).sendNow()).isTrue();
        Thinner.Decision b = offer(t, "s", "b", 1 * MS);
        assertThat(b.sendNow()).isFalse();
        assertThat(b.flushAfterNanos()).isEqualTo(INTERVAL - 1 * MS);
        Thinner.Decision c = offer(t, "s", "c", 2 * MS);
        assertThat(c.sendNow()).isFalse();
        assertThat(c.flushAfterNanos()).as("already scheduled").isNegative();
        assertThat(due(t, "s", INTERVAL)).isEqualTo("c");
        assertThat(due(t, "s", INTERVAL)).isNull();
        assertThat(t.replaced()).isEqualTo(1);
    }

    @Test
    void streamsAreThinnedIndependently() {
        Thinner t = new Thinner(INTERVAL);
        assertThat(offer(t, "joints/a", "1", 0).sendNow()).isTrue();
        assertThat(offer(t, "joints/b", "1", 0).sendNow()).isTrue();
        assertThat(offer(t, "joints/a", "2", 1 * MS).sendNow()).isFalse();
        assertThat(offer(t, "object/block", "1", 1 * MS).sendNow()).isTrue();
    }

    @Test
    void aSlowStreamPassesUntouched() {
        Thinner t = new Thinner(INTERVAL);
        for (int i = 0; i < 10; i++) {
            assertThat(offer(t, "stats/hand", "s" + i, i * 1000 * MS).sendNow()).isTrue();
        }
        assertThat(t.replaced()).isZero();
    }

    @Test
    void aMessageReplacedBeforeItsTurnIsNeverEncoded() {
        Thinner t = new Thinner(INTERVAL);
        java.util.concurrent.atomic.AtomicInteger encoded =
                new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<String, java.util.function.Supplier<String>> lazy =
                text ->
                        () -> {
                            encoded.incrementAndGet();
                            return text;
                        };
        assertThat(t.offer("s", lazy.apply("a"), 0).sendNow()).isTrue();
        for (int i = 1; i <= 8; i++) {
            t.offer("s", lazy.apply("held" + i), i * MS);
        }
        assertThat(encoded).as("nothing is encoded by offering").hasValue(0);
        assertThat(t.due("s", INTERVAL).get()).isEqualTo("held8");
        assertThat(encoded).as("only the one sent").hasValue(1);
    }

    private static Thinner.Decision offer(Thinner t, String stream, String text, long nowNanos) {
        return t.offer(stream, () -> text, nowNanos);
    }

    private static String due(Thinner t, String stream, long nowNanos) {
        java.util.function.Supplier<String> m = t.due(stream, nowNanos);
        return m == null ? null : m.get();
    }
}
