package armature.launcher;

import static armature.launcher.Options.ALL;
import static armature.launcher.Options.BROKER;
import static armature.launcher.Options.CONNECTION;
import static armature.launcher.Options.CONSOLE;
import static armature.launcher.Options.CONTROLS;
import static armature.launcher.Options.COUNT;
import static armature.launcher.Options.ENGINE;
import static armature.launcher.Options.FEATURES;
import static armature.launcher.Options.FLOATING_BASE;
import static armature.launcher.Options.HOME;
import static armature.launcher.Options.ID;
import static armature.launcher.Options.JSON;
import static armature.launcher.Options.LOOP;
import static armature.launcher.Options.PACKAGE_PATH;
import static armature.launcher.Options.PORT;
import static armature.launcher.Options.RECORD;
import static armature.launcher.Options.SECONDS;
import static armature.launcher.Options.TOLERANCE;
import static armature.launcher.Options.VERBOSE;

import armature.control.api.EStopAction;
import armature.control.api.ManagementOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one list of commands. Help text, dispatch and argument checks all read it; adding a command
 * is adding an entry here.
 */
final class CommandTable {
    private static final int MANY = Integer.MAX_VALUE;

    private final List<Command> commands = new ArrayList<>();

    /** The table of the {@code armature} command. */
    static CommandTable standard() {
        CommandTable t = new CommandTable();
        t.add(
                "run",
                "",
                0,
                0,
                "start a container in the foreground (Ctrl-C stops it)",
                List.of(BROKER, ID, HOME, VERBOSE, FEATURES, PORT, CONSOLE),
                Main::runContainer);
        t.add(
                "status",
                "",
                0,
                0,
                "container, broker, bundles, components, readiness",
                bus(JSON),
                ManagementCommands::status);
        t.add("bundles", "", 0, 0, "installed bundles", bus(JSON), ManagementCommands::bundles);
        t.add(
                "bundles start",
                "NAME",
                1,
                1,
                "start a bundle (symbolic name or id)",
                bus(JSON),
                inv -> ManagementCommands.bundle(inv, ManagementOperation.BUNDLES_START));
        t.add(
                "bundles stop",
                "NAME",
                1,
                1,
                "stop a bundle (symbolic name or id)",
                bus(JSON),
                inv -> ManagementCommands.bundle(inv, ManagementOperation.BUNDLES_STOP));
        t.add(
                "deploy",
                "FILE.jar",
                1,
                1,
                "install or update a bundle (hot swap)",
                bus(JSON),
                ManagementCommands::deploy);
        t.add(
                "undeploy",
                "NAME",
                1,
                1,
                "uninstall a bundle",
                bus(JSON),
                inv -> ManagementCommands.bundle(inv, ManagementOperation.BUNDLES_UNINSTALL));
        t.add(
                "feature list",
                "",
                0,
                0,
                "features and whether they are installed",
                bus(JSON),
                ManagementCommands::featureList);
        t.add(
                "feature install",
                "NAME",
                1,
                1,
                "install a feature",
                bus(JSON),
                inv -> ManagementCommands.feature(inv, ManagementOperation.FEATURES_INSTALL));
        t.add(
                "feature uninstall",
                "NAME",
                1,
                1,
                "uninstall a feature",
                bus(JSON),
                inv -> ManagementCommands.feature(inv, ManagementOperation.FEATURES_UNINSTALL));
        t.add(
                "config get",
                "PID",
                1,
                1,
                "a configuration",
                bus(JSON),
                ManagementCommands::configGet);
        t.add(
                "config set",
                "PID KEY=VALUE...",
                2,
                MANY,
                "change a configuration",
                bus(JSON),
                ManagementCommands::configSet);
        t.add(
                "topics",
                "",
                0,
                0,
                "topics seen on the bus, with rates (default 2 s)",
                bus(SECONDS, ALL),
                TopicCommands::topics);
        t.add(
                "echo",
                "TOPIC",
                1,
                1,
                "decoded payloads, one per line",
                bus(COUNT, SECONDS),
                TopicCommands::echo);
        t.add(
                "joint get",
                "",
                0,
                0,
                "positions, velocities and efforts by joint name",
                bus(LOOP, JSON),
                JointCommands::get);
        t.add(
                "joint set",
                "NAME=VALUE...",
                1,
                MANY,
                "move joints to positions [rad]; the others hold (default --seconds 5)",
                bus(LOOP, SECONDS, TOLERANCE, JSON),
                JointCommands::set);
        for (EStopAction a :
                List.of(EStopAction.TRIP, EStopAction.ACKNOWLEDGE, EStopAction.RESET)) {
            t.add(
                    "estop " + a.wireName(),
                    "",
                    0,
                    0,
                    EStopCommands.summary(a),
                    bus(LOOP, JSON),
                    inv -> EStopCommands.request(inv, a));
        }
        t.add(
                "estop status",
                "",
                0,
                0,
                "the e-stop latch: CLEAR, LATCHED or ACKNOWLEDGED",
                bus(LOOP, JSON),
                EStopCommands::status);
        t.add(
                "loop stats",
                "",
                0,
                0,
                "rate, lateness, overruns, watchdog, e-stop, commands, driver",
                bus(LOOP, JSON),
                LoopCommands::stats);
        // access add|list|remove (credentials of the local container) belong here.
        t.add(
                "sim info",
                "MODEL",
                1,
                1,
                "load an MJCF/URDF model and describe it (offline)",
                List.of(JSON, FLOATING_BASE, PACKAGE_PATH),
                Sim::info);
        t.add(
                "sim run",
                "MODEL",
                1,
                1,
                "simulate a model offline",
                List.of(SECONDS, CONTROLS, RECORD, ENGINE, PACKAGE_PATH),
                Sim::run);
        t.add(
                "help",
                "[COMMAND]",
                0,
                2,
                "this list, or the usage of one command",
                List.of(),
                inv -> {
                    inv.out.print(t.help(inv.operands()));
                    return 0;
                });
        return t;
    }

    /** The connection options plus {@code extra}. */
    private static List<Option> bus(Option... extra) {
        List<Option> all = new ArrayList<>(List.of(extra));
        all.addAll(CONNECTION);
        return all;
    }

    private void add(
            String name,
            String operands,
            int min,
            int max,
            String summary,
            List<Option> options,
            Command.Handler handler) {
        commands.add(new Command(name, operands, min, max, summary, options, handler));
    }

    List<Command> commands() {
        return List.copyOf(commands);
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
                        + " 3 broker or container unreachable\n");
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
