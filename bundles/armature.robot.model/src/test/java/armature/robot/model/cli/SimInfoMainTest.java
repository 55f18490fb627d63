package armature.robot.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import armature.robot.model.ExampleModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimInfoMainTest {
    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimInfoMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonForTheShadowHand() {
        int rc =
                run(
                        ExampleModels.file("gymnasium-robotics/hand/manipulate_block.xml")
                                .toString(),
                        "--json");
        assertThat(rc).isZero();
        assertThat(stdout())
                .startsWith("{\"file\":")
                .contains("\"nq\":38,\"nv\":36,\"actuators\":20")
                .contains("\"bodies\":30");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void textForPandaWithPackagePath() {
        Path urdf =
                ExampleModels.file("example-robot-data/robots/panda_description/urdf/panda.urdf");
        int rc = run(urdf.toString(), "--package-path", ExampleModels.root().toString());
        assertThat(rc).isZero();
        assertThat(stdout()).contains("joints=9 nq=9 nv=9").contains("(URDF)");
    }

    @Test
    void loadErrorIsOneLineAndExitOne() throws Exception {
        Path bad = tmp.resolve("bad.xml");
        Files.writeString(bad, "<mujoco>\n<worldbody>\n<body pos='x'/>\n</worldbody></mujoco>");
        int rc = run(bad.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(stderr().strip())
                .doesNotContain("\n")
                .startsWith("error: " + bad + ":3: <body>:");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("usage:");
        assertThat(run("a.xml", "--bogus")).isEqualTo(2);
        assertThat(run("a.xml", "--package-path")).isEqualTo(2);
    }
}
