package armature.driver.dynamixel.protocol;

/**
 * CRC-16 as used by Dynamixel Protocol 2.0 (polynomial 0x8005, initial value 0, no reflection, no
 * final XOR; also known as CRC-16/BUYPASS). Table-driven because the chain computes it for every
 * byte of every packet at up to 4 Mbps.
 */
public final class Crc16 {
    private static final int POLYNOMIAL = 0x8005;
    private static final int[] TABLE = buildTable();

    private Crc16() {}

    private static int[] buildTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
            table[i] = crc & 0xFFFF;
        }
        return table;
    }

    /** Continues a CRC over {@code length} bytes of {@code data} starting at {@code offset}. */
    public static int update(int crc, byte[] data, int offset, int length) {
        int c = crc & 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            int index = ((c >>> 8) ^ data[i]) & 0xFF;
            c = ((c << 8) ^ TABLE[index]) & 0xFFFF;
        }
        return c;
    }

    /** CRC of {@code length} bytes of {@code data} starting at {@code offset}. */
    public static int compute(byte[] data, int offset, int length) {
        return update(0, data, offset, length);
    }
}
