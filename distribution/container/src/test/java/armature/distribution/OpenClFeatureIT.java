package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution with the physics-opencl feature (issue 10): {@code status} lists the OpenCL
 * devices, a simulator configured with {@code engine=opencl} runs its model on the device, and
 * {@code sim bench --engine opencl} reports the batched engine's figures. PoCL is the device in CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClFeatureIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path HAND =
            Path.of(System.getProperty("armature.repo", "../.."))
                    .resolve("examples/models/gymnasium-robotics/hand/manipulate_block.xml")
                    .toAbsolutePath()
                    .normalize();

    @TempDir static Path home;
    ContainerProcess container;

    @BeforeAll
    void start() throws Exception {
        int port = ContainerProcess.freePort();
        ContainerProcess.linkExamples(home);
        container =
                ContainerProcess.start(
                        home,
                        "ocl",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "heartbeat,sim-hand,physics-opencl");
        container.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    private JsonNode openclDevices() throws Exception {
        for (JsonNode d : container.statusJson().path("devices")) {
            if (d.path("kind").asText().equals("opencl")) {
                return d;
            }
        }
        throw new AssertionError("no opencl entry in status devices");
    }

    private void assumeADevice(JsonNode d) {
        if (d.path("devices").isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + d.path("problem").asText());
        }
        Assumptions.assumeTrue(d.path("devices").size() > 0, d.path("problem").asText());
    }

    @Test
    void statusListsTheDevicesAndTheOneInUse() throws Exception {
        JsonNode d = openclDevices();
        assumeADevice(d);
        assertThat(d.path("bundle").asText()).isEqualTo("armature.physics.opencl");
        assertThat(d.path("selected").asText()).isIn(textsOf(d.path("devices")));
        assertThat(d.path("precision").asText()).isEqualTo("float32");
        String text = container.cli("status").out();
        assertThat(text).contains("opencl devices: " + d.path("devices").size() + ", in use: ");
        assertThat(text).contains("  " + d.path("selected").asText());
    }

    @Test
    void aSimulatorConfiguredForTheOpenClEngineRunsOnIt() throws Exception {
        assumeADevice(openclDevices());
        // no contacts, so the OpenCL engine runs it; the free box counts as an object (it has a
        // colliding geom type), and falls
        Path model = home.resolve("drop.xml");
        Files.writeString(
                model,
                "<mujoco model=\"drop\"><option><flag contact=\"disable\"/></option><worldbody>"
                        + "<body name=\"arm\" pos=\"0 0 1\"><joint name=\"hinge\" axis=\"0 1 0\""
                        + " damping=\"0.1\"/><geom type=\"capsule\" fromto=\"0 0 0 0.3 0 0\""
                        + " size=\"0.02\"/></body><body name=\"box\" pos=\"0.5 0 1\"><freejoint/>"
                        + "<geom type=\"box\" size=\"0.03 0.03 0.03\"/></body></worldbody>"
                        + "<actuator><position joint=\"hinge\" kp=\"5\"/></actuator></mujoco>");
        Files.writeString(
                home.resolve("config/armature.sim-drop.cfg"),
                "modelPath=" + model + "\nengine=opencl\nobjectPublishRateHz=20\n");
        String topic = ContainerTopics.of("ocl").sim("drop").objects();
        JsonNode first = container.awaitMessage(topic, n -> n.path("objects").size() == 1, WAIT);
        double z0 = first.path("objects").get(0).path("positionM").get(2).asDouble();
        JsonNode later =
                container.awaitMessage(
                        topic,
                        n ->
                                n.path("objects").get(0).path("positionM").get(2).asDouble()
                                        < z0 - 0.05,
                        WAIT);
        assertThat(later.path("objects").get(0).path("name").asText()).isEqualTo("box");
        JsonNode s = container.statusJson();
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
    }

    @Test
    void simBenchRunsTheHandOnTheDeviceAndSaysWhatItCannotRunYet() throws Exception {
        assumeADevice(openclDevices());
        Path puppet = home.resolve("puppet.xml");
        Files.writeString(
                puppet,
                "<mujoco model=\"puppet\"><worldbody><body name=\"hand\" mocap=\"true\"/>"
                        + "<body name=\"arm\"><geom type=\"sphere\" size=\"0.1\"/></body>"
                        + "</worldbody></mujoco>");
        ContainerProcess.Result refused =
                ContainerProcess.run(
                        ContainerProcess.launcher(
                                "sim",
                                "bench",
                                puppet.toString(),
                                "--engine",
                                "opencl",
                                "--seconds",
                                "0.2"));
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err())
                .contains("the OpenCL engine cannot run model 'puppet' yet")
                .contains("no degrees of freedom")
                .doesNotContain("--no-contacts");
        // the Shadow hand as written: contacts (forearm hull, capsules, block), limits, tendons
        ContainerProcess.Result r =
                ContainerProcess.run(
                        ContainerProcess.launcher(
                                "sim",
                                "bench",
                                HAND.toString(),
                                "--engine",
                                "opencl",
                                "--worlds",
                                "32",
                                "--substeps",
                                "10",
                                "--seconds",
                                "0.5",
                                "--json"));
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = ContainerProcess.JSON.readTree(r.out());
        assertThat(doc.path("engine").asText()).isEqualTo("opencl");
        assertThat(doc.path("worlds").asInt()).isEqualTo(32);
        long steps = doc.path("steps").asLong();
        assertThat(steps % (32 * 10)).as("whole control steps of every world").isZero();
        assertThat(doc.path("controlStepsPerSecond").asDouble() * 10)
                .isCloseTo(
                        doc.path("stepsPerSecond").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(1e-6));
        // controls: 32 worlds x 20 actuators x 4 bytes per control step
        assertThat(doc.path("bytesToDevicePerControlStep").asDouble())
                .isGreaterThanOrEqualTo(32 * 20 * 4);
        assertThat(doc.path("deviceBytesPerWorld").asLong()).isPositive();
        assertThat(doc.path("droppedContacts").asLong()).isZero();
        assertThat(doc.path("divergedResets").asLong()).isZero();
    }

    /**
     * The engine bundle comes and goes with its feature while JOCL's library bundle, whose JNI
     * library can load only once per JVM, stays (feature jocl, required).
     */
    @Test
    void theEngineFeatureIsSwappedWhileJoclStays() throws Exception {
        assumeADevice(openclDevices());
        assertThat(container.cli("feature", "uninstall", "physics-opencl").exit()).isZero();
        JsonNode s = container.statusJson();
        assertThat(ContainerProcess.bundle(s, "armature.physics.opencl").isMissingNode()).isTrue();
        assertThat(ContainerProcess.bundle(s, "armature.lib.jocl").path("state").asText())
                .isEqualTo("ACTIVE");
        assertThat(s.path("devices").toString()).doesNotContain("opencl");
        assertThat(container.cli("feature", "install", "physics-opencl").exit()).isZero();
        JsonNode d = openclDevices();
        assertThat(d.path("devices").size()).isPositive();
        assertThat(d.has("problem")).as(d.toString()).isFalse();
    }

    /**
     * A machine without any OpenCL platform (an ICD loader that finds no vendor file): one line
     * that says what is missing and how to install it, exit 1, no stack trace.
     */
    @Test
    void withoutAnyOpenClPlatformTheBenchSaysSoInOneLine(@TempDir Path noVendors) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                        ContainerProcess.launcher(
                                "sim",
                                "bench",
                                HAND.toString(),
                                "--engine",
                                "opencl",
                                "--no-constraints",
                                "--seconds",
                                "0.2"));
        pb.environment().put("OCL_ICD_VENDORS", noVendors.toString());
        Process p = pb.start();
        String err =
                new String(
                        p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(1);
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err)
                .startsWith("error: --engine opencl: no OpenCL platform")
                .contains("pocl-opencl-icd");
    }

    private static List<String> textsOf(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
