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
 * @param required whether the command cannot run without it (shown without brackets, checked before
 *     the command runs)
 */
record Option(String name, String valueName, boolean repeatable, String help, boolean required) {
    Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
    }

    static Option value(String name, String valueName, String help) {
        return new Option(name, valueName, false, help, false);
    }

    static Option flag(String name, String help) {
        return new Option(name, null, false, help, false);
    }

    Option asRepeatable() {
        return new Option(name, valueName, true, help, required);
    }

    /** The same option, which this command needs. */
    Option asRequired() {
        return new Option(name, valueName, repeatable, help, true);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** {@code --loop NAME} or {@code --json}. */
    String synopsis() {
        return "--" + name + (takesValue() ? " " + valueName : "");
    }
}
