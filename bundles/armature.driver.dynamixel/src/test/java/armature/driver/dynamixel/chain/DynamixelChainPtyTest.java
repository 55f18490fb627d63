package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.driver.dynamixel.controltable.HardwareError;
import armature.driver.dynamixel.controltable.XUnits;
import armature.driver.dynamixel.emulator.Fault;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver against the independent emulator over a real socat pty pair. Hosts allow 500 ms of
 * scheduling latency (stalls of 100+ ms were seen at load 8 on 2 cores) unless a test is about
 * timeouts, so a loaded CI machine does not cause false failures.
 */
class DynamixelChainPtyTest {
    private static final int GENEROUS_HOST_LATENCY_MICROS = 500_000;

    @TempDir Path dir;

    private ChainRig rig(int servos, int baud) throws Exception {
        return ChainRig.start(
                dir,
                ChainRig.ids(servos),
                baud,
                0,
                ChainRig.config(baud, 0, GENEROUS_HOST_LATENCY_MICROS));
    }

    @Test
    void sixteenServosFollowGoalPositionsAt4Mbps() throws Exception {
        try (ChainRig r = rig(16, 4_000_000)) {
            assertThat(r.chain.open().ok()).isTrue();
            assertThat(r.chain.setTorque(true).ok()).isTrue();
            double[] goal = new double[16];
            for (int i = 0; i < 16; i++) {
                goal[i] = -0.8 + 0.1 * i;
            }
            assertThat(r.chain.writeGoalPositions(goal).ok()).isTrue();
            // Position quantum is 2pi/4096 = 1.5 mrad; the first-order model settles exactly on the
            // goal count.
            r.cycleUntil(
                    rep -> {
                        if (!rep.ok()) {
                            return false;
                        }
                        for (int i = 0; i < 16; i++) {
                            if (Math.abs(r.positionRad[i] - goal[i]) > 0.002) {
                                return false;
                            }
                        }
                        return true;
                    },
                    5_000);
            List<JointConfig> joints = r.chain.config().joints();
            for (int i = 0; i < 16; i++) {
                assertThat(r.emulator.goalPositionRaw(i + 1))
                        .isEqualTo(joints.get(i).rawPosition(goal[i]));
                assertThat(r.positionRad[i]).isCloseTo(goal[i], within(0.002));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {57_600, 1_000_000, 4_000_000})
    void cyclesAtSeveralBaudRates(int baud) throws Exception {
        try (ChainRig r = rig(4, baud)) {
            assertThat(r.chain.open().ok()).isTrue();
            for (int cycle = 0; cycle < 20; cycle++) {
                CycleReport rep = r.read();
                assertThat(rep.ok()).as("cycle %d: %s", cycle, rep).isTrue();
                assertThat(rep.events()).isEmpty();
                assertThat(r.positionRad[0]).isCloseTo(0.0, within(1e-9));
                assertThat(r.chain.writeGoalPositions(new double[4]).ok()).isTrue();
            }
        }
    }

    @Test
    void timeoutsFollowTheConfiguredBaudRateNotThePty() throws Exception {
        // The emulator paces 16 replies as a 57600 bps bus would (~63 ms per sync read).
        int[] ids = ChainRig.ids(16);
        // Deadline 63.5 ms of wire + 30 ms allowance; without the wire term it would be 30 ms and
        // miss. A cycle may still miss on a loaded machine, so one good cycle in 20 is required.
        try (ChainRig r = ChainRig.start(dir, ids, 57_600, 0, ChainRig.config(57_600, 0, 30_000))) {
            r.chain.open();
            int good = 0;
            for (int i = 0; i < 20 && good == 0; i++) {
                good += r.read().ok() ? 1 : 0;
            }
            assertThat(good).isEqualTo(1);
        }
        // Same bus, but the host believes it runs at 4 Mbps: its deadline (0.9 ms + 5 ms) passes
        // long before the later servos' replies have crossed a 57600 bps wire.
        try (ChainRig r =
                ChainRig.start(dir, ids, 57_600, 0, ChainRig.config(4_000_000, 0, 5_000))) {
            r.chain.open();
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).contains(16);
            assertThat(rep.has(BusEvent.Kind.NO_REPLY)).isTrue();
        }
    }

    @Test
    void silentServoCostsTheComputedTimeout() throws Exception {
        try (ChainRig r =
                ChainRig.start(
                        dir, ChainRig.ids(4), 57_600, 0, ChainRig.config(57_600, 0, 200_000))) {
            r.chain.open();
            r.emulator.setResponding(4, false);
            long timeout =
                    r.chain
                            .config()
                            .timing()
                            .transactionTimeoutNanos(7 + 1 + 4 + 4 + 2, 4, 11 + 10);
            long t0 = System.nanoTime();
            CycleReport rep = r.read();
            long elapsed = System.nanoTime() - t0;
            assertThat(rep.missingIds()).containsExactly(4);
            // ~215 ms of deadline; the upper bound only guards against waiting without a deadline.
            assertThat(elapsed)
                    .isGreaterThanOrEqualTo(timeout)
                    .isLessThan(timeout + 2_000_000_000L);
        }
    }

    @Test
    void returnDelayIsPartOfTheDeadline() throws Exception {
        int[] ids = ChainRig.ids(16);
        // 16 x 500 us of return delay: at least 8 ms before the last reply.
        try (ChainRig r =
                ChainRig.start(
                        dir,
                        ids,
                        4_000_000,
                        500,
                        ChainRig.config(4_000_000, 500, GENEROUS_HOST_LATENCY_MICROS))) {
            assertThat(r.chain.open().ok()).isTrue();
            assertThat(r.read().ok()).isTrue();
        }
        try (ChainRig r =
                ChainRig.start(dir, ids, 4_000_000, 500, ChainRig.config(4_000_000, 0, 2_000))) {
            r.chain.open();
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).contains(16);
        }
    }

    @Test
    void openReportsServosWhoseSettingsDifferFromTheConfig() throws Exception {
        try (ChainRig r =
                ChainRig.start(
                        dir,
                        ChainRig.ids(3),
                        1_000_000,
                        100,
                        ChainRig.config(1_000_000, 0, GENEROUS_HOST_LATENCY_MICROS))) {
            r.emulator.poke(2, 68, 1); // status return level 1 on servo 2
            CycleReport open = r.chain.open();
            assertThat(open.events())
                    .filteredOn(e -> e.kind() == BusEvent.Kind.CONFIG_MISMATCH)
                    .extracting(BusEvent::id)
                    .containsExactly(1, 2, 2, 3);
            assertThat(open.events())
                    .anyMatch(e -> e.detail().contains("Return Delay Time is 100 us"))
                    .anyMatch(e -> e.detail().contains("Status Return Level is 1"));
        }
    }

    @Test
    void crcErrorIsReportedAndTheNextCycleRecovers() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            r.emulator.injectFault(3, Fault.CORRUPT_CRC, 1);
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).containsExactly(3);
            assertThat(rep.has(BusEvent.Kind.CRC_MISMATCH)).isTrue();
            assertThat(r.positionRad[2]).isNaN();
            assertThat(r.positionRad[3]).isNotNaN();
            assertThat(r.read().ok()).isTrue();
        }
    }

    @Test
    void droppedReplyTimesOutForThatServoOnly() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            r.emulator.injectFault(2, Fault.DROP_REPLY, 1);
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).containsExactly(2);
            assertThat(rep.events())
                    .anyMatch(e -> e.kind() == BusEvent.Kind.NO_REPLY && e.id() == 2);
            assertThat(r.read().ok()).isTrue();
        }
    }

    @Test
    void truncatedRepliesAreReported() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            // Last in line: nothing follows, so the parser is left holding half a packet.
            r.emulator.injectFault(8, Fault.TRUNCATE, 1);
            CycleReport last = r.read();
            assertThat(last.missingIds()).containsExactly(8);
            assertThat(last.has(BusEvent.Kind.TRUNCATED)).isTrue();
            // In the middle: the next reply's bytes complete the frame and its CRC fails; the
            // parser resyncs and still finds every later reply.
            r.emulator.injectFault(4, Fault.TRUNCATE, 1);
            CycleReport middle = r.read();
            assertThat(middle.missingIds()).containsExactly(4);
            assertThat(r.read().ok()).isTrue();
        }
    }

    @Test
    void replyFromWrongIdIsReported() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            r.emulator.injectFault(4, Fault.WRONG_ID, 1);
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).containsExactly(4);
            assertThat(rep.events())
                    .anyMatch(e -> e.kind() == BusEvent.Kind.WRONG_ID && e.id() == 252);
            assertThat(r.read().ok()).isTrue();
        }
    }

    @Test
    void repliesSplitWithGapsAreReassembled() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            for (int id = 1; id <= 8; id++) {
                r.emulator.injectFault(id, Fault.SPLIT_WITH_GAPS, 2);
            }
            for (int i = 0; i < 2; i++) {
                CycleReport rep = r.read();
                assertThat(rep.ok()).as(rep.toString()).isTrue();
                assertThat(rep.events()).isEmpty();
            }
        }
    }

    @Test
    void garbageInterleavedWithRepliesIsSkippedAndReported() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            r.emulator.injectFault(1, Fault.GARBAGE_BEFORE, 1);
            r.emulator.injectFault(5, Fault.GARBAGE_BEFORE, 1);
            CycleReport rep = r.read();
            assertThat(rep.missingIds()).isEmpty();
            assertThat(rep.events()).filteredOn(e -> e.kind() == BusEvent.Kind.GARBAGE).hasSize(2);
            assertThat(r.positionRad).doesNotContain(Double.NaN);
        }
    }

    @Test
    void servoThatStopsAnsweringIsReportedById() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            assertThat(r.chain.open().ok()).isTrue();
            r.emulator.setResponding(7, false);
            for (int i = 0; i < 3; i++) {
                CycleReport rep = r.read();
                assertThat(rep.missingIds()).containsExactly(7);
                assertThat(r.positionRad[6]).isNaN();
                assertThat(r.velocityRadPerSec[6]).isNaN();
                assertThat(r.currentAmp[6]).isNaN();
                assertThat(r.positionRad[7]).isNotNaN();
            }
            r.emulator.setResponding(7, true);
            // Back within three cycles: one cycle may still be lost to a late reply of the
            // silence on a loaded machine (seen once with 2 cores busy), never all three.
            CycleReport back = r.read();
            for (int i = 0; i < 2 && !back.ok(); i++) {
                back = r.read();
            }
            assertThat(back.ok()).as(back.toString()).isTrue();
        }
    }

    @Test
    void hardwareAlertIsDecodedOnceAndClearedByReboot() throws Exception {
        try (ChainRig r = rig(8, 4_000_000)) {
            r.chain.open();
            r.emulator.raiseHardwareError(5, 0x04 | 0x20);
            CycleReport first = r.read();
            assertThat(first.hardwareErrors())
                    .isEqualTo(
                            Map.of(5, Set.of(HardwareError.OVERHEATING, HardwareError.OVERLOAD)));
            assertThat(first.events())
                    .filteredOn(e -> e.kind() == BusEvent.Kind.HARDWARE_ALERT)
                    .hasSize(1);
            assertThat(first.missingIds()).isEmpty(); // data still arrives with the alert bit
            CycleReport second = r.read();
            assertThat(second.hardwareErrors()).containsOnlyKeys(5);
            assertThat(second.events()).isEmpty();
            assertThat(r.chain.reboot(5).missingIds()).isEmpty();
            assertThat(r.read().ok()).isTrue();
        }
    }

    @Test
    void busWatchdogStopsServosWhenTheHostGoesQuiet() throws Exception {
        try (ChainRig r = rig(4, 4_000_000)) {
            r.chain.open();
            assertThat(r.chain.setTorque(true).ok()).isTrue();
            assertThat(r.chain.armBusWatchdog(100).ok()).isTrue();
            for (int i = 0; i < 20; i++) {
                assertThat(r.read().ok()).isTrue(); // traffic keeps it fed
            }
            assertThat(r.emulator.torqueEnabled(1)).isTrue();
            long quietSince = System.nanoTime();
            ChainRig.await("watchdog to drop torque", () -> !r.emulator.torqueEnabled(4), 3_000);
            assertThat(System.nanoTime() - quietSince).isGreaterThanOrEqualTo(80_000_000L);
            assertThat(r.emulator.busWatchdogRaw(1)).isEqualTo(255);
            // Goals are refused until the watchdog is cleared.
            r.chain.writeGoalPositions(new double[] {0.3, 0.3, 0.3, 0.3});
            assertThat(r.read().ok()).isTrue();
            assertThat(r.emulator.goalPositionRaw(1)).isEqualTo(XUnits.POSITION_CENTER);
            assertThat(r.chain.disarmBusWatchdog().ok()).isTrue();
            r.chain.writeGoalPositions(new double[] {0.3, 0.3, 0.3, 0.3});
            assertThat(r.read().ok()).isTrue();
            assertThat(r.emulator.goalPositionRaw(1)).isNotEqualTo(XUnits.POSITION_CENTER);
        }
    }

    @Test
    void portThatDisappearsIsReportedAndReopened() throws Exception {
        try (ChainRig r = rig(4, 1_000_000)) {
            assertThat(r.chain.open().ok()).isTrue();
            r.pty.kill();
            CycleReport lost = r.cycleUntil(rep -> rep.has(BusEvent.Kind.PORT_LOST), 5_000);
            assertThat(lost.portOpen()).isFalse();
            assertThat(r.positionRad).containsOnly(Double.NaN);
            assertThat(r.chain.isPortOpen()).isFalse();
            r.pty.restart(5, java.util.concurrent.TimeUnit.SECONDS);
            r.cycleUntil(rep -> rep.has(BusEvent.Kind.PORT_REOPENED), 5_000);
            // The emulator reopens its end too; then cycles succeed again.
            r.cycleUntil(CycleReport::ok, 5_000);
            assertThat(r.server.openCount()).isGreaterThanOrEqualTo(2);
        }
    }
}
