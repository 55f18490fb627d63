package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Qos;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default robot: feature sim-hand brings up the simulated Shadow hand (real MJCF, reference
 * physics) and the 500 Hz control loop on it, all reported active and streaming on the bus.
 */
class SimHandContainerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    @TempDir Path home;

    @Test
    void simulatedHandAndControlLoopComeUpAndStream() throws Exception {
        Path model =
                Path.of(System.getProperty("armature.repo", "../.."))
                        .resolve("examples/models/gymnasium-robotics/hand/manipulate_block.xml")
                        .toAbsolutePath()
                        .normalize();
        Files.createDirectories(home.resolve("config"));
        // The feature's default names the model relative to the home; this home is a temp folder.
        Files.writeString(
                home.resolve("config/armature.sim-hand.cfg"), "modelPath=" + model + "\n");
        int port = ContainerProcess.freePort();
        try (ContainerProcess c =
                ContainerProcess.start(
                        home,
                        "simit",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand")) {
            c.awaitReady(WAIT);
            JsonNode status = c.statusJson();
            assertThat(ContainerProcess.component(status, "armature.sim").path("state").asText())
                    .isEqualTo("ACTIVE");
            assertThat(
                            ContainerProcess.component(status, "armature.control")
                                    .path("state")
                                    .asText())
                    .isEqualTo("ACTIVE");

            JsonNode objects =
                    c.awaitMessage(
                            "armature/v1/simit/sim/hand/objects",
                            n -> n.path("objects").size() > 0,
                            WAIT);
            assertThat(objects.path("objects").get(0).path("positionM").size()).isEqualTo(3);

            CompletableFuture<String> frameType = new CompletableFuture<>();
            var sub =
                    c.observer()
                            .subscribe(
                                    "armature/v1/simit/control/hand/state",
                                    Qos.AT_MOST_ONCE,
                                    m -> frameType.complete(String.valueOf(m.contentType())))
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
            assertThat(frameType.get(30, TimeUnit.SECONDS)).isEqualTo(ContentTypes.FRAME);
            sub.cancel();

            JsonNode stats =
                    c.awaitMessage(
                            "armature/v1/simit/control/hand/statistics",
                            n -> n.path("supervisor").path("ticks").asLong() > 100,
                            WAIT);
            assertThat(stats.path("supervisor").path("commandsApplied").asLong()).isZero();
        }
    }
}
