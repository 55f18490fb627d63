package armature.control.component;

import armature.safety.SensorGuard;
import armature.safety.SensorLimit;
import java.util.List;
import java.util.Map;

/**
 * The guarded value of a sample that failed its check (ADR 0099): a value outside the descriptor's
 * range is still a reading (a saturated sensor reads its maximum or beyond), and a bad field beside
 * the guarded one says nothing about the guarded one, so the guard gets the value whenever it is a
 * finite number in the descriptor's shape. Runs only for invalid samples, so it may allocate.
 */
final class InvalidSample {
    private InvalidSample() {}

    /**
     * Feeds the guard the sample's value of its field, if readable.
     *
     * @param f the descriptor's field, whose shape the limit fits
     * @param values the sample's {@code values} object
     * @return why the value cannot be read, or {@code null} when it was fed
     */
    static String feed(SensorGuard g, SensorSampleCheck.Field f, Map<?, ?> values) {
        SensorLimit l = g.limit();
        Object v = values.get(f.name());
        if (v == null) {
            return "field '" + f.name() + "' is missing";
        }
        if (!f.type().equals("array")) {
            if (!finite(v)) {
                return "field '" + f.name() + "' = " + v + "; allowed: a finite number";
            }
            double x = ((Number) v).doubleValue();
            g.sample(x);
            return null;
        }
        if (!(v instanceof List<?> list) || list.size() != f.size()) {
            return "field '" + f.name() + "' = " + v + "; allowed: an array of " + f.size();
        }
        if (l.selector() == SensorLimit.Selector.ELEMENT) {
            Object x = list.get(l.index());
            if (!finite(x)) {
                return "element [" + l.index() + "] = " + x + "; allowed: a finite number";
            }
            g.sample(((Number) x).doubleValue());
            return null;
        }
        double[] xs = new double[list.size()];
        for (int i = 0; i < xs.length; i++) {
            Object x = list.get(i);
            if (!finite(x)) {
                return "element [" + i + "] = " + x + "; allowed: a finite number";
            }
            xs[i] = ((Number) x).doubleValue();
        }
        g.sample(xs);
        return null;
    }

    private static boolean finite(Object x) {
        return x instanceof Number n && Double.isFinite(n.doubleValue());
    }
}
