package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgsTest {
    @Test
    void optionsFlagsAndPositionals() {
        Args a =
                Args.parse(
                        new String[] {
                            "config", "set", "--id", "x", "p", "k=v", "--json", "--timeout=5"
                        },
                        Set.of("json"));
        assertThat(a.positional).containsExactly("config", "set", "p", "k=v");
        assertThat(a.get("id", null)).isEqualTo("x");
        assertThat(a.flag("json")).isTrue();
        assertThat(a.intOption("timeout", 1, 1, 10)).isEqualTo(5);
    }

    @Test
    void badValuesAreNamed() {
        Args a = Args.parse(new String[] {"--port", "70000", "--seconds", "x"}, Set.of());
        assertThatThrownBy(() -> a.intOption("port", 1883, 0, 65535))
                .hasMessage("--port must be 0..65535, was 70000");
        assertThatThrownBy(() -> a.intOption("seconds", 1, 1, 10))
                .hasMessage("--seconds must be a number, was 'x'");
        assertThatThrownBy(() -> Args.parse(new String[] {"--broker"}, Set.of()))
                .hasMessage("option --broker needs a value");
    }

    @Test
    void containerIdsAreChecked(@TempDir Path dir) {
        assertThatThrownBy(() -> new Home(dir, "a/b")).hasMessageContaining("container id 'a/b'");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(Main.run(new String[] {"frobnicate", "--broker", "tcp://127.0.0.1:1"}))
                .isEqualTo(2);
        assertThat(Main.run(new String[] {"run", "--port", "-5"})).isEqualTo(2);
    }
}
