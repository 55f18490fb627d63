package armature.control.limits;

import armature.driver.api.JointDescription;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.LimitLoosenedException;
import armature.safety.LimitOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Combines the three sources of a loop's limits (ADR 0041): the robot description, the attached
 * driver's {@link JointDescription}s and the configuration. The effective value of every field is
 * the tightest the sources state. A configured value may only tighten: one looser than the
 * description is a configuration error, one looser than a driver refuses that driver.
 *
 * <p>Position range, velocity and effort must be known without a driver (from the configuration or
 * the description): the loop needs valid limits before any driver binds, and a replacement driver
 * may state nothing. A driver can only tighten them further. Acceleration has no source but the
 * configuration; jerk is optional (none when not configured).
 *
 * <p>Immutable; {@link #forDriver} may be called from any thread.
 */
public final class LimitResolver {
    private final List<String> names;
    private final EffortUnit effortUnit;
    private final List<LimitOverride> configured;
    private final List<JointLimits> base;

    /**
     * @param names loop joints in order
     * @param effortUnit the loop's effort unit
     * @param configured one per joint, {@code NaN} fields are not configured
     * @param description one per joint from {@link DescriptionLimits}, or {@code null} without a
     *     description
     * @throws LimitLoosenedException when a configured value is looser than the description's
     * @throws IllegalArgumentException naming joint and field when a value is unknown or invalid
     */
    public LimitResolver(
            List<String> names,
            EffortUnit effortUnit,
            List<LimitOverride> configured,
            List<LimitBounds> description) {
        this.names = List.copyOf(names);
        this.effortUnit = Objects.requireNonNull(effortUnit, "effortUnit");
        this.configured = List.copyOf(configured);
        if (configured.size() != names.size()
                || (description != null && description.size() != names.size())) {
            throw new IllegalArgumentException("one configured and described entry per joint");
        }
        List<JointLimits> b = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            LimitOverride c = configured.get(i);
            LimitBounds d =
                    description == null
                            ? LimitBounds.none("no robot description")
                            : description.get(i);
            String joint = names.get(i);
            b.add(
                    new JointLimits(
                            joint,
                            required(
                                    joint,
                                    "minPositionRad",
                                    pick(
                                            joint,
                                            "minPositionRad",
                                            c.minPositionRad(),
                                            d.minPositionRad(),
                                            false,
                                            d.source()),
                                    d),
                            required(
                                    joint,
                                    "maxPositionRad",
                                    pick(
                                            joint,
                                            "maxPositionRad",
                                            c.maxPositionRad(),
                                            d.maxPositionRad(),
                                            true,
                                            d.source()),
                                    d),
                            required(
                                    joint,
                                    "maxVelocityRadPerSec",
                                    pick(
                                            joint,
                                            "maxVelocityRadPerSec",
                                            c.maxVelocityRadPerSec(),
                                            d.maxVelocityRadPerSec(),
                                            true,
                                            d.source()),
                                    d),
                            requiredConfigured(joint, c.maxAccelerationRadPerSec2()),
                            Double.isNaN(c.maxJerkRadPerSec3())
                                    ? Double.POSITIVE_INFINITY
                                    : c.maxJerkRadPerSec3(),
                            required(
                                    joint,
                                    "maxEffort",
                                    pick(
                                            joint,
                                            "maxEffort",
                                            c.maxEffort(),
                                            d.maxEffort(),
                                            true,
                                            d.source()),
                                    d),
                            effortUnit));
        }
        base = List.copyOf(b);
    }

    /** A resolver whose limits are given outright (no description, nothing configured). */
    public static LimitResolver of(List<JointLimits> limits) {
        List<String> names = limits.stream().map(JointLimits::name).toList();
        List<LimitOverride> configured = new ArrayList<>();
        List<LimitBounds> described = new ArrayList<>();
        for (JointLimits j : limits) {
            configured.add(
                    LimitOverride.forJoint(j.name())
                            .withMaxAccelerationRadPerSec2(j.maxAccelerationRadPerSec2())
                            .withMaxJerkRadPerSec3(
                                    j.hasJerkLimit() ? j.maxJerkRadPerSec3() : Double.NaN));
            described.add(
                    new LimitBounds(
                            "given limits",
                            j.minPositionRad(),
                            j.maxPositionRad(),
                            j.maxVelocityRadPerSec(),
                            j.maxEffort()));
        }
        return new LimitResolver(names, limits.get(0).effortUnit(), configured, described);
    }

    /** Limits without a driver: configuration and description combined. */
    public List<JointLimits> base() {
        return base;
    }

    public List<String> names() {
        return names;
    }

    /**
     * The effective limits while {@code driver} is attached.
     *
     * @throws LimitLoosenedException naming the joint, the field, the configured value and the
     *     driver's when the driver's limit makes a configured value loose
     * @throws IllegalArgumentException naming driver, joint and field when the driver's joints do
     *     not match or its range does not overlap the loop's. A driver effort limit in another unit
     *     than the loop's is not used
     */
    public List<JointLimits> forDriver(String driverName, List<JointDescription> driver) {
        String source = "driver '" + driverName + "'";
        List<String> driverNames = driver.stream().map(JointDescription::name).toList();
        if (!driverNames.equals(names)) {
            throw new IllegalArgumentException(
                    source
                            + " joints = "
                            + driverNames
                            + "; allowed: exactly "
                            + names
                            + " in order");
        }
        List<JointLimits> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            JointDescription d = driver.get(i);
            JointLimits b = base.get(i);
            LimitOverride c = configured.get(i);
            String joint = names.get(i);
            // An effort limit in another unit (servo current against a torque loop) cannot be
            // compared; it is left out rather than refusing the driver (ADR 0041).
            double effort =
                    d.effortUnit().equals(effortUnit.symbol())
                            ? LimitBounds.known(d.maxEffort())
                            : Double.NaN;
            double min =
                    pick(
                            joint,
                            "minPositionRad",
                            c.minPositionRad(),
                            d.minPositionRad(),
                            false,
                            source);
            double max =
                    pick(
                            joint,
                            "maxPositionRad",
                            c.maxPositionRad(),
                            d.maxPositionRad(),
                            true,
                            source);
            double vel =
                    pick(
                            joint,
                            "maxVelocityRadPerSec",
                            c.maxVelocityRadPerSec(),
                            LimitBounds.known(d.maxVelocityRadPerSec()),
                            true,
                            source);
            double eff = pick(joint, "maxEffort", c.maxEffort(), effort, true, source);
            min = Math.max(min, b.minPositionRad());
            max = Math.min(max, b.maxPositionRad());
            if (!(min < max)) {
                throw new IllegalArgumentException(
                        source
                                + " joint '"
                                + joint
                                + "' position range ["
                                + d.minPositionRad()
                                + ", "
                                + d.maxPositionRad()
                                + "] rad; allowed: overlapping the loop's ["
                                + b.minPositionRad()
                                + ", "
                                + b.maxPositionRad()
                                + "] rad");
            }
            out.add(
                    new JointLimits(
                            joint,
                            min,
                            max,
                            minKnown(vel, b.maxVelocityRadPerSec()),
                            b.maxAccelerationRadPerSec2(),
                            b.maxJerkRadPerSec3(),
                            minKnown(eff, b.maxEffort()),
                            effortUnit));
        }
        return out;
    }

    /**
     * The configured value when there is one (refusing it if it is looser than the source's), else
     * the source's; {@code NaN} when neither states one.
     */
    private static double pick(
            String joint,
            String field,
            double configuredValue,
            double stated,
            boolean upper,
            String source) {
        if (Double.isNaN(configuredValue)) {
            return stated;
        }
        if (!Double.isNaN(stated)
                && (upper ? configuredValue > stated : configuredValue < stated)) {
            throw new LimitLoosenedException(joint, field, configuredValue, stated, source);
        }
        return configuredValue;
    }

    private static double required(String joint, String field, double value, LimitBounds d) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(
                    "joint '"
                            + joint
                            + "' "
                            + field
                            + (d.source().startsWith("no ")
                                    ? ": not configured, and there is "
                                            + d.source()
                                            + " to state it"
                                    : ": not configured and not stated by " + d.source())
                            + "; allowed: configure it (one value for all joints or one per joint)"
                            + " or give a descriptionPath that states it");
        }
        return value;
    }

    private static double requiredConfigured(String joint, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(
                    "joint '"
                            + joint
                            + "' maxAccelerationRadPerSec2: not configured; allowed: one value for"
                            + " all joints or one per joint (no robot description states"
                            + " accelerations)");
        }
        return value;
    }

    private static double minKnown(double a, double b) {
        return Double.isNaN(a) ? b : Math.min(a, b);
    }
}
