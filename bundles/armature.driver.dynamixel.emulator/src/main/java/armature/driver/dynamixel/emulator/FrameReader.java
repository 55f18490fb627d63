package armature.driver.dynamixel.emulator;

import java.util.ArrayList;
import java.util.List;

/** Collects instruction frames from a byte stream that may arrive in arbitrary pieces. */
final class FrameReader {
    private static final int MAX_LENGTH = 4096;

    private byte[] pending = new byte[0];

    /** Adds bytes and returns every frame now complete (including ones with a bad CRC). */
    List<InstructionFrame> accept(byte[] data, int off, int len) {
        byte[] merged = new byte[pending.length + len];
        System.arraycopy(pending, 0, merged, 0, pending.length);
        System.arraycopy(data, off, merged, pending.length, len);
        List<InstructionFrame> frames = new ArrayList<>();
        int pos = 0;
        while (true) {
            int h = headerAt(merged, pos);
            if (h < 0) {
                // Keep a possible header prefix (at most 3 bytes) for the next call.
                pos = Math.max(pos, merged.length - 3);
                break;
            }
            pos = h;
            if (merged.length - pos < 7) {
                break;
            }
            int len2 = WireFormat.u16(merged, pos + 5);
            if (len2 < 3 || len2 > MAX_LENGTH) {
                pos++;
                continue;
            }
            int total = 7 + len2;
            if (merged.length - pos < total) {
                break;
            }
            int got = WireFormat.u16(merged, pos + total - 2);
            int want = WireFormat.crc(merged, pos, pos + total - 2);
            int id = merged[pos + 4] & 0xFF;
            if (got != want) {
                frames.add(
                        new InstructionFrame(
                                id, merged[pos + 7] & 0xFF, new byte[0], false, total));
                pos++;
                continue;
            }
            byte[] body = WireFormat.unstuff(merged, pos + 7, pos + total - 2);
            byte[] params = new byte[body.length - 1];
            System.arraycopy(body, 1, params, 0, params.length);
            frames.add(new InstructionFrame(id, body[0] & 0xFF, params, true, total));
            pos += total;
        }
        pending = java.util.Arrays.copyOfRange(merged, Math.min(pos, merged.length), merged.length);
        return frames;
    }

    void clear() {
        pending = new byte[0];
    }

    private static int headerAt(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == (byte) 0xFF
                    && b[i + 1] == (byte) 0xFF
                    && b[i + 2] == (byte) 0xFD
                    && b[i + 3] == 0) {
                return i;
            }
        }
        return -1;
    }
}
