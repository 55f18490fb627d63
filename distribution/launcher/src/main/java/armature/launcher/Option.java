package armature.launcher;

import java.util.Objects;

/**
 * One {@code --name} a command accepts: a value option ({@code --loop NAME}) or a flag ({@code
 * --json}). A name means the same everywhere in the table: a test keeps it so, which lets the
 * dispatcher find the command words before it knows the command.
 *
 * @param name the option name without dashes
 * @param valueName what the value is, e.g. {@code URL}; {@code null} for a flag
 * @param repeatable whether it may be given more than once (every value kept)
 * @param help one line for {@code armature help}
 */
record Option(String name, String valueName, boolean repeatable, String help) {
    Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, false, help);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, false, help);
    }

    Option asRepeatable() {
        return new Option(name, valueName, true, help);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** {@code --loop NAME} or {@code --json}. */
    String synopsis() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }
}
