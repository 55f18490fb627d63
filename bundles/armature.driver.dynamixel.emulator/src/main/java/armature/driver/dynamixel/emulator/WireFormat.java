package armature.driver.dynamixel.emulator;

import java.io.ByteArrayOutputStream;

/**
 * The emulator's own Protocol 2.0 framing: a bit-by-bit CRC (deliberately not the driver's
 * table-driven one) and status-packet encoding with byte stuffing. Kept separate from the driver so
 * that a shared misreading of the spec cannot hide in both.
 */
final class WireFormat {
    static final int STATUS = 0x55;
    static final int BROADCAST = 0xFE;

    private WireFormat() {}

    /** CRC-16, polynomial x^16 + x^15 + x^2 + 1, MSB first, initial 0. */
    static int crc(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int k = 0; k < 8; k++) {
                if ((crc & 0x8000) != 0) {
                    crc = ((crc << 1) ^ 0x8005) & 0xFFFF;
                } else {
                    crc = (crc << 1) & 0xFFFF;
                }
            }
        }
        return crc;
    }

    /** A full status packet from {@code id} with the given error byte and data. */
    static byte[] status(int id, int errorByte, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(STATUS);
        body.write(errorByte);
        body.write(data, 0, data.length);
        return frame(id, stuff(body.toByteArray()));
    }

    static byte[] frame(int id, byte[] stuffedBody) {
        int len = stuffedBody.length + 2;
        byte[] out = new byte[7 + len];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFF;
        out[2] = (byte) 0xFD;
        out[3] = 0;
        out[4] = (byte) id;
        out[5] = (byte) (len & 0xFF);
        out[6] = (byte) (len >> 8);
        System.arraycopy(stuffedBody, 0, out, 7, stuffedBody.length);
        int c = crc(out, 0, out.length - 2);
        out[out.length - 2] = (byte) (c & 0xFF);
        out[out.length - 1] = (byte) (c >> 8);
        return out;
    }

    /** Inserts FD after every FF FF FD (looking back at the bytes already written). */
    static byte[] stuff(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
        byte[] written = new byte[body.length * 2];
        int n = 0;
        for (byte b : body) {
            written[n++] = b;
            out.write(b);
            if (n >= 3
                    && written[n - 1] == (byte) 0xFD
                    && written[n - 2] == (byte) 0xFF
                    && written[n - 3] == (byte) 0xFF) {
                out.write(0xFD);
                // The stuffing byte breaks the pattern, so forget the history.
                n = 0;
            }
        }
        return out.toByteArray();
    }

    /** Removes stuffing: drops the FD that follows each FF FF FD. */
    static byte[] unstuff(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int ff = 0;
        for (int i = from; i < to; i++) {
            int v = data[i] & 0xFF;
            out.write(v);
            if (v == 0xFD && ff >= 2) {
                if (i + 1 < to && (data[i + 1] & 0xFF) == 0xFD) {
                    i++;
                }
                ff = 0;
            } else if (v == 0xFF) {
                ff++;
            } else {
                ff = 0;
            }
        }
        return out.toByteArray();
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }
}
