package armature.safety.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    /** Relative slack for floating-point rounding when checking bounds. */
    private static final double EPS = 1e-9;

    private record Bounds(double min, double max, double v, double a) {
        static Bounds random(SplittableRandom r) {
            return new Bounds(
                    -r.nextDouble(0.1, 2.0),
                    r.nextDouble(0.1, 2.0),
                    r.nextDouble(0.5, 8.0),
                    r.nextDouble(5.0, 200.0));
        }

        RateLimiter limiter() {
            return new RateLimiter(min, max, v, a);
        }

        void check(RateLimiter l, double previousVelocity, double dt, String where) {
            assertThat(l.positionRad()).as(where + " position").isBetween(min, max);
            assertThat(Math.abs(l.velocityRadPerSec()))
                    .as(where + " |velocity|")
                    .isLessThanOrEqualTo(v * (1 + EPS));
            double accel = (l.velocityRadPerSec() - previousVelocity) / dt;
            assertThat(Math.abs(accel))
                    .as(where + " |acceleration|")
                    .isLessThanOrEqualTo(a * (1 + EPS) + EPS);
        }
    }

    @Test
    void randomPositionTargetsRespectAllBoundsAndConvergeExactly() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Bounds b = Bounds.random(r);
            double dt = r.nextDouble(0.0005, 0.01);
            RateLimiter l = b.limiter();
            l.reset(r.nextDouble(b.min, b.max), 0);
            double target = 0;
            for (int segment = 0; segment < 40; segment++) {
                // Targets include points beyond the limits, which must be clamped.
                target = r.nextDouble(b.min - 0.5, b.max + 0.5);
                int steps = r.nextInt(1, 400);
                for (int k = 0; k < steps; k++) {
                    double previous = l.velocityRadPerSec();
                    l.stepTowardPosition(target, dt);
                    b.check(l, previous, dt, "seed " + seed + " segment " + segment + " step " + k);
                }
            }
            // Worst case: stop from full speed, cross the whole range, stop again.
            double settleSeconds = 2 * ((b.max - b.min) / b.v + 2 * b.v / b.a) + 0.1;
            for (int k = 0; k < settleSeconds / dt; k++) {
                double previous = l.velocityRadPerSec();
                l.stepTowardPosition(target, dt);
                b.check(l, previous, dt, "seed " + seed + " settling step " + k);
            }
            double clamped = Math.max(b.min, Math.min(b.max, target));
            assertThat(l.positionRad()).as("seed " + seed + " final position").isEqualTo(clamped);
            assertThat(l.velocityRadPerSec()).as("seed " + seed + " final velocity").isEqualTo(0.0);
        }
    }

    @Test
    void randomVelocityTargetsRespectBoundsAndNeverPassLimits() {
        for (long seed = 1000; seed < 1200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Bounds b = Bounds.random(r);
            double dt = r.nextDouble(0.0005, 0.01);
            RateLimiter l = b.limiter();
            l.reset(0, 0);
            for (int segment = 0; segment < 40; segment++) {
                double target = r.nextDouble(-1.5 * b.v, 1.5 * b.v);
                int steps = r.nextInt(1, 600);
                for (int k = 0; k < steps; k++) {
                    double previous = l.velocityRadPerSec();
                    l.stepTowardVelocity(target, dt);
                    b.check(l, previous, dt, "seed " + seed + " segment " + segment + " step " + k);
                }
            }
        }
    }

    @Test
    void jitteringStepLengthsKeepTheBounds() {
        // A control loop's period jitters by a fraction of itself; +-40 % is generous.
        SplittableRandom r = new SplittableRandom(7);
        Bounds b = new Bounds(-1, 1, 2, 30);
        RateLimiter l = b.limiter();
        l.reset(0, 0);
        for (int k = 0; k < 20_000; k++) {
            double dt = r.nextDouble(0.0006, 0.0014);
            double target = (k / 1500) % 2 == 0 ? 0.9 : -1.3;
            double previous = l.velocityRadPerSec();
            l.stepTowardPosition(target, dt);
            b.check(l, previous, dt, "step " + k);
        }
    }

    @Test
    void aMuchLongerStepNearALimitKeepsThePositionLimitFirst() {
        // Braking was planned for 1 ms steps; a 50 ms stall cannot also keep the acceleration
        // bound, and the position limit is the one that must win.
        RateLimiter l = new RateLimiter(-1, 1, 2, 30);
        l.reset(0, 0);
        for (int k = 0; k < 2000 && l.positionRad() < 0.95; k++) {
            l.stepTowardPosition(1.0, 0.001);
        }
        l.stepTowardVelocity(2.0, 0.05);
        assertThat(l.positionRad()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void trapezoidalMoveTakesTheTextbookTime() {
        // 1 rad at V = 1 rad/s, A = 10 rad/s^2: 0.1 s ramp up, 0.9 s cruise, 0.1 s ramp down = 1.1
        // s.
        RateLimiter l = new RateLimiter(-2, 2, 1.0, 10.0);
        l.reset(0, 0);
        double dt = 0.001;
        int arrivedAt = -1;
        double peak = 0;
        for (int k = 1; k <= 2000; k++) {
            l.stepTowardPosition(1.0, dt);
            peak = Math.max(peak, l.velocityRadPerSec());
            if (arrivedAt < 0 && l.positionRad() == 1.0) {
                arrivedAt = k;
            }
        }
        assertThat(peak).isCloseTo(1.0, within(1e-12));
        // Discrete braking is conservative by a few steps.
        assertThat(arrivedAt * dt).isCloseTo(1.1, within(0.01));
        assertThat(l.positionRad()).isEqualTo(1.0);
        assertThat(l.velocityRadPerSec()).isEqualTo(0.0);
    }

    @Test
    void stopBrakesAtTheAccelerationBoundAndStaysPut() {
        RateLimiter l = new RateLimiter(-10, 10, 2.0, 20.0);
        l.reset(0, 2.0);
        double dt = 0.001;
        for (int k = 0; k < 1000; k++) {
            l.stepToStop(dt);
        }
        // v^2 / (2A) = 0.1 rad, within a couple of steps of travel.
        assertThat(l.positionRad()).isCloseTo(0.1, within(2 * 2.0 * dt));
        assertThat(l.velocityRadPerSec()).isEqualTo(0.0);
        double held = l.positionRad();
        for (int k = 0; k < 1000; k++) {
            l.stepToStop(dt);
        }
        assertThat(l.positionRad()).isEqualTo(held);
    }

    @Test
    void velocityModeStopsAtTheLimitWithoutPassingIt() {
        RateLimiter l = new RateLimiter(-1, 1, 3.0, 20.0);
        l.reset(0, 0);
        for (int k = 0; k < 3000; k++) {
            l.stepTowardVelocity(3.0, 0.001);
        }
        assertThat(l.positionRad()).isEqualTo(1.0);
        assertThat(l.velocityRadPerSec()).isEqualTo(0.0);
    }

    @Test
    void resetClampsIntoTheBoundsAndZeroLengthStepsChangeNothing() {
        RateLimiter l = new RateLimiter(-1, 1, 1, 10);
        l.reset(3.0, 50.0);
        assertThat(l.positionRad()).isEqualTo(1.0);
        assertThat(l.velocityRadPerSec()).isEqualTo(1.0);
        l.reset(0.5, Double.NaN);
        assertThat(l.velocityRadPerSec()).isEqualTo(0.0);
        l.stepTowardPosition(-1, 0.0);
        assertThat(l.positionRad()).isEqualTo(0.5);
    }

    @Test
    void invalidBoundsAreRejected() {
        assertThatThrownBy(() -> new RateLimiter(1, -1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min < max");
    }

    @Test
    void aVelocityScaleCapsTheDrivenSpeedAndALowerOneIsReachedAtTheAccelerationBound() {
        RateLimiter l = new RateLimiter(-10, 10, 2.0, 20.0);
        double dt = 0.001;
        for (int k = 0; k < 300; k++) {
            l.stepTowardPosition(9, dt);
        }
        assertThat(l.velocityRadPerSec()).isEqualTo(2.0);
        l.velocityScale(0.25);
        double v = l.velocityRadPerSec();
        for (int k = 0; k < 300; k++) {
            l.stepTowardPosition(9, dt);
            assertThat(v - l.velocityRadPerSec()).isLessThanOrEqualTo(20.0 * dt * (1 + 1e-9));
            v = l.velocityRadPerSec();
        }
        assertThat(v).isCloseTo(0.5, within(1e-12));
        for (int k = 0; k < 100; k++) {
            l.stepTowardVelocity(-2.0, dt);
        }
        assertThat(l.velocityRadPerSec())
                .as("a velocity target too")
                .isCloseTo(-0.5, within(1e-12));
        assertThatThrownBy(() -> l.velocityScale(0))
                .hasMessageContaining("velocity scale = 0.0; allowed: (0, 1]");
        assertThatThrownBy(() -> l.velocityScale(Double.NaN)).hasMessageContaining("NaN");
    }
}
