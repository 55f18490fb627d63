package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Qos;
import com.fasterxml.jackson.databind.JsonNode;
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
        ContainerProcess.linkExamples(home);
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

            // The simulated hand announces itself as a driver, with its joints, on the bus.
            JsonNode driver =
                    c.awaitMessage(
                            "armature/v1/simit/drivers/hand/health",
                            n -> "OK".equals(n.path("state").asText()),
                            WAIT);
            assertThat(driver.path("joints").size()).isEqualTo(20);
            assertThat(driver.path("joints").get(0).path("name").asText())
                    .isEqualTo("robot0:A_WRJ1");

            // One key set on the feature's typed factory configuration keeps every other key
            // (joint names, arrays) and the type of the key; a wrong type is refused by name.
            ContainerProcess.Result set =
                    c.cli("config", "set", "armature.control~hand", "rateHz=250");
            assertThat(set.exit()).as(set.err()).isZero();
            JsonNode props = c.cliJson("config", "get", "armature.control~hand").path("properties");
            assertThat(props.path("jointNames").size()).isEqualTo(20);
            assertThat(props.path("rateHz").isDouble()).isTrue();
            assertThat(props.path("rateHz").asDouble()).isEqualTo(250.0);
            assertThat(home.resolve("config/armature.control-hand.config")).exists();
            assertThat(componentState(c, "armature.control")).isEqualTo("ACTIVE");

            ContainerProcess.Result bad =
                    c.cli("config", "set", "armature.control~hand", "rateHz=fast");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("rateHz").contains("fast").contains("Double");
            assertThat(
                            c.cliJson("config", "get", "armature.control~hand")
                                    .path("properties")
                                    .path("rateHz")
                                    .asDouble())
                    .isEqualTo(250.0);
            assertThat(componentState(c, "armature.control")).isEqualTo("ACTIVE");

            // A driver target that no driver matches is kept (the driver may be deployed next);
            // the loop, whose driver reference is optional, stays active and holds, and the
            // reply says so.
            ContainerProcess.Result waits =
                    c.cli(
                            "config",
                            "set",
                            "armature.control~hand",
                            "driver.target=(armature.driver.name=handb)");
            assertThat(waits.exit()).as(waits.toString()).isZero();
            assertThat(waits.out())
                    .as(waits.toString())
                    .contains("configuration 'armature.control~hand' set")
                    .contains("driver.target = (armature.driver.name=handb)")
                    .containsPattern("ACTIVE +armature.control");
            assertThat(waits.err())
                    .as(waits.toString())
                    .contains(
                            "loop 'hand' has no driver now and holds: no joint driver matches its"
                                    + " driver.target");
            // ... and the container is not ready while the loop drives nothing, saying why.
            JsonNode undriven = c.statusJson();
            assertThat(undriven.path("ready").asBoolean()).isFalse();
            assertThat(undriven.path("notReady").toString())
                    .contains(
                            "loop 'hand' has no driver and holds: no joint driver matches"
                                    + " driver.target (armature.driver.name=handb)");
            ContainerProcess.Result back =
                    c.cli(
                            "config",
                            "set",
                            "armature.control~hand",
                            "driver.target=(armature.driver.name=hand)");
            assertThat(back.exit()).as(back.toString()).isZero();
            assertThat(back.out()).as(back.toString()).contains("loop 'hand' is driven by 'hand'");
            c.awaitReady(WAIT);

            // A target that is no filter would never match: refused before it is applied.
            ContainerProcess.Result noFilter =
                    c.cli(
                            "config",
                            "set",
                            "armature.control~hand",
                            "driver.target=armature.driver.name=hand");
            assertThat(noFilter.exit()).as(noFilter.toString()).isEqualTo(1);
            assertThat(noFilter.err())
                    .contains(
                            "configuration key 'driver.target' = 'armature.driver.name=hand' is not"
                                    + " an OSGi service filter");

            // A sim whose engine is not there runs nothing: not ready, naming the engine.
            ContainerProcess.Result noEngine =
                    c.cli("config", "set", "armature.sim~hand", "engine=bogus");
            assertThat(noEngine.exit()).as(noEngine.toString()).isZero();
            JsonNode waiting = c.statusJson();
            assertThat(waiting.path("ready").asBoolean()).isFalse();
            assertThat(waiting.path("notReady").toString())
                    .contains("sim 'hand' waits for physics engine 'bogus'");
            ContainerProcess.Result reference =
                    c.cli("config", "set", "armature.sim~hand", "engine=reference");
            assertThat(reference.exit()).as(reference.toString()).isZero();
            c.awaitReady(WAIT);

            // A model with nothing to drive is refused, and the running sim stays.
            java.nio.file.Path inert = home.resolve("inert.xml");
            java.nio.file.Files.writeString(
                    inert,
                    "<mujoco><worldbody><body name=\"a\"><geom type=\"sphere\" size=\"0.1\"/>"
                            + "</body></worldbody></mujoco>");
            ContainerProcess.Result nothingToDrive =
                    c.cli("config", "set", "armature.sim~hand", "modelPath=" + inert);
            assertThat(nothingToDrive.exit()).as(nothingToDrive.toString()).isEqualTo(1);
            assertThat(nothingToDrive.err()).contains("has no position actuators");
            c.awaitReady(WAIT);
        }
    }

    private static String componentState(ContainerProcess c, String name) throws Exception {
        return ContainerProcess.component(c.statusJson(), name).path("state").asText();
    }
}
