package armature.safety;

import armature.safety.shaping.JerkLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable, validated supervisor configuration. Build with {@link #builder(List)} from the robot
 * description's joint limits; {@link Builder#tighten} applies configuration overrides, which may
 * only tighten ({@link LimitLoosenedException} otherwise).
 */
public final class SafetyConfig {
    private final List<JointLimits> joints;
    private final double positionToleranceRad;
    private final double rangeToleranceFraction;
    private final long holdTimeoutNanos;
    private final long safeStateTimeoutNanos;
    private final SafeStateAction safeStateAction;
    private final double brakeEffortFraction;
    private final double smoothingTimeConstantSeconds;
    private final long maxMeasuredAgeNanos;
    private final double maxStepSeconds;
    private final ThermalParameters thermal;
    private final WearParameters wear;
    private final UncertaintyCurve velocityScaleCurve;
    private final List<SensorLimit> sensorLimits;

    private SafetyConfig(Builder b) {
        List<JointLimits> effective = new ArrayList<>(b.robotJoints.size());
        Map<String, LimitOverride> pending = new LinkedHashMap<>(b.overrides);
        for (JointLimits j : b.robotJoints) {
            LimitOverride o = pending.remove(j.name());
            effective.add(o == null ? j : j.tightenedBy(o));
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException(
                    "override for unknown joint(s) "
                            + pending.keySet()
                            + "; allowed: joints of the robot description");
        }
        for (JointLimits j : effective) {
            checkJerk(j);
        }
        joints = List.copyOf(effective);
        positionToleranceRad = Checks.nonNegative("positionToleranceRad", b.positionToleranceRad);
        rangeToleranceFraction =
                Checks.inRange("rangeToleranceFraction", b.rangeToleranceFraction, 0, 1);
        holdTimeoutNanos = positiveNanos("holdTimeout", b.holdTimeout);
        safeStateTimeoutNanos = positiveNanos("safeStateTimeout", b.safeStateTimeout);
        safeStateAction = Objects.requireNonNull(b.safeStateAction, "safeStateAction");
        brakeEffortFraction = Checks.inRange("brakeEffortFraction", b.brakeEffortFraction, 0, 1);
        smoothingTimeConstantSeconds =
                Checks.nonNegative("smoothingTimeConstantSeconds", b.smoothingTimeConstantSeconds);
        maxMeasuredAgeNanos = positiveNanos("maxMeasuredAge", b.maxMeasuredAge);
        maxStepSeconds = Checks.inRange("maxStepSeconds", b.maxStepSeconds, 1e-6, 1.0);
        thermal = Objects.requireNonNull(b.thermal, "thermal");
        wear = Objects.requireNonNull(b.wear, "wear");
        velocityScaleCurve = Objects.requireNonNull(b.velocityScaleCurve, "velocityScaleCurve");
        sensorLimits = List.copyOf(b.sensorLimits);
        if (sensorLimits.size() > SensorLimits.MAX_CLAUSES) {
            throw new IllegalArgumentException(
                    "sensorLimits has "
                            + sensorLimits.size()
                            + " limits; allowed: at most "
                            + SensorLimits.MAX_CLAUSES);
        }
    }

    /**
     * The jerk stage averages over {@code 2 A / J} seconds; a window longer than {@link
     * JerkLimiter#MAX_WINDOW_SECONDS} would add seconds of lag, so such a bound is refused.
     */
    static void checkJerk(JointLimits j) {
        if (!j.hasJerkLimit()) {
            return;
        }
        double minJerk = 2 * j.maxAccelerationRadPerSec2() / JerkLimiter.MAX_WINDOW_SECONDS;
        if (j.maxJerkRadPerSec3() < minJerk) {
            throw new IllegalArgumentException(
                    "joint '"
                            + j.name()
                            + "' maxJerkRadPerSec3 = "
                            + j.maxJerkRadPerSec3()
                            + "; allowed: at least 2 * maxAccelerationRadPerSec2 / "
                            + JerkLimiter.MAX_WINDOW_SECONDS
                            + " s = "
                            + minJerk
                            + ", or Infinity for no jerk bound (ADR 0040)");
        }
    }

    private static long positiveNanos(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " = " + d + "; allowed: (0, +inf)");
        }
        return d.toNanos();
    }

    /** Starts a configuration for the joints of a robot description, in driver order. */
    public static Builder builder(List<JointLimits> robotJoints) {
        return new Builder(robotJoints);
    }

    /** Effective (possibly tightened) limits in joint order. */
    public List<JointLimits> joints() {
        return joints;
    }

    public int jointCount() {
        return joints.size();
    }

    public double positionToleranceRad() {
        return positionToleranceRad;
    }

    public double rangeToleranceFraction() {
        return rangeToleranceFraction;
    }

    public long holdTimeoutNanos() {
        return holdTimeoutNanos;
    }

    public long safeStateTimeoutNanos() {
        return safeStateTimeoutNanos;
    }

    public SafeStateAction safeStateAction() {
        return safeStateAction;
    }

    public double brakeEffortFraction() {
        return brakeEffortFraction;
    }

    public double smoothingTimeConstantSeconds() {
        return smoothingTimeConstantSeconds;
    }

    public long maxMeasuredAgeNanos() {
        return maxMeasuredAgeNanos;
    }

    public double maxStepSeconds() {
        return maxStepSeconds;
    }

    public ThermalParameters thermal() {
        return thermal;
    }

    public WearParameters wear() {
        return wear;
    }

    /** How a command's uncertainty scales the velocity limits (ADR 0093). */
    public UncertaintyCurve velocityScaleCurve() {
        return velocityScaleCurve;
    }

    /** Bounds on sensor fields that hold the joints or trip the e-stop (ADR 0099); may be empty. */
    public List<SensorLimit> sensorLimits() {
        return sensorLimits;
    }

    /** Fluent builder; {@link #build()} validates everything and names the offending field. */
    public static final class Builder {
        private final List<JointLimits> robotJoints;
        private final Map<String, LimitOverride> overrides = new LinkedHashMap<>();
        private double positionToleranceRad = 0.02;
        private double rangeToleranceFraction = 0.05;
        private Duration holdTimeout = Duration.ofMillis(100);
        private Duration safeStateTimeout = Duration.ofSeconds(2);
        private SafeStateAction safeStateAction = SafeStateAction.TORQUE_OFF;
        private double brakeEffortFraction = 0.3;
        private double smoothingTimeConstantSeconds = 0;
        private Duration maxMeasuredAge = Duration.ofMillis(100);
        private double maxStepSeconds = 0.05;
        private ThermalParameters thermal = ThermalParameters.defaults();
        private WearParameters wear = WearParameters.defaults();
        private UncertaintyCurve velocityScaleCurve = UncertaintyCurve.defaults();
        private List<SensorLimit> sensorLimits = List.of();

        private Builder(List<JointLimits> robotJoints) {
            if (robotJoints == null || robotJoints.isEmpty()) {
                throw new IllegalArgumentException(
                        "joints = " + robotJoints + "; allowed: at least one joint");
            }
            Set<String> names = new HashSet<>();
            for (JointLimits j : robotJoints) {
                if (!names.add(j.name())) {
                    throw new IllegalArgumentException(
                            "joints: duplicate joint name '"
                                    + j.name()
                                    + "'; allowed: unique names");
                }
            }
            this.robotJoints = List.copyOf(robotJoints);
        }

        /** Adds a configuration override; at most one per joint. */
        public Builder tighten(LimitOverride override) {
            if (overrides.putIfAbsent(override.jointName(), override) != null) {
                throw new IllegalArgumentException(
                        "override for joint '"
                                + override.jointName()
                                + "' given twice; allowed: one per joint");
            }
            return this;
        }

        /** Position commands beyond a limit by at most this much are clamped, beyond: rejected. */
        public Builder positionToleranceRad(double v) {
            positionToleranceRad = v;
            return this;
        }

        /**
         * Velocity/effort commands above max by at most this fraction are clamped, beyond it
         * rejected.
         */
        public Builder rangeToleranceFraction(double v) {
            rangeToleranceFraction = v;
            return this;
        }

        /** ACTIVE becomes HOLDING when no fresh command arrives for this long. */
        public Builder holdTimeout(Duration v) {
            holdTimeout = v;
            return this;
        }

        /** HOLDING becomes SAFE_STATE after this long in HOLDING. */
        public Builder safeStateTimeout(Duration v) {
            safeStateTimeout = v;
            return this;
        }

        public Builder safeStateAction(SafeStateAction v) {
            safeStateAction = v;
            return this;
        }

        /** Fraction of max effort allowed while braking in the safe state. */
        public Builder brakeEffortFraction(double v) {
            brakeEffortFraction = v;
            return this;
        }

        /** First-order low-pass time constant on requested targets; 0 (default) disables it. */
        public Builder smoothingTimeConstantSeconds(double v) {
            smoothingTimeConstantSeconds = v;
            return this;
        }

        /** Measured state older than this cannot be used to re-sync or to guard effort mode. */
        public Builder maxMeasuredAge(Duration v) {
            maxMeasuredAge = v;
            return this;
        }

        /** Longest step the shaper integrates at once, so a stalled loop cannot cause a jump. */
        public Builder maxStepSeconds(double v) {
            maxStepSeconds = v;
            return this;
        }

        public Builder thermal(ThermalParameters v) {
            thermal = v;
            return this;
        }

        public Builder wear(WearParameters v) {
            wear = v;
            return this;
        }

        /**
         * How a command's uncertainty scales every joint's velocity limit; {@link
         * UncertaintyCurve#defaults()} unless set, {@link UncertaintyCurve#OFF} for none.
         */
        public Builder velocityScaleCurve(UncertaintyCurve v) {
            velocityScaleCurve = v;
            return this;
        }

        /** Sensor limits ({@link SensorLimits#parse}); none unless set. */
        public Builder sensorLimits(List<SensorLimit> v) {
            sensorLimits = Objects.requireNonNull(v, "sensorLimits");
            return this;
        }

        public SafetyConfig build() {
            return new SafetyConfig(this);
        }
    }
}
