package armature.control.component;

import armature.control.limits.DescriptionLimits;
import armature.control.limits.LimitBounds;
import armature.control.limits.LimitResolver;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import armature.safety.EffortUnit;
import armature.safety.LimitOverride;
import armature.safety.SafeStateAction;
import armature.safety.SafetyConfig;
import armature.safety.SensorLimits;
import armature.safety.ThermalParameters;
import armature.safety.UncertaintyCurve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Validates a {@link ControlConfig}, loads its robot description, and builds the loop's limit
 * resolver and the supervisor's configuration from them.
 */
final class SafetyConfigs {
    private SafetyConfigs() {}

    /** What a loop configuration yields. */
    record Built(SafetyConfig safety, LimitResolver limits) {}

    /**
     * @param home the container home that a relative {@code descriptionPath} is resolved against,
     *     or {@code null}
     * @throws IllegalArgumentException (or its {@link armature.safety.LimitLoosenedException})
     *     naming the field
     */
    static Built from(ControlConfig c, String home) {
        String[] names = c.jointNames();
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("jointNames is empty; allowed: at least one joint");
        }
        int n = names.length;
        double[] min = perJoint("minPositionRad", c.minPositionRad(), n);
        double[] max = perJoint("maxPositionRad", c.maxPositionRad(), n);
        double[] vel = perJoint("maxVelocityRadPerSec", c.maxVelocityRadPerSec(), n);
        double[] acc = perJoint("maxAccelerationRadPerSec2", c.maxAccelerationRadPerSec2(), n);
        double[] jerk = perJoint("maxJerkRadPerSec3", c.maxJerkRadPerSec3(), n);
        double[] eff = perJoint("maxEffort", c.maxEffort(), n);
        EffortUnit unit = named(EffortUnit.class, "effortUnit", c.effortUnit());
        List<LimitOverride> configured = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            configured.add(
                    new LimitOverride(names[i], min[i], max[i], vel[i], acc[i], jerk[i], eff[i]));
        }
        List<String> nameList = List.of(names);
        List<LimitBounds> described = null;
        String path = c.descriptionPath();
        if (path != null && !path.isBlank()) {
            described =
                    DescriptionLimits.of(
                            loadDescription(path, c.descriptionPackagePath(), home),
                            nameList,
                            unit == EffortUnit.NEWTON_METRE);
        }
        LimitResolver limits = new LimitResolver(nameList, unit, configured, described);
        SafetyConfig safety =
                SafetyConfig.builder(limits.base())
                        .holdTimeout(
                                Duration.ofMillis(
                                        range(
                                                "holdTimeoutMillis",
                                                c.holdTimeoutMillis(),
                                                1,
                                                60_000)))
                        .safeStateTimeout(
                                Duration.ofMillis(
                                        range(
                                                "safeStateTimeoutMillis",
                                                c.safeStateTimeoutMillis(),
                                                1,
                                                600_000)))
                        .safeStateAction(
                                named(
                                        SafeStateAction.class,
                                        "safeStateAction",
                                        c.safeStateAction()))
                        .thermal(thermal(c))
                        .velocityScaleCurve(
                                UncertaintyCurve.parse(
                                        "uncertaintyVelocityScale", c.uncertaintyVelocityScale()))
                        .sensorLimits(SensorLimits.parse("sensorLimits", c.sensorLimits()))
                        .build();
        return new Built(safety, limits);
    }

    /** The servos' thermal model; the record's own checks name each field ("thermal.*"). */
    private static ThermalParameters thermal(ControlConfig c) {
        ThermalParameters d = ThermalParameters.defaults();
        return new ThermalParameters(
                c.thermalWarnTemperatureDegC(),
                c.thermalLimitTemperatureDegC(),
                c.thermalServoShutdownTemperatureDegC(),
                c.thermalWindingRiseDegCPerAmp2(),
                c.thermalWindingTimeConstantSeconds(),
                d.fallbackSensorTemperatureDegC(),
                d.hysteresisDegC());
    }

    private static Model loadDescription(String value, String[] packagePath, String home) {
        Path file = resolve("descriptionPath", value, home);
        List<Path> packages = new ArrayList<>();
        for (String p : packagePath == null ? new String[0] : packagePath) {
            packages.add(resolve("descriptionPackagePath", p, home));
        }
        try {
            return Models.load(file, LoadOptions.defaults().withPackagePath(packages));
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(
                    "descriptionPath = '" + value + "' cannot be loaded: " + e.getMessage(), e);
        }
    }

    /** Resolves a configured path against the container home and checks that it exists. */
    static Path resolve(String field, String value, String home) {
        Path p = Path.of(value.trim());
        if (!p.isAbsolute()) {
            if (home == null || home.isBlank()) {
                throw new IllegalArgumentException(
                        field
                                + " = '"
                                + value
                                + "' is relative but the framework property armature.home is"
                                + " not set; use an absolute path");
            }
            p = Path.of(home).resolve(p);
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(field + " = '" + value + "': " + p + " not found");
        }
        return p;
    }

    /**
     * Empty = not configured (NaN for every joint), one value = every joint, else exactly one per
     * joint; values must be finite.
     */
    static double[] perJoint(String field, double[] values, int n) {
        double[] out = new double[n];
        if (values == null || values.length == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        if (values.length != 1 && values.length != n) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + values.length
                            + " values; allowed: none (from the robot description or driver), 1"
                            + " (every joint) or "
                            + n
                            + " (one per joint name)");
        }
        for (int i = 0; i < n; i++) {
            double v = values[values.length == 1 ? 0 : i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(
                        field
                                + "["
                                + (values.length == 1 ? 0 : i)
                                + "] = "
                                + v
                                + "; allowed: finite");
            }
            out[i] = v;
        }
        return out;
    }

    static long range(String field, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(
                    field + " = " + value + "; allowed: [" + lo + ", " + hi + "]");
        }
        return value;
    }

    static double rangeHz(double rateHz) {
        if (!(rateHz >= 50 && rateHz <= 1000)) {
            throw new IllegalArgumentException("rateHz = " + rateHz + "; allowed: [50, 1000]");
        }
        return rateHz;
    }

    private static <E extends Enum<E>> E named(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    field
                            + " = '"
                            + value
                            + "'; allowed: "
                            + Arrays.toString(type.getEnumConstants()));
        }
    }
}
