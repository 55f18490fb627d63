package armature.vision.api;

/** Boundary checks shared by the records; every message names the field, the value and the rule. */
final class Checks {
    private Checks() {}

    static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    field + " is " + value + "; allowed: a finite number");
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(Double.isFinite(value) && value > 0)) {
            throw new IllegalArgumentException(
                    field + " is " + value + "; allowed: a finite number > 0");
        }
        return value;
    }

    static int positive(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(
                    field + " is " + value + "; allowed: an integer 1.." + max);
        }
        return value;
    }

    static double[] finite(String field, double[] values, int minLength, int maxLength) {
        if (values == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (values.length < minLength || values.length > maxLength) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + values.length
                            + " values; allowed: "
                            + (minLength == maxLength
                                    ? String.valueOf(minLength)
                                    : minLength + ".." + maxLength));
        }
        for (int i = 0; i < values.length; i++) {
            finite(field + "[" + i + "]", values[i]);
        }
        return values.clone();
    }

    static String name(String field, String value) {
        if (value == null || !value.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(
                    field + " '" + value + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        return value;
    }
}
