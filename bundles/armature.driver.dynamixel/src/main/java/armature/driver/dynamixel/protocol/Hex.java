package armature.driver.dynamixel.protocol;

/** Hex formatting for error messages and logs. */
public final class Hex {
    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private Hex() {}

    /** "FF FF FD 00 ..." for the given bytes. */
    public static String format(byte[] data, int offset, int length) {
        StringBuilder sb = new StringBuilder(length * 3);
        for (int i = offset; i < offset + length; i++) {
            if (i > offset) {
                sb.append(' ');
            }
            sb.append(DIGITS[(data[i] >> 4) & 0xF]).append(DIGITS[data[i] & 0xF]);
        }
        return sb.toString();
    }

    public static String format(byte[] data) {
        return format(data, 0, data.length);
    }

    /** Parses "FF FF FD 00" (whitespace separated, case-insensitive) into bytes. */
    public static byte[] parse(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }
}
