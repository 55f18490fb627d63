package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    @Test
    void theIssuesCommandsAreAllThere() {
        List<String> names = new ArrayList<>();
        table.commands().forEach(c -> names.add(c.name()));
        assertThat(names)
                .contains(
                        "run",
                        "status",
                        "bundles",
                        "bundles start",
                        "bundles stop",
                        "joint get",
                        "joint set",
                        "estop trip",
                        "estop acknowledge",
                        "estop reset",
                        "estop status",
                        "loop stats",
                        "help")
                .doesNotHaveDuplicates();
    }

    @Test
    void helpListsEveryCommandWithItsUsageAndSummary() {
        String help = table.help();
        for (Command c : table.commands()) {
            assertThat(c.usage()).startsWith("armature " + c.name());
            assertThat(c.summary()).isNotBlank();
            assertThat(help).contains("  " + c.synopsis());
            assertThat(help).contains(c.summary());
        }
        for (Option o : Options.CONNECTION) {
            assertThat(help).contains(o.synopsis());
        }
        assertThat(help).contains("exit codes");
    }

    @Test
    void theUsageLineShowsOperandsAndOptions() {
        Command set = table.find(List.of("joint", "set"));
        assertThat(set.usage())
                .isEqualTo(
                        "armature joint set NAME=VALUE... [--loop NAME] [--seconds S]"
                                + " [--tolerance RAD] [--json] [connection options]");
        assertThat(table.find(List.of("run")).usage())
                .contains("[--broker URL]")
                .contains("[--port N]")
                .doesNotContain("connection options");
        assertThat(table.find(List.of("sim", "run")).usage()).contains("[--package-path DIR]...");
        assertThat(table.find(List.of("policy", "eval")).usage())
                .startsWith("armature policy eval FILE --obs IN.csv --out OUT.csv [--reset-every");
    }

    @Test
    void aHomeThatIsAFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("g.jar"), "x");
        CliRun r = CliRun.of("status", "--home", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith(
                        "armature: --home " + file + " is a file, not a container's home folder");
    }

    @Test
    void aMissingRequiredOptionIsAUsageErrorBeforeTheCommandRuns() {
        CliRun r = CliRun.of("policy", "eval", "p.onnx", "--obs", "in.csv");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("armature: missing --out OUT.csv\nusage: armature policy eval FILE");
    }

    @Test
    void everyOptionNameMeansOneThing() {
        assertThat(table.optionsByName()).containsKeys("broker", "json", "loop", "timeout");
        Set<String> seen = new HashSet<>();
        for (Command c : table.commands()) {
            seen.clear();
            for (Option o : c.options()) {
                assertThat(seen.add(o.name()))
                        .as(c.name() + " lists --" + o.name() + " once")
                        .isTrue();
            }
        }
    }

    @Test
    void everyCommandThatTalksToAContainerTakesTheConnectionOptions() {
        for (Command c : table.commands()) {
            if (c.options().contains(Options.BROKER) && !c.name().equals("run")) {
                assertThat(c.options()).as(c.name()).containsAll(Options.CONNECTION);
            }
        }
    }

    @Test
    void theOperandCountFollowsTheOperandText() {
        Command.Handler h = inv -> 0;
        assertThat(arity(Command.of("x", "", "s", List.of(), h))).containsExactly(0, 0);
        assertThat(arity(Command.of("x", "NAME", "s", List.of(), h))).containsExactly(1, 1);
        assertThat(arity(Command.of("x", "A [B]", "s", List.of(), h))).containsExactly(1, 2);
        assertThat(arity(Command.of("x", "PID KEY=VALUE...", "s", List.of(), h)))
                .containsExactly(2, Integer.MAX_VALUE);
        assertThat(arity(Command.of("x", "[COMMAND...]", "s", List.of(), h)))
                .containsExactly(0, Integer.MAX_VALUE);
    }

    private static List<Integer> arity(Command c) {
        return List.of(c.minOperands(), c.maxOperands());
    }

    @Test
    void theLongestMatchingEntryIsTheCommand() {
        assertThat(table.find(List.of("bundles")).name()).isEqualTo("bundles");
        assertThat(table.find(List.of("bundles", "start", "x")).name()).isEqualTo("bundles start");
        assertThat(table.find(List.of("joint"))).isNull();
        assertThat(table.group("estop")).hasSize(4);
    }

    @Test
    void helpForOneCommandOrGroup() {
        assertThat(table.help(List.of("joint", "set"))).startsWith("usage: armature joint set");
        assertThat(table.help(List.of("estop")))
                .contains("estop trip")
                .contains("estop status")
                .doesNotContain("joint get");
        assertThatThrownBy(() -> table.help(List.of("frob")))
                .hasMessageContaining("unknown command 'frob'");
    }
}
