package armature.vision.api;

import java.util.Arrays;
import java.util.Locale;

/** How the bytes of an {@link ImageFrame} are encoded. */
public enum ImageEncoding {
    /** Rows top to bottom, pixels left to right, no padding, as the pixel format says. */
    RAW("application/octet-stream"),
    PNG("image/png"),
    JPEG("image/jpeg");

    private final String contentType;

    ImageEncoding(String contentType) {
        this.contentType = contentType;
    }

    /** The MQTT 5 content type of a frame in this encoding. */
    public String contentType() {
        return contentType;
    }

    /** The wire name, e.g. {@code png}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static ImageEncoding ofWireName(String s) {
        for (ImageEncoding e : values()) {
            if (e.wireName().equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "image encoding '"
                        + s
                        + "' is unknown; allowed: "
                        + Arrays.stream(values()).map(ImageEncoding::wireName).toList());
    }
}
