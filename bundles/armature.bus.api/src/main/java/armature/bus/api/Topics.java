package armature.bus.api;

/**
 * MQTT topic name and filter rules, and the Armature topic tree root. Pure functions, usable
 * anywhere.
 */
public final class Topics {
    /** Every Armature topic starts with this prefix. */
    public static final String ROOT = "armature/v1";

    private static final int MAX_TOPIC_BYTES = 65535;

    private Topics() {}

    /**
     * Checks a topic name used for publishing.
     *
     * @throws IllegalArgumentException naming the topic and the rule it breaks
     */
    public static String requireValidTopicName(String topic) {
        checkCommon(topic, "topic");
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' must not contain the wildcards '+' or '#'");
        }
        return topic;
    }

    /**
     * Checks a subscription filter: '+' matches one level, '#' the rest and must be last.
     *
     * @throws IllegalArgumentException naming the filter and the rule it breaks
     */
    public static String requireValidFilter(String filter) {
        checkCommon(filter, "topic filter");
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException(
                        "topic filter '" + filter + "': '#' must be a whole, last level");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException(
                        "topic filter '" + filter + "': '+' must be a whole level");
            }
        }
        return filter;
    }

    /**
     * Whether a topic name matches a subscription filter (MQTT 5 rules, no shared subscriptions).
     */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        // Topics starting with '$' are not matched by filters starting with a wildcard.
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /** Joins levels with '/' after checking that none is empty or contains '/', '+' or '#'. */
    public static String join(String... levels) {
        StringBuilder sb = new StringBuilder();
        for (String level : levels) {
            if (level == null || level.isEmpty() || level.matches(".*[/+#].*")) {
                throw new IllegalArgumentException("invalid topic level '" + level + "'");
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(level);
        }
        return sb.toString();
    }

    private static void checkCommon(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + s + "' must not contain NUL");
        }
        if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException(what + " is longer than 65535 bytes");
        }
    }
}
