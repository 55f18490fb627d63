package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.SensorTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's cameras and sensors panels in chromium, as an observer, with features vision-sim
 * and sensors: each of the three synthetic cameras shows its newest frame (fetched from the
 * session's live feed), the markers found in a frame are drawn over it, the block's fused pose is
 * listed with its error against the simulator's truth, the estimate appears in the 3D view, and a
 * camera without frames answers 404 with the reason. A plain-MQTT sensor (the example thermo1,
 * logged in as a device) sends valid samples and one out of range: the sensors panel shows it
 * online with its counts and the refusal. An ffmpeg camera whose input does not exist (cam-x) has a
 * card that says it is restarting, with ffmpeg's error.
 */
class DashboardPanelsIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final String ID = "dashpan";

    @TempDir static Path home;

    @Test
    void anObserverSeesTheCamerasTheFusedPoseAndTheSensors() throws Exception {
        BrowserPhases.requireBrowser();
        ContainerProcess.linkExamples(home);
        // An ffmpeg camera whose input does not exist: its card says it is restarting, and why.
        Files.writeString(
                Files.createDirectories(home.resolve("config"))
                        .resolve("armature.vision.camera.v4l2-cam-x.config"),
                "cameraId=\"cam-x\"\nffmpegInput=[\"-i\",\""
                        + home.resolve("unplugged.mp4")
                        + "\"]\nmaxBackoffMillis=L\"1000\"\n");
        int port = ContainerProcess.freePort();
        try (ContainerProcess c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--http-port",
                        "0",
                        "--features",
                        "vision-sim,hand-baseline,dashboard,sensors")) {
            c.awaitReady(WAIT);
            String url = BrowserPhases.dashboardUrl(c);
            try (PahoMessageBus device = c.client(c.createCredential("thermo1", "device"), "t1")) {
                sensor(device);
                JsonNode report =
                        BrowserPhases.run(c, url, "panels", c.createCredential("vera", "observer"));
                assertThat(report.path("cameras")).hasSize(3);
                assertThat(report.path("failingStatus").asText())
                        .startsWith("restarting")
                        .contains("unplugged.mp4: No such file or directory");
                for (JsonNode camera : report.path("cameras")) {
                    assertThat(camera.path("size").get(0).asInt())
                            .as(camera.toString())
                            .isEqualTo(640);
                    assertThat(camera.path("size").get(1).asInt())
                            .as(camera.toString())
                            .isEqualTo(480);
                }
                // The policy's fingers hide the block from each camera for seconds at a time:
                // markers over any camera's frame, not over each one's (the page waits for them).
                assertThat(report.path("polygons").asInt()).as(report.toString()).isPositive();
                assertThat(report.path("errorText").asText()).contains("mm").contains("deg");
                assertThat(report.path("estimates").asInt()).isPositive();
                assertThat(report.path("missingStatus").asInt()).isEqualTo(404);
                assertThat(report.path("missingError").asText())
                        .contains("no frame of camera no-such-camera");
                assertThat(report.path("sensorState").asText()).isEqualTo("SILENT");
                assertThat(report.path("accepted").asInt()).isEqualTo(5);
                assertThat(report.path("rejected").asInt()).isEqualTo(1);
                assertThat(report.path("rejection").asText()).contains("temperatureC");
            }
            assertThat(c.isAlive()).isTrue();
        }
    }

    /**
     * The example thermo1: its retained descriptor and state, then 5 valid samples and one too hot
     * (without a source time, so the clock estimate has nothing to judge).
     */
    private static void sensor(PahoMessageBus device) throws Exception {
        device.startLogin().toCompletableFuture().get(60, TimeUnit.SECONDS);
        SensorTopics t = ContainerTopics.of(ID).sensor("thermo1");
        Path examples = AsyncApiDocument.REPO.resolve("examples/sensors");
        ContainerProcess.publish(
                device,
                Message.builder(t.descriptor())
                        .payload(Files.readString(examples.resolve("thermo1.descriptor.json")))
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
        ContainerProcess.publish(
                device,
                Message.builder(t.state())
                        .payload("{\"state\": \"online\"}")
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
        String forces = "\"forceN\": [0.1, -0.2, 9.8]";
        List<String> samples = new ArrayList<>();
        samples.add("{\"values\": {\"temperatureC\": 21.0, " + forces + "}}");
        samples.add("{\"values\": {\"temperatureC\": 21.2, " + forces + "}}");
        samples.add("{\"values\": {\"temperatureC\": 900, " + forces + "}}"); // above max 400
        samples.add("{\"values\": {\"temperatureC\": 21.4, " + forces + "}}");
        samples.add("{\"values\": {\"temperatureC\": 21.5, " + forces + "}}");
        samples.add("{\"values\": {\"temperatureC\": 21.6, " + forces + "}}");
        for (String sample : samples) {
            ContainerProcess.publish(device, sample(t, sample));
            // The device's own pace, its nominal 10 Hz: faster would be refused for its rate.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static Message sample(SensorTopics t, String json) {
        return Message.builder(t.samples())
                .payload(json)
                .contentType(ContentTypes.JSON)
                .qos(Qos.AT_LEAST_ONCE)
                .build();
    }
}
