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
                String m = t.due("joints/hand", flushAt);
                if (m != null) {
                    sent++;
                    lastSent = m;
                }
                flushAt = -1;
            }
            String msg = "m" + now;
            Thinner.Decision d = t.offer("joints/hand", msg, now);
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
        assertThat(t.offer("s", "a", 0).sendNow()).isTrue();
        Thinner.Decision b = t.offer("s", "b", 1 * MS);
        assertThat(b.sendNow()).isFalse();
        assertThat(b.flushAfterNanos()).isEqualTo(INTERVAL - 1 * MS);
        Thinner.Decision c = t.offer("s", "c", 2 * MS);
        assertThat(c.sendNow()).isFalse();
        assertThat(c.flushAfterNanos()).as("already scheduled").isNegative();
        assertThat(t.due("s", INTERVAL)).isEqualTo("c");
        assertThat(t.due("s", INTERVAL)).isNull();
        assertThat(t.replaced()).isEqualTo(1);
    }

    @Test
    void streamsAreThinnedIndependently() {
        Thinner t = new Thinner(INTERVAL);
        assertThat(t.offer("joints/a", "1", 0).sendNow()).isTrue();
        assertThat(t.offer("joints/b", "1", 0).sendNow()).isTrue();
        assertThat(t.offer("joints/a", "2", 1 * MS).sendNow()).isFalse();
        assertThat(t.offer("object/block", "1", 1 * MS).sendNow()).isTrue();
    }

    @Test
    void aSlowStreamPassesUntouched() {
        Thinner t = new Thinner(INTERVAL);
        for (int i = 0; i < 10; i++) {
            assertThat(t.offer("stats/hand", "s" + i, i * 1000 * MS).sendNow()).isTrue();
        }
        assertThat(t.replaced()).isZero();
    }
}
