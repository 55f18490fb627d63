package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.HomieTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Homie 5 device with no Java at all: {@code examples/sensors/homie-device.sh} (mosquitto_pub)
 * logs in with {@code device} credentials, publishes {@code $state} init, its {@code $description},
 * {@code $state} ready on a connection whose last will says lost, then property values, one of them
 * garbage and one out of range. {@code armature sensors --json} shows it ONLINE with exact counts
 * and its string property ignored, then OFFLINE once the will fired. Beside it a plain device sends
 * samples with source times taken from this host's clock: the registry reports how many, none in
 * the future, and an offset and delays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomieSensorsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "homie";
    private static final String DEV = "bench-thermo";
    private static final Path EXAMPLES = AsyncApiDocument.REPO.resolve("examples/sensors");
    @TempDir static Path home;
    private ContainerProcess c;
    private int port;
    private final List<Process> devices = new ArrayList<>();
    private final String statusTopic = ContainerTopics.of(ID).sensorRegistryStatus();
    private ConformanceCheck check;

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
        // QoS 2, so every document arrives with the QoS it was published with
        c.observer()
                .subscribe(statusTopic, Qos.EXACTLY_ONCE, check::record)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
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
    void aHomieDeviceIsDiscoveredValidatedAndGoesOfflineWhenItsWillFires() throws Exception {
        CompletableFuture<ContainerProcess.Login> clockLogin =
                CompletableFuture.supplyAsync(() -> credential("clock1"));
        ContainerProcess.Login homie = credential(DEV);
        ContainerProcess.Login clock = clockLogin.get(60, TimeUnit.SECONDS);

        // The registry reads the broker's stored copy of a retained $state whenever it subscribes:
        // once it lists the device, its homie/5/# subscription is live and no value can be missed.
        publish(homie, HomieTopics.state(DEV), "init");
        awaitStatus(s -> sensor(s, DEV).path("homie").path("state").asText().equals("init"));

        Path values =
                Files.write(
                        home.resolve("values.txt"),
                        List.of(
                                Files.readString(EXAMPLES.resolve("bench-thermo.values.txt"))
                                        .trim(),
                                "probe/temperature hot",
                                "probe/temperature 900",
                                "probe/temperature 22.5"));
        Path pidFile = home.resolve(DEV + ".pid");
        device(
                homie,
                "homie-device.sh",
                EXAMPLES.resolve("bench-thermo.homie.json"),
                values,
                Map.of("PID_FILE", pidFile.toString()));

        // clock1: five samples stamped with this host's clock just before they are sent
        Path clockDescriptor =
                Files.writeString(
                        home.resolve("clock1.json"),
                        Files.readString(EXAMPLES.resolve("thermo1.descriptor.json"))
                                .replace("\"thermo1\"", "\"clock1\""));
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long ns = System.currentTimeMillis() * 1_000_000L;
            samples.add(
                    "{\"sourceTimeNs\": "
                            + ns
                            + ", \"values\": {\"temperatureC\": 20, \"forceN\": [0, 0, 9.8]}}");
        }
        Path clockSamples = Files.write(home.resolve("clock1.jsonl"), samples);
        device(
                clock,
                "mqtt-device.sh",
                clockDescriptor,
                clockSamples,
                Map.of("ARMATURE_ID", ID, "SAMPLE_QOS", "1"));

        JsonNode st =
                awaitStatus(
                        s ->
                                has(s, DEV, "ONLINE", 7, 2)
                                        && sensor(s, "clock1").at("/time/withSourceTime").asLong()
                                                == 5);
        JsonNode cli = cliJson();
        JsonNode d = sensor(cli, DEV);
        assertThat(d.path("source").asText()).isEqualTo("homie");
        assertThat(d.path("type").asText()).isEqualTo("homie");
        assertThat(d.at("/homie/state").asText()).isEqualTo("ready");
        assertThat(d.at("/homie/version").asLong()).isEqualTo(1);
        assertThat(d.at("/homie/ignored/0/property").asText()).isEqualTo("probe/label");
        assertThat(d.at("/homie/ignored/0/datatype").asText()).isEqualTo("string");
        assertThat(texts(d.path("fields"), "name"))
                .containsExactly("probe_temperature", "probe_contact", "fan_speed");
        assertThat(texts(d.path("fields"), "unit")).containsExactly("°C", "", "rpm");
        assertThat(d.at("/rejectedBy/wrong_type").asLong()).isEqualTo(1);
        assertThat(d.at("/rejectedBy/out_of_range").asLong()).isEqualTo(1);
        // one subscription, one handler: values are judged in the order the device sent them
        assertThat(d.at("/lastRejection/message").asText())
                .isEqualTo("field 'probe_temperature' = 900.0 °C; allowed: [-20.0, 120.0]");

        // from the document that first counted all five: the offset window (8 s) still holds them
        JsonNode t = sensor(st, "clock1").path("time");
        assertThat(t.path("withSourceTime").asLong()).isEqualTo(5);
        assertThat(t.path("sourceInFuture").asLong())
                .as("one host, one clock: no source time after its receive time")
                .isZero();
        assertThat(t.path("offsetNs").isIntegralNumber()).as(t.toString()).isTrue();
        assertThat(t.path("offsetNs").asLong()).isBetween(0L, 60_000_000_000L);
        assertThat(t.path("delayP50Ns").isNumber()).isTrue();
        assertThat(t.path("delayP99Ns").asLong())
                .isGreaterThanOrEqualTo(t.path("delayP50Ns").asLong());
        assertThat(t.path("clockSynchronized").asBoolean()).isFalse();
        assertThat(t.path("latencyP50Ns").isNull()).isTrue();

        // clock1 sent its five samples and stays connected: silent 1 s after the last; the Homie
        // device, quiet as well, stays ONLINE (Homie values may come only on change)
        awaitStatus(s -> sensor(s, "clock1").path("state").asText().equals("SILENT"));
        ContainerProcess.Result table = c.cli("sensors");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out())
                .containsPattern(DEV + "\\s+ONLINE\\s+homie\\s+")
                .containsPattern("clock1\\s+SILENT\\s+thermocouple\\s+");

        // kill the device's main connection: no DISCONNECT, so the broker publishes $state lost
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle main = ProcessHandle.of(pid).orElseThrow();
        main.destroyForcibly();
        main.onExit().get(30, TimeUnit.SECONDS);
        awaitStatus(
                s ->
                        has(s, DEV, "OFFLINE", 7, 2)
                                && sensor(s, DEV).at("/homie/state").asText().equals("lost"));
        assertThat(sensor(cliJson(), DEV).path("state").asText()).isEqualTo("OFFLINE");

        // every registry document, with its homie and time blocks, matches docs/asyncapi.yaml
        assertThat(check.check()).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(check.jsonValidated()).containsKey("sensorRegistryStatus");
    }

    private ContainerProcess.Login credential(String device) {
        try {
            return c.createCredential(device, "device");
        } catch (Exception e) {
            throw new IllegalStateException("access add " + device + " --role device: " + e, e);
        }
    }

    /**
     * One retained QoS 1 message with mosquitto_pub. A login refused right after {@code access add}
     * is tried again for up to 15 s: it happened once (stop 20, the second full run), although the
     * broker re-reads the credential store when a login misses; the cause is not found yet. A
     * credential that is really missing still fails here.
     */
    private void publish(ContainerProcess.Login l, String topic, String payload) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        ContainerProcess.Result r;
        while (true) {
            r = publishOnce(l, topic, payload);
            if (r.exit() == 0
                    || !r.err().contains("Bad User Name or Password")
                    || System.nanoTime() > end) {
                break;
            }
            // paces the retries of a refused login; the loop waits for the login to be accepted
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private ContainerProcess.Result publishOnce(
            ContainerProcess.Login l, String topic, String payload) throws Exception {
        return ContainerProcess.run(
                List.of(
                        "mosquitto_pub",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-V",
                        "mqttv5",
                        "-u",
                        l.user(),
                        "-P",
                        Files.readString(l.passwordFile()).trim(),
                        "-q",
                        "1",
                        "-r",
                        "-t",
                        topic,
                        "-m",
                        payload));
    }

    private void device(
            ContainerProcess.Login login,
            String script,
            Path first,
            Path second,
            Map<String, String> env)
            throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash",
                                EXAMPLES.resolve(script).toString(),
                                first.toString(),
                                second.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve(login.user() + ".log").toFile());
        pb.environment().put("ARMATURE_PORT", Integer.toString(port));
        pb.environment().put("DEVICE", login.user());
        pb.environment().put("DEVICE_PASSWORD_FILE", login.passwordFile().toString());
        pb.environment().putAll(env);
        devices.add(pb.start());
    }

    private JsonNode awaitStatus(Predicate<JsonNode> test) throws Exception {
        try {
            return c.awaitMessage(statusTopic, test, WAIT);
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder();
            for (String d : List.of(DEV, "clock1")) {
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

    private static List<String> texts(JsonNode array, String key) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(key).asText()));
        return out;
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
