package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.Message;
import armature.control.api.VisionTopics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The cameras panel's frames: raw grey8 and rgb8 frames become PNGs with the same pixels (read back
 * with ImageIO), PNG and JPEG pass as they are, and a frame that does not match its description or
 * is too large is refused with what is wrong.
 */
class CameraFramesTest {
    private final CameraFrames frames = new CameraFrames();

    @Test
    void aRawGreyFrameBecomesAPngWithTheSamePixels() throws Exception {
        byte[] pixels = new byte[4 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 20);
        }
        CameraFrames.Frame f = frames.put("cam", frame(pixels, 4, 3, "grey8", null));
        CameraFrames.Image png = CameraFrames.browserImage(f);
        assertThat(png.contentType()).isEqualTo("image/png");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(back.getWidth()).isEqualTo(4);
        assertThat(back.getHeight()).isEqualTo(3);
        for (int i = 0; i < pixels.length; i++) {
            assertThat(back.getRaster().getSample(i % 4, i / 4, 0)).isEqualTo(pixels[i] & 0xff);
        }
        assertThat(frames.get("cam").seq()).isEqualTo(f.seq());
    }

    @Test
    void aRawRgbFrameKeepsItsColours() throws Exception {
        byte[] pixels = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 10, 20, 30};
        CameraFrames.Image png =
                CameraFrames.browserImage(frames.put("cam", frame(pixels, 2, 2, "rgb8", null)));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(back.getRGB(0, 0) & 0xffffff).isEqualTo(0xff0000);
        assertThat(back.getRGB(1, 0) & 0xffffff).isEqualTo(0x00ff00);
        assertThat(back.getRGB(0, 1) & 0xffffff).isEqualTo(0x0000ff);
        assertThat(back.getRGB(1, 1) & 0xffffff).isEqualTo(0x0a141e);
    }

    @Test
    void encodedFramesPassAsTheyAreAndTheNewestWins() {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6};
        CameraFrames.Frame first = frames.put("cam", frame(a, 640, 480, "grey8", "image/png"));
        CameraFrames.Frame second = frames.put("cam", frame(b, 640, 480, "grey8", "image/jpeg"));
        assertThat(second.seq()).isGreaterThan(first.seq());
        CameraFrames.Image image = CameraFrames.browserImage(frames.get("cam"));
        assertThat(image.contentType()).isEqualTo("image/jpeg");
        assertThat(image.bytes()).isEqualTo(b);
    }

    @Test
    void aFrameAskedForByNumberWhileKeptElseTheNewest() {
        long first = frames.put("cam", frame(new byte[] {1}, 1, 1, "grey8", null)).seq();
        for (int i = 0; i < CameraFrames.KEPT; i++) {
            frames.put("cam", frame(new byte[] {(byte) (2 + i)}, 1, 1, "grey8", null));
        }
        long newest = frames.get("cam").seq();
        assertThat(frames.get("cam", newest - 1).bytes()).containsExactly((byte) CameraFrames.KEPT);
        assertThat(frames.get("cam", first).seq())
                .as("no longer kept: the newest")
                .isEqualTo(newest);
        assertThat(frames.get("other", first)).isNull();
    }

    @Test
    void framesThatDoNotMatchTheirDescriptionAreRefused() {
        CameraFrames.Frame shortFrame = frames.put("cam", frame(new byte[5], 4, 3, "grey8", null));
        assertThatThrownBy(() -> CameraFrames.browserImage(shortFrame))
                .hasMessage("raw frame of 5 bytes described as 4x3 grey8");
        CameraFrames.Frame unknown = frames.put("cam", frame(new byte[12], 4, 3, "yuv", null));
        assertThatThrownBy(() -> CameraFrames.browserImage(unknown))
                .hasMessage("pixel format 'yuv' is not shown");
        Message noSize =
                Message.builder("t")
                        .payload(new byte[1])
                        .userProperty(VisionTopics.FRAME_TIMESTAMP_NS, "1")
                        .build();
        assertThatThrownBy(() -> frames.put("cam", noSize))
                .hasMessage("frame without user property " + VisionTopics.FRAME_WIDTH_PX);
        assertThatThrownBy(
                        () ->
                                frames.put(
                                        "cam",
                                        frame(
                                                new byte[CameraFrames.MAX_BYTES + 1],
                                                1,
                                                1,
                                                "grey8",
                                                null)))
                .hasMessageContaining("at most " + CameraFrames.MAX_BYTES);
    }

    private static Message frame(byte[] bytes, int w, int h, String format, String type) {
        Message.Builder b =
                Message.builder("armature/v1/c/vision/cameras/cam/frames")
                        .payload(bytes)
                        .userProperty(VisionTopics.FRAME_TIMESTAMP_NS, "1700000000000000000")
                        .userProperty(VisionTopics.FRAME_WIDTH_PX, Integer.toString(w))
                        .userProperty(VisionTopics.FRAME_HEIGHT_PX, Integer.toString(h))
                        .userProperty(VisionTopics.FRAME_PIXEL_FORMAT, format);
        if (type != null) {
            b.contentType(type);
        }
        return b.build();
    }
}
