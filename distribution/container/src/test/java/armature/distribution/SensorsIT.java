package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain-MQTT device with no Java at all: {@code examples/sensors/mqtt-device.sh} (mosquitto_pub)
 * logs in with {@code device} credentials, publishes its retained descriptor and birth, streams
 * samples over a connection with a last will, and is killed; a noisy neighbour sends garbage, an
 * oversized payload and a flood. {@code armature sensors --json} shows the first online with exact
 * counts, the neighbour's refusals by reason, and the first offline once its will fired.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "sens";
    private static final Path EXAMPLES = AsyncApiDocument.REPO.resolve("examples/sensors");
    @TempDir static Path home;
    private ContainerProcess c;
    private int port;
    private final List<Process> devices = new ArrayList<>();
    private final ContainerTopics topics = ContainerTopics.of(ID);
    private final String statusTopic = topics.sensorRegistryStatus();
    private ConformanceCheck check;

    /**
     * Payloads the test sends on purpose to see them refused: kept out of the conformance check.
     */
    private final Set<String> garbage = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() throws Exception {
        port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sensors");
        check = new ConformanceCheck(AsyncApiDocument.load());
        // QoS 2, so every message arrives with the QoS it was published with.
        for (String filter : List.of(topics.sensorFilter(), statusTopic)) {
            c.observer()
                    .subscribe(
                            filter,
                            Qos.EXACTLY_ONCE,
                            m -> {
                                if (!garbage.contains(
                                        new String(m.payload(), StandardCharsets.UTF_8))) {
                                    check.record(m);
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : devices) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aPlainMqttDeviceIsDiscoveredValidatedAndGoesOfflineWhenItsWillFires() throws Exception {
        // two `access add` processes at once: each is a JVM start
        CompletableFuture<ContainerProcess.Login> noisyLogin =
                CompletableFuture.supplyAsync(() -> credential("noisy"));
        ContainerProcess.Login thermo = credential("thermo1");
        ContainerProcess.Login noisy = noisyLogin.get(60, TimeUnit.SECONDS);

        // thermo1: 5 valid samples, one out of range, one of the wrong type, at its nominal pace
        String v = "\"forceN\": [0.1, -0.2, 9.8]";
        Path thermoSamples =
                Files.write(
                        home.resolve("thermo1.jsonl"),
                        List.of(
                                Files.readString(EXAMPLES.resolve("thermo1.samples.jsonl")).trim(),
                                "{\"values\": {\"temperatureC\": 900, " + v + "}}",
                                garbage("{\"values\": {\"temperatureC\": \"hot\", " + v + "}}"),
                                "{\"values\": {\"temperatureC\": 22.0, " + v + "}}",
                                "{\"values\": {\"temperatureC\": 22.1, " + v + "}}"));
        Path thermoPid = home.resolve("thermo1.pid");
        device(thermo, EXAMPLES.resolve("thermo1.descriptor.json"), thermoSamples, thermoPid);

        // noisy: 1 Hz nominal (4 samples/s allowed), garbage, a missing field, then a flood
        Path noisyDescriptor =
                Files.writeString(
                        home.resolve("noisy.json"),
                        Files.readString(EXAMPLES.resolve("thermo1.descriptor.json"))
                                .replace("\"thermo1\"", "\"noisy\"")
                                .replace("\"nominalRateHz\": 10", "\"nominalRateHz\": 1"));
        List<String> noise =
                new ArrayList<>(List.of(garbage("not json at all"), "{\"values\": {}}"));
        for (int i = 0; i < 40; i++) {
            noise.add("{\"values\": {\"temperatureC\": 20, " + v + "}}");
        }
        Path noisySamples = Files.write(home.resolve("noisy.jsonl"), noise);
        device(noisy, noisyDescriptor, noisySamples, home.resolve("noisy.pid"));

        // After its last line the device stays connected and sends nothing: silent after 1 s.
        awaitStatus(
                s ->
                        has(s, "thermo1", "SILENT", 5, 2)
                                && sensor(s, "noisy").path("rejectedBy").has("rate_exceeded")
                                && sensor(s, "noisy").path("rejectedBy").has("malformed"));
        // an oversized sample (5000 bytes > maxSampleBytes 4096) from a one-shot client, once noisy
        // is described
        Path big =
                Files.writeString(
                        home.resolve("big.json"),
                        garbage(
                                "{\"values\": {\"temperatureC\": 20, "
                                        + v
                                        + "}, \"pad\": \""
                                        + "x".repeat(5000)
                                        + "\"}"));
        ContainerProcess.Result oneShot =
                ContainerProcess.run(
                        List.of(
                                "mosquitto_pub",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-V",
                                "mqttv5",
                                "-u",
                                "noisy",
                                "-P",
                                password(noisy),
                                "-q",
                                "0",
                                "-t",
                                ContainerTopics.of(ID).sensor("noisy").samples(),
                                "-f",
                                big.toString()));
        assertThat(oneShot.exit()).as(oneShot.toString()).isZero();
        // noisy's last valid sample came in its flood; at 1 Hz nominal it is silent 5 s later (the
        // oversized sample, refused, does not count)
        JsonNode st =
                awaitStatus(
                        s ->
                                sensor(s, "noisy").path("rejectedBy").has("oversized")
                                        && sensor(s, "noisy")
                                                .path("state")
                                                .asText()
                                                .equals("SILENT"));
        JsonNode cli = cliJson();
        JsonNode t = sensor(cli, "thermo1");
        assertThat(t.path("state").asText()).isEqualTo("SILENT");
        assertThat(t.path("type").asText()).isEqualTo("thermocouple");
        assertThat(t.path("accepted").asLong()).isEqualTo(5);
        assertThat(t.path("rejected").asLong()).isEqualTo(2);
        assertThat(t.at("/rejectedBy/out_of_range").asLong()).isEqualTo(1);
        assertThat(t.at("/rejectedBy/wrong_type").asLong()).isEqualTo(1);
        // one subscription, one handler: samples are judged in the order the device sent them
        assertThat(t.at("/lastRejection/reason").asText()).isEqualTo("wrong_type");
        assertThat(t.at("/lastRejection/message").asText())
                .isEqualTo("field 'temperatureC' = \"hot\" is not a number (number)");
        assertThat(t.path("lastSeenMillis").isNumber()).isTrue();
        JsonNode n = sensor(cli, "noisy");
        assertThat(n.path("state").asText()).isEqualTo("SILENT");
        assertThat(n.at("/rejectedBy/oversized").asLong()).isEqualTo(1);
        assertThat(n.at("/rejectedBy/malformed").asLong()).isEqualTo(1);
        assertThat(n.at("/rejectedBy/missing_field").asLong()).isEqualTo(1);
        assertThat(n.at("/rejectedBy/rate_exceeded").asLong()).isPositive();
        assertThat(n.path("accepted").asLong()).isLessThan(40);

        // kill thermo1's streaming client: no DISCONNECT, so the broker publishes its will
        long pid = Long.parseLong(Files.readString(thermoPid).trim());
        ProcessHandle streamer = ProcessHandle.of(pid).orElseThrow();
        streamer.destroyForcibly();
        streamer.onExit().get(30, TimeUnit.SECONDS);
        awaitStatus(s -> has(s, "thermo1", "OFFLINE", 5, 2));
        JsonNode after = cliJson();
        assertThat(sensor(after, "thermo1").path("state").asText()).isEqualTo("OFFLINE");
        assertThat(sensor(after, "thermo1").path("accepted").asLong()).isEqualTo(5);
        assertThat(sensor(after, "noisy").path("state").asText()).isEqualTo("SILENT");
        assertThat(st.path("limits").path("maxRateFactor").asDouble()).isEqualTo(4.0);

        // every descriptor, state, will, valid sample and registry document matches
        // docs/asyncapi.yaml
        List<String> failures = check.check();
        assertThat(failures).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(check.jsonValidated())
                .containsKeys(
                        "sensorDescriptor", "sensorState", "sensorSamples", "sensorRegistryStatus");
    }

    private ContainerProcess.Login credential(String device) {
        try {
            return c.createCredential(device, "device");
        } catch (Exception e) {
            throw new IllegalStateException("access add " + device + " --role device: " + e, e);
        }
    }

    private String garbage(String payload) {
        garbage.add(payload);
        return payload;
    }

    private void device(ContainerProcess.Login login, Path descriptor, Path samples, Path pidFile)
            throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash",
                                EXAMPLES.resolve("mqtt-device.sh").toString(),
                                descriptor.toString(),
                                samples.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve(login.user() + ".log").toFile());
        pb.environment().put("ARMATURE_PORT", Integer.toString(port));
        pb.environment().put("ARMATURE_ID", ID);
        pb.environment().put("DEVICE", login.user());
        pb.environment().put("DEVICE_PASSWORD_FILE", login.passwordFile().toString());
        pb.environment().put("PID_FILE", pidFile.toString());
        pb.environment().put("SAMPLE_QOS", "0"); // as documented; a local broker loses none
        devices.add(pb.start());
    }

    private static String password(ContainerProcess.Login l) throws Exception {
        return Files.readString(l.passwordFile()).trim();
    }

    private JsonNode awaitStatus(Predicate<JsonNode> test) throws Exception {
        try {
            return c.awaitMessage(statusTopic, test, WAIT);
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder();
            for (String d : List.of("thermo1", "noisy")) {
                Path log = home.resolve(d + ".log");
                logs.append(d).append(": ").append(Files.exists(log) ? Files.readString(log) : "-");
                logs.append('\n');
            }
            throw new AssertionError(
                    e.getMessage() + "\ndevices:\n" + logs + "cli:\n" + c.cli("sensors", "--json"),
                    e);
        }
    }

    private JsonNode cliJson() throws Exception {
        ContainerProcess.Result r = c.cli("sensors", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        return ContainerProcess.JSON.readTree(r.out());
    }

    private static boolean has(JsonNode s, String id, String state, long accepted, long rejected) {
        JsonNode n = sensor(s, id);
        return n.path("state").asText().equals(state)
                && n.path("accepted").asLong() == accepted
                && n.path("rejected").asLong() == rejected;
    }

    private static JsonNode sensor(JsonNode status, String id) {
        for (JsonNode n : status.path("sensors")) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        return ContainerProcess.JSON.missingNode();
    }
}
