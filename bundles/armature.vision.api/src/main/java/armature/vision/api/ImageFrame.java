package armature.vision.api;

import java.util.Objects;

/**
 * One image from one camera. For {@link ImageEncoding#RAW} the data holds exactly {@code widthPx *
 * heightPx * format.bytesPerPixel()} bytes; for PNG and JPEG it holds the file, whose size a
 * decoder checks against {@code widthPx x heightPx} (a frame that does not match is refused, not
 * rescaled).
 *
 * @param cameraId the camera id (one topic level)
 * @param timestampNs when the exposure was taken, nanoseconds since the Unix epoch (>= 0)
 * @param format the pixel format after decoding
 * @param encoding how {@code data} is encoded
 * @param widthPx width, pixels (1..65535)
 * @param heightPx height, pixels (1..65535)
 * @param data the encoded bytes (not copied: producers hand over a buffer they no longer touch)
 */
public record ImageFrame(
        String cameraId,
        long timestampNs,
        PixelFormat format,
        ImageEncoding encoding,
        int widthPx,
        int heightPx,
        byte[] data) {
    public ImageFrame {
        Checks.name("cameraId", cameraId);
        if (timestampNs < 0) {
            throw new IllegalArgumentException(
                    "timestampNs is " + timestampNs + "; allowed: >= 0 (ns since the Unix epoch)");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(encoding, "encoding");
        Checks.positive("widthPx", widthPx, CameraIntrinsics.MAX_SIZE_PX);
        Checks.positive("heightPx", heightPx, CameraIntrinsics.MAX_SIZE_PX);
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("data is empty; allowed: the encoded image");
        }
        if (encoding == ImageEncoding.RAW) {
            long expected = (long) widthPx * heightPx * format.bytesPerPixel();
            if (data.length != expected) {
                throw new IllegalArgumentException(
                        "data has "
                                + data.length
                                + " bytes; allowed for a raw "
                                + format.wireName()
                                + " "
                                + widthPx
                                + "x"
                                + heightPx
                                + " frame: exactly "
                                + expected);
            }
        }
    }

    @Override
    public String toString() {
        return "ImageFrame["
                + cameraId
                + " @"
                + timestampNs
                + " ns, "
                + format.wireName()
                + " "
                + encoding.wireName()
                + " "
                + widthPx
                + "x"
                + heightPx
                + ", "
                + data.length
                + " bytes]";
    }
}
