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

    /**
     * A PNG whose header declares width x height (8-bit grey) followed by a few bytes of pixel data
     * that could never fill it: small on the wire, huge once decoded.
     */
    static byte[] pngHeader(int width, int height) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0);
        ihdr.put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0});
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(name);
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void theDeclaredSizeIsCheckedAgainstTheHeaderBeforeAnyPixelIsDecoded() {
        // Without the header check the reader decodes first and fails on the truncated data.
        assertThatThrownBy(
                        () ->
                                ImageDecoder.decode(
                                        new ImageFrame(
                                                "wrist",
                                                0,
                                                PixelFormat.GREY8,
                                                ImageEncoding.PNG,
                                                640,
                                                480,
                                                pngHeader(1000, 1000))))
                .hasMessage(
                        "frame of camera 'wrist' (png): the image is 1000x1000 but the frame"
                                + " declares 640x480");
    }

    @Test
    void anImageOverSixteenMegapixelsIsRefusedFromItsHeader() {
        assertThatThrownBy(() -> ImageDecoder.decode(pngHeader(5000, 5000), "big.png"))
                .hasMessage(
                        "big.png: the image is 5000x5000 pixels; allowed: at most 16777216 pixels"
                                + " (16 megapixels)");
        assertThatThrownBy(
                        () ->
                                ImageDecoder.decode(
                                        new ImageFrame(
                                                "wrist",
                                                0,
                                                PixelFormat.GREY8,
                                                ImageEncoding.PNG,
                                                5000,
                                                5000,
                                                pngHeader(5000, 5000))))
                .hasMessageContaining("allowed: at most 16777216 pixels");
    }

    @Test
    void encodedBytesOverTheCapAreRefusedWithoutDecoding() {
        byte[] huge = java.util.Arrays.copyOf(pngHeader(8, 5), ImageDecoder.MAX_ENCODED_BYTES + 1);
        assertThatThrownBy(() -> ImageDecoder.decode(huge, "huge.png"))
                .hasMessage(
                        "huge.png: the encoded image has "
                                + huge.length
                                + " bytes; allowed: at most "
                                + ImageDecoder.MAX_ENCODED_BYTES);
    }
}
