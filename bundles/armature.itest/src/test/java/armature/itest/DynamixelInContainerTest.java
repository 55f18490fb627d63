package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The Dynamixel driver's DS component in a real framework, configured through ConfigAdmin, against
 * the servo-chain emulator on the far end of a socat pseudo-terminal pair.
 *
 * <p>The emulator runs on its own thread inside this test bundle (its package is embedded with
 * {@code -conditionalpackage}), not as a bundle of the container and not as a separate process. It
 * is a test fixture, not a platform service: as a bundle it would have to export its package only
 * for the test's sake. Inside the test the assertions read its registers (torque, goal, bus
 * watchdog) directly, which a separate process could only offer through an IPC of its own. The only
 * path between driver and emulator is the kernel pty, exactly as with a U2D2 adapter, so sharing
 * the JVM does not shortcut anything; what it does share (GC, CPU) only matters for timing, which
 * is measured elsewhere (docs/benchmarks/dynamixel.md).
 *
 * <p>The component registers its JointDriver itself, only after the bus opened, so a failed
 * activation leaves no service at all (SCR's own registration would stay behind, handing out null).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DynamixelInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BAUD = 1_000_000;
    private static final int[] IDS = {1, 2, 3};
    private static final String[] NAMES = {"thumb", "index", "middle"};

    private static Path dir;
    private static PtyPair pty;
    private static PtyEmulatorServer server;
    private static ServoChainEmulator emulator;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startEmulator() throws Exception {
        if (PtyPair.findSocat() == null) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("socat is required: apt-get install -y socat");
            }
            Assumptions.assumeTrue(false, "socat not installed: apt-get install -y socat");
        }
        dir = Files.createTempDirectory("armature-itest-dxl");
        pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
        emulator = new ServoChainEmulator(IDS, BAUD, 0, 0.020, System::nanoTime);
        server = new PtyEmulatorServer(pty.devicePath(), BAUD, emulator).start();
        assertThat(server.awaitOpen(5, TimeUnit.SECONDS)).as("emulator opened its pty").isTrue();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @AfterEach
    void deleteDriverConfigurations() throws Exception {
        Configuration[] all =
                configAdmin.listConfigurations("(service.factoryPid=armature.driver.dynamixel)");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            c.delete();
        }
        Scr.await(
                () -> Scr.configurations(scr, "armature.driver.dynamixel").isEmpty(),
                WAIT,
                "no Dynamixel driver configurations left");
    }

    @Test
    void aConfiguredBusBecomesAJointDriverWithTheConfiguredJoints() throws Exception {
        configure("hand", pty.hostPath(), IDS);

        JointDriver driver = awaitDriver("hand");
        assertThat(driver.joints()).extracting(JointDescription::name).containsExactly(NAMES);
        Scr.await(
                scr,
                "armature.driver.dynamixel",
                c -> c.state == ComponentConfigurationDTO.ACTIVE,
                WAIT,
                "driver active");
        // Activation pinged every servo and armed its bus watchdog (100 ms = 5 units of 20 ms). No
        // loop drives the chain here, so the watchdog itself fires 100 ms after the last packet:
        // what the driver wrote is the fact, not the byte it reads now.
        for (int id : IDS) {
            assertThat(emulator.busWatchdogWrittenRaw(id))
                    .as("bus watchdog armed on servo %d", id)
                    .isEqualTo(5);
        }
        int n = IDS.length;
        double[] pos = new double[n];
        int[] flags = new int[n];
        driver.readState(pos, new double[n], new double[n], new double[n], flags);
        assertThat(flags).containsOnly(0);
        // The emulated servos start at their centre, raw 2048 = 0 rad; one count is 1.5 mrad.
        assertThat(pos)
                .containsOnly(new double[] {0.0}, org.assertj.core.api.Assertions.within(0.002));
    }

    @Test
    void anUnknownPortLeavesNoDriverAndSaysWhyWhileTheContainerRuns() throws Exception {
        String missing = dir.resolve("no-such-adapter").toString();
        configure("ghost", missing, IDS);

        ComponentConfigurationDTO failed = awaitFailure("ghost");
        assertThat(failed.failure).contains(missing);
        assertThat(references("ghost")).as("JointDriver services named 'ghost'").isEmpty();
        assertContainerRuns();
    }

    @Test
    void duplicateServoIdsLeaveNoDriverAndNameTheId() throws Exception {
        configure("twins", pty.hostPath(), new int[] {1, 1, 2});

        ComponentConfigurationDTO failed = awaitFailure("twins");
        assertThat(failed.failure).contains("id=1").contains("used by another joint");
        assertThat(references("twins")).as("JointDriver services named 'twins'").isEmpty();
        assertContainerRuns();

        // The same port still serves a correct configuration afterwards.
        configure("hand", pty.hostPath(), IDS);
        assertThat(awaitDriver("hand").joints()).hasSize(3);
    }

    private void configure(String name, String port, int[] ids) throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("armature.driver.name", name);
        p.put("port", port);
        p.put("baudRate", BAUD);
        p.put("ids", ids);
        p.put("jointNames", NAMES);
        // Generous per-transaction allowance: this checks wiring, not timing, on a shared machine.
        p.put("hostLatencyMicros", 200_000);
        configAdmin.getFactoryConfiguration("armature.driver.dynamixel", name, "?").update(p);
    }

    /**
     * The component is immediate and registers its JointDriver only after the bus opened, so a
     * failed activation leaves the DTO in FAILED_ACTIVATION and no service at all.
     */
    private ComponentConfigurationDTO awaitFailure(String name) {
        return Scr.await(
                scr,
                "armature.driver.dynamixel",
                c ->
                        name.equals(c.properties.get("armature.driver.name"))
                                && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION,
                WAIT,
                "driver '" + name + "' failed activation");
    }

    private JointDriver awaitDriver(String name) {
        JointDriver[] found = new JointDriver[1];
        Scr.await(
                () -> {
                    for (ServiceReference<JointDriver> r : references(name)) {
                        found[0] = context.getService(r);
                        if (found[0] != null) {
                            return true;
                        }
                    }
                    return false;
                },
                WAIT,
                "JointDriver '" + name + "'");
        return found[0];
    }

    private Collection<ServiceReference<JointDriver>> references(String name) {
        try {
            return context.getServiceReferences(
                    JointDriver.class, "(armature.driver.name=" + name + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void assertContainerRuns() {
        assertThat(context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("armature.driver")) {
                assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
            }
        }
    }
}
