package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argument handling of every command, in-process and before anything connects: wrong command lines
 * exit 2 with the command's usage line on stderr and nothing on stdout.
 */
class CliArgumentsTest {
    static Stream<Command> commands() {
        return CommandTable.standard().commands().stream();
    }

    /** The command words followed by as many operands as it needs. */
    private static List<String> valid(Command c) {
        List<String> argv = new ArrayList<>(c.words());
        argv.addAll(Collections.nCopies(c.minOperands(), "x=1"));
        return argv;
    }

    private static void assertUsageError(CliRun r, Command c, String message) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(message).contains("usage: " + c.usage());
        assertThat(r.out()).as(r.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void anUnknownOptionIsRefused(Command c) {
        List<String> argv = valid(c);
        argv.addAll(List.of("--brokr", "x"));
        assertUsageError(CliRun.of(argv.toArray(String[]::new)), c, "unknown option --brokr");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aMissingValueIsRefused(Command c) {
        for (Option o : c.options()) {
            if (o.takesValue()) {
                List<String> argv = valid(c);
                argv.add("--" + o.name());
                assertUsageError(
                        CliRun.of(argv.toArray(String[]::new)),
                        c,
                        "option --" + o.name() + " needs a value");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aFlagWithAValueIsRefused(Command c) {
        for (Option o : c.options()) {
            if (!o.takesValue()) {
                List<String> argv = valid(c);
                argv.add("--" + o.name() + "=yes");
                assertUsageError(
                        CliRun.of(argv.toArray(String[]::new)),
                        c,
                        "option --" + o.name() + " takes no value");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void missingAndExtraOperandsAreRefused(Command c) {
        if (c.minOperands() > 0) {
            List<String> argv = new ArrayList<>(c.words());
            int given = c.minOperands() - 1;
            argv.addAll(Collections.nCopies(given, "x=1"));
            // what is missing after the operands given
            String[] words = c.operands().split(" +");
            String missing =
                    given == 0 || given >= words.length
                            ? c.operands()
                            : String.join(" ", List.of(words).subList(given, words.length));
            assertUsageError(CliRun.of(argv.toArray(String[]::new)), c, "missing " + missing);
        }
        if (c.maxOperands() < Integer.MAX_VALUE) {
            List<String> argv = new ArrayList<>(c.words());
            argv.addAll(Collections.nCopies(c.maxOperands() + 1, "extra"));
            assertUsageError(
                    CliRun.of(argv.toArray(String[]::new)), c, "unexpected argument 'extra'");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpOfACommandIsItsUsage(Command c) {
        List<String> argv = valid(c);
        argv.add("--help");
        CliRun r = CliRun.of(argv.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("usage: " + c.usage()).contains(c.summary());
    }

    @Test
    void noCommandPrintsHelpToStderrAndExitsTwo() {
        CliRun r = CliRun.of();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("usage: armature COMMAND").contains("joint set");
        CliRun help = CliRun.of("help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).isEqualTo(CommandTable.standard().help());
    }

    @Test
    void unknownCommandsAndSubcommandsAreNamed() {
        CliRun r = CliRun.of("frobnicate", "--broker", "tcp://127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'frobnicate'").contains("joint, estop");

        CliRun group = CliRun.of("joint");
        assertThat(group.exit()).isEqualTo(2);
        assertThat(group.err())
                .contains("joint needs a subcommand: get, set")
                .contains("usage: armature joint get")
                .contains("usage: armature joint set");

        CliRun sub = CliRun.of("estop", "open");
        assertThat(sub.exit()).isEqualTo(2);
        assertThat(sub.err())
                .contains(
                        "unknown estop subcommand 'open'; allowed: trip, acknowledge, reset, status");
    }

    @Test
    void badValuesAreRefusedBeforeAnythingConnects() {
        Command set = CommandTable.standard().find(List.of("joint", "set"));
        assertUsageError(
                CliRun.of("joint", "set", "a=fast"), set, "target of a = 'fast' is not a number");
        assertUsageError(CliRun.of("joint", "set", "a"), set, "'a' is not NAME=VALUE");
        Command add = CommandTable.standard().find(List.of("access", "add"));
        assertUsageError(
                CliRun.of("access", "add", "bob", "--home", "/nonexistent-armature-home"),
                add,
                "access add needs --role: operator, observer, device or container");
        assertUsageError(CliRun.of("joint", "set", "a=1", "a=2"), set, "joint a is given twice");
        assertUsageError(CliRun.of("joint", "set", "a=Infinity"), set, "must be finite");
        assertUsageError(
                CliRun.of("joint", "set", "a=1", "--seconds", "0"),
                set,
                "--seconds must be > 0.0 and <= 3600.0, was 0");
        assertUsageError(
                CliRun.of("joint", "set", "a=1", "--tolerance", "-1"),
                set,
                "--tolerance must be >");
        assertUsageError(
                CliRun.of("joint", "set", "a=1", "--loop", "a/b"), set, "--loop 'a/b' must be");
        Command trip = CommandTable.standard().find(List.of("estop", "trip"));
        assertUsageError(CliRun.of("estop", "trip", "--loop", "+"), trip, "--loop '+' must be");
        Command status = CommandTable.standard().find(List.of("status"));
        assertUsageError(
                CliRun.of("status", "--timeout", "0"), status, "--timeout must be 1..3600");
        assertUsageError(CliRun.of("status", "--id", "a/b"), status, "container id 'a/b'");
        Command runCommand = CommandTable.standard().find(List.of("run"));
        assertUsageError(
                CliRun.of("run", "--id", "cli", "--home", "/nonexistent-armature-home"),
                runCommand,
                "container id 'cli' is reserved: it is the user name of the CLI's own operator"
                        + " login");
        assertUsageError(
                CliRun.of("status", "--broker", "http://x"),
                status,
                "must look like tcp://HOST:PORT");
        Command run = CommandTable.standard().find(List.of("run"));
        assertUsageError(CliRun.of("run", "--port", "-5"), run, "--port must be 0..65535, was -5");
        assertUsageError(
                CliRun.of("run", "--port", "1884", "--broker", "tcp://127.0.0.1:1"),
                run,
                "--port is for the embedded broker");
    }

    @Test
    void anUnreachableBrokerExitsThree() {
        CliRun r = CliRun.of("status", "--broker", "tcp://127.0.0.1:1", "--id", "nobody");
        assertThat(r.exit()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach the broker at tcp://127.0.0.1:1");
        assertThat(r.err())
                .as("--broker named: no guess about a local container")
                .doesNotContain("running from");
    }
}
