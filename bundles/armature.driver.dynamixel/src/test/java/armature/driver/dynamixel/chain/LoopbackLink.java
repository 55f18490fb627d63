package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.emulator.ServoChainEmulator;
import armature.driver.dynamixel.emulator.Transmission;
import armature.driver.dynamixel.serial.PortLostException;
import armature.driver.dynamixel.serial.SerialLink;
import java.io.ByteArrayOutputStream;

/**
 * An in-memory link straight into an emulator, on simulated time: a read that finds nothing
 * advances the fake clock by its whole timeout, so deadline logic runs deterministically.
 */
final class LoopbackLink implements SerialLink {
    private final ServoChainEmulator emulator;
    private final FakeClock clock;
    private byte[] pending = new byte[0];
    private int pos;
    boolean unplugged;

    LoopbackLink(ServoChainEmulator emulator, FakeClock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws PortLostException {
        if (unplugged) {
            throw new PortLostException("loopback unplugged");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pending, pos, pending.length - pos);
        for (Transmission t : emulator.receive(data, offset, length)) {
            out.writeBytes(t.bytes());
        }
        pending = out.toByteArray();
        pos = 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutNanos)
            throws PortLostException {
        if (unplugged) {
            throw new PortLostException("loopback unplugged");
        }
        int n = Math.min(length, pending.length - pos);
        if (n == 0) {
            clock.advanceNanos(timeoutNanos);
            return 0;
        }
        System.arraycopy(pending, pos, buffer, offset, n);
        pos += n;
        return n;
    }

    @Override
    public void discardInput() {
        pending = new byte[0];
        pos = 0;
    }

    @Override
    public String path() {
        return "loopback";
    }

    @Override
    public void close() {}
}
