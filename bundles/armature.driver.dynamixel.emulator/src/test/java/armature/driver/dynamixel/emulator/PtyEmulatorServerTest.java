package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server answers raw e-manual bytes over a real socat pty pair. */
class PtyEmulatorServerTest {

    @Test
    void answersManualPingOverPty(@TempDir Path dir) throws Exception {
        SocatSupport.requireSocat();
        try (PtyPair pty = PtyPair.start(dir, 5, TimeUnit.SECONDS);
                PtyEmulatorServer server =
                        new PtyEmulatorServer(
                                        pty.devicePath(),
                                        1_000_000,
                                        ServoChainEmulator.of(
                                                new int[] {1}, 1_000_000, System::nanoTime))
                                .start()) {
            assertThat(server.awaitOpen(5, TimeUnit.SECONDS)).isTrue();
            SerialPort host = SerialPort.getCommPort(pty.hostPath());
            host.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 2000, 0);
            assertThat(host.openPort()).isTrue();
            try {
                byte[] ping = Bytes.hex("FF FF FD 00 01 03 00 01 19 4E");
                host.writeBytes(ping, ping.length);
                byte[] reply = new byte[14];
                int n = host.readBytes(reply, reply.length);
                assertThat(n).isEqualTo(14);
                // XM430-W350 model 1020 (0x03FC), firmware 45 (0x2D); CRC by the emulator's own
                // code
                assertThat(Bytes.hex(reply)).startsWith("FF FF FD 00 01 07 00 55 00 FC 03 2D");
                assertThat(WireFormat.crc(reply, 0, 12)).isEqualTo(WireFormat.u16(reply, 12));
            } finally {
                host.closePort();
            }
        }
    }
}
