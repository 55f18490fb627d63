package armature.driver.dynamixel.emulator;

import java.io.ByteArrayOutputStream;
import java.util.List;

final class Bytes {
    private Bytes() {}

    static byte[] hex(String s) {
        String[] parts = s.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02X", x & 0xFF));
        }
        return sb.toString();
    }

    static byte[] concat(List<Transmission> ts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Transmission t : ts) {
            out.write(t.bytes(), 0, t.bytes().length);
        }
        return out.toByteArray();
    }
}
