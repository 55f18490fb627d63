package armature.control.api;

import java.util.regex.Pattern;

/** Name rules shared by container ids, loop, simulation, sender and credential names. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Names() {}

    /** Whether {@code s} is 1-64 letters, digits, '_', '.' or '-' (so it is one topic level). */
    public static boolean isValid(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    /**
     * Checks a name.
     *
     * @param what what the name is, for the message (e.g. "container id")
     * @throws IllegalArgumentException naming the value and the rule
     */
    public static String require(String s, String what) {
        if (!isValid(s)) {
            throw new IllegalArgumentException(
                    what + " '" + s + "' must be 1-64 letters, digits, '_', '.' or '-'");
        }
        return s;
    }

    /**
     * One topic level from any string: '/', '+', '#' and NUL become '_'. For names that come from
     * elsewhere (component names, driver service properties) and must not add or widen levels.
     */
    public static String level(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("a topic level must not be empty");
        }
        return s.replaceAll("[/+#\u0000]", "_");
    }
}
