package armature.driver.dynamixel.serial;

import com.fazecast.jSerialComm.SerialPort;

/**
 * {@link SerialLink} over jSerialComm. Opened 8N1, no flow control. Reads use jSerialComm's
 * semi-blocking mode with a 1 ms poll so the caller's deadline (often below a millisecond at 4
 * Mbps) is honoured without reconfiguring the port on every read.
 */
public final class JSerialCommLink implements SerialLink {
    private static final int POLL_MILLIS = 1;
    private static final long WRITE_STALL_NANOS = 200_000_000L;

    private final String path;
    private final SerialPort port;

    private JSerialCommLink(String path, SerialPort port) {
        this.path = path;
        this.port = port;
    }

    /**
     * What jSerialComm's error from opening a port means to an operator. Measured with jSerialComm
     * 2.11.4 on Linux: 13 (EACCES) without permission, 11 (EAGAIN, its lock) when another process
     * holds the port, 2 when this process holds it already.
     */
    static String openFailureHint(int error) {
        return switch (error) {
            case 13 ->
                    ": permission denied (the user needs read and write access: on Debian, the"
                            + " group dialout)";
            case 11, 16 -> ": another process has it open";
            case 2 ->
                    ": this container has it open already (another driver configuration on the"
                            + " same port?) or it is gone";
            case 6, 19 -> ": no such device (unplugged?)";
            default -> "";
        };
    }

    /** Opens {@code path} at {@code baudRate}; a pty accepts any rate and ignores it. */
    public static JSerialCommLink open(String path, int baudRate) throws PortLostException {
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
            throw new PortLostException("serial device " + path + " does not exist");
        }
        // A fresh SerialPort each time: after a pty is recreated the link may point elsewhere.
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MILLIS, 0);
        if (!port.openPort()) {
            throw new PortLostException(
                    "cannot open serial device "
                            + path
                            + openFailureHint(port.getLastErrorCode())
                            + " (error "
                            + port.getLastErrorCode()
                            + " at "
                            + port.getLastErrorLocation()
                            + ")");
        }
        return new JSerialCommLink(path, port);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws PortLostException {
        int done = 0;
        long stalledSince = 0;
        while (done < length) {
            int n = port.writeBytes(data, length - done, offset + done);
            if (n < 0) {
                throw new PortLostException("write to " + path + " failed: device gone?");
            }
            if (n == 0) {
                // A vanished pty makes writes return 0 forever instead of failing.
                long now = System.nanoTime();
                if (stalledSince == 0) {
                    stalledSince = now;
                } else if (now - stalledSince > WRITE_STALL_NANOS
                        || !java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                    throw new PortLostException(
                            "write to "
                                    + path
                                    + " stalled with "
                                    + (length - done)
                                    + " byte(s) left");
                }
                Thread.onSpinWait();
            } else {
                stalledSince = 0;
            }
            done += n;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutNanos)
            throws PortLostException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int available = port.bytesAvailable();
            if (available < 0) {
                throw new PortLostException("read from " + path + " failed: device gone?");
            }
            if (available > 0) {
                int n = port.readBytes(buffer, Math.min(available, length), offset);
                if (n < 0) {
                    throw new PortLostException("read from " + path + " failed: device gone?");
                }
                return n;
            }
            if (System.nanoTime() - deadline >= 0) {
                return 0;
            }
            // Semi-blocking: returns as soon as a byte arrives, or after POLL_MILLIS.
            int n = port.readBytes(buffer, length, offset);
            if (n < 0) {
                throw new PortLostException("read from " + path + " failed: device gone?");
            }
            if (n > 0) {
                return n;
            }
            if (!java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                throw new PortLostException("serial device " + path + " disappeared");
            }
        }
    }

    @Override
    public void discardInput() throws PortLostException {
        if (!port.flushIOBuffers()) {
            throw new PortLostException("flush of " + path + " failed: device gone?");
        }
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
