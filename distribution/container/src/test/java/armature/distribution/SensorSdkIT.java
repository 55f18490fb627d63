package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java sensor SDK end to end, as a third party uses it: {@code armature new sensor} writes a
 * project, plain Maven builds it outside this build against the distribution's {@code
 * sdk/repository/} (offline, with the plugins this build already used), {@code armature deploy}
 * installs the jar into a running container with feature {@code sensors}, and the registry shows
 * the sensor ONLINE with accepted samples rising and none refused, then OFFLINE after {@code
 * armature undeploy}. The same for {@code examples/sensors/ft-sensor} (500 Hz). What the bundles
 * publish is checked against docs/asyncapi.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SensorSdkIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration BUILD = Duration.ofMinutes(8);
    private static final String ID = "sdk";

    /** Messages per topic handed to the conformance check: samples come at up to 500 Hz. */
    private static final int CHECKED_PER_TOPIC = 50;

    @TempDir static Path home;
    @TempDir static Path work;
    private ContainerProcess c;
    private final ContainerTopics topics = ContainerTopics.of(ID);
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile ConformanceCheck check;

    @BeforeAll
    void start() throws Exception {
        int port = ContainerProcess.freePort();
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
        c.observer()
                .subscribe(
                        topics.sensorFilter(),
                        Qos.EXACTLY_ONCE,
                        m -> {
                            int n =
                                    seen.computeIfAbsent(m.topic(), t -> new AtomicInteger())
                                            .incrementAndGet();
                            if (n <= CHECKED_PER_TOPIC) {
                                check.record(m);
                            }
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aGeneratedSensorProjectBuildsOutOfTreeDeploysAndItsSamplesAreAccepted() throws Exception {
        Path project = work.resolve("it-probe");
        ContainerProcess.Result gen =
                ContainerProcess.run(
                        ContainerProcess.launcher(
                                "new", "sensor", "it-probe", "--dir", project.toString()));
        assertThat(gen.exit()).as(gen.toString()).isZero();
        assertThat(gen.out()).contains("created sensor project it-probe");
        // the generator refuses to write over what it made
        ContainerProcess.Result again =
                ContainerProcess.run(
                        ContainerProcess.launcher(
                                "new", "sensor", "it-probe", "--dir", project.toString()));
        assertThat(again.exit()).as(again.toString()).isEqualTo(1);

        Path jar = mavenPackage(project).resolve("target/it-probe-0.1.0.jar");
        JsonNode online = deployAndAwaitSamples("it-probe", jar, 50);
        assertThat(online.path("type").asText()).isEqualTo("example");
        undeployAndAwaitOffline("it-probe");
        assertConformant();
    }

    @Test
    void theForceTorqueExampleBuildsOutOfTreeAndStreamsAt500Hz() throws Exception {
        Path project = AsyncApiDocument.REPO.resolve("examples/sensors/ft-sensor");
        Path jar = mavenPackage(project).resolve("target/ft-sensor-0.1.0.jar");
        JsonNode online = deployAndAwaitSamples("ft-sensor", jar, 500);
        assertThat(online.path("type").asText()).isEqualTo("force-torque");
        assertThat(online.path("frameId").asText()).isEqualTo("wrist");
        assertThat(online.path("fields").toString())
                .contains("\"name\":\"forceN\",\"unit\":\"N\",\"type\":\"array\"")
                .contains("\"name\":\"torqueNm\",\"unit\":\"N*m\",\"type\":\"array\"");
        undeployAndAwaitOffline("ft-sensor");
        assertConformant();
    }

    /**
     * Deploys the bundle and waits until the registry has accepted more than a second's worth of
     * its samples at no less than half the nominal rate, none refused; returns that sensor's entry.
     */
    private JsonNode deployAndAwaitSamples(String name, Path jar, double nominalHz)
            throws Exception {
        assertThat(jar).exists();
        ContainerProcess.Result d = c.cli("deploy", jar.toString());
        assertThat(d.exit()).as(d.toString()).isZero();
        JsonNode first =
                sensor(
                        awaitStatus(s -> state(s, name).equals("ONLINE") && accepted(s, name) > 0),
                        name);
        long before = first.path("accepted").asLong();
        JsonNode later =
                sensor(
                        awaitStatus(
                                s ->
                                        accepted(s, name) > before + nominalHz
                                                && sensor(s, name).path("rateHz").asDouble()
                                                        >= nominalHz / 2),
                        name);
        assertThat(later.path("state").asText()).isEqualTo("ONLINE");
        assertThat(later.path("nominalRateHz").asDouble()).isEqualTo(nominalHz);
        assertThat(later.path("rejected").asLong()).as(later.toString()).isZero();
        assertThat(
                        later.path("lastRejection").isNull()
                                || later.path("lastRejection").isMissingNode())
                .as(later.toString())
                .isTrue();
        // what `armature sensors --json` shows a user
        JsonNode cli = sensor(c.cliJson("sensors"), name);
        assertThat(cli.path("state").asText()).isEqualTo("ONLINE");
        assertThat(cli.path("accepted").asLong())
                .isGreaterThanOrEqualTo(later.path("accepted").asLong());
        assertThat(cli.path("rejected").asLong()).isZero();
        return later;
    }

    private void undeployAndAwaitOffline(String name) throws Exception {
        ContainerProcess.Result u = c.cli("undeploy", name);
        assertThat(u.exit()).as(u.toString()).isZero();
        JsonNode off = sensor(awaitStatus(s -> state(s, name).equals("OFFLINE")), name);
        assertThat(off.path("rejected").asLong()).as(off.toString()).isZero();
        assertThat(off.path("accepted").asLong()).isPositive();
    }

    private void assertConformant() throws Exception {
        ConformanceCheck done = check;
        check = new ConformanceCheck(AsyncApiDocument.load());
        seen.clear();
        List<String> failures = done.check();
        assertThat(failures).as("conformance of " + done.size() + " messages").isEmpty();
        assertThat(done.jsonValidated())
                .containsKeys("sensorDescriptor", "sensorState", "sensorSamples");
    }

    /**
     * {@code mvn -o -q package} in {@code project} with the Maven running this build and its local
     * repository: the plugins resolve offline, the Armature jars from the project's {@code file:}
     * repository ({@code aether.offline.protocols=file} lets an offline build read it).
     */
    private static Path mavenPackage(Path project) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(mvn());
        cmd.addAll(List.of("-B", "-o", "-q", "-Daether.offline.protocols=file"));
        String repoLocal = System.getProperty("armature.maven.repo.local", "");
        if (!repoLocal.isBlank()) {
            cmd.add("-Dmaven.repo.local=" + repoLocal);
        }
        cmd.add("package");
        Path log = work.resolve(project.getFileName() + "-build.log");
        Process p =
                new ProcessBuilder(cmd)
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(BUILD.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn package of " + project + " took over " + BUILD);
        }
        assertThat(p.exitValue()).as("%s in %s:%n%s", cmd, project, Files.readString(log)).isZero();
        return project;
    }

    private static String mvn() {
        String home = System.getProperty("armature.maven.home", "");
        Path mvn = Path.of(home, "bin", "mvn");
        return !home.isBlank() && Files.isExecutable(mvn) ? mvn.toString() : "mvn";
    }

    private JsonNode awaitStatus(Predicate<JsonNode> test) throws Exception {
        try {
            return c.awaitMessage(topics.sensorRegistryStatus(), test, WAIT);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ncli:\n" + c.cli("sensors", "--json"), e);
        }
    }

    private static String state(JsonNode status, String id) {
        return sensor(status, id).path("state").asText();
    }

    private static long accepted(JsonNode status, String id) {
        return sensor(status, id).path("accepted").asLong();
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
