package armature.physics.model;

/** Boundary validation with messages that name the field, the value and the allowed range. */
final class Check {
    private Check() {}

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " = " + value + " must be finite");
        }
        return value;
    }

    static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    field + " = " + value + " outside [" + min + ", " + max + "]");
        }
        return value;
    }

    static void index(String field, int value, int size) {
        if (value < 0 || value >= size) {
            throw new IllegalArgumentException(
                    field + " index " + value + " outside [0, " + (size - 1) + "]");
        }
    }

    static double[] vec(String field, double[] v, int length) {
        if (v == null || v.length != length) {
            throw new IllegalArgumentException(
                    field
                            + " must have "
                            + length
                            + " entries, got "
                            + (v == null ? "null" : v.length));
        }
        for (int i = 0; i < length; i++) {
            finite(field + "[" + i + "]", v[i]);
        }
        return v.clone();
    }

    static double[] quat(String field, double[] q) {
        double[] c = vec(field, q, 4);
        double n = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2] + c[3] * c[3]);
        if (n < 1e-9) {
            throw new IllegalArgumentException(field + " has zero norm");
        }
        for (int i = 0; i < 4; i++) {
            c[i] /= n;
        }
        return c;
    }

    static double[] unit(String field, double[] a) {
        double[] c = vec(field, a, 3);
        double n = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
        if (n < 1e-9) {
            throw new IllegalArgumentException(field + " has zero length");
        }
        for (int i = 0; i < 3; i++) {
            c[i] /= n;
        }
        return c;
    }
}
