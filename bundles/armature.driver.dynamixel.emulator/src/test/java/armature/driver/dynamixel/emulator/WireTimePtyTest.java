package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bytes over a socat pty pair at 57600 bps, timed with {@link System#nanoTime}: from writing
 * the instruction to holding the complete status packet takes at least what a real wire needs (ADR
 * 0078). Only lower bounds: a loaded machine may always be slower.
 */
class WireTimePtyTest {
    private static final int BAUD = 57600;

    /** 10 bits per byte at 57600 bps: 173.6 us. */
    private static final double BYTE_NANOS = 1e10 / BAUD;

    private static final String READ_PRESENT_POSITION_ID1 =
            "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15";

    @Test
    void aFourByteReadTakesItsTwentyNineBytesOfWireTime(@TempDir Path dir) throws Exception {
        try (Rig rig = new Rig(dir, new int[] {1}, 0)) {
            long nanos = rig.exchange(Bytes.hex(READ_PRESENT_POSITION_ID1), 15);
            // 14-byte instruction + 15-byte status packet = 29 bytes = 5.03 ms
            assertThat(nanos).isGreaterThanOrEqualTo((long) (29 * BYTE_NANOS));
        }
    }

    @Test
    void aSyncWriteOccupiesTheWireBeforeTheReadThatFollowsIt(@TempDir Path dir) throws Exception {
        try (Rig rig = new Rig(dir, new int[] {1, 2}, 0)) {
            byte[] syncWrite =
                    Bytes.hex(
                            "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00"
                                    + " 82 87");
            byte[] read = Bytes.hex(READ_PRESENT_POSITION_ID1);
            byte[] both = new byte[syncWrite.length + read.length];
            System.arraycopy(syncWrite, 0, both, 0, syncWrite.length);
            System.arraycopy(read, 0, both, syncWrite.length, read.length);
            long nanos = rig.exchange(both, 15);
            // 24-byte sync write + 14-byte read + 15-byte status packet = 53 bytes = 9.2 ms
            assertThat(nanos).isGreaterThanOrEqualTo((long) (53 * BYTE_NANOS));
        }
    }

    @Test
    void aSyncReadChargesEveryReplyAndEveryReturnDelay(@TempDir Path dir) throws Exception {
        // Return Delay Time 250 (500 us) on both servos
        try (Rig rig = new Rig(dir, new int[] {1, 2}, 500)) {
            byte[] syncRead = Bytes.hex("FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA");
            long nanos = rig.exchange(syncRead, 30);
            // 16-byte instruction + 2 x (500 us + 15-byte status packet) = 46 bytes + 1 ms
            assertThat(nanos).isGreaterThanOrEqualTo((long) (46 * BYTE_NANOS) + 1_000_000);
        }
    }

    /** Emulator served on one end of a pty, the host on the other. */
    private static final class Rig implements AutoCloseable {
        private final PtyPair pty;
        private final PtyEmulatorServer server;
        private final SerialPort host;

        Rig(Path dir, int[] ids, int returnDelayMicros) throws Exception {
            SocatSupport.requireSocat();
            pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
            server =
                    new PtyEmulatorServer(
                                    pty.devicePath(),
                                    BAUD,
                                    new ServoChainEmulator(
                                            ids, BAUD, returnDelayMicros, 0.02, System::nanoTime))
                            .start();
            assertThat(server.awaitOpen(5, TimeUnit.SECONDS)).isTrue();
            host = SerialPort.getCommPort(pty.hostPath());
            host.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            host.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 2000, 0);
            assertThat(host.openPort()).isTrue();
        }

        /** Nanoseconds from writing {@code out} to holding all {@code replyBytes} reply bytes. */
        long exchange(byte[] out, int replyBytes) {
            byte[] reply = new byte[replyBytes];
            long start = System.nanoTime();
            assertThat(host.writeBytes(out, out.length)).isEqualTo(out.length);
            int got = 0;
            while (got < replyBytes) {
                int n = host.readBytes(reply, replyBytes - got, got);
                assertThat(n).as("reply bytes within 2 s").isPositive();
                got += n;
            }
            long nanos = System.nanoTime() - start;
            assertThat(WireFormat.crc(reply, 0, 13)).isEqualTo(WireFormat.u16(reply, 13));
            return nanos;
        }

        @Override
        public void close() throws Exception {
            host.closePort();
            server.close();
            pty.close();
        }
    }
}
