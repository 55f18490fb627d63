package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopTimingTest {
    @Test
    void percentilesAreNearestRankAndTheWindowResets() {
        LoopTiming t = new LoopTiming(1000);
        for (int i = 1; i <= 100; i++) {
            t.record(i * 1000L, i);
        }
        t.overrun(3);
        LoopTiming.Snapshot s = t.snapshotAndReset();
        assertThat(s.ticks()).isEqualTo(100);
        assertThat(s.latenessP50Nanos()).isEqualTo(50_000);
        assertThat(s.latenessP99Nanos()).isEqualTo(99_000);
        // Nearest rank: ceil(0.999 * 100) = 100, the maximum.
        assertThat(s.latenessP999Nanos()).isEqualTo(100_000);
        assertThat(s.latenessMaxNanos()).isEqualTo(100_000);
        assertThat(s.durationP50Nanos()).isEqualTo(50);
        assertThat(s.overruns()).isEqualTo(1);
        assertThat(s.missedPeriods()).isEqualTo(3);
        assertThat(t.snapshotAndReset().ticks()).isZero();
    }

    @Test
    void theNinetyNinePointNinthPercentileOfALongWindow() {
        LoopTiming t = new LoopTiming(3000);
        for (int i = 1; i <= 3000; i++) {
            t.record(i, i);
        }
        // ceil(0.999 * 3000) = 2997.
        assertThat(t.snapshotAndReset().latenessP999Nanos()).isEqualTo(2997);
    }

    @Test
    void samplesBeyondCapacityCountAndStillSetTheMaximum() {
        LoopTiming t = new LoopTiming(2);
        t.record(1, 1);
        t.record(2, 2);
        t.record(99, 7);
        LoopTiming.Snapshot s = t.snapshotAndReset();
        assertThat(s.samplesDropped()).isEqualTo(1);
        assertThat(s.latenessMaxNanos()).isEqualTo(99);
        assertThat(s.latenessP99Nanos()).isEqualTo(2);
    }

    @Test
    void fixedRateLoopTicksOnItsOwnThreadAndSurvivesAThrowingTick() throws Exception {
        LoopTiming timing = new LoopTiming(10_000);
        CountDownLatch ticked = new CountDownLatch(20);
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger n = new AtomicInteger();
        FixedRateLoop loop =
                new FixedRateLoop(
                        "test-loop",
                        1000,
                        0,
                        System::nanoTime,
                        () -> {
                            ticked.countDown();
                            if (n.incrementAndGet() == 5) {
                                throw new IllegalStateException("boom");
                            }
                        },
                        timing,
                        e -> errors.incrementAndGet());
        loop.start();
        try {
            assertThat(ticked.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            assertThat(loop.stop(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(errors.get()).isEqualTo(1);
        assertThat(timing.snapshotAndReset().ticks()).isGreaterThanOrEqualTo(20);
    }
}
