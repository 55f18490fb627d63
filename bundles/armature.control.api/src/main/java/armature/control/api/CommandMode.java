package armature.control.api;

import java.util.Locale;

/** What the values of a joint command frame mean, named by {@link UserProperties#COMMAND_MODE}. */
public enum CommandMode {
    /** Target positions [rad]. */
    POSITION,
    /** Target velocities [rad/s]. */
    VELOCITY,
    /**
     * Target efforts in the loop's effort unit ({@code Nm}, or {@code A} for current-controlled
     * servos).
     */
    EFFORT;

    /** The user property value, e.g. {@code position}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a user property value; {@code null} means {@link #POSITION}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static CommandMode parse(String s) {
        if (s == null) {
            return POSITION;
        }
        for (CommandMode m : values()) {
            if (m.wireName().equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                UserProperties.COMMAND_MODE
                        + " = '"
                        + s
                        + "'; allowed: position, velocity, effort");
    }
}
