package armature.driver.dynamixel.emulator;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves a {@link ServoChainEmulator} on a serial device (typically one end of a socat pty pair).
 * One thread reads instructions, hands them to the emulator and writes the replies at the times the
 * emulator asks for. If the device vanishes the server closes it and keeps trying to reopen the
 * same path until {@link #close()}.
 */
public final class PtyEmulatorServer implements AutoCloseable {
    private static final long REOPEN_POLL_NANOS = 5_000_000;

    /** Below this, waits spin: parking has ~50-100 us of wake-up jitter. */
    private static final long SPIN_BELOW_NANOS = 60_000;

    private static final long COALESCE_NANOS = 250_000;

    private final String path;
    private final int baudRate;
    private final ServoChainEmulator emulator;
    private final Thread thread;
    private final AtomicLong opens = new AtomicLong();
    private final CountDownLatch firstOpen = new CountDownLatch(1);
    private volatile boolean running = true;

    public PtyEmulatorServer(String path, int baudRate, ServoChainEmulator emulator) {
        this.path = path;
        this.baudRate = baudRate;
        this.emulator = emulator;
        this.thread = new Thread(this::serve, "dynamixel-emulator " + path);
        this.thread.setDaemon(true);
    }

    /** Starts serving; returns at once. */
    public PtyEmulatorServer start() {
        thread.start();
        return this;
    }

    public ServoChainEmulator emulator() {
        return emulator;
    }

    /** How many times the device has been opened (1 after start, +1 per reopen). */
    public long openCount() {
        return opens.get();
    }

    /** Waits until the device has been opened the first time. */
    public boolean awaitOpen(long timeout, TimeUnit unit) throws InterruptedException {
        return firstOpen.await(timeout, unit);
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (running) {
            SerialPort port = tryOpen();
            if (port == null) {
                LockSupport.parkNanos(REOPEN_POLL_NANOS);
                continue;
            }
            try {
                while (running) {
                    int n = port.readBytes(buf, buf.length);
                    if (n < 0 || (n == 0 && !Files.exists(Path.of(path)))) {
                        break; // device gone
                    }
                    if (n > 0 && !send(port, emulator.receive(buf, 0, n))) {
                        break;
                    }
                    emulator.tick();
                }
            } finally {
                port.closePort();
            }
        }
    }

    private SerialPort tryOpen() {
        if (!Files.exists(Path.of(path))) {
            return null;
        }
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 1, 0);
        if (!port.openPort()) {
            return null;
        }
        opens.incrementAndGet();
        firstOpen.countDown();
        return port;
    }

    /**
     * Writes the transmissions at their due times. Transmissions due within {@link #COALESCE_NANOS}
     * of each other go out in one write at the later due time, the way a USB adapter delivers bus
     * bytes in bursts; this keeps the emulator from spinning a core for the whole reply train at 4
     * Mbps while total timing stays that of the emulated wire.
     */
    private boolean send(SerialPort port, List<Transmission> transmissions) {
        long at = System.nanoTime();
        int i = 0;
        while (i < transmissions.size()) {
            long groupDue = at + transmissions.get(i).delayNanos();
            int j = i + 1;
            long due = groupDue;
            while (j < transmissions.size()
                    && due + transmissions.get(j).delayNanos() - groupDue < COALESCE_NANOS) {
                due += transmissions.get(j).delayNanos();
                j++;
            }
            waitUntil(due);
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int k = i; k < j; k++) {
                burst.writeBytes(transmissions.get(k).bytes());
            }
            if (!writeAll(port, burst.toByteArray())) {
                return false;
            }
            at = due;
            i = j;
        }
        return true;
    }

    private boolean writeAll(SerialPort port, byte[] b) {
        int done = 0;
        while (done < b.length) {
            int w = port.writeBytes(b, b.length - done, done);
            if (w < 0 || (w == 0 && !Files.exists(Path.of(path)))) {
                return false; // a vanished pty accepts nothing but does not fail either
            }
            done += w;
        }
        return true;
    }

    /** Emulates bus timing: not a synchronisation wait, the delay is the behaviour under test. */
    private static void waitUntil(long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > SPIN_BELOW_NANOS) {
                LockSupport.parkNanos(left - SPIN_BELOW_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
