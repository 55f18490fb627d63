package armature.safety;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the loop's {@code sensorLimits} configuration: clauses separated by {@code ;}, each
 *
 * <pre>
 * TARGET OP BOUND [hold|trip] [hysteresis=NUMBER] [maxAge=NUMBER(ms|s)]
 * TARGET = id.field | id.field[INDEX] | norm(id.field)      OP = &lt;= | &gt;= | abs&lt;=
 * </pre>
 *
 * e.g. {@code ft1.forceN[2] <= 40; norm(ft1.forceN) <= 60 trip; thermo1.temperatureC <= 80
 * maxAge=500ms}. The action defaults to {@code hold}, the hysteresis to 5 % of the bound's
 * magnitude, the maximum age to five nominal periods of the sensor (at least 100 ms). A sensor id
 * may contain dots: the field is what follows the last one.
 */
public final class SensorLimits {
    /** The most clauses one loop takes. */
    public static final int MAX_CLAUSES = 32;

    /** The default hysteresis in percent of the bound's magnitude. */
    public static final double DEFAULT_HYSTERESIS_PERCENT = 5;

    static final String GRAMMAR =
            "TARGET OP BOUND [hold|trip] [hysteresis=NUMBER] [maxAge=NUMBER(ms|s)], clauses"
                    + " separated by ';'; TARGET = sensor.field, sensor.field[INDEX] or"
                    + " norm(sensor.field); OP = <=, >= or abs<=";

    private static final String ID = "([A-Za-z0-9_.-]{1,64})";
    private static final String FIELD = "([A-Za-z][A-Za-z0-9_]{0,63})";
    private static final Pattern CLAUSE =
            Pattern.compile(
                    "(?:norm\\(\\s*"
                            + ID
                            + "\\."
                            + FIELD
                            + "\\s*\\)|"
                            + ID
                            + "\\."
                            + FIELD
                            + "(?:\\[(\\d{1,4})\\])?)\\s*(abs<=|<=|>=)\\s*(\\S+)(.*)",
                    Pattern.DOTALL);
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern AGE = Pattern.compile("(\\d+(?:\\.\\d*)?)(ms|s)");

    private SensorLimits() {}

    /**
     * Reads every clause; blank text means no limits.
     *
     * @param key the configuration key, named in every error
     * @throws IllegalArgumentException naming the key, the clause, the problem and what is allowed
     */
    public static List<SensorLimit> parse(String key, String text) {
        List<SensorLimit> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        Set<String> conditions = new HashSet<>();
        for (String raw : text.split(";")) {
            String clause = raw.strip();
            if (clause.isEmpty()) {
                continue;
            }
            SensorLimit l = clause(key, clause);
            if (!conditions.add(l.condition())) {
                throw refused(key, clause, "the condition appears twice", "each condition once");
            }
            out.add(l);
            if (out.size() > MAX_CLAUSES) {
                throw refused(
                        key,
                        clause,
                        "more than " + MAX_CLAUSES + " clauses",
                        "at most " + MAX_CLAUSES);
            }
        }
        return List.copyOf(out);
    }

    private static SensorLimit clause(String key, String clause) {
        Matcher m = CLAUSE.matcher(clause);
        if (!m.matches()) {
            throw refused(key, clause, "not a sensor limit", GRAMMAR);
        }
        boolean norm = m.group(1) != null;
        String id = norm ? m.group(1) : m.group(3);
        String field = norm ? m.group(2) : m.group(4);
        int index = m.group(5) == null ? -1 : Integer.parseInt(m.group(5));
        SensorLimit.Selector selector =
                norm
                        ? SensorLimit.Selector.NORM
                        : index >= 0 ? SensorLimit.Selector.ELEMENT : SensorLimit.Selector.VALUE;
        SensorLimit.Comparison comparison =
                switch (m.group(6)) {
                    case "<=" -> SensorLimit.Comparison.AT_MOST;
                    case ">=" -> SensorLimit.Comparison.AT_LEAST;
                    default -> SensorLimit.Comparison.ABS_AT_MOST;
                };
        double bound = number(key, clause, "bound", m.group(7));
        if (comparison == SensorLimit.Comparison.ABS_AT_MOST && bound < 0) {
            throw refused(key, clause, "bound " + m.group(7), "a number >= 0 after abs<=");
        }
        SensorLimit.Action action = SensorLimit.Action.HOLD;
        // Divided, not multiplied by 0.05, so that 5 % of 3 prints as 0.15.
        double hysteresis = Math.abs(bound) * DEFAULT_HYSTERESIS_PERCENT / 100;
        long maxAgeNanos = 0;
        Set<String> seen = new HashSet<>();
        String rest = m.group(8).strip();
        for (String word : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? "action" : word.substring(0, eq);
            if (!seen.add(name)) {
                throw refused(key, clause, "'" + name + "' given twice", "each option once");
            }
            String value = word.substring(eq + 1);
            switch (name) {
                case "action" -> action = action(key, clause, word);
                case "hysteresis" -> {
                    hysteresis = number(key, clause, "hysteresis", value);
                    if (hysteresis < 0) {
                        throw refused(key, clause, "hysteresis " + value, "a number >= 0");
                    }
                }
                case "maxAge" -> maxAgeNanos = age(key, clause, value);
                default ->
                        throw refused(
                                key,
                                clause,
                                "option '" + name + "' is unknown",
                                "hold, trip, hysteresis=NUMBER, maxAge=NUMBER(ms|s)");
            }
        }
        if (SensorLimit.neverClears(comparison, bound, hysteresis)) {
            throw refused(
                    key,
                    clause,
                    "hysteresis " + hysteresis + " is not below the bound " + bound + " of abs<=",
                    "a hysteresis below the bound after abs<= (|x| <= bound - hysteresis clears)");
        }
        return new SensorLimit(
                id, field, selector, index, comparison, bound, hysteresis, action, maxAgeNanos);
    }

    private static SensorLimit.Action action(String key, String clause, String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "hold" -> SensorLimit.Action.HOLD;
            case "trip" -> SensorLimit.Action.TRIP;
            default ->
                    throw refused(
                            key,
                            clause,
                            "action '" + word + "' is unknown",
                            "hold or trip, then hysteresis=NUMBER, maxAge=NUMBER(ms|s)");
        };
    }

    private static double number(String key, String clause, String what, String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw refused(key, clause, what + " '" + text + "'", "a finite decimal number");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw refused(key, clause, what + " " + text + " is not finite", "a finite number");
        }
        return v;
    }

    private static long age(String key, String clause, String text) {
        Matcher m = AGE.matcher(text);
        if (!m.matches()) {
            throw refused(key, clause, "maxAge '" + text + "'", "a duration such as 200ms or 1.5s");
        }
        double nanos = Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1e9 : 1e6);
        if (!(nanos >= 1e6) || nanos > 3600e9) {
            throw refused(key, clause, "maxAge " + text, "from 1ms to 3600s");
        }
        return Math.round(nanos);
    }

    private static IllegalArgumentException refused(
            String key, String clause, String problem, String allowed) {
        return new IllegalArgumentException(
                key + " clause '" + clause + "': " + problem + "; allowed: " + allowed);
    }
}
