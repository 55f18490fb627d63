package armature.vision.image;

import armature.vision.api.ImageEncoding;
import armature.vision.api.PixelFormat;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits a byte stream of images written back to back (ffmpeg's {@code image2pipe} of PNG or JPEG,
 * or {@code rawvideo}) into single images, by parsing each format's structure rather than searching
 * for magic bytes: a JPEG ends at the EOI marker that follows its entropy-coded data (an EOI inside
 * an APP segment, e.g. an EXIF thumbnail, is skipped with its segment), a PNG at its IEND chunk, a
 * raw image after width x height x bytes per pixel. Each image's size is read from its header (JPEG
 * SOF, PNG IHDR) on the way.
 *
 * <p>Not thread-safe: one reader per stream.
 */
public final class ImageStream {
    /**
     * One image of the stream.
     *
     * @param bytes the image exactly as it was in the stream
     */
    public record Image(byte[] bytes, int widthPx, int heightPx) {}

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int IHDR = 0x49484452;
    private static final int IEND = 0x49454e44;

    private final InputStream in;
    private final ImageEncoding encoding;
    private final PixelFormat rawFormat;
    private final int rawWidthPx;
    private final int rawHeightPx;
    private final int maxBytes;

    /** What was read from {@code in} and not yet taken: {@code buf[pos..limit)}. */
    private final byte[] buf = new byte[1 << 16];

    private int pos;
    private int limit;

    /** The image so far: {@code image[0..size)}. */
    private byte[] image = new byte[1 << 16];

    private int size;
    private int widthPx;
    private int heightPx;
    private long offset;

    private ImageStream(
            InputStream in,
            ImageEncoding encoding,
            PixelFormat rawFormat,
            int rawWidthPx,
            int rawHeightPx,
            int maxBytes) {
        this.in = in;
        this.encoding = encoding;
        this.rawFormat = rawFormat;
        this.rawWidthPx = rawWidthPx;
        this.rawHeightPx = rawHeightPx;
        this.maxBytes = maxBytes;
    }

    /** A stream of PNG or JPEG images, none larger than {@code maxBytes}. */
    public static ImageStream encoded(InputStream in, ImageEncoding encoding, int maxBytes) {
        if (encoding == ImageEncoding.RAW) {
            throw new IllegalArgumentException("raw images need their size: use raw(...)");
        }
        if (maxBytes < 64) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + "; at least 64");
        }
        return new ImageStream(in, encoding, null, 0, 0, maxBytes);
    }

    /** A stream of raw images of one size and pixel format. */
    public static ImageStream raw(InputStream in, PixelFormat format, int widthPx, int heightPx) {
        long bytes = (long) widthPx * heightPx * format.bytesPerPixel();
        if (widthPx <= 0 || heightPx <= 0 || bytes > ImageDecoder.MAX_ENCODED_BYTES) {
            throw new IllegalArgumentException(
                    "raw image of "
                            + widthPx
                            + "x"
                            + heightPx
                            + " "
                            + format.wireName()
                            + ": sizes must be positive and at most "
                            + ImageDecoder.MAX_ENCODED_BYTES
                            + " bytes");
        }
        return new ImageStream(in, ImageEncoding.RAW, format, widthPx, heightPx, (int) bytes);
    }

    /**
     * The next image, blocking until it is complete.
     *
     * @return the image, or null when the stream ends cleanly between two images
     * @throws EOFException when the stream ends inside an image, naming where
     * @throws IOException when the bytes are not the expected format or an image is larger than
     *     allowed, naming the byte offset in the stream and what was found there
     */
    public Image next() throws IOException {
        if (pos == limit && !fill()) {
            return null;
        }
        size = 0;
        widthPx = 0;
        heightPx = 0;
        long start = offset;
        int first = readByte("an image");
        switch (encoding) {
            case RAW -> {
                copy(maxBytes - 1, "a raw image");
                return new Image(Arrays.copyOf(image, size), rawWidthPx, rawHeightPx);
            }
            case JPEG -> jpeg(first, start);
            case PNG -> png(first, start);
        }
        if (widthPx <= 0 || heightPx <= 0) {
            throw new IOException(
                    encoding.wireName()
                            + " image at byte "
                            + start
                            + " of the stream has no size in its header");
        }
        return new Image(Arrays.copyOf(image, size), widthPx, heightPx);
    }

    private void jpeg(int first, long start) throws IOException {
        int second = readByte("the JPEG start marker");
        if (first != 0xff || second != 0xd8) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "expected a JPEG start (ff d8) at byte %d of the stream; found %02x %02x",
                            start,
                            first,
                            second));
        }
        int marker = nextMarker();
        while (true) {
            if (marker == 0xd9) {
                return; // EOI
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                marker = nextMarker(); // no length
                continue;
            }
            int length =
                    (readByte("a JPEG segment length") << 8) | readByte("a JPEG segment length");
            if (length < 2) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "JPEG segment %02x at byte %d has length %d; at least 2",
                                marker,
                                offset - 4,
                                length));
            }
            if (isStartOfFrame(marker)) {
                if (length < 7) {
                    throw new IOException(
                            "JPEG frame header at byte " + (offset - 4) + " is short");
                }
                readByte("the JPEG sample precision");
                heightPx = (readByte("the JPEG height") << 8) | readByte("the JPEG height");
                widthPx = (readByte("the JPEG width") << 8) | readByte("the JPEG width");
                copy(length - 7, "a JPEG frame header");
            } else {
                copy(length - 2, "a JPEG segment");
            }
            marker = marker == 0xda ? entropyCodedData() : nextMarker();
        }
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xc0
                && marker <= 0xcf
                && marker != 0xc4
                && marker != 0xc8
                && marker != 0xcc;
    }

    /** A marker: 0xff, any fill bytes 0xff, then the marker's code. */
    private int nextMarker() throws IOException {
        int b = readByte("a JPEG marker");
        if (b != 0xff) {
            throw new IOException(
                    String.format(
                            Locale.ROOT,
                            "expected a JPEG marker at byte %d of the stream; found %02x",
                            offset - 1,
                            b));
        }
        do {
            b = readByte("a JPEG marker");
        } while (b == 0xff);
        return b;
    }

    /** Skips a scan's data to the marker that ends it (stuffed ff 00 and restarts are data). */
    private int entropyCodedData() throws IOException {
        while (true) {
            // Copy up to the next ff in bulk: almost every byte of a scan.
            if (pos == limit && !fill()) {
                throw truncated("JPEG scan data");
            }
            int from = pos;
            while (pos < limit && buf[pos] != (byte) 0xff) {
                pos++;
            }
            append(from, pos - from);
            if (pos == limit) {
                continue;
            }
            readByte("JPEG scan data"); // the ff
            int n;
            do {
                n = readByte("JPEG scan data");
            } while (n == 0xff);
            if (n != 0x00 && (n < 0xd0 || n > 0xd7)) {
                return n;
            }
        }
    }

    private void png(int first, long start) throws IOException {
        boolean signature = first == (PNG_MAGIC[0] & 0xff);
        for (int i = 1; i < PNG_MAGIC.length && signature; i++) {
            signature = readByte("the PNG signature") == (PNG_MAGIC[i] & 0xff);
        }
        if (!signature) {
            throw new IOException(
                    "expected a PNG signature (89 50 4e 47 0d 0a 1a 0a) at byte "
                            + start
                            + " of the stream");
        }
        while (true) {
            long length = readInt("a PNG chunk length") & 0xffffffffL;
            int type = readInt("a PNG chunk type");
            if (length > maxBytes) {
                throw tooLarge();
            }
            if (type == IHDR) {
                if (length < 8) {
                    throw new IOException("PNG header chunk at byte " + (offset - 8) + " is short");
                }
                widthPx = readInt("the PNG width");
                heightPx = readInt("the PNG height");
                copy(length - 8 + 4, "a PNG header chunk");
            } else {
                copy(length + 4, "a PNG chunk");
            }
            if (type == IEND) {
                return;
            }
        }
    }

    private int readInt(String what) throws IOException {
        return (readByte(what) << 24)
                | (readByte(what) << 16)
                | (readByte(what) << 8)
                | readByte(what);
    }

    private int readByte(String what) throws IOException {
        if (pos == limit && !fill()) {
            throw truncated(what);
        }
        append(pos, 1);
        return buf[pos++] & 0xff;
    }

    private void copy(long n, String what) throws IOException {
        if (size + n > maxBytes) {
            throw tooLarge();
        }
        long left = n;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw truncated(what);
            }
            int k = (int) Math.min(left, limit - pos);
            append(pos, k);
            pos += k;
            left -= k;
        }
    }

    /** Appends {@code buf[from..from+n)} to the image and counts it as read. */
    private void append(int from, int n) throws IOException {
        if (size + n > maxBytes) {
            throw tooLarge();
        }
        if (size + n > image.length) {
            image =
                    Arrays.copyOf(
                            image, (int) Math.min(maxBytes, Math.max(2L * image.length, size + n)));
        }
        System.arraycopy(buf, from, image, size, n);
        size += n;
        offset += n;
    }

    /** Reads more of {@code in} into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        int got = in.read(buf, 0, buf.length);
        if (got <= 0) {
            return false;
        }
        pos = 0;
        limit = got;
        return true;
    }

    private EOFException truncated(String what) {
        return new EOFException(
                "the stream ended inside "
                        + what
                        + " of a "
                        + encoding.wireName()
                        + " image, after "
                        + size
                        + " bytes of it (byte "
                        + offset
                        + " of the stream)");
    }

    private IOException tooLarge() {
        return new IOException(
                encoding.wireName()
                        + " image at byte "
                        + (offset - size)
                        + " of the stream is larger than "
                        + maxBytes
                        + " bytes");
    }
}
