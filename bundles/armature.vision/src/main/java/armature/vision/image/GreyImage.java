package armature.vision.image;

/**
 * A decoded 8-bit grey image, rows top to bottom, no padding. The detectors work on grey; colour
 * frames are converted with the Rec. 601 luma weights.
 *
 * @param widthPx width, pixels
 * @param heightPx height, pixels
 * @param pixels {@code widthPx * heightPx} bytes, 0 black to 255 white (not copied)
 */
public record GreyImage(int widthPx, int heightPx, byte[] pixels) {
    public GreyImage {
        if (widthPx < 1 || heightPx < 1 || pixels.length != (long) widthPx * heightPx) {
            throw new IllegalArgumentException(
                    "a "
                            + widthPx
                            + "x"
                            + heightPx
                            + " grey image needs "
                            + (long) widthPx * heightPx
                            + " bytes, not "
                            + pixels.length);
        }
    }

    /** The grey value 0..255 at (x, y). */
    public int at(int x, int y) {
        return pixels[y * widthPx + x] & 0xff;
    }
}
