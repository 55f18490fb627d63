package armature.physics.opencl.batch;

import java.util.Locale;

/**
 * Domain-randomization ranges, drawn per world on every reset on the device (uniform within each
 * range). Scales multiply the model's value; gravity offsets add to the model's gravity. Ranges can
 * be replaced while the worlds run (automatic domain randomization widens them as a policy
 * improves); new ranges apply to the worlds reset after the change, never in the middle of a step.
 *
 * @param massScale body mass (and rotational inertia, keeping the density distribution)
 * @param frictionScale geom sliding, torsional and rolling friction
 * @param dampingScale joint damping
 * @param armatureScale joint armature (rotor inertia)
 * @param gainScale actuator gain (kp of a position servo, force scale of a motor)
 * @param forceLimitScale actuator force limits (both ends)
 * @param gravityOffsetMPerS2 added to gravity, per axis x, y, z (three ranges)
 * @param latencySteps action latency in control steps, integers inclusive
 * @param observationNoise standard deviation of the Gaussian noise on every observation entry
 */
public record RandomizationRanges(
        Range massScale,
        Range frictionScale,
        Range dampingScale,
        Range armatureScale,
        Range gainScale,
        Range forceLimitScale,
        Range[] gravityOffsetMPerS2,
        Range latencySteps,
        Range observationNoise) {

    /** Number of doubles in {@link #toArray()}. */
    public static final int SIZE = 22;

    /** An inclusive interval. */
    public record Range(double lo, double hi) {
        public static Range of(double value) {
            return new Range(value, value);
        }
    }

    /** Every parameter at the model's value, no latency, no noise. */
    public static RandomizationRanges none() {
        Range one = Range.of(1), zero = Range.of(0);
        return new RandomizationRanges(
                one, one, one, one, one, one, new Range[] {zero, zero, zero}, zero, zero);
    }

    public RandomizationRanges {
        scale("massScale", massScale);
        scale("frictionScale", frictionScale);
        scale("dampingScale", dampingScale);
        scale("armatureScale", armatureScale);
        scale("gainScale", gainScale);
        scale("forceLimitScale", forceLimitScale);
        if (gravityOffsetMPerS2 == null || gravityOffsetMPerS2.length != 3) {
            throw new IllegalArgumentException("gravityOffsetMPerS2 needs three ranges (x, y, z)");
        }
        gravityOffsetMPerS2 = gravityOffsetMPerS2.clone();
        for (int k = 0; k < 3; k++) {
            ordered("gravityOffsetMPerS2[" + "xyz".charAt(k) + "]", gravityOffsetMPerS2[k]);
        }
        ordered("latencySteps", latencySteps);
        if (latencySteps.lo() < 0
                || latencySteps.lo() != Math.rint(latencySteps.lo())
                || latencySteps.hi() != Math.rint(latencySteps.hi())) {
            throw new IllegalArgumentException(
                    "latencySteps "
                            + show(latencySteps)
                            + " is not allowed; allowed: whole control steps >= 0");
        }
        ordered("observationNoise", observationNoise);
        if (observationNoise.lo() < 0) {
            throw new IllegalArgumentException(
                    "observationNoise "
                            + show(observationNoise)
                            + " is not allowed; allowed: >= 0");
        }
    }

    @Override
    public Range[] gravityOffsetMPerS2() {
        return gravityOffsetMPerS2.clone();
    }

    /** Builder-style copies, one per kind. */
    public RandomizationRanges withMassScale(double lo, double hi) {
        return with(0, new Range(lo, hi));
    }

    public RandomizationRanges withFrictionScale(double lo, double hi) {
        return with(1, new Range(lo, hi));
    }

    public RandomizationRanges withDampingScale(double lo, double hi) {
        return with(2, new Range(lo, hi));
    }

    public RandomizationRanges withArmatureScale(double lo, double hi) {
        return with(3, new Range(lo, hi));
    }

    public RandomizationRanges withGainScale(double lo, double hi) {
        return with(4, new Range(lo, hi));
    }

    public RandomizationRanges withForceLimitScale(double lo, double hi) {
        return with(5, new Range(lo, hi));
    }

    public RandomizationRanges withGravityOffset(Range x, Range y, Range z) {
        return with(6, x).with(7, y).with(8, z);
    }

    public RandomizationRanges withLatencySteps(int lo, int hi) {
        return with(9, new Range(lo, hi));
    }

    public RandomizationRanges withObservationNoise(double lo, double hi) {
        return with(10, new Range(lo, hi));
    }

    /** The ranges in the reset kernel's order: six scales, gravity x, y, z, latency, noise. */
    private Range[] all() {
        return new Range[] {
            massScale,
            frictionScale,
            dampingScale,
            armatureScale,
            gainScale,
            forceLimitScale,
            gravityOffsetMPerS2[0],
            gravityOffsetMPerS2[1],
            gravityOffsetMPerS2[2],
            latencySteps,
            observationNoise
        };
    }

    /** A copy with range {@code k} of {@link #all()} replaced (validated by the constructor). */
    private RandomizationRanges with(int k, Range r) {
        Range[] a = all();
        a[k] = r;
        return new RandomizationRanges(
                a[0], a[1], a[2], a[3], a[4], a[5], new Range[] {a[6], a[7], a[8]}, a[9], a[10]);
    }

    /** The layout the reset kernel reads: lo, hi per kind in declaration order. */
    double[] toArray() {
        Range[] all = all();
        double[] a = new double[SIZE];
        for (int i = 0; i < all.length; i++) {
            a[2 * i] = all[i].lo();
            a[2 * i + 1] = all[i].hi();
        }
        return a;
    }

    private static void scale(String name, Range r) {
        ordered(name, r);
        if (!(r.lo() > 0)) {
            throw new IllegalArgumentException(
                    name + " " + show(r) + " is not allowed; allowed: scales > 0");
        }
    }

    private static void ordered(String name, Range r) {
        if (r == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (!Double.isFinite(r.lo()) || !Double.isFinite(r.hi()) || r.lo() > r.hi()) {
            throw new IllegalArgumentException(
                    name + " " + show(r) + " is not allowed; allowed: finite lo <= hi");
        }
    }

    private static String show(Range r) {
        return r == null ? "null" : String.format(Locale.ROOT, "[%s, %s]", r.lo(), r.hi());
    }
}
