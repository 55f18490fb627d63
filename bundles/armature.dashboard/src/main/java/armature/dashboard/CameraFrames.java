package armature.dashboard;

import armature.bus.api.Message;
import armature.control.api.VisionTopics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * The newest frames of each camera, as one session's live feed received them, for the page's
 * cameras panel: PNG and JPEG frames are served as they came; raw grey8 and rgb8 frames are encoded
 * to PNG when asked for. Only the last {@link #KEPT} frames are kept, so that a page gets exactly
 * the frame a notice told it of while that is recent, and the newest (never a backlog) when it asks
 * late; a frame larger than {@link #MAX_BYTES} is not kept at all.
 */
final class CameraFrames {
    /** The largest frame kept: a 16-megapixel RGB raw frame is 48 MB; this is 24 MB. */
    static final int MAX_BYTES = 24 << 20;

    /** Frames kept per camera. */
    static final int KEPT = 3;

    /** One frame: its bytes and how to read them. */
    record Frame(
            long seq,
            byte[] bytes,
            String contentType,
            long timestampNs,
            int widthPx,
            int heightPx,
            String pixelFormat) {}

    private final Map<String, java.util.ArrayDeque<Frame>> latest = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    /**
     * Keeps {@code m} as the camera's newest frame.
     *
     * @return the frame kept
     * @throws IllegalArgumentException when the frame is too large or its description is missing
     */
    Frame put(String camera, Message m) {
        if (m.payload().length > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "frame of "
                            + m.payload().length
                            + " bytes; at most "
                            + MAX_BYTES
                            + " are shown");
        }
        Frame f =
                new Frame(
                        seq.incrementAndGet(),
                        m.payload(),
                        m.contentType() == null ? "application/octet-stream" : m.contentType(),
                        number(m, VisionTopics.FRAME_TIMESTAMP_NS),
                        (int) number(m, VisionTopics.FRAME_WIDTH_PX),
                        (int) number(m, VisionTopics.FRAME_HEIGHT_PX),
                        m.userProperty(VisionTopics.FRAME_PIXEL_FORMAT).orElse("grey8"));
        java.util.ArrayDeque<Frame> kept =
                latest.computeIfAbsent(camera, k -> new java.util.ArrayDeque<>());
        synchronized (kept) {
            kept.addLast(f);
            while (kept.size() > KEPT) {
                kept.removeFirst();
            }
        }
        return f;
    }

    /** The camera's newest frame, or null. */
    Frame get(String camera) {
        return get(camera, Long.MAX_VALUE);
    }

    /** The camera's frame {@code seq} while it is kept, else its newest; null without frames. */
    Frame get(String camera, long seq) {
        java.util.ArrayDeque<Frame> kept = latest.get(camera);
        if (kept == null) {
            return null;
        }
        synchronized (kept) {
            for (Frame f : kept) {
                if (f.seq() == seq) {
                    return f;
                }
            }
            return kept.peekLast();
        }
    }

    void clear() {
        latest.clear();
    }

    /** An encoded image. */
    record Image(String contentType, byte[] bytes) {}

    /**
     * The frame as an image a browser shows: PNG or JPEG as they are, raw pixels encoded to PNG.
     *
     * @throws IllegalArgumentException when a raw frame's size does not match its description
     */
    static Image browserImage(Frame f) {
        String type = f.contentType();
        if (type.equals("image/png") || type.equals("image/jpeg")) {
            return new Image(type, f.bytes());
        }
        int channels =
                switch (f.pixelFormat()) {
                    case "grey8" -> 1;
                    case "rgb8" -> 3;
                    default ->
                            throw new IllegalArgumentException(
                                    "pixel format '" + f.pixelFormat() + "' is not shown");
                };
        long expected = (long) f.widthPx() * f.heightPx() * channels;
        if (f.widthPx() <= 0 || f.heightPx() <= 0 || expected != f.bytes().length) {
            throw new IllegalArgumentException(
                    "raw frame of "
                            + f.bytes().length
                            + " bytes described as "
                            + f.widthPx()
                            + "x"
                            + f.heightPx()
                            + " "
                            + f.pixelFormat());
        }
        BufferedImage image =
                new BufferedImage(
                        f.widthPx(),
                        f.heightPx(),
                        channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        byte[] b = f.bytes();
        if (channels == 1) {
            image.getRaster().setDataElements(0, 0, f.widthPx(), f.heightPx(), b);
        } else {
            int[] rgb = new int[f.widthPx() * f.heightPx()];
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] =
                        (b[3 * i] & 0xff) << 16
                                | (b[3 * i + 1] & 0xff) << 8
                                | (b[3 * i + 2] & 0xff);
            }
            image.setRGB(0, 0, f.widthPx(), f.heightPx(), rgb, 0, f.widthPx());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed: " + e, e);
        }
        return new Image("image/png", out.toByteArray());
    }

    private static long number(Message m, String property) {
        String v =
                m.userProperty(property)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "frame without user property " + property));
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "frame user property " + property + " = '" + v + "' is not a number");
        }
    }
}
