package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `armature sim info` and `armature sim run` from the assembled distribution's lib/, as a user runs
 * them: every class they need must be on that class path (no container, no broker).
 */
class SimCliIT {
    private static final Path HAND =
            Path.of(System.getProperty("armature.repo", "../.."))
                    .resolve("examples/models/gymnasium-robotics/hand/manipulate_block.xml")
                    .toAbsolutePath()
                    .normalize();

    @TempDir Path dir;

    @Test
    void simInfoAndSimRunWorkFromTheDistribution() throws Exception {
        ContainerProcess.Result info =
                ContainerProcess.run(ContainerProcess.launcher("sim", "info", HAND.toString()));
        assertThat(info.exit()).as(info.toString()).isZero();
        assertThat(info.out()).contains("38").contains("36").contains("20");

        Path out = dir.resolve("out.csv");
        ContainerProcess.Result run =
                ContainerProcess.run(
                        ContainerProcess.launcher(
                                "sim",
                                "run",
                                HAND.toString(),
                                "--seconds",
                                "0.1",
                                "--record",
                                out.toString()));
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("steps/s whole run")
                .contains("steps/s steady state (last half of the wall time:");
        List<String> rows = Files.readAllLines(out);
        // Header plus one row per 2 ms step: time, 38 positions, 36 velocities.
        assertThat(rows).hasSize(1 + 50);
        assertThat(rows.get(1).split(",")).hasSize(1 + 38 + 36);
    }
}
