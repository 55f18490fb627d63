package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution with the nd4j feature (ADR 0091): the library bundle starts from the repository,
 * loads ND4J's natives once before the container says ready, and features around it still come and
 * go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Nd4jFeatureIT {
    private static final Duration READY = Duration.ofSeconds(90);
    private static final String LIB = "armature.lib.nd4j";
    @TempDir static Path home;
    ContainerProcess container;
    long readyMillis;

    @BeforeAll
    void start() throws Exception {
        int port = ContainerProcess.freePort();
        long t0 = System.nanoTime();
        container =
                ContainerProcess.start(
                        home,
                        "nd4j",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "nd4j,heartbeat");
        container.awaitReady(READY);
        readyMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    @Test
    void libraryBundleIsActiveAndItsBackendWarmedBeforeReady() throws Exception {
        JsonNode s = container.statusJson();
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
        assertThat(s.path("features").toString()).contains("\"nd4j\"").contains("heartbeat");
        JsonNode lib = ContainerProcess.bundle(s, LIB);
        assertThat(lib.path("state").asText()).as(lib.toString()).isEqualTo("ACTIVE");
        assertThat(lib.path("core").asBoolean()).isFalse();
        // ACTIVE means its activator returned: the native backend loaded and its self-check (a
        // product and a tanh against plain Java) passed. The log line saying so is not asserted:
        // records logged while the embedded HiveMQ starts go to HiveMQ's own logging.
        System.out.println(
                "container with the nd4j feature ready " + readyMillis + " ms after launch");
    }

    @Test
    void otherFeaturesInstallAndUninstallBesideIt() throws Exception {
        assertThat(container.cli("feature", "list").out()).contains("[x] nd4j");
        assertThat(container.cli("feature", "install", "greeter").exit()).isZero();
        assertThat(container.cli("feature", "uninstall", "greeter").exit()).isZero();
        JsonNode s = container.statusJson();
        assertThat(ContainerProcess.bundle(s, LIB).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(ContainerProcess.bundle(s, "armature.example.greeter").isMissingNode()).isTrue();
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
    }

    /**
     * Feature policy-onnx (ADR 0092) brings the onnx provider onto the running library: its bundle
     * resolves against armature.lib.nd4j from the repository, and uninstalling it leaves the
     * library loaded.
     */
    @Test
    void thePolicyOnnxFeatureInstallsTheOnnxProviderBesideTheLibrary() throws Exception {
        assertThat(container.cli("feature", "install", "policy-onnx").exit()).isZero();
        JsonNode s = container.statusJson();
        JsonNode onnx = ContainerProcess.bundle(s, "armature.policy.onnx");
        assertThat(onnx.path("state").asText()).as(onnx.toString()).isEqualTo("ACTIVE");
        assertThat(ContainerProcess.bundle(s, "armature.policy").path("state").asText())
                .isEqualTo("ACTIVE");
        assertThat(container.cli("feature", "uninstall", "policy-onnx").exit()).isZero();
        s = container.statusJson();
        assertThat(ContainerProcess.bundle(s, "armature.policy.onnx").isMissingNode()).isTrue();
        assertThat(ContainerProcess.bundle(s, LIB).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(s.path("ready").asBoolean()).as(s.toPrettyString()).isTrue();
    }
}
