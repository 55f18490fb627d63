package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * Container management (armature.management) in a real Felix framework with SCR, ConfigAdmin,
 * FileInstall and MetaType, driven only through its bus requests (Mosquitto), its deploy/ and
 * config/ folders: configuration checked against metadata and rolled back when a component refuses
 * it, deploys that never leave a broken version running, readiness, undeploy of a feature's bundle,
 * and the status document. The methods run in order and share the container.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagementInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TUNABLE = TunableComponent.PID + "~t1";
    private static final String REFUSER = "armature.itest.refuser";
    private static final String FEATURE_BUNDLE = "armature.itest.featured";

    private static Mosquitto broker;
    private static MgmtClient mgmt;
    private static Path home;
    private static Path dist;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquitto.startOrSkip();
        BundleContext ctx =
                FrameworkUtil.getBundle(ManagementInContainerTest.class).getBundleContext();
        home = Path.of(ctx.getProperty("armature.home"));
        dist = Path.of(ctx.getProperty("armature.dist"));
        deleteTree(dist);
        Files.createDirectories(dist.resolve("features"));
        Files.createDirectories(dist.resolve("repository"));
        for (String folder : List.of("deploy", "config")) {
            if (Files.isDirectory(home.resolve(folder))) {
                try (Stream<Path> files = Files.list(home.resolve(folder))) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
            }
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        BundleContext ctx =
                FrameworkUtil.getBundle(ManagementInContainerTest.class).getBundleContext();
        for (Path f : List.of(home.resolve("deploy/" + REFUSER + ".jar"))) {
            Files.deleteIfExists(f);
        }
        ServiceReference<ConfigurationAdmin> ref =
                ctx.getServiceReference(ConfigurationAdmin.class);
        if (ref != null) {
            ConfigurationAdmin cm = ctx.getService(ref);
            Configuration[] all = cm.listConfigurations(null);
            for (Configuration c : all == null ? new Configuration[0] : all) {
                if (c.getPid().equals("armature.bus.paho")
                        || c.getPid().startsWith(TunableComponent.PID)) {
                    c.delete();
                }
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void managementAnswersWithoutATokenAndTheStatusSaysWhatRuns() throws Exception {
        configAdmin
                .getConfiguration("armature.bus.paho", "?")
                .update(Services.props("brokerUrl", broker.url()));
        MessageBus bus = Services.awaitBus(context, broker.url(), WAIT);
        Scr.await(
                scr,
                "armature.management",
                c -> c.state == ComponentConfigurationDTO.ACTIVE,
                WAIT,
                "management active");
        mgmt = new MgmtClient(bus);
        JsonNode status = mgmt.awaitAnswering(WAIT);
        assertThat(status.path("container").asText()).isEqualTo("itest");
        assertThat(status.path("broker").asText()).isEqualTo(broker.url());
        assertThat(status.path("ready").asBoolean()).as(status.toPrettyString()).isTrue();
        assertThat(status.path("problems").isArray()).isTrue();
        assertThat(status.has("brokerStatistics")).isFalse();
        assertThat(status.path("bundles").findValuesAsText("symbolicName"))
                .contains("armature.management", "org.apache.felix.metatype");

        Dictionary<String, Object> p = Services.props("armature.statistics", "broker");
        Supplier<Map<String, Object>> stats = () -> Map.of("connections", 3);
        ServiceRegistration<?> r = context.registerService(Supplier.class, stats, p);
        try {
            Scr.await(
                    () -> status().path("brokerStatistics").path("connections").asInt() == 3,
                    WAIT,
                    "broker statistics in the status");
        } finally {
            r.unregister();
        }
        Scr.await(() -> !status().has("brokerStatistics"), WAIT, "broker statistics gone");
    }

    @Test
    @Order(2)
    void aConfigurationTheMetadataAcceptsIsAppliedAndOnlyThenWritten() throws Exception {
        JsonNode r = mgmt.ok(ManagementOperation.CONFIG_SET, set(TUNABLE, "speedPercent", "40"));
        assertThat(r.path("properties").path("speedPercent").asLong()).isEqualTo(40);
        ComponentConfigurationDTO c = tunable();
        assertThat(c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE);
        assertThat(c.properties.get("speedPercent")).isEqualTo(40L);
        assertThat(tunableFile()).content().contains("speedPercent=L\"40\"");

        // The same value again changes nothing; with reload the component starts again (a camera
        // reading its rewritten intrinsics file), and the reply says so.
        int activations = TunableComponent.ACTIVATIONS.get();
        JsonNode same = mgmt.ok(ManagementOperation.CONFIG_SET, set(TUNABLE, "speedPercent", "40"));
        assertThat(same.path("unchanged").asBoolean()).as(same.toString()).isTrue();
        assertThat(TunableComponent.ACTIVATIONS.get()).isEqualTo(activations);
        JsonNode again =
                mgmt.ok(ManagementOperation.CONFIG_SET, reload(TUNABLE, "speedPercent", "40"));
        assertThat(again.path("reloaded").asBoolean()).as(again.toString()).isTrue();
        assertThat(again.has("unchanged")).isFalse();
        assertThat(again.path("components").get(0).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(TunableComponent.ACTIVATIONS.get()).isEqualTo(activations + 1);
        // A reload the component refuses (what it reads went bad): the values stay, and the
        // reply says the component stays refused rather than that anything was put back.
        TunableComponent.refuseWhatItReads = true;
        try {
            String why =
                    mgmt.refused(
                            ManagementOperation.CONFIG_SET, reload(TUNABLE, "speedPercent", "40"));
            assertThat(why)
                    .contains("what it reads is bad")
                    .contains("its values were already in force and stay so")
                    .doesNotContain("previous configuration");
        } finally {
            TunableComponent.refuseWhatItReads = false;
        }
        JsonNode mended =
                mgmt.ok(ManagementOperation.CONFIG_SET, reload(TUNABLE, "speedPercent", "40"));
        assertThat(mended.path("components").get(0).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(
                        mgmt.refused(
                                ManagementOperation.CONFIG_SET,
                                Map.of(
                                        "pid",
                                        TUNABLE,
                                        "properties",
                                        Map.of("speedPercent", "40"),
                                        "reload",
                                        "yes")))
                .contains("'reload'")
                .contains("allowed: true or false");
    }

    @Test
    @Order(3)
    void valuesKeysAndPidsTheMetadataRefusesAreNeitherAppliedNorWritten() throws Exception {
        byte[] file = Files.readAllBytes(tunableFile());
        long id = tunable().id;

        assertThat(
                        mgmt.refused(
                                ManagementOperation.CONFIG_SET,
                                set(TUNABLE, "speedPercent", "500")))
                .isEqualTo(
                        "configuration key 'speedPercent' = '500' is not allowed for "
                                + TUNABLE
                                + "; allowed: 1 to 100 (Speed [%])");
        assertThat(mgmt.refused(ManagementOperation.CONFIG_SET, set(TUNABLE, "speed", "5")))
                .isEqualTo(
                        "unknown configuration key 'speed' for "
                                + TUNABLE
                                + "; known keys: [mode, speedPercent]");
        assertThat(mgmt.refused(ManagementOperation.CONFIG_SET, set(TUNABLE, "speedPercent", "x")))
                .contains("'speedPercent' = 'x'")
                .contains("Long");
        assertThat(
                        mgmt.refused(
                                ManagementOperation.CONFIG_SET,
                                set("armature.itest.nothing", "a", "1")))
                .startsWith("unknown configuration PID 'armature.itest.nothing'; known PIDs: [")
                .contains(TunableComponent.PID + "~NAME", TUNABLE, "armature.bus.paho");
        assertThat(
                        mgmt.refused(
                                ManagementOperation.CONFIG_SET,
                                set(TunableComponent.PID, "speedPercent", "5")))
                .contains("is a factory PID")
                .contains(TUNABLE);

        assertThat(Files.readAllBytes(tunableFile())).as("file unchanged").isEqualTo(file);
        assertThat(tunable().id).as("component not restarted").isEqualTo(id);
        assertThat(tunable().properties.get("speedPercent")).isEqualTo(40L);
    }

    @Test
    @Order(4)
    void aValueTheComponentRefusesAtActivationIsUndoneAndTheComponentRunsOnItsOldConfiguration()
            throws Exception {
        byte[] file = Files.readAllBytes(tunableFile());
        String reason =
                mgmt.refused(ManagementOperation.CONFIG_SET, set(TUNABLE, "mode", "refuse"));
        assertThat(reason)
                .contains("was refused by component " + TunableComponent.PID)
                .contains("mode = 'refuse'; allowed: anything else")
                .contains("the previous configuration is in force again")
                .contains("is ACTIVE");
        assertThat(Files.readAllBytes(tunableFile())).as("file unchanged").isEqualTo(file);
        ComponentConfigurationDTO c = tunable();
        assertThat(c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE);
        assertThat(c.properties.get("mode"))
                .as("mode not configured again: the component's default")
                .isEqualTo("normal");
        assertThat(c.properties.get("speedPercent")).isEqualTo(40L);
        assertThat(
                        mgmt.ok(ManagementOperation.CONFIG_GET, Map.of("pid", TUNABLE))
                                .path("properties")
                                .has("mode"))
                .isFalse();
    }

    @Test
    @Order(5)
    void aDeployThatFailsAnywhereLeavesTheRunningVersionAndDeployFolderAsTheyWere()
            throws Exception {
        byte[] v1 = TestBundles.refuser(REFUSER, "1.0.0", false, null);
        JsonNode d = mgmt.deploy(v1);
        assertThat(d.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(d.path("components").get(0).path("state").asText()).isEqualTo("ACTIVE");
        Bundle running = bundle(REFUSER);
        long componentId = Scr.configurations(scr, REFUSER).get(0).id;

        String cut =
                mgmt.deployRefused(
                        TestBundles.truncated(
                                TestBundles.refuser(REFUSER, "2.0.0", false, null), 40));
        assertThat(cut).startsWith("not a bundle:").contains("truncated");
        String crc =
                mgmt.deployRefused(
                        TestBundles.corrupted(TestBundles.refuser(REFUSER, "2.0.0", false, null)));
        assertThat(crc).contains("entry 'data/payload.txt' is corrupt");
        assertThat(Scr.configurations(scr, REFUSER).get(0).id)
                .as("a jar refused before anything was touched restarts nothing")
                .isEqualTo(componentId);

        String unresolved =
                mgmt.deployRefused(
                        TestBundles.refuser(REFUSER, "2.0.0", false, "org.nowhere.missing"));
        assertThat(unresolved)
                .contains("2.0.0 was not deployed: it does not resolve")
                .contains("org.nowhere.missing")
                .contains("the previous version 1.0.0 is running again");
        assertRunning(running, v1);

        String refusing = mgmt.deployRefused(TestBundles.refuser(REFUSER, "2.0.0", true, null));
        assertThat(refusing)
                .contains("component " + REFUSER + " failed to activate")
                .contains("version 2.0.0 refuses to activate")
                .contains("the previous version 1.0.0 is running again");
        assertRunning(running, v1);
    }

    @Test
    @Order(6)
    void aNewBundleThatFailsLeavesNothingInstalledAndNoJarInDeploy() throws Exception {
        String newcomer = "armature.itest.newcomer";
        String reason = mgmt.deployRefused(TestBundles.refuser(newcomer, "1.0.0", true, null));
        assertThat(reason).contains("failed to activate").contains("nothing stays installed");
        assertThat(bundleOrNull(newcomer)).isNull();
        assertThat(home.resolve("deploy/" + newcomer + ".jar")).doesNotExist();
        assertThat(status().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void aHalfWrittenJarInDeployIsAProblemNamedInTheStatus() throws Exception {
        Path half = home.resolve("deploy/half.jar");
        Files.write(
                half,
                TestBundles.truncated(
                        TestBundles.refuser("armature.itest.half", "1.0.0", false, null), 100));
        JsonNode s = status();
        assertThat(s.path("ready").asBoolean()).isFalse();
        assertThat(s.path("notReady").toString()).contains("deploy/half.jar: not a bundle");
        JsonNode p = s.path("problems").get(0);
        assertThat(p.path("kind").asText()).isEqualTo("deploy");
        assertThat(p.path("subject").asText()).isEqualTo("deploy/half.jar");
        Files.delete(half);
        assertThat(status().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(8)
    void anInstalledButUnresolvedBundleMakesTheContainerNotReadyWithTheReason() throws Exception {
        byte[] jar =
                TestBundles.refuser(
                        "armature.itest.unresolved", "1.0.0", false, "org.nowhere.else");
        Bundle b = context.installBundle("itest:unresolved", new ByteArrayInputStream(jar));
        try {
            JsonNode s = status();
            assertThat(s.path("ready").asBoolean()).isFalse();
            assertThat(s.path("notReady").toString())
                    .contains("bundle armature.itest.unresolved is INSTALLED but does not resolve")
                    .contains("org.nowhere.else");
        } finally {
            b.uninstall();
        }
        assertThat(status().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(9)
    void undeployingABundleAnInstalledFeatureNeedsIsRefusedUnlessForced() throws Exception {
        Files.write(
                dist.resolve("repository/" + FEATURE_BUNDLE + "-1.0.0.jar"),
                TestBundles.refuser(FEATURE_BUNDLE, "1.0.0", false, null));
        Files.writeString(
                dist.resolve("features/itest-pair.json"),
                "{\"name\": \"itest-pair\", \"bundles\": [\"" + FEATURE_BUNDLE + "\"]}");
        mgmt.ok(ManagementOperation.FEATURES_INSTALL, Map.of("name", "itest-pair"));
        assertThat(bundle(FEATURE_BUNDLE).getState()).isEqualTo(Bundle.ACTIVE);

        assertThat(
                        mgmt.refused(
                                ManagementOperation.BUNDLES_UNINSTALL,
                                Map.of("bundle", FEATURE_BUNDLE)))
                .contains("needed by installed feature 'itest-pair'")
                .contains("\"force\": true");
        assertThat(bundle(FEATURE_BUNDLE).getState()).isEqualTo(Bundle.ACTIVE);

        JsonNode forced =
                mgmt.ok(
                        ManagementOperation.BUNDLES_UNINSTALL,
                        Map.of("bundle", FEATURE_BUNDLE, "force", true));
        assertThat(forced.path("brokenFeatures").toString()).contains("itest-pair");
        JsonNode s = status();
        assertThat(s.path("ready").asBoolean()).isFalse();
        assertThat(s.path("notReady").toString())
                .contains("feature 'itest-pair' lost bundle " + FEATURE_BUNDLE);

        mgmt.ok(ManagementOperation.FEATURES_UNINSTALL, Map.of("name", "itest-pair"));
        assertThat(status().path("ready").asBoolean()).isTrue();
    }

    @Test
    @Order(10)
    void garbageIsAnsweredEveryTimeButLoggedOnlyOncePerInterval() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("armature.management.ManagementComponent");
        Handler capture =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {
                        records.add(r);
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        log.addHandler(capture);
        try {
            for (int i = 0; i < 20; i++) {
                Message r = mgmt.raw("config/get", "{not json".getBytes(StandardCharsets.UTF_8));
                assertThat(r.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("error");
                assertThat(r.payloadAsString()).contains("malformed request");
            }
            Message unknown = mgmt.raw("reboot-universe", new byte[0]);
            assertThat(unknown.payloadAsString())
                    .contains("unknown management operation 'reboot-universe'");
        } finally {
            log.removeHandler(capture);
        }
        assertThat(records)
                .filteredOn(r -> r.getMessage().contains("refused management request"))
                .as("one line for 21 refusals of garbage within the interval")
                .hasSize(1);
    }

    private void assertRunning(Bundle running, byte[] jar) throws Exception {
        Bundle now = bundle(REFUSER);
        assertThat(now.getBundleId()).isEqualTo(running.getBundleId());
        assertThat(now.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(now.getVersion().toString()).isEqualTo("1.0.0");
        assertThat(Scr.configurations(scr, REFUSER))
                .extracting(c -> c.state)
                .containsExactly(ComponentConfigurationDTO.ACTIVE);
        try (Stream<Path> files = Files.list(home.resolve("deploy"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("deploy/ holds the running version only")
                    .containsExactly(REFUSER + ".jar");
        }
        assertThat(Files.readAllBytes(home.resolve("deploy/" + REFUSER + ".jar"))).isEqualTo(jar);
    }

    private JsonNode status() {
        try {
            return mgmt.ok(ManagementOperation.STATUS, Map.of());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ComponentConfigurationDTO tunable() {
        return Scr.configurations(scr, TunableComponent.PID).stream()
                .filter(c -> TUNABLE.equals(c.properties.get("service.pid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no configuration " + TUNABLE));
    }

    private static Path tunableFile() {
        return home.resolve("config/" + TUNABLE.replace('~', '-') + ".config");
    }

    private static Map<String, Object> set(String pid, String key, String value) {
        return Map.of("pid", pid, "properties", Map.of(key, value));
    }

    /** {@link #set} with {@code reload}: put in force again even when nothing changes. */
    private static Map<String, Object> reload(String pid, String key, String value) {
        return Map.of("pid", pid, "properties", Map.of(key, value), "reload", true);
    }

    private Bundle bundle(String bsn) {
        Bundle b = bundleOrNull(bsn);
        assertThat(b).as("bundle " + bsn).isNotNull();
        return b;
    }

    private Bundle bundleOrNull(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
