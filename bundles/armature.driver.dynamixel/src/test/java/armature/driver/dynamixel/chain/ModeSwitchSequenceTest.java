package armature.driver.dynamixel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import armature.driver.dynamixel.controltable.OperatingMode;
import armature.driver.dynamixel.emulator.ServoChainEmulator;
import armature.driver.dynamixel.emulator.WriteFailure;
import armature.driver.dynamixel.serial.PortLostException;
import armature.driver.dynamixel.serial.SerialLink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order of the bus transactions of a mode switch, recorded on simulated time: the safety of the
 * switch is in this order (hold before torque off, verify before torque on, neutral goal before
 * torque on).
 */
class ModeSwitchSequenceTest {
    private final FakeClock clock = new FakeClock();
    private final ServoChainEmulator emulator =
            ServoChainEmulator.of(new int[] {1}, 4_000_000, clock);
    private final List<String> sent = new ArrayList<>();

    private DynamixelChain chain() throws Exception {
        ChainConfig config =
                new ChainConfig(
                        "loopback", 4_000_000, 0, 1_000, 2, 200, ChainRig.joints(new int[] {1}));
        DynamixelChain chain =
                new DynamixelChain(
                        config,
                        (path, baud) -> new Recording(new LoopbackLink(emulator, clock)),
                        clock);
        assertThat(chain.open().ok()).isTrue();
        assertThat(chain.setTorque(true).ok()).isTrue();
        sent.clear();
        return chain;
    }

    @Test
    void positionToVelocityHoldsSwitchesVerifiesAndRestoresTorque() throws Exception {
        DynamixelChain chain = chain();
        emulator.placeAt(1, 2300);
        assertThat(chain.setOperatingMode(OperatingMode.VELOCITY, null).ok()).isTrue();
        assertThat(sent)
                .containsExactly(
                        "read 64", // torque on?
                        "read 132", // present position
                        "write 116 = 2300", // hold there
                        "write 64 = 0", // torque off
                        "write 11 = 1", // velocity mode
                        "read 11", // verify
                        "write 104 = 0", // neutral goal: stand still
                        "write 64 = 1"); // torque back on
    }

    @Test
    void failedModeWriteEndsWithTorqueOffAndNothingElse() throws Exception {
        DynamixelChain chain = chain();
        emulator.failWrites(1, 11, WriteFailure.REFUSE);
        assertThat(chain.setOperatingMode(OperatingMode.CURRENT, null).ok()).isFalse();
        assertThat(sent)
                .containsExactly(
                        "read 64",
                        "read 132",
                        "write 116 = 2048",
                        "write 64 = 0",
                        "write 11 = 0",
                        "write 64 = 0"); // make sure it stays limp
        assertThat(emulator.torqueEnabled(1)).isFalse();
    }

    /** Decodes each instruction packet the chain sends (no stuffing occurs in these). */
    private final class Recording implements SerialLink {
        private final SerialLink inner;

        Recording(SerialLink inner) {
            this.inner = inner;
        }

        @Override
        public void write(byte[] d, int off, int len) throws PortLostException {
            int instruction = d[off + 7] & 0xFF;
            int address = (d[off + 8] & 0xFF) | (d[off + 9] & 0xFF) << 8;
            if (instruction == 0x02) {
                sent.add("read " + address);
            } else if (instruction == 0x03) {
                long v = 0;
                int dataLen = len - 12;
                for (int i = dataLen - 1; i >= 0; i--) {
                    v = (v << 8) | (d[off + 10 + i] & 0xFF);
                }
                sent.add("write " + address + " = " + v);
            }
            inner.write(d, off, len);
        }

        @Override
        public int read(byte[] b, int off, int len, long timeoutNanos) throws PortLostException {
            return inner.read(b, off, len, timeoutNanos);
        }

        @Override
        public void discardInput() throws PortLostException {
            inner.discardInput();
        }

        @Override
        public String path() {
            return inner.path();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
