package armature.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the command table: everything the help text, the dispatcher and the argument checks
 * need to know about a command, and the handler that runs it.
 *
 * @param name the command words, e.g. {@code joint set}
 * @param operands the operands as shown in the usage line, e.g. {@code NAME=VALUE...}; empty for
 *     none
 * @param minOperands fewest operands
 * @param maxOperands most operands ({@link Integer#MAX_VALUE} for a list)
 * @param summary one line for the help text
 * @param options every option it accepts, the common ones included
 * @param handler what it does
 */
record Command(
        String name,
        String operands,
        int minOperands,
        int maxOperands,
        String summary,
        List<Option> options,
        Handler handler) {

    /** Runs a command whose arguments have been checked against its entry. */
    @FunctionalInterface
    interface Handler {
        /**
         * @return the exit code: 0 done, 1 refused or failed (after saying why on {@code err})
         * @throws Args.UsageException for a bad value (exit 2, usage line)
         * @throws Cli.Refused for a refusal (exit 1)
         * @throws Cli.Unreachable when the broker or container does not answer (exit 3)
         */
        int run(Invocation inv) throws Exception;
    }

    Command {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(operands, "operands");
        options = List.copyOf(options);
        Objects.requireNonNull(handler, "handler");
        if (minOperands < 0 || maxOperands < minOperands) {
            throw new IllegalArgumentException(
                    name + ": operands " + minOperands + ".." + maxOperands);
        }
    }

    /**
     * An entry whose operand count follows from its operand text: each word is one operand, one in
     * brackets is optional, and a last one ending in {@code ...} may repeat ({@code PID
     * KEY=VALUE...}: two or more).
     */
    static Command of(
            String name, String operands, String summary, List<Option> options, Handler handler) {
        int min = 0;
        int max = 0;
        for (String w : operands.isBlank() ? new String[0] : operands.trim().split(" +")) {
            if (!w.startsWith("[")) {
                min++;
            }
            max = w.endsWith("...") || w.endsWith("...]") ? Integer.MAX_VALUE : max + 1;
        }
        return new Command(name, operands, min, max, summary, options, handler);
    }

    List<String> words() {
        return List.of(name.split(" "));
    }

    /**
     * The usage line: words, operands and options. A bus command's connection options (the same for
     * every one) are summarised as {@code [connection options]}.
     */
    String usage() {
        StringBuilder s = new StringBuilder("armature ").append(name);
        if (!operands.isEmpty()) {
            s.append(' ').append(operands);
        }
        boolean connection = options.containsAll(Options.CONNECTION);
        for (Option o : options) {
            if (o.required()) {
                s.append(' ').append(o.synopsis()).append(o.repeatable() ? "..." : "");
            } else if (!connection || !Options.CONNECTION.contains(o)) {
                s.append(" [").append(o.synopsis()).append(']').append(o.repeatable() ? "..." : "");
            }
        }
        if (connection) {
            s.append(" [connection options]");
        }
        return s.toString();
    }

    /** The usage line without {@code armature} and the connection options, for the overview. */
    String synopsis() {
        return usage().substring("armature ".length()).replace(" [connection options]", "");
    }

    /** Option names, for messages. */
    List<String> optionNames() {
        List<String> names = new ArrayList<>();
        for (Option o : options) {
            names.add("--" + o.name());
        }
        return names;
    }
}
