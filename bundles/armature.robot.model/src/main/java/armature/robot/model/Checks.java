package armature.robot.model;

import java.util.List;

/** Boundary validation shared by the model records. */
final class Checks {
    private Checks() {}

    static void finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, got " + value);
        }
    }

    static void nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + value);
        }
    }

    static List<Double> finiteList(String field, List<Double> values, int expectedSize) {
        if (expectedSize >= 0 && values.size() != expectedSize) {
            throw new IllegalArgumentException(
                    field + " must have " + expectedSize + " values, got " + values.size());
        }
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException(field + " must be finite, got " + values);
            }
        }
        return List.copyOf(values);
    }
}
