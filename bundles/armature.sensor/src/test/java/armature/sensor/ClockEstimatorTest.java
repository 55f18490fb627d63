package armature.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The estimator against synthetic clocks: the container's clock is the truth, the device's clock is
 * offset, drifts or steps, and every sample takes a known latency.
 */
class ClockEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long EPOCH = 1_700_000_000L * S;

    private final ClockEstimator est = new ClockEstimator(1 * S, 1000 * MS); // 8 s window

    /** A sample measured at container time {@code trueNs} that takes {@code latencyNs}. */
    private void sample(long trueNs, long deviceMinusTrueNs, long latencyNs) {
        est.add(EPOCH + trueNs + deviceMinusTrueNs, EPOCH + trueNs + latencyNs, trueNs + latencyNs);
    }

    @Test
    void aFixedOffsetIsFoundAsOffsetPlusMinimumLatencyAndTheJitterAsDelay() {
        Random r = new Random(7);
        long behind = -3 * S; // the device's clock is 3 s behind ours
        long now = 0;
        for (int i = 0; i < 2000; i++) { // 100 Hz for 20 s
            now = i * 10 * MS;
            sample(now, behind, 2 * MS + (long) (r.nextDouble() * 8 * MS)); // 2 to 10 ms
        }
        // the offset is right up to the minimum latency, which one-way messages cannot split off
        assertThat(est.offsetNanos(now)).isCloseTo(3 * S + 2 * MS, within(100_000L));
        // uniform 0-8 ms above the fastest: median 4 ms, p99 7.92 ms, each within a bin (12.5%)
        assertThat(est.delayPercentileNanos(50, now)).isCloseTo(4 * MS, within(600_000L));
        assertThat(est.delayPercentileNanos(99, now)).isCloseTo(7_920_000L, within(1_200_000L));
        assertThat(est.withSourceTime()).isEqualTo(2000);
        assertThat(est.inFuture()).isZero();
        assertThat(est.farOff()).as("3 s behind is more than the 1 s skew limit").isEqualTo(2000);
    }

    @Test
    void aDriftingClockIsTrackedWithinTheDriftOfOneWindow() {
        // 500 ppm slow, starting 2 s ahead: its source times lie in our future all along
        long latency = 1 * MS;
        long driftPerWindow = 8 * S / 2000; // 4 ms over the 8 s window
        long now = 0;
        for (int i = 0; i <= 6000; i++) { // 100 Hz for 60 s
            now = i * 10 * MS;
            long deviceMinusTrue = 2 * S - now / 2000; // -500 ppm
            sample(now, deviceMinusTrue, latency);
            if (i > 0 && i % 1000 == 0) {
                long truth = latency - deviceMinusTrue; // what a perfect estimator would say
                // the window's minimum is its oldest sample: it lags by up to one window's drift
                assertThat(est.offsetNanos(now))
                        .as("at %d s", now / S)
                        .isBetween(truth - driftPerWindow - MS / 100, truth);
            }
        }
        assertThat(est.inFuture()).isEqualTo(6001);
        assertThat(est.farOff()).isEqualTo(6001);
        // the drift shows as delay above the window's fastest (oldest) sample, at most its drift
        assertThat(est.delayPercentileNanos(99, now))
                .isBetween(driftPerWindow / 2, driftPerWindow + driftPerWindow / 8);
    }

    @Test
    void aClockStepShowsAtOnceForwardAndWithinOneWindowBackward() {
        long now = 0;
        for (int i = 0; i < 1000; i++) {
            now = i * 10 * MS;
            sample(now, 0, 5 * MS);
        }
        assertThat(est.offsetNanos(now)).isEqualTo(5 * MS);
        // the device's clock is stepped 1 s forward (NTP correction): d drops at once
        sample(now += 10 * MS, S, 5 * MS);
        assertThat(est.offsetNanos(now)).isEqualTo(5 * MS - S);
        // and back again: the old minimum stays until it leaves the 8 s window, then it is gone
        long stepBack = now;
        Long seen = null;
        while (now < stepBack + 9 * S + 10 * MS) {
            now += 10 * MS;
            sample(now, 0, 5 * MS);
            seen = est.offsetNanos(now);
            if (now < stepBack + 7 * S) {
                assertThat(seen).isEqualTo(5 * MS - S);
            }
        }
        assertThat(seen).isEqualTo(5 * MS);
    }

    @Test
    void withoutSamplesInTheWindowThereIsNoOffsetAndNoDelay() {
        assertThat(est.offsetNanos(0)).isNull();
        assertThat(est.delayPercentileNanos(50, 0)).isNull();
        sample(0, 0, MS);
        assertThat(est.offsetNanos(0)).isEqualTo(MS);
        assertThat(est.offsetNanos(9 * S)).as("8 s later the window is empty").isNull();
        sample(20 * S, 0, 3 * MS); // after a gap of more than a window, the old delays are gone
        assertThat(est.delayPercentileNanos(100, 20 * S)).isEqualTo(500L);
        // the delay expires with the windows, as the offset does: still there in the next window,
        // gone two windows after the last sample
        assertThat(est.delayPercentileNanos(100, 29 * S)).isEqualTo(500L);
        assertThat(est.delayPercentileNanos(100, 37 * S)).isNull();
        assertThat(est.offsetNanos(37 * S)).isNull();
    }

    @Test
    void addingASampleAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) { // warm up: compiled, windows rotated
            sample(i * MS, 0, MS + i % 7 * 100_000L);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 20_000; i < 220_000; i++) {
            sample(i * MS, 0, MS + i % 7 * 100_000L);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated by 200000 samples").isLessThan(1024);
    }

    @Test
    void everyBinsMiddleIsWithinAnEighthOfTheValuesInIt() {
        for (long us = 4; us < 1L << 40; us = us * 9 / 8 + 1) {
            long ns = us * 1000;
            long mid = ClockEstimator.middleNanos(ClockEstimator.bin(ns));
            assertThat((double) Math.abs(mid - ns) / ns).as("%d us", us).isLessThanOrEqualTo(0.125);
        }
        assertThat(ClockEstimator.bin(-5)).isZero();
        assertThat(ClockEstimator.bin(Long.MAX_VALUE)).isEqualTo(ClockEstimator.BINS - 1);
    }
}
