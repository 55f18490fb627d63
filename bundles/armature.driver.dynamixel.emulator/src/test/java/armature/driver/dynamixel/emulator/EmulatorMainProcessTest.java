package armature.driver.dynamixel.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone main, started as its own JVM process, serves a pty like a real chain. */
class EmulatorMainProcessTest {

    @Test
    void standaloneEmulatorAnswersBroadcastPingFromEveryServo(@TempDir Path dir) throws Exception {
        SocatSupport.requireSocat();
        try (PtyPair pty = PtyPair.start(dir, 5, TimeUnit.SECONDS)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process emulator =
                    new ProcessBuilder(
                                    java.toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    EmulatorMain.class.getName(),
                                    pty.devicePath(),
                                    "1000000",
                                    "1-3")
                            .redirectErrorStream(true)
                            .start();
            try {
                // The main prints its banner once the server thread is started.
                BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(
                                        emulator.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).startsWith("emulating 3 X-series servos");
                SerialPort host = SerialPort.getCommPort(pty.hostPath());
                host.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 3000, 0);
                assertThat(host.openPort()).isTrue();
                try {
                    // Broadcast ping from the e-manual; each servo answers with a 14-byte status
                    // packet.
                    byte[] ping = Bytes.hex("FF FF FD 00 FE 03 00 01 31 42");
                    byte[] reply = new byte[3 * 14];
                    int got = 0;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    // The server may still be opening its end: resend until the first bytes arrive.
                    while (got == 0 && System.nanoTime() < deadline) {
                        host.writeBytes(ping, ping.length);
                        host.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
                        int n = host.readBytes(reply, reply.length);
                        got = Math.max(n, 0);
                    }
                    host.setComPortTimeouts(SerialPort.TIMEOUT_READ_BLOCKING, 3000, 0);
                    while (got < reply.length) {
                        int n = host.readBytes(reply, reply.length - got, got);
                        assertThat(n).as("bytes after %d", got).isPositive();
                        got += n;
                    }
                    for (int i = 0; i < 3; i++) {
                        assertThat(reply[i * 14 + 4]).isEqualTo((byte) (i + 1));
                        assertThat(WireFormat.crc(reply, i * 14, i * 14 + 12))
                                .isEqualTo(WireFormat.u16(reply, i * 14 + 12));
                    }
                } finally {
                    host.closePort();
                }
            } finally {
                emulator.destroy();
                assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
