package armature.vision.api;

import java.util.Arrays;
import java.util.Locale;

/** How a decoded pixel is stored. */
public enum PixelFormat {
    /** One byte per pixel, 0 black to 255 white. */
    GREY8(1),
    /** Three bytes per pixel, red, green, blue, 0 to 255 each. */
    RGB8(3);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** The wire name, e.g. {@code grey8}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static PixelFormat ofWireName(String s) {
        for (PixelFormat f : values()) {
            if (f.wireName().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "pixel format '"
                        + s
                        + "' is unknown; allowed: "
                        + Arrays.stream(values()).map(PixelFormat::wireName).toList());
    }
}
