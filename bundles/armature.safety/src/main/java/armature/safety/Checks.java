package armature.safety;

/** Boundary validation helpers; every message names the field, the value and the allowed range. */
final class Checks {
    private Checks() {}

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    field + " = " + value + "; allowed: a finite number");
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + "; allowed: (0, +inf)");
        }
        return value;
    }

    static double positiveOrInfinite(String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(
                    field + " = " + value + "; allowed: (0, +inf], +inf meaning no limit");
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + "; allowed: [0, +inf)");
        }
        return value;
    }

    static double inRange(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " = " + value + "; allowed: [" + min + ", " + max + "]");
        }
        return value;
    }
}
