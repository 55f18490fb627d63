package armature.safety;

import java.util.Objects;

/**
 * One bound on a sensor field that the supervisor enforces: one clause of the loop's {@code
 * sensorLimits} configuration, read by {@link SensorLimits#parse}. A sample's value is reduced to
 * one number ({@link Selector}), compared with {@code bound} ({@link Comparison}); while the bound
 * is broken, or no valid sample is younger than the maximum age, the {@link Action} is in force. It
 * ends once the value is back inside by {@code hysteresis} (docs/control.md, "Sensor limits"; ADR
 * 0099).
 *
 * @param sensorId the sensor id (its device's user name)
 * @param field the field name in the sensor's samples
 * @param selector how a sample's value becomes one number
 * @param index the array element for {@link Selector#ELEMENT}, otherwise -1
 * @param comparison what the number must satisfy
 * @param bound the bound, finite, in the field's unit
 * @param hysteresis how far inside the bound the number must come back before the action ends, in
 *     the field's unit, {@code >= 0}
 * @param action hold or trip
 * @param maxAgeNanos the oldest a valid sample may be; 0 for the default, five nominal periods of
 *     the sensor's descriptor, at least {@link #MIN_DEFAULT_MAX_AGE_NANOS} and at most {@link
 *     #MAX_DEFAULT_MAX_AGE_NANOS} (a slower sensor needs an explicit maximum age)
 */
public record SensorLimit(
        String sensorId,
        String field,
        Selector selector,
        int index,
        Comparison comparison,
        double bound,
        double hysteresis,
        Action action,
        long maxAgeNanos) {

    /** The shortest default maximum age: 100 ms, whatever the nominal rate. */
    public static final long MIN_DEFAULT_MAX_AGE_NANOS = 100_000_000L;

    /**
     * The longest default maximum age: 1 s, whatever the nominal rate. A descriptor declares its
     * own rate, so without a cap a sensor declaring 0.01 Hz would let a dead sensor's last value
     * stand for 500 s; a sensor that is really that slow needs {@code maxAge=} in the clause.
     */
    public static final long MAX_DEFAULT_MAX_AGE_NANOS = 1_000_000_000L;

    /** How many nominal periods the default maximum age spans. */
    public static final int DEFAULT_MAX_AGE_PERIODS = 5;

    /** The prefix of the e-stop source of a tripping limit. */
    public static final String SOURCE_PREFIX = "sensor ";

    /** How a sample's value becomes the one number compared with the bound. */
    public enum Selector {
        /** {@code id.field}: a number field as it is, or every element of an array field. */
        VALUE,
        /** {@code id.field[i]}: one element of an array field. */
        ELEMENT,
        /** {@code norm(id.field)}: the Euclidean norm of an array field (a number: its size). */
        NORM
    }

    /** What the number must satisfy. */
    public enum Comparison {
        /** {@code <=}: at most the bound. */
        AT_MOST("<="),
        /** {@code >=}: at least the bound. */
        AT_LEAST(">="),
        /** {@code abs<=}: the magnitude at most the bound. */
        ABS_AT_MOST("abs<=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        /** As written in the configuration. */
        public String symbol() {
            return symbol;
        }
    }

    /** What happens while the limit is broken or its sensor is stale. */
    public enum Action {
        /** Refuse new motion commands and brake to a stop, holding position (HOLDING). */
        HOLD,
        /** Assert the e-stop (latched, persisted) until the value is back, then release it. */
        TRIP
    }

    public SensorLimit {
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(action, "action");
        if ((selector == Selector.ELEMENT) != (index >= 0)) {
            throw new IllegalArgumentException(
                    "index = " + index + "; allowed: >= 0 exactly for an element selector");
        }
        if (!Double.isFinite(bound) || (comparison == Comparison.ABS_AT_MOST && bound < 0)) {
            throw new IllegalArgumentException(
                    "bound = "
                            + bound
                            + "; allowed: a finite number"
                            + (comparison == Comparison.ABS_AT_MOST ? " >= 0 for abs<=" : ""));
        }
        if (!Double.isFinite(hysteresis) || hysteresis < 0) {
            throw new IllegalArgumentException(
                    "hysteresis = " + hysteresis + "; allowed: a finite number >= 0");
        }
        if (neverClears(comparison, bound, hysteresis)) {
            throw new IllegalArgumentException(
                    "hysteresis = "
                            + hysteresis
                            + " with abs<= "
                            + bound
                            + "; allowed: below the bound (|x| <= bound - hysteresis clears)");
        }
        if (maxAgeNanos < 0) {
            throw new IllegalArgumentException(
                    "maxAgeNanos = " + maxAgeNanos + "; allowed: > 0, or 0 for the default");
        }
    }

    /**
     * Whether an {@code abs<=} limit could never clear: its edge {@code bound - hysteresis} is 0 or
     * below, so no magnitude comes back inside (0 only exactly; {@code abs<= 0} with no hysteresis
     * is allowed, it clears where it holds).
     */
    static boolean neverClears(Comparison comparison, double bound, double hysteresis) {
        return comparison == Comparison.ABS_AT_MOST && hysteresis > 0 && hysteresis >= bound;
    }

    /** The target as written: {@code ft1.forceN[2]}, {@code norm(ft1.forceN)}, {@code t.tempC}. */
    public String target() {
        String path = sensorId + "." + field;
        return switch (selector) {
            case VALUE -> path;
            case ELEMENT -> path + "[" + index + "]";
            case NORM -> "norm(" + path + ")";
        };
    }

    /** The condition as written, e.g. {@code ft1.forceN[2] <= 40.0}. */
    public String condition() {
        return target() + " " + comparison.symbol() + " " + bound;
    }

    /** The clause in canonical form, e.g. {@code ft1.forceN[2] <= 40.0 hold hysteresis=2.0}. */
    public String text() {
        return condition()
                + " "
                + action.name().toLowerCase(java.util.Locale.ROOT)
                + " hysteresis="
                + hysteresis
                + (maxAgeNanos == 0 ? "" : " maxAge=" + ageText(maxAgeNanos));
    }

    private static String ageText(long nanos) {
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos / 1e6 + "ms";
    }

    /** The e-stop source a tripping limit asserts: {@code sensor <condition>}. */
    public String source() {
        return SOURCE_PREFIX + condition();
    }

    /** Whether {@code x} breaks the bound (NaN breaks every bound). */
    public boolean breaks(double x) {
        return !inside(x, bound);
    }

    /** Whether {@code x} is back inside the bound by the hysteresis. */
    public boolean clears(double x) {
        double edge = comparison == Comparison.AT_LEAST ? bound + hysteresis : bound - hysteresis;
        return inside(x, edge);
    }

    private boolean inside(double x, double edge) {
        return switch (comparison) {
            case AT_MOST -> x <= edge;
            case AT_LEAST -> x >= edge;
            case ABS_AT_MOST -> Math.abs(x) <= edge;
        };
    }

    /** The one number of a number field: the value, or for {@link Selector#NORM} its magnitude. */
    public double reduce(double value) {
        return selector == Selector.NORM ? Math.abs(value) : value;
    }

    /**
     * The one number of an array value: the element, the norm, or for {@link Selector#VALUE} the
     * element that comes closest to breaking the bound. No allocation.
     *
     * @throws IndexOutOfBoundsException when the element is not in the array
     */
    public double reduce(double[] values) {
        switch (selector) {
            case ELEMENT:
                return values[index];
            case NORM:
                double sum = 0;
                for (double v : values) {
                    sum += v * v;
                }
                return Math.sqrt(sum);
            default:
                double worst = values.length == 0 ? Double.NaN : values[0];
                for (int i = 1; i < values.length; i++) {
                    double v = values[i];
                    worst =
                            switch (comparison) {
                                case AT_MOST -> Math.max(worst, v);
                                case AT_LEAST -> Math.min(worst, v);
                                case ABS_AT_MOST -> Math.abs(v) > Math.abs(worst) ? v : worst;
                            };
                }
                return worst;
        }
    }

    /**
     * The maximum age in force: the configured one whatever the descriptor says (a re-published
     * descriptor never lengthens it), or the default for {@code nominalRateHz}, from {@link
     * #MIN_DEFAULT_MAX_AGE_NANOS} to {@link #MAX_DEFAULT_MAX_AGE_NANOS}.
     */
    public long maxAgeNanos(double nominalRateHz) {
        if (maxAgeNanos > 0) {
            return maxAgeNanos;
        }
        double periods = DEFAULT_MAX_AGE_PERIODS * 1e9 / nominalRateHz;
        // Not a number (a rate of 0 or less never passes the descriptor check) counts as the cap.
        long rounded = periods >= 0 ? Math.round(periods) : MAX_DEFAULT_MAX_AGE_NANOS;
        return Math.min(MAX_DEFAULT_MAX_AGE_NANOS, Math.max(MIN_DEFAULT_MAX_AGE_NANOS, rounded));
    }
}
