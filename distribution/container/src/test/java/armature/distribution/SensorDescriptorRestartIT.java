package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device that published its retained descriptor once, as docs/sensors.md tells it to, stays
 * described across a restart of the container: the embedded broker keeps retained messages in
 * memory only, so the registry publishes the last valid descriptor it kept again. Before, the
 * device's samples were refused as undescribed and a tripping loop limit on it latched the e-stop.
 */
class SensorDescriptorRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "sensrs";

    @TempDir Path home;

    @Test
    void aDescriptorPublishedOnceIsThereAgainAfterARestart() throws Exception {
        int port = ContainerProcess.freePort();
        ContainerTopics topics = ContainerTopics.of(ID);
        String descriptor = topics.sensor("thermo1").descriptor();
        String status = topics.sensorRegistryStatus();
        String payload =
                Files.readString(
                        AsyncApiDocument.REPO.resolve("examples/sensors/thermo1.descriptor.json"));
        // A bundle in deploy/ that imports what feature 'sensors' exports starts once, after the
        // feature: FileInstall reads deploy/ from start level 2, which the container reaches when
        // its start features are installed (it failed first, with a stack trace in the log).
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Jars.withManifest(
                Jars.example("armature.example.greeter"),
                deploy.resolve("t.needs.sensor.api.jar"),
                a -> {
                    a.putValue("Bundle-SymbolicName", "t.needs.sensor.api");
                    String imports = a.getValue("Import-Package");
                    a.putValue(
                            "Import-Package",
                            (imports == null ? "" : imports + ",") + "armature.sensor.api");
                });
        try (ContainerProcess c = start(port)) {
            assertThat(
                            ContainerProcess.bundle(c.statusJson(), "t.needs.sensor.api")
                                    .path("state")
                                    .asText())
                    .isEqualTo("ACTIVE");
            assertThat(c.log()).doesNotContain("Error while starting bundle");
            ContainerProcess.Login device = c.createCredential("thermo1", "device");
            try (RawMqttClient raw = c.raw(device, "thermo1-descriptor")) {
                raw.publish(descriptor, payload, true);
            }
            c.awaitMessage(status, s -> described(s), WAIT);
            // installed by an operator: the next start installs it again
            ContainerProcess.Result install = c.cli("feature", "install", "heartbeat");
            assertThat(install.exit()).as(install.toString()).isZero();
            assertThat(install.out()).contains("the next start installs it again");
        }
        try (ContainerProcess c = start(port)) {
            assertThat(c.statusJson().path("features").toString()).contains("heartbeat");
            JsonNode again =
                    c.awaitMessage(descriptor, n -> n.path("id").asText().equals("thermo1"), WAIT);
            assertThat(again.path("type").asText()).isEqualTo("thermocouple");
            c.awaitMessage(status, s -> described(s), WAIT);
            assertThat(c.log())
                    .contains(
                            "sensor thermo1: the broker had no descriptor (it restarted without its"
                                    + " retained messages); the last valid one is published again");
        }
    }

    private ContainerProcess start(int port) throws Exception {
        ContainerProcess c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sensors");
        c.awaitReady(WAIT);
        return c;
    }

    private static boolean described(JsonNode status) {
        for (JsonNode n : status.path("sensors")) {
            if (n.path("id").asText().equals("thermo1")) {
                return n.path("type").asText().equals("thermocouple");
            }
        }
        return false;
    }
}
