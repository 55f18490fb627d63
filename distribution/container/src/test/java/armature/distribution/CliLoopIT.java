package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator CLI against the real distribution running the simulated hand (feature sim-hand, loop
 * {@code hand}): every command runs as its own process, exactly as {@code ./armature} runs it, and
 * finds the loop by itself.
 */
class CliLoopIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "cliit";

    @TempDir static Path home;
    private static ContainerProcess container;

    @BeforeAll
    static void start() throws Exception {
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        container =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand");
        container.awaitReady(WAIT);
        // The hand's driver is attached once its health says OK.
        container.awaitMessage(
                ContainerTopics.of(ID).driverHealth("hand"),
                n -> "OK".equals(n.path("state").asText()),
                WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void jointGetListsTheHandsJointsByName() throws Exception {
        JsonNode doc = container.cliJson("joint", "get");
        assertThat(doc.path("loop").asText()).isEqualTo("hand");
        assertThat(doc.path("joints").size()).isEqualTo(20);
        JsonNode wrist = doc.path("joints").path("robot0:A_WRJ1");
        assertThat(wrist.path("positionRad").isNumber()).isTrue();
        assertThat(wrist.path("velocityRadPerSec").isNumber()).isTrue();
        assertThat(wrist.path("effort").isNumber()).isTrue();

        ContainerProcess.Result text = container.cli("joint", "get");
        assertThat(text.exit()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("loop hand: 20 joints").contains("robot0:A_FFJ3");

        ContainerProcess.Result typo = container.cli("joint", "get", "--brokr", "x");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --brokr (did you mean --broker?)");
    }

    @Test
    void loopStatsInWordsAndAsJson() throws Exception {
        ContainerProcess.Result r = container.cli("loop", "stats");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("loop hand\n")
                .contains("500 Hz nominal")
                .contains("lateness   p50 ")
                .contains("watchdog ")
                .contains("driver     hand: OK");
        JsonNode doc = container.cliJson("loop", "stats");
        assertThat(doc.path("loop").asText()).isEqualTo("hand");
        assertThat(doc.path("statistics").path("supervisor").path("ticks").asLong()).isPositive();
        assertThat(doc.path("statistics").path("loop").path("ticks").asLong()).isPositive();
    }

    @Test
    void jointSetMovesAFingerAndTheOthersHold() throws Exception {
        ensureEStopClear();
        JsonNode joints = driverJoints();
        JsonNode ffj3 = null;
        for (JsonNode j : joints) {
            if (j.path("name").asText().equals("robot0:A_FFJ3")) {
                ffj3 = j;
            }
        }
        assertThat(ffj3).as("robot0:A_FFJ3 in " + joints).isNotNull();
        double min = ffj3.path("minPositionRad").asDouble();
        double max = ffj3.path("maxPositionRad").asDouble();
        double target = Math.round((min + 0.75 * (max - min)) * 1000) / 1000.0;
        double wristBefore =
                container
                        .cliJson("joint", "get")
                        .path("joints")
                        .path("robot0:A_WRJ1")
                        .path("positionRad")
                        .asDouble();

        ContainerProcess.Result r =
                container.cli(
                        "joint",
                        "set",
                        "robot0:A_FFJ3=" + target,
                        "--tolerance",
                        "0.05",
                        "--seconds",
                        "30",
                        "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = ContainerProcess.JSON.readTree(r.out());
        assertThat(doc.path("reached").asBoolean()).isTrue();
        assertThat(doc.path("joints").path("robot0:A_FFJ3").path("positionRad").asDouble())
                .isCloseTo(target, org.assertj.core.data.Offset.offset(0.05));

        JsonNode after = container.cliJson("joint", "get").path("joints");
        assertThat(after.path("robot0:A_FFJ3").path("positionRad").asDouble())
                .as("held at the target after the stream ended")
                .isCloseTo(target, org.assertj.core.data.Offset.offset(0.05));
        assertThat(after.path("robot0:A_WRJ1").path("positionRad").asDouble())
                .as("an unnamed joint holds")
                .isCloseTo(wristBefore, org.assertj.core.data.Offset.offset(0.05));

        ContainerProcess.Result unknown = container.cli("joint", "set", "robot0:A_XXJ9=0.1");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no joint robot0:A_XXJ9").contains("robot0:A_FFJ3");
    }

    @Test
    void eStopTripAcknowledgeResetAndItsRefusals() throws Exception {
        ensureEStopClear();
        ContainerProcess.Result trip = container.cli("estop", "trip");
        assertThat(trip.exit()).as(trip.toString()).isZero();
        assertThat(trip.out()).startsWith("e-stop of loop hand: LATCHED");
        assertThat(container.cliJson("estop", "status").path("state").asText())
                .isEqualTo("LATCHED");

        ContainerProcess.Result move = container.cli("joint", "set", "robot0:A_FFJ3=0.1");
        assertThat(move.exit()).as(move.toString()).isEqualTo(1);
        assertThat(move.err()).contains("LATCHED");

        ContainerProcess.Result early = container.cli("estop", "reset");
        assertThat(early.exit()).as("reset before acknowledge: " + early).isEqualTo(1);
        assertThat(early.err()).contains("refused").contains("ACKNOWLEDGED");

        ContainerProcess.Result again = container.cli("estop", "trip");
        assertThat(again.exit()).as("a trip of a latched e-stop: " + again).isZero();
        assertThat(again.out()).startsWith("e-stop of loop hand: LATCHED");

        JsonNode ack = container.cliJson("estop", "acknowledge");
        assertThat(ack.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        JsonNode reset = container.cliJson("estop", "reset");
        assertThat(reset.path("state").asText()).isEqualTo("CLEAR");
        JsonNode status = container.cliJson("estop", "status");
        assertThat(status.path("state").asText()).isEqualTo("CLEAR");
        assertThat(status.path("assertedSources").isArray()).isTrue();
    }

    @Test
    void bundlesStopAndStart() throws Exception {
        JsonNode stopped = container.cliJson("bundles", "stop", "armature.sim");
        assertThat(stopped.path("state").asText()).isEqualTo("RESOLVED");
        JsonNode started = container.cliJson("bundles", "start", "armature.sim");
        assertThat(started.path("state").asText()).isEqualTo("ACTIVE");
        container.awaitMessage(
                ContainerTopics.of(ID).driverHealth("hand"),
                n -> "OK".equals(n.path("state").asText()),
                WAIT);
        ContainerProcess.Result missing = container.cli("bundles", "stop", "no.such.bundle");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no.such.bundle");
    }

    private static JsonNode driverJoints() throws Exception {
        return container
                .awaitMessage(
                        ContainerTopics.of(ID).driverHealth("hand"),
                        n -> n.path("joints").size() > 0,
                        WAIT)
                .path("joints");
    }

    /** Tests may run in any order: leave the latch CLEAR whatever an earlier one did. */
    private static void ensureEStopClear() throws Exception {
        String state = container.cliJson("estop", "status").path("state").asText();
        if (state.equals("LATCHED")) {
            container.cliJson("estop", "acknowledge");
            state = "ACKNOWLEDGED";
        }
        if (state.equals("ACKNOWLEDGED")) {
            container.cliJson("estop", "reset");
        }
    }
}
