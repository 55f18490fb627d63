package armature.control.component;

import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.SafeStateAction;
import armature.safety.SafetyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Validates a {@link ControlConfig} and builds the supervisor's configuration from it. */
final class SafetyConfigs {
    private SafetyConfigs() {}

    static SafetyConfig from(ControlConfig c) {
        String[] names = c.jointNames();
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("jointNames is empty; allowed: at least one joint");
        }
        int n = names.length;
        double[] min = sized("minPositionRad", c.minPositionRad(), n);
        double[] max = sized("maxPositionRad", c.maxPositionRad(), n);
        double[] vel = sized("maxVelocityRadPerSec", c.maxVelocityRadPerSec(), n);
        double[] acc = sized("maxAccelerationRadPerSec2", c.maxAccelerationRadPerSec2(), n);
        double[] eff = sized("maxEffort", c.maxEffort(), n);
        EffortUnit unit = named(EffortUnit.class, "effortUnit", c.effortUnit());
        List<JointLimits> limits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            limits.add(JointLimits.of(names[i], min[i], max[i], vel[i], acc[i], eff[i], unit));
        }
        return SafetyConfig.builder(limits)
                .holdTimeout(
                        Duration.ofMillis(
                                range("holdTimeoutMillis", c.holdTimeoutMillis(), 1, 60_000)))
                .safeStateTimeout(
                        Duration.ofMillis(
                                range(
                                        "safeStateTimeoutMillis",
                                        c.safeStateTimeoutMillis(),
                                        1,
                                        600_000)))
                .safeStateAction(
                        named(SafeStateAction.class, "safeStateAction", c.safeStateAction()))
                .build();
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

    private static double[] sized(String field, double[] values, int n) {
        if (values == null || values.length != n) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + (values == null ? 0 : values.length)
                            + " values; allowed: exactly "
                            + n
                            + " (one per joint name)");
        }
        return values;
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
                            + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
