package armature.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.ImageEncoding;
import armature.vision.api.PixelFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageStreamTest {
    /** A noisy picture, so that the JPEG's scan data holds ff bytes (stuffed) and restarts. */
    private static byte[] encode(String format, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static List<ImageStream.Image> all(ImageStream s) throws IOException {
        List<ImageStream.Image> out = new ArrayList<>();
        ImageStream.Image i;
        while ((i = s.next()) != null) {
            out.add(i);
        }
        return out;
    }

    @Test
    void jpegsBackToBackAreSplitWhereEachEnds() throws IOException {
        byte[] a = encode("jpeg", 64, 48, 1);
        byte[] b = encode("jpeg", 33, 17, 2);
        byte[] c = encode("jpeg", 640, 480, 3);
        assertThat(indexOf(c, new byte[] {(byte) 0xff, 0x00})).as("stuffed bytes").isPositive();
        List<ImageStream.Image> images =
                all(
                        ImageStream.encoded(
                                new ByteArrayInputStream(concat(a, b, c)),
                                ImageEncoding.JPEG,
                                1 << 22));
        assertThat(images).hasSize(3);
        assertThat(images.get(0).bytes()).isEqualTo(a);
        assertThat(images.get(1).bytes()).isEqualTo(b);
        assertThat(images.get(2).bytes()).isEqualTo(c);
        assertThat(images.get(1).widthPx()).isEqualTo(33);
        assertThat(images.get(1).heightPx()).isEqualTo(17);
        assertThat(images.get(2).widthPx()).isEqualTo(640);
        assertThat(images.get(2).heightPx()).isEqualTo(480);
    }

    /** A whole JPEG inside an APP1 segment (as an EXIF thumbnail is) does not end the image. */
    @Test
    void aThumbnailInsideAnAppSegmentDoesNotEndTheImage() throws IOException {
        byte[] thumb = encode("jpeg", 16, 16, 4);
        byte[] main = encode("jpeg", 96, 64, 5);
        int len = thumb.length + 2;
        byte[] app1 =
                concat(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) (len >> 8), (byte) len}, thumb);
        byte[] withThumb =
                concat(Arrays.copyOf(main, 2), app1, Arrays.copyOfRange(main, 2, main.length));
        byte[] next = encode("jpeg", 20, 10, 6);
        List<ImageStream.Image> images =
                all(
                        ImageStream.encoded(
                                new ByteArrayInputStream(concat(withThumb, next)),
                                ImageEncoding.JPEG,
                                1 << 20));
        assertThat(images).hasSize(2);
        assertThat(images.get(0).bytes()).isEqualTo(withThumb);
        assertThat(images.get(0).widthPx()).isEqualTo(96);
        assertThat(images.get(1).bytes()).isEqualTo(next);
        // ... and the JDK decodes what was split
        assertThat(ImageDecoder.decode(images.get(0).bytes(), "split").widthPx()).isEqualTo(96);
    }

    @Test
    void pngsBackToBackAreSplitAfterTheirEndChunk() throws IOException {
        byte[] a = encode("png", 40, 30, 7);
        byte[] b = encode("png", 7, 300, 8);
        List<ImageStream.Image> images =
                all(
                        ImageStream.encoded(
                                new ByteArrayInputStream(concat(a, b)),
                                ImageEncoding.PNG,
                                1 << 20));
        assertThat(images).extracting(ImageStream.Image::bytes).containsExactly(a, b);
        assertThat(images.get(1).widthPx()).isEqualTo(7);
        assertThat(images.get(1).heightPx()).isEqualTo(300);
    }

    @Test
    void rawImagesAreCutByTheirSize() throws IOException {
        byte[] bytes = new byte[2 * 4 * 3 * 3];
        new Random(9).nextBytes(bytes);
        List<ImageStream.Image> images =
                all(ImageStream.raw(new ByteArrayInputStream(bytes), PixelFormat.RGB8, 4, 3));
        assertThat(images).hasSize(2);
        assertThat(images.get(1).bytes()).isEqualTo(Arrays.copyOfRange(bytes, 36, 72));
    }

    @Test
    void aStreamThatEndsInsideAnImageSaysWhere() throws IOException {
        byte[] a = encode("jpeg", 32, 32, 10);
        byte[] b = encode("jpeg", 32, 32, 11);
        ImageStream s =
                ImageStream.encoded(
                        new ByteArrayInputStream(concat(a, Arrays.copyOf(b, b.length - 5))),
                        ImageEncoding.JPEG,
                        1 << 20);
        assertThat(s.next().bytes()).isEqualTo(a);
        assertThatThrownBy(s::next)
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("the stream ended inside JPEG scan data of a jpeg image");
        ImageStream raw =
                ImageStream.raw(new ByteArrayInputStream(new byte[20]), PixelFormat.GREY8, 4, 4);
        raw.next();
        assertThatThrownBy(raw::next).hasMessageContaining("ended inside a raw image");
    }

    @Test
    void bytesOfAnotherFormatAreRefusedWithTheirOffset() throws IOException {
        byte[] png = encode("png", 8, 8, 12);
        assertThatThrownBy(
                        () ->
                                ImageStream.encoded(
                                                new ByteArrayInputStream(png),
                                                ImageEncoding.JPEG,
                                                1 << 20)
                                        .next())
                .hasMessage("expected a JPEG start (ff d8) at byte 0 of the stream; found 89 50");
        byte[] jpeg = encode("jpeg", 8, 8, 13);
        ImageStream s =
                ImageStream.encoded(
                        new ByteArrayInputStream(concat(png, jpeg)), ImageEncoding.PNG, 1 << 20);
        s.next();
        assertThatThrownBy(s::next)
                .hasMessageContaining("expected a PNG signature")
                .hasMessageContaining("at byte " + png.length + " of the stream");
    }

    @Test
    void anImageLargerThanAllowedIsRefused() throws IOException {
        byte[] big = encode("jpeg", 200, 200, 14);
        assertThatThrownBy(
                        () ->
                                ImageStream.encoded(
                                                new ByteArrayInputStream(big),
                                                ImageEncoding.JPEG,
                                                big.length / 2)
                                        .next())
                .hasMessageContaining("larger than " + big.length / 2 + " bytes");
    }

    private static int indexOf(byte[] data, byte[] what) {
        for (int i = 0; i + what.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
