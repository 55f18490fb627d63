package armature.safety.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bounds are checked on finite differences of the output positions, not on what the limiter says
 * about itself: velocity {@code (p_k - p_(k-1)) / dt}, acceleration the difference of those, and
 * the acceleration change per step against {@code J dt}. Tolerance: 1e-9 relative plus 1e-9
 * absolute, for rounding only.
 */
class JerkLimiterTest {
    private static final double EPS = 1e-9;
    // Measured worst ratios (50 seeds): +-10 % jitter 1.02 A, 1.09 J; +-50 % jitter 1.12 A, 1.62 J.
    private static final double JITTER_10_JERK_RATIO = 1.25;
    private static final double JITTER_50_JERK_RATIO = 2.0;

    private record Bounds(double min, double max, double v, double a, double j) {
        static Bounds random(SplittableRandom r) {
            double a = r.nextDouble(5.0, 200.0);
            double windowSeconds = r.nextDouble(0.01, 0.5);
            return new Bounds(
                    -r.nextDouble(0.1, 2.0),
                    r.nextDouble(0.1, 2.0),
                    r.nextDouble(0.5, 8.0),
                    a,
                    2 * a / windowSeconds);
        }

        JerkLimiter limiter() {
            return new JerkLimiter(min, max, v, a, j);
        }
    }

    /** Follows the output by finite differences and checks every bound on each step. */
    private static final class Probe {
        final Bounds b;
        double p;
        double v;
        double a;

        Probe(Bounds b, JerkLimiter l) {
            this.b = b;
            p = l.positionRad();
        }

        void step(JerkLimiter l, double dt, String where) {
            double newP = l.positionRad();
            double newV = (newP - p) / dt;
            double newA = (newV - v) / dt;
            assertThat(newP).as(where + " position").isBetween(b.min, b.max);
            assertThat(Math.abs(newV))
                    .as(where + " |velocity|")
                    .isLessThanOrEqualTo(b.v * (1 + EPS));
            assertThat(Math.abs(newA))
                    .as(where + " |acceleration|")
                    .isLessThanOrEqualTo(b.a * (1 + 1e-6) + 1e-6);
            assertThat(Math.abs(newA - a))
                    .as(where + " |acceleration change| vs jerk * dt = " + b.j * dt)
                    .isLessThanOrEqualTo(b.j * dt * (1 + 1e-6) + 1e-6);
            p = newP;
            v = newV;
            a = newA;
        }
    }

    private static double settleSeconds(Bounds b) {
        return 2 * ((b.max - b.min) / b.v + 2 * b.v / b.a) + 2 * b.a / b.j + 0.1;
    }

    @Test
    void randomStepCommandsStayWithinEveryBoundAndConvergeExactly() {
        for (long seed = 1; seed <= 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Bounds b = Bounds.random(r);
            double dt = r.nextDouble(0.0005, 0.01);
            JerkLimiter l = b.limiter();
            l.reset(r.nextDouble(b.min, b.max), 0);
            Probe probe = new Probe(b, l);
            double target = 0;
            for (int segment = 0; segment < 20; segment++) {
                target = r.nextDouble(b.min - 0.5, b.max + 0.5);
                int steps = r.nextInt(1, 400);
                for (int k = 0; k < steps; k++) {
                    l.stepTowardPosition(target, dt);
                    probe.step(l, dt, "seed " + seed + " segment " + segment + " step " + k);
                }
            }
            for (int k = 0; k < settleSeconds(b) / dt; k++) {
                l.stepTowardPosition(target, dt);
                probe.step(l, dt, "seed " + seed + " settling step " + k);
            }
            double clamped = Math.max(b.min, Math.min(b.max, target));
            assertThat(l.positionRad()).as("seed " + seed + " final position").isEqualTo(clamped);
            assertThat(l.velocityRadPerSec()).as("seed " + seed + " final velocity").isZero();
        }
    }

    @Test
    void aStepFromRestRampsAccelerationAndNeverOvershootsTheTarget() {
        Bounds b = new Bounds(-1, 1, 3, 50, 2000); // window 0.05 s
        double dt = 0.002;
        JerkLimiter l = b.limiter();
        l.reset(0, 0);
        Probe probe = new Probe(b, l);
        double previous = 0;
        double maxAccel = 0;
        int k = 0;
        for (; k < 1000 && !(l.positionRad() == 0.5 && l.velocityRadPerSec() == 0); k++) {
            l.stepTowardPosition(0.5, dt);
            probe.step(l, dt, "step " + k);
            assertThat(l.positionRad()).as("monotone, no overshoot").isBetween(previous, 0.5);
            previous = l.positionRad();
            maxAccel = Math.max(maxAccel, Math.abs(probe.a));
        }
        assertThat(l.positionRad()).isEqualTo(0.5);
        // The first step's acceleration is one jerk step, not the full acceleration bound.
        JerkLimiter fresh = b.limiter();
        fresh.reset(0, 0);
        fresh.stepTowardPosition(0.5, dt);
        assertThat(fresh.accelerationRadPerSec2()).isLessThanOrEqualTo(b.j * dt * (1 + EPS));
        assertThat(maxAccel).as("the acceleration bound is reached").isCloseTo(50, within(1.0));
        // Rate limiter alone: 0.5 rad at 3 rad/s and 50 rad/s^2 takes 0.227 s; the average adds
        // its window (0.05 s) and a step at most.
        assertThat(k * dt).isBetween(0.227, 0.227 + 0.05 + 3 * dt);
    }

    @Test
    void nanTargetBrakesToAStandstillAndHolds() {
        Bounds b = new Bounds(-2, 2, 3, 50, 1000);
        double dt = 0.002;
        JerkLimiter l = b.limiter();
        l.reset(-1, 0);
        Probe probe = new Probe(b, l);
        for (int k = 0; k < 100; k++) {
            l.stepTowardPosition(1.5, dt);
            probe.step(l, dt, "moving " + k);
        }
        assertThat(l.velocityRadPerSec()).as("moving when NaN arrives").isGreaterThan(1);
        for (int k = 0; k < 500; k++) {
            l.stepTowardPosition(Double.NaN, dt);
            probe.step(l, dt, "NaN " + k);
            assertThat(l.positionRad()).isFinite();
        }
        double held = l.positionRad();
        assertThat(l.velocityRadPerSec()).isZero();
        assertThat(held).isLessThan(1.5);
        l.stepTowardPosition(Double.NaN, dt);
        assertThat(l.positionRad()).isEqualTo(held);
    }

    @Test
    void resetReseedsAtTheMeasuredPositionAtRest() {
        Bounds b = new Bounds(-2, 2, 3, 50, 1000);
        double dt = 0.002;
        JerkLimiter l = b.limiter();
        l.reset(0, 0);
        for (int k = 0; k < 60; k++) {
            l.stepTowardPosition(1.5, dt);
        }
        assertThat(l.accelerationRadPerSec2()).isNotZero();
        // A new driver reports the joint elsewhere: the output starts there, at rest.
        l.reset(-0.7, 0);
        assertThat(l.positionRad()).isEqualTo(-0.7);
        assertThat(l.velocityRadPerSec()).isZero();
        assertThat(l.accelerationRadPerSec2()).isZero();
        Probe probe = new Probe(b, l);
        for (int k = 0; k < 1000; k++) {
            l.stepTowardPosition(-0.7, dt);
            probe.step(l, dt, "after reset " + k);
            assertThat(l.positionRad()).as("nothing of the old motion remains").isEqualTo(-0.7);
        }
        // Reset clamps a measured position outside the limits into them.
        l.reset(5, 0);
        assertThat(l.positionRad()).isEqualTo(2.0);
    }

    /**
     * Under step jitter (each step 0.9-1.1 or 0.5-1.5 times a nominal one): the position limits and
     * the velocity bound hold exactly, the target is reached, and acceleration and jerk, measured
     * with divided differences at the right spacing (velocities at step midpoints), stay within the
     * stated factors of their bounds: the exact bounds need a constant step.
     */
    @Test
    void jitteredStepsKeepPositionAndVelocityExactlyAndAccelerationAndJerkWithinFactors() {
        double[] tenPercent = worstRatios(0.1);
        double[] fiftyPercent = worstRatios(0.5);
        System.out.printf(
                "JerkLimiter worst acceleration / A, jerk / J: +-10%% jitter %.3f %.3f, +-50%%"
                        + " jitter %.3f %.3f%n",
                tenPercent[0], tenPercent[1], fiftyPercent[0], fiftyPercent[1]);
        assertThat(tenPercent[0]).as("acceleration ratio, +-10 %").isLessThan(1.1);
        assertThat(tenPercent[1]).as("jerk ratio, +-10 %").isLessThan(JITTER_10_JERK_RATIO);
        assertThat(fiftyPercent[0]).as("acceleration ratio, +-50 %").isLessThan(1.3);
        assertThat(fiftyPercent[1]).as("jerk ratio, +-50 %").isLessThan(JITTER_50_JERK_RATIO);
    }

    private static double[] worstRatios(double jitter) {
        double worstAccel = 0;
        double worstJerk = 0;
        for (long seed = 500; seed < 550; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            Bounds b = Bounds.random(r);
            double nominal = r.nextDouble(0.001, 0.005);
            JerkLimiter l = b.limiter();
            l.reset(0, 0);
            double p = 0;
            double v = 0;
            double a = 0;
            double previousDt = nominal;
            double previousSpacing = nominal;
            double target = 0;
            int total = 0;
            for (int segment = 0; segment < 11; segment++) {
                target = r.nextDouble(b.min - 0.2, b.max + 0.2);
                int steps = segment == 10 ? (int) (3 * settleSeconds(b) / nominal) : 300;
                for (int k = 0; k < steps; k++, total++) {
                    double dt = nominal * r.nextDouble(1 - jitter, 1 + jitter);
                    l.stepTowardPosition(target, dt);
                    String where = "seed " + seed + " step " + total;
                    double newP = l.positionRad();
                    assertThat(newP).as(where + " position").isBetween(b.min, b.max);
                    double newV = (newP - p) / dt;
                    assertThat(Math.abs(newV)).as(where).isLessThanOrEqualTo(b.v * (1 + EPS));
                    double spacing = (dt + previousDt) / 2;
                    double newA = (newV - v) / spacing;
                    if (total > 2) {
                        worstAccel = Math.max(worstAccel, Math.abs(newA) / b.a);
                        double jerk = Math.abs(newA - a) / ((spacing + previousSpacing) / 2);
                        worstJerk = Math.max(worstJerk, jerk / b.j);
                    }
                    p = newP;
                    v = newV;
                    a = newA;
                    previousDt = dt;
                    previousSpacing = spacing;
                }
            }
            double clamped = Math.max(b.min, Math.min(b.max, target));
            assertThat(l.positionRad()).as("seed " + seed).isCloseTo(clamped, within(1e-9));
        }
        return new double[] {worstAccel, worstJerk};
    }

    @Test
    void aWindowLongerThanOneSecondIsRefused() {
        assertThatThrownBy(() -> new JerkLimiter(-1, 1, 1, 10, 10))
                .hasMessageContaining("maxJerkRadPerSec3 = 10.0")
                .hasMessageContaining("at least 2 * maxAccelerationRadPerSec2 / 1.0 s = 20.0");
        assertThatThrownBy(() -> new JerkLimiter(-1, 1, 1, 10, Double.NaN))
                .hasMessageContaining("maxJerkRadPerSec3 = NaN");
    }

    @Test
    void aVelocityScaleBoundsTheAveragedOutputWithinTheWindow() {
        JerkLimiter l = new JerkLimiter(-10, 10, 2.0, 20.0, 400.0); // window 0.1 s
        double dt = 0.001;
        l.velocityScale(0.5);
        double peak = 0;
        double previous = l.positionRad();
        for (int k = 0; k < 1000; k++) {
            l.stepTowardPosition(5, dt);
            peak = Math.max(peak, Math.abs(l.positionRad() - previous) / dt);
            previous = l.positionRad();
        }
        assertThat(peak).isCloseTo(1.0, within(1e-6));
    }
}
