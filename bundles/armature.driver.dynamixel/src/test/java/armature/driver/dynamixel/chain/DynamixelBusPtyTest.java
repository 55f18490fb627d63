package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.driver.dynamixel.controltable.XControlTable;
import armature.driver.dynamixel.emulator.Fault;
import armature.driver.dynamixel.emulator.PtyEmulatorServer;
import armature.driver.dynamixel.emulator.PtyPair;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import armature.driver.dynamixel.protocol.InstructionPackets.BulkReadEntry;
import armature.driver.dynamixel.protocol.StatusError;
import armature.driver.dynamixel.protocol.StatusPacket;
import armature.driver.dynamixel.serial.BusTiming;
import armature.driver.dynamixel.serial.JSerialCommLink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-servo and bulk instructions through DynamixelBus over a real pty. */
class DynamixelBusPtyTest {
    @TempDir Path dir;
    private PtyPair pty;
    private ServoChainEmulator emulator;
    private PtyEmulatorServer server;
    private JSerialCommLink link;
    private DynamixelBus bus;

    @BeforeEach
    void start() throws Exception {
        ChainRig.requireSocat();
        pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
        emulator = new ServoChainEmulator(new int[] {1, 2}, 1_000_000, 0, 0.01, System::nanoTime);
        server = new PtyEmulatorServer(pty.devicePath(), 1_000_000, emulator).start();
        assertThat(server.awaitOpen(5, TimeUnit.SECONDS)).isTrue();
        link = JSerialCommLink.open(pty.hostPath(), 1_000_000);
        bus = new DynamixelBus(link, new BusTiming(1_000_000, 0, 500_000), System::nanoTime);
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    /** A port this process has open already is refused in words, not as an error number. */
    @Test
    void aSecondOpenOfTheSamePortSaysItIsOpenAlready() {
        assertThatThrownBy(() -> JSerialCommLink.open(pty.hostPath(), 1_000_000))
                .hasMessageContaining("cannot open serial device " + pty.hostPath())
                .hasMessageContaining("this container has it open already");
    }

    @Test
    void pingReturnsModelAndFirmware() throws Exception {
        StatusPacket p = bus.ping(2);
        assertThat(p.id()).isEqualTo(2);
        assertThat(p.paramUnsigned(0, 2)).isEqualTo(1020);
    }

    @Test
    void writeThenReadBack() throws Exception {
        bus.write(
                1,
                XControlTable.GOAL_POSITION.address(),
                XControlTable.GOAL_POSITION.encode(1000),
                true);
        StatusPacket r = bus.read(1, XControlTable.GOAL_POSITION.address(), 4);
        assertThat(XControlTable.GOAL_POSITION.decode(r.params(), 0)).isEqualTo(1000);
    }

    @Test
    void statusErrorsAreNamed() {
        // Operating mode is EEPROM: refused with torque on.
        assertThatThrownBy(
                        () -> {
                            bus.write(1, 64, new byte[] {1}, true);
                            bus.write(
                                    1,
                                    XControlTable.OPERATING_MODE.address(),
                                    new byte[] {1},
                                    true);
                        })
                .isInstanceOfSatisfying(
                        DynamixelCommException.class,
                        e -> {
                            assertThat(e.event().kind()).isEqualTo(BusEvent.Kind.STATUS_ERROR);
                            assertThat(e.getMessage())
                                    .contains(StatusError.ACCESS_ERROR.description());
                        });
        // Goal position beyond the position limit: data limit error.
        assertThatThrownBy(() -> bus.write(1, 116, XControlTable.GOAL_POSITION.encode(5000), true))
                .hasMessageContaining("data limit error");
    }

    @Test
    void unicastTimeoutAndCrcFaultsAreNamed() {
        emulator.setResponding(2, false);
        assertThatThrownBy(() -> bus.ping(2))
                .isInstanceOfSatisfying(
                        DynamixelCommException.class,
                        e -> assertThat(e.event().kind()).isEqualTo(BusEvent.Kind.NO_REPLY));
        emulator.injectFault(1, Fault.CORRUPT_CRC, 1);
        assertThatThrownBy(() -> bus.ping(1))
                .isInstanceOfSatisfying(
                        DynamixelCommException.class,
                        e -> assertThat(e.event().kind()).isEqualTo(BusEvent.Kind.CRC_MISMATCH));
    }

    @Test
    void bulkReadOfManualExample() throws Exception {
        emulator.poke(1, 144, 119);
        StatusPacket[] replies = new StatusPacket[2];
        List<BusEvent> events = new ArrayList<>();
        bus.bulkRead(
                List.of(new BulkReadEntry(1, 144, 2), new BulkReadEntry(2, 146, 1)),
                replies,
                events);
        assertThat(events).isEmpty();
        assertThat(replies[0].paramUnsigned(0, 2)).isEqualTo(119); // 11.9 V
        assertThat(replies[1].paramUnsigned(0, 1)).isEqualTo(36); // 36 degC
    }
}
