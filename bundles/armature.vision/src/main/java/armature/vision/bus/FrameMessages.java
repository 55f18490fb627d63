package armature.vision.bus;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.VisionTopics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;

/**
 * Image frames as MQTT 5 messages (channel {@code visionFrames} of docs/asyncapi.yaml): the encoded
 * image is the payload, the content type names the encoding, user properties carry the rest.
 */
public final class FrameMessages {
    public static final String TIMESTAMP_NS = VisionTopics.FRAME_TIMESTAMP_NS;
    public static final String WIDTH_PX = VisionTopics.FRAME_WIDTH_PX;
    public static final String HEIGHT_PX = VisionTopics.FRAME_HEIGHT_PX;
    public static final String PIXEL_FORMAT = VisionTopics.FRAME_PIXEL_FORMAT;

    /**
     * Synthetic cameras only: the simulation's ground truth at the instant rendered, JSON (channel
     * {@code visionFrames}, header {@code armature-ground-truth}). Readers of real frames ignore
     * it.
     */
    public static final String GROUND_TRUTH = VisionTopics.FRAME_GROUND_TRUTH;

    private FrameMessages() {}

    /** The message of one frame, QoS 0, not retained. */
    public static Message toMessage(String topic, ImageFrame frame) {
        return Message.builder(topic)
                .payload(frame.data())
                .qos(Qos.AT_MOST_ONCE)
                .contentType(frame.encoding().contentType())
                .userProperty(TIMESTAMP_NS, Long.toString(frame.timestampNs()))
                .userProperty(WIDTH_PX, Integer.toString(frame.widthPx()))
                .userProperty(HEIGHT_PX, Integer.toString(frame.heightPx()))
                .userProperty(PIXEL_FORMAT, frame.format().wireName())
                .build();
    }

    /**
     * The frame of a message.
     *
     * @param cameraId the camera the topic names
     * @throws IllegalArgumentException naming the missing or bad property and what is allowed
     */
    public static ImageFrame fromMessage(String cameraId, Message m) {
        ImageEncoding encoding = null;
        for (ImageEncoding e : ImageEncoding.values()) {
            if (e.contentType().equals(m.contentType())) {
                encoding = e;
            }
        }
        if (encoding == null) {
            throw new IllegalArgumentException(
                    "content type '"
                            + m.contentType()
                            + "' of a frame of camera '"
                            + cameraId
                            + "' is not allowed; allowed: image/png, image/jpeg,"
                            + " application/octet-stream");
        }
        return new ImageFrame(
                cameraId,
                number(m, TIMESTAMP_NS),
                PixelFormat.ofWireName(property(m, PIXEL_FORMAT)),
                encoding,
                (int) Math.min(Integer.MAX_VALUE, number(m, WIDTH_PX)),
                (int) Math.min(Integer.MAX_VALUE, number(m, HEIGHT_PX)),
                m.payload());
    }

    private static String property(Message m, String name) {
        return m.userProperty(name)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "user property " + name + " is missing"));
    }

    private static long number(Message m, String name) {
        String v = property(m, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "user property " + name + " is '" + v + "'; allowed: a decimal integer >= 0");
        }
    }
}
