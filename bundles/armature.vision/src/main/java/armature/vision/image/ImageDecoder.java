package armature.vision.image;

import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes frames and image files to grey with the JDK's own PNG and JPEG readers (javax.imageio):
 * no native code, nothing to download. A reader's warning (a truncated JPEG decodes to a grey smear
 * with only a warning) is treated as an error, so a damaged image is refused rather than detected
 * in.
 *
 * <p>A few bytes of PNG can declare an image of gigabytes, so the size in the header is checked
 * against the frame's declared size and {@link #MAX_PIXELS} before any pixel is decoded, and the
 * encoded bytes are capped at {@link #MAX_ENCODED_BYTES}.
 */
public final class ImageDecoder {
    /** The most pixels an image may have: 16 megapixels (4096 x 4096). */
    public static final long MAX_PIXELS = 16L * 1024 * 1024;

    /** The most encoded bytes of one image: room for 16 megapixels of RGB, stored uncompressed. */
    public static final int MAX_ENCODED_BYTES = (int) (3 * MAX_PIXELS + (1 << 20));

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageDecoder() {}

    /**
     * Decodes a frame and checks its size.
     *
     * @throws IllegalArgumentException naming the camera and what is wrong: undecodable or
     *     truncated data, an encoding that does not match the bytes, or a size other than declared
     */
    public static GreyImage decode(ImageFrame frame) {
        String what =
                "frame of camera '" + frame.cameraId() + "' (" + frame.encoding().wireName() + ")";
        checkPixels(what, frame.widthPx(), frame.heightPx());
        GreyImage grey;
        if (frame.encoding() == ImageEncoding.RAW) {
            grey =
                    frame.format() == PixelFormat.GREY8
                            ? new GreyImage(frame.widthPx(), frame.heightPx(), frame.data())
                            : fromRgb(frame.widthPx(), frame.heightPx(), frame.data());
        } else {
            ImageEncoding actual = sniff(frame.data());
            if (actual != frame.encoding()) {
                throw new IllegalArgumentException(
                        what
                                + ": the data is "
                                + (actual == null ? "neither PNG nor JPEG" : actual.wireName())
                                + ", not "
                                + frame.encoding().wireName());
            }
            grey = decodeEncoded(frame.data(), what, frame.widthPx(), frame.heightPx());
        }
        if (grey.widthPx() != frame.widthPx() || grey.heightPx() != frame.heightPx()) {
            throw new IllegalArgumentException(
                    what
                            + ": the image is "
                            + grey.widthPx()
                            + "x"
                            + grey.heightPx()
                            + " but the frame declares "
                            + frame.widthPx()
                            + "x"
                            + frame.heightPx());
        }
        return grey;
    }

    /**
     * Decodes a PNG or JPEG file's bytes.
     *
     * @param what names the source in messages (a file name)
     * @throws IllegalArgumentException naming {@code what}: not PNG/JPEG, truncated, undecodable
     */
    public static GreyImage decode(byte[] encoded, String what) {
        if (sniff(encoded) == null) {
            throw new IllegalArgumentException(
                    what + ": not a PNG or JPEG image (allowed: PNG, JPEG)");
        }
        return decodeEncoded(encoded, what, -1, -1);
    }

    /** PNG or JPEG by their magic numbers, null for anything else. */
    public static ImageEncoding sniff(byte[] data) {
        if (data.length >= PNG_MAGIC.length) {
            boolean png = true;
            for (int i = 0; i < PNG_MAGIC.length; i++) {
                png &= data[i] == PNG_MAGIC[i];
            }
            if (png) {
                return ImageEncoding.PNG;
            }
        }
        if (data.length >= 3
                && (data[0] & 0xff) == 0xff
                && (data[1] & 0xff) == 0xd8
                && (data[2] & 0xff) == 0xff) {
            return ImageEncoding.JPEG;
        }
        return null;
    }

    /**
     * @param widthPx the declared width, or -1 when only the pixel cap applies (files)
     * @param heightPx the declared height, or -1
     */
    private static GreyImage decodeEncoded(byte[] encoded, String what, int widthPx, int heightPx) {
        if (encoded.length > MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException(
                    what
                            + ": the encoded image has "
                            + encoded.length
                            + " bytes; allowed: at most "
                            + MAX_ENCODED_BYTES);
        }
        List<String> warnings = new ArrayList<>();
        // In memory: ImageIO.createImageInputStream(InputStream) may cache in a temp file, one per
        // frame.
        try (ImageInputStream in =
                new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException(what + ": no decoder for this image");
            }
            ImageReader reader = readers.next();
            BufferedImage image;
            try {
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                // The header only: refuse a wrong or huge size before allocating its pixels.
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (widthPx > 0 && (w != widthPx || h != heightPx)) {
                    throw new IllegalArgumentException(
                            what
                                    + ": the image is "
                                    + w
                                    + "x"
                                    + h
                                    + " but the frame declares "
                                    + widthPx
                                    + "x"
                                    + heightPx);
                }
                checkPixels(what, w, h);
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
            if (!warnings.isEmpty()) {
                throw new IllegalArgumentException(
                        what + ": the image is damaged (truncated or corrupt): " + warnings.get(0));
            }
            return toGrey(image);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae
                    && iae.getMessage() != null
                    && iae.getMessage().startsWith(what)) {
                throw iae;
            }
            throw new IllegalArgumentException(
                    what + ": cannot decode the image (truncated or corrupt): " + e.getMessage(),
                    e);
        }
    }

    private static void checkPixels(String what, long widthPx, long heightPx) {
        if (widthPx <= 0 || heightPx <= 0 || widthPx * heightPx > MAX_PIXELS) {
            throw new IllegalArgumentException(
                    what
                            + ": the image is "
                            + widthPx
                            + "x"
                            + heightPx
                            + " pixels; allowed: at most "
                            + MAX_PIXELS
                            + " pixels (16 megapixels)");
        }
    }

    /** Rec. 601 luma, rounded: the same weights for every source. */
    static GreyImage toGrey(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h];
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            image.getRaster().getDataElements(0, 0, w, h, out);
            return new GreyImage(w, h, out);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                out[y * w + x] =
                        (byte) luma(row[x] >> 16 & 0xff, row[x] >> 8 & 0xff, row[x] & 0xff);
            }
        }
        return new GreyImage(w, h, out);
    }

    private static GreyImage fromRgb(int w, int h, byte[] rgb) {
        byte[] out = new byte[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) luma(rgb[3 * i] & 0xff, rgb[3 * i + 1] & 0xff, rgb[3 * i + 2] & 0xff);
        }
        return new GreyImage(w, h, out);
    }

    private static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }
}
