package armature.launcher;

import java.util.Locale;

/** What the CLI does to text others chose before it reaches a terminal. */
final class Terminal {
    private Terminal() {}

    /**
     * Text a device or another client chose (a topic name, a refused descriptor's frame id quoted
     * in the refusal) as it may reach a terminal: control characters (a newline forging a row, an
     * escape sequence clearing the screen) and the bidirectional overrides that reorder what is
     * shown are written as {@code \\uXXXX}, as the container log writes them.
     */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe =
                    c < 0x20
                            || (c >= 0x7f && c <= 0x9f)
                            || c == 0x200e
                            || c == 0x200f
                            || (c >= 0x202a && c <= 0x202e)
                            || (c >= 0x2066 && c <= 0x2069);
            if (unsafe && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (unsafe) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
