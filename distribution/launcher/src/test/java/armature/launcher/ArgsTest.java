package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsTest {
    private static final List<Option> ACCEPTED =
            List.of(Options.ID, Options.JSON, Options.TIMEOUT, Options.PACKAGE_PATH);

    @Test
    void optionsFlagsAndOperands() {
        Args a =
                Args.parse(
                        List.of("set", "--id", "x", "p", "k=v", "--json", "--timeout=5"), ACCEPTED);
        assertThat(a.positional).containsExactly("set", "p", "k=v");
        assertThat(a.get("id", null)).isEqualTo("x");
        assertThat(a.flag("json")).isTrue();
        assertThat(a.has("timeout")).isTrue();
        assertThat(a.intOption("timeout", 1, 1, 10)).isEqualTo(5);
    }

    @Test
    void anUnknownOptionIsRefusedWithTheNearestKnownOne() {
        assertThatThrownBy(() -> Args.parse(List.of("--tiemout", "3"), ACCEPTED))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("unknown option --tiemout (did you mean --timeout?)");
        assertThatThrownBy(() -> Args.parse(List.of("--frobnicate"), ACCEPTED))
                .hasMessage("unknown option --frobnicate");
    }

    @Test
    void aValueOptionNeedsItsValueAndAFlagTakesNone() {
        assertThatThrownBy(() -> Args.parse(List.of("--id"), ACCEPTED))
                .hasMessage("option --id needs a value (NAME)");
        assertThatThrownBy(() -> Args.parse(List.of("--id", "--json"), ACCEPTED))
                .as("the next option is not a value")
                .hasMessage("option --id needs a value (NAME)");
        assertThatThrownBy(() -> Args.parse(List.of("--json=yes"), ACCEPTED))
                .hasMessage("option --json takes no value");
    }

    @Test
    void theLastValueWinsUnlessTheOptionRepeats() {
        Args a =
                Args.parse(
                        List.of(
                                "--id",
                                "a",
                                "--id",
                                "b",
                                "--package-path",
                                "x",
                                "--package-path",
                                "y"),
                        ACCEPTED);
        assertThat(a.get("id", null)).isEqualTo("b");
        assertThat(a.values("package-path")).containsExactly("x", "y");
        assertThat(a.asArguments(ACCEPTED))
                .containsExactly("--id", "b", "--package-path", "x", "--package-path", "y");
    }

    @Test
    void doubleDashEndsTheOptions() {
        Args a = Args.parse(List.of("--json", "--", "--id", "x"), ACCEPTED);
        assertThat(a.positional).containsExactly("--id", "x");
        assertThat(a.has("id")).isFalse();
    }

    @Test
    void negativeNumbersAreValuesAndOperands() {
        Args a = Args.parse(List.of("--timeout", "-5", "j=-0.5"), ACCEPTED);
        assertThat(a.get("timeout", null)).isEqualTo("-5");
        assertThat(a.positional).containsExactly("j=-0.5");
        assertThatThrownBy(() -> a.intOption("timeout", 1, 1, 10))
                .hasMessage("--timeout must be 1..10, was -5");
    }

    @Test
    void badValuesAreNamed() {
        Args a =
                Args.parse(
                        List.of("--timeout", "x", "--id", "NaN"),
                        List.of(Options.TIMEOUT, Options.ID));
        assertThatThrownBy(() -> a.intOption("timeout", 1, 1, 10))
                .hasMessage("--timeout must be a number, was 'x'");
        assertThatThrownBy(() -> a.doubleOption("id", 1, 0, 10))
                .hasMessage("--id must be > 0.0 and <= 10.0, was NaN");
        assertThatThrownBy(() -> a.doubleOption("timeout", 1, 0, 10))
                .hasMessage("--timeout must be a number, was 'x'");
    }

    @Test
    void theCommandWordsAreFoundAroundValueOptions() {
        Map<String, Option> known = Map.of("loop", Options.LOOP, "json", Options.JSON);
        assertThat(Args.words(List.of("--loop", "hand", "joint", "--json", "get"), known))
                .containsExactly("joint", "get");
        assertThat(Args.words(List.of("joint", "--brokr", "set", "a=1"), known))
                .as("an unknown option is taken for a flag; the strict parse reports it")
                .containsExactly("joint", "set", "a=1");
    }

    @Test
    void containerIdsAreChecked(@TempDir Path dir) {
        assertThatThrownBy(() -> new Home(dir, "a/b")).hasMessageContaining("container id 'a/b'");
    }
}
