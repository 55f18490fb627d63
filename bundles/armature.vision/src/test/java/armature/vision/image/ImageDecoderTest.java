package armature.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;
import org.junit.jupiter.api.Test;

/** Frames are decoded to grey or refused with the camera and the reason. */
class ImageDecoderTest {
    static GreyImage gradient(int w, int h) {
        byte[] p = new byte[w * h];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7);
        }
        return new GreyImage(w, h, p);
    }

    @Test
    void pngAndRawFramesDecodeToTheSamePixels() {
        GreyImage g = gradient(8, 5);
        byte[] png = ImageFiles.png(g);
        GreyImage fromPng =
                ImageDecoder.decode(
                        new ImageFrame("c", 0, PixelFormat.GREY8, ImageEncoding.PNG, 8, 5, png));
        assertThat(fromPng.pixels()).isEqualTo(g.pixels());
        byte[] rgb = new byte[8 * 5 * 3];
        for (int i = 0; i < 40; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g.pixels()[i];
        }
        GreyImage fromRgb =
                ImageDecoder.decode(
                        new ImageFrame("c", 0, PixelFormat.RGB8, ImageEncoding.RAW, 8, 5, rgb));
        assertThat(fromRgb.pixels()).isEqualTo(g.pixels());
    }

    @Test
    void aFrameWhoseImageDiffersFromWhatItDeclaresIsRefused() {
        byte[] png = ImageFiles.png(gradient(8, 5));
        assertThatThrownBy(
                        () ->
                                ImageDecoder.decode(
                                        new ImageFrame(
                                                "wrist",
                                                0,
                                                PixelFormat.GREY8,
                                                ImageEncoding.PNG,
                                                16,
                                                5,
                                                png)))
                .hasMessage(
                        "frame of camera 'wrist' (png): the image is 8x5 but the frame declares 16x5");
        assertThatThrownBy(
                        () ->
                                ImageDecoder.decode(
                                        new ImageFrame(
                                                "wrist",
                                                0,
                                                PixelFormat.GREY8,
                                                ImageEncoding.JPEG,
                                                8,
                                                5,
                                                png)))
                .hasMessage("frame of camera 'wrist' (jpeg): the data is png, not jpeg");
        byte[] half = java.util.Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(
                        () ->
                                ImageDecoder.decode(
                                        new ImageFrame(
                                                "wrist",
                                                0,
                                                PixelFormat.GREY8,
                                                ImageEncoding.PNG,
                                                8,
                                                5,
                                                half)))
                .hasMessageStartingWith("frame of camera 'wrist' (png): ")
                .hasMessageContaining("truncated or corrupt");
    }
}
