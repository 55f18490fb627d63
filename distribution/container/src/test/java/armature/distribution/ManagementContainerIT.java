package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Management that never leaves things worse, on the real distribution with the simulated hand and
 * the heartbeat example, driven through the CLI and the deploy/ folder: configuration values, keys
 * and PIDs the metadata refuses, a value the control loop refuses when it activates, a truncated
 * jar, a half-written jar dropped by hand, and undeploying a bundle a feature needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementContainerIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "mgmtit";
    private static final String LOOP_PID = "armature.control~hand";

    @TempDir static Path home;
    ContainerProcess c;
    ContainerTopics topics = ContainerTopics.of(ID);
    LoopTopics loop = topics.loop("hand");

    @BeforeAll
    void start() throws Exception {
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "heartbeat,sim-hand");
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
    }

    @Test
    @Order(1)
    void typoKeysAndUnknownPidsAreRefusedListingTheKnownOnes() throws Exception {
        ContainerProcess.Result typo = c.cli("config", "set", LOOP_PID, "rateHZ=250");
        assertThat(typo.exit()).as(typo.toString()).isEqualTo(1);
        assertThat(typo.err())
                .contains("unknown configuration key 'rateHZ' for " + LOOP_PID)
                .contains("known keys: [")
                .contains("rateHz")
                .contains("maxVelocityRadPerSec");

        ContainerProcess.Result pid = c.cli("config", "set", "armature.contrl~hand", "rateHz=250");
        assertThat(pid.exit()).as(pid.toString()).isEqualTo(1);
        assertThat(pid.err())
                .contains("unknown configuration PID 'armature.contrl~hand'; known PIDs: [")
                .contains("armature.control~NAME")
                .contains(LOOP_PID)
                .contains("armature.example.heartbeat");

        ContainerProcess.Result heartbeat =
                c.cli("config", "set", "armature.example.heartbeat", "period=5");
        assertThat(heartbeat.exit()).isEqualTo(1);
        assertThat(heartbeat.err()).contains("known keys: [periodMillis]");

        // FileInstall's watchers are the container's: pointing deploy/'s elsewhere installed
        // whatever lay there, and reconfiguring it deadlocked it
        ContainerProcess.Result plumbing =
                c.cli(
                        "config",
                        "set",
                        "org.apache.felix.fileinstall~deploy",
                        "felix.fileinstall.dir=/tmp");
        assertThat(plumbing.exit()).as(plumbing.toString()).isEqualTo(1);
        assertThat(plumbing.err())
                .contains(
                        "configuration PID 'org.apache.felix.fileinstall~deploy' is the container's"
                                + " own plumbing");
        assertThat(pid.err()).doesNotContain("org.apache.felix.fileinstall");
        assertThat(home.resolve("config")).isEmptyDirectory();
    }

    @Test
    @Order(2)
    void aRateTheMetadataRefusesLeavesTheFileAndTheRunningLoopAsTheyWere() throws Exception {
        ContainerProcess.Result refusedFirst = c.cli("config", "set", LOOP_PID, "rateHz=5000");
        assertThat(refusedFirst.exit()).as(refusedFirst.toString()).isEqualTo(1);
        assertThat(home.resolve("config/armature.control-hand.config"))
                .as("nothing written for a refused value")
                .doesNotExist();

        ContainerProcess.Result ok = c.cli("config", "set", LOOP_PID, "rateHz=250");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        Path file = home.resolve("config/armature.control-hand.config");
        byte[] before = Files.readAllBytes(file);
        long componentId = loopComponent().path("id").asLong();
        long ticks = ticksNow();

        ContainerProcess.Result refused = c.cli("config", "set", LOOP_PID, "rateHz=5000");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "configuration key 'rateHz' = '5000.0' is not allowed for "
                                + LOOP_PID
                                + "; allowed: 50 to 1000 (Rate [Hz])");
        assertThat(Files.readAllBytes(file)).as("file unchanged").isEqualTo(before);
        assertLoopRunsOn(componentId, ticks, 250.0);
    }

    @Test
    @Order(3)
    void aValueTheLoopRefusesAtActivationIsUndoneAndTheLoopRunsOnItsOldConfiguration()
            throws Exception {
        Path file = home.resolve("config/armature.control-hand.config");
        byte[] before = Files.readAllBytes(file);

        ContainerProcess.Result refused = c.cli("config", "set", LOOP_PID, "effortUnit=PARSEC");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        // The loop refuses the unit when it activates (or, should its metadata list the units one
        // day, before): either way the reason names key and value and nothing changes.
        assertThat(refused.err()).contains("effortUnit").contains("PARSEC");
        assertThat(Files.readAllBytes(file)).as("file unchanged").isEqualTo(before);
        JsonNode props = c.cliJson("config", "get", LOOP_PID).path("properties");
        assertThat(props.path("effortUnit").asText()).isEqualTo("NEWTON_METRE");
        // Undoing a refused activation activates the loop anew: its tick count starts again.
        assertLoopRunsOn(-1, 0, 250.0);
        assertThat(c.statusJson().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void aTruncatedJarIsRefusedTheRunningVersionKeepsRunningAndDeployStaysClean() throws Exception {
        Path greeter = Jars.example("armature.example.greeter");
        Path v1 = Jars.withVersion(greeter, home.resolve("greeter-1.0.1.jar"), "1.0.1");
        Path v2 = Jars.withVersion(greeter, home.resolve("greeter-1.0.2.jar"), "1.0.2");
        ContainerProcess.Result d1 = c.cli("deploy", v1.toString());
        assertThat(d1.exit()).as(d1.toString()).isZero();
        long bundleId =
                ContainerProcess.bundle(c.statusJson(), "armature.example.greeter")
                        .path("id")
                        .asLong();

        byte[] whole = Files.readAllBytes(v2);
        Path cut =
                Files.write(
                        home.resolve("greeter-cut.jar"), Arrays.copyOf(whole, whole.length - 200));
        ContainerProcess.Result refused = c.cli("deploy", cut.toString());
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("not a bundle").contains("truncated");

        JsonNode greeterNow = ContainerProcess.bundle(c.statusJson(), "armature.example.greeter");
        assertThat(greeterNow.path("id").asLong()).isEqualTo(bundleId);
        assertThat(greeterNow.path("version").asText()).isEqualTo("1.0.1");
        assertThat(greeterNow.path("state").asText()).isEqualTo("ACTIVE");
        try (Stream<Path> files = Files.list(home.resolve("deploy"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("armature.example.greeter.jar");
        }
        assertThat(home.resolve("deploy/armature.example.greeter.jar")).hasSameBinaryContentAs(v1);
        assertThat(c.log()).contains("not a bundle");
        assertThat(c.cli("undeploy", "armature.example.greeter").exit()).isZero();
    }

    @Test
    @Order(5)
    void aHalfWrittenJarDroppedByHandIsReportedAndNamedInTheLog() throws Exception {
        byte[] whole = Files.readAllBytes(Jars.example("armature.example.greeter"));
        Path dropped = home.resolve("deploy/by-hand.jar");
        Files.write(dropped, Arrays.copyOf(whole, whole.length / 2));
        JsonNode notReady =
                c.awaitMessage(
                        topics.status(),
                        n -> n.path("notReady").toString().contains("deploy/by-hand.jar"),
                        WAIT);
        assertThat(notReady.path("ready").asBoolean()).isFalse();
        JsonNode s = c.statusJson();
        assertThat(s.path("problems").toString())
                .contains("\"kind\":\"deploy\"")
                .contains("deploy/by-hand.jar");
        assertThat(c.log()).contains("deploy/by-hand.jar is not installed: not a bundle");

        Files.delete(dropped);
        c.awaitMessage(topics.status(), n -> n.path("ready").asBoolean(), WAIT);
    }

    @Test
    @Order(6)
    void undeployingABundleAFeatureNeedsIsRefusedAndChangesNothing() throws Exception {
        ContainerProcess.Result r = c.cli("undeploy", "armature.example.heartbeat");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("needed by installed feature 'heartbeat'");
        JsonNode s = c.statusJson();
        assertThat(
                        ContainerProcess.component(s, "armature.example.heartbeat")
                                .path("state")
                                .asText())
                .isEqualTo("ACTIVE");
        assertThat(s.path("ready").asBoolean()).isTrue();
    }

    /**
     * A jar dropped into deploy/ under the bus bundle's own name and version: FileInstall used to
     * update the running bus bundle with it, and management went silent for good. Now it is left
     * alone, named as a problem, and management keeps answering.
     */
    @Test
    @Order(7)
    void aJarWithACoreBundlesNameDroppedIntoDeployIsNotInstalled() throws Exception {
        JsonNode paho = bundle(c.statusJson(), "armature.bus.paho");
        Path dropped = home.resolve("deploy/paho-dup.jar");
        Path part = home.resolve("deploy/.paho-dup.jar.part");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", "armature.bus.paho");
        m.getMainAttributes()
                .putValue("Bundle-Version", paho.path("version").asText().replace('-', '.'));
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(part), m)) {
            out.putNextEntry(new java.util.zip.ZipEntry("nothing.txt"));
            out.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.move(part, dropped, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        c.awaitMessage(
                topics.status(),
                n ->
                        n.path("notReady")
                                .toString()
                                .contains(
                                        "deploy/paho-dup.jar: symbolic name armature.bus.paho is"
                                                + " a core bundle's; not installed"),
                WAIT);
        JsonNode s = c.statusJson(); // management still answers
        JsonNode after = bundle(s, "armature.bus.paho");
        assertThat(after.path("id").asLong()).isEqualTo(paho.path("id").asLong());
        assertThat(after.path("location").asText()).isEqualTo(paho.path("location").asText());
        assertThat(after.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(c.log()).doesNotContain("Updating this bundle instead");
        Files.delete(dropped);
        c.awaitMessage(topics.status(), n -> n.path("ready").asBoolean(), WAIT);
    }

    /**
     * A bundle whose activator does not return (here: for 20 s) used to take management with it:
     * every request timed out until a restart. Now the deploy is refused after the step timeout
     * naming the activator, deploy/ keeps no copy, management answers, and status names the bundle
     * until its activator returns and it is gone.
     */
    @Test
    @Order(8)
    void aBundleWhoseActivatorDoesNotReturnIsRefusedAndManagementKeepsAnswering() throws Exception {
        Path greeter = Jars.example("armature.example.greeter");
        Path v1 = Jars.withVersion(greeter, home.resolve("greeter-2.0.1.jar"), "2.0.1");
        Path v2 = Jars.withVersion(greeter, home.resolve("greeter-2.0.2.jar"), "2.0.2");
        ContainerProcess.Result d1 = c.cli("deploy", v1.toString());
        assertThat(d1.exit()).as(d1.toString()).isZero();
        Path jar =
                Jars.withActivator(home.resolve("build-hangs"), "t.hangs", "Thread.sleep(20_000);");
        long t0 = System.nanoTime();
        ContainerProcess.Result r = c.cli("deploy", jar.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .contains(
                        "bundle 't.hangs' 1.0.0 was not deployed: its activator did not return within 5 s")
                .contains("deploy/ holds no copy");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(home.resolve("deploy/t.hangs.jar")).doesNotExist();
        JsonNode s = c.statusJson(); // answers while the activator still sleeps
        assertThat(s.path("notReady").toString())
                .contains("bundle t.hangs is STARTING: its activator has not returned");
        // An update FileInstall cannot take meanwhile is refused naming what blocks it, and
        // deploy/ gets the running jar back: it must not be installed later behind our back.
        ContainerProcess.Result blocked = c.cli("deploy", v2.toString());
        assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(1);
        assertThat(blocked.err())
                .contains("FileInstall did not install it")
                .contains("it waits for t.hangs")
                .contains("the running version 2.0.1 stays, and deploy/ holds its jar again");
        assertThat(home.resolve("deploy/armature.example.greeter.jar")).hasSameBinaryContentAs(v1);
        c.awaitMessage(
                topics.status(),
                n -> n.path("ready").asBoolean() && !n.toString().contains("t.hangs"),
                WAIT);
        assertThat(bundle(c.statusJson(), "t.hangs").isMissingNode()).isTrue();
        assertThat(bundle(c.statusJson(), "armature.example.greeter").path("version").asText())
                .isEqualTo("2.0.1");
        assertThat(c.cli("undeploy", "armature.example.greeter").exit()).isZero();
    }

    private static JsonNode bundle(JsonNode status, String bsn) {
        for (JsonNode b : status.path("bundles")) {
            if (b.path("symbolicName").asText().equals(bsn)) {
                return b;
            }
        }
        return ContainerProcess.JSON.missingNode();
    }

    private JsonNode loopComponent() throws Exception {
        return ContainerProcess.component(c.statusJson(), "armature.control");
    }

    private long ticksNow() throws Exception {
        return c.awaitMessage(loop.statistics(), n -> n.path("supervisor").has("ticks"), WAIT)
                .path("supervisor")
                .path("ticks")
                .asLong();
    }

    /**
     * The loop component is ACTIVE (the same activation when {@code componentId} is not -1), its
     * configuration holds {@code rateHz}, and it still publishes statistics with a tick count
     * beyond {@code ticksBefore}.
     */
    private void assertLoopRunsOn(long componentId, long ticksBefore, double rateHz)
            throws Exception {
        JsonNode loopComponent = loopComponent();
        assertThat(loopComponent.path("state").asText()).isEqualTo("ACTIVE");
        if (componentId != -1) {
            assertThat(loopComponent.path("id").asLong())
                    .as("not restarted")
                    .isEqualTo(componentId);
        }
        assertThat(
                        c.cliJson("config", "get", LOOP_PID)
                                .path("properties")
                                .path("rateHz")
                                .asDouble())
                .isEqualTo(rateHz);
        c.awaitMessage(
                loop.statistics(),
                n -> n.path("supervisor").path("ticks").asLong() > ticksBefore + 100,
                WAIT);
    }
}
