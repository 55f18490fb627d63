package armature.launcher;

import static armature.launcher.Options.CONNECTION;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of commands and what is worked out from it: the command a command line names, every option
 * by name, and the help text. The entries of {@code armature} are in {@link ArmatureCommands}.
 */
final class CommandTable {
    private final List<Command> commands;

    /** The given commands and {@code help}. */
    CommandTable(List<Command> entries) {
        List<Command> all = new ArrayList<>(entries);
        all.add(
                Command.of(
                        "help",
                        "[COMMAND...]",
                        "this list, or the usage of one command",
                        List.of(),
                        inv -> {
                            inv.out.print(help(inv.operands()));
                            return 0;
                        }));
        commands = List.copyOf(all);
    }

    /** The table of the {@code armature} command. */
    static CommandTable standard() {
        return ArmatureCommands.table();
    }

    List<Command> commands() {
        return commands;
    }

    /** The entry whose words are the longest prefix of {@code words}, or {@code null}. */
    Command find(List<String> words) {
        Command best = null;
        for (Command c : commands) {
            List<String> w = c.words();
            if (words.size() >= w.size()
                    && words.subList(0, w.size()).equals(w)
                    && (best == null || w.size() > best.words().size())) {
                best = c;
            }
        }
        return best;
    }

    /** The entries whose first word is {@code first}. */
    List<Command> group(String first) {
        List<Command> g = new ArrayList<>();
        for (Command c : commands) {
            if (c.words().get(0).equals(first)) {
                g.add(c);
            }
        }
        return g;
    }

    Set<String> firstWords() {
        Set<String> s = new LinkedHashSet<>();
        for (Command c : commands) {
            s.add(c.words().get(0));
        }
        return s;
    }

    /**
     * Every option of the table by name.
     *
     * @throws IllegalStateException when one name is declared twice with different meanings
     */
    Map<String, Option> optionsByName() {
        Map<String, Option> m = new LinkedHashMap<>();
        for (Command c : commands) {
            for (Option o : c.options()) {
                Option before = m.putIfAbsent(o.name(), o);
                if (before != null && before.takesValue() != o.takesValue()) {
                    throw new IllegalStateException(
                            "--"
                                    + o.name()
                                    + " is a flag in one command and takes a value in another");
                }
            }
        }
        return m;
    }

    /** The full help text. */
    String help() {
        StringBuilder s =
                new StringBuilder(
                        "usage: armature COMMAND [options]   (armature help COMMAND: one command)\n");
        for (Command c : commands) {
            line(s, c);
        }
        s.append("connection options (every command that talks to a container takes them):\n");
        for (Option o : CONNECTION) {
            s.append(String.format("  %-20s %s%n", o.synopsis(), o.help()));
        }
        s.append(
                "exit codes: 0 done, 1 refused or failed, 2 wrong usage,"
                        + " 3 broker or container unreachable, 4 (run) the container is already"
                        + " running from this home\n");
        return s.toString();
    }

    /** {@code armature help joint}: the usage of the named command or group; else everything. */
    String help(List<String> words) {
        if (words.isEmpty()) {
            return help();
        }
        Command c = find(words);
        if (c != null && c.words().size() == words.size()) {
            return describe(c);
        }
        List<Command> g = group(words.get(0));
        if (g.isEmpty()) {
            throw new Args.UsageException(
                    "unknown command '"
                            + String.join(" ", words)
                            + "'; commands: "
                            + String.join(", ", firstWords()));
        }
        StringBuilder s = new StringBuilder();
        for (Command x : g) {
            line(s, x);
        }
        return s.toString();
    }

    /** One command: usage line, summary and each option. */
    String describe(Command c) {
        StringBuilder s = new StringBuilder("usage: ").append(c.usage()).append('\n');
        s.append("  ").append(c.summary()).append('\n');
        for (Option o : c.options()) {
            s.append(String.format("  %-20s %s%n", o.synopsis(), o.help()));
        }
        return s.toString();
    }

    private static void line(StringBuilder s, Command c) {
        String usage = c.synopsis();
        if (usage.length() <= 44) {
            s.append(String.format("  %-44s %s%n", usage, c.summary()));
        } else {
            s.append("  ").append(usage).append('\n');
            s.append(String.format("  %-44s %s%n", "", c.summary()));
        }
    }
}
