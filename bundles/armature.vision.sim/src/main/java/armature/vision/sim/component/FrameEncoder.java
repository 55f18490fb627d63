package armature.vision.sim.component;

import armature.vision.api.ImageEncoding;
import armature.vision.api.PixelFormat;
import armature.vision.sim.render.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A rendered image as the bytes of a frame: raw grey8/rgb8 rows, or PNG (the JDK's encoder). */
final class FrameEncoder {
    private FrameEncoder() {}

    static byte[] encode(RgbImage image, PixelFormat format, ImageEncoding encoding) {
        byte[] raw = format == PixelFormat.GREY8 ? image.grey8() : image.rgb8();
        if (encoding == ImageEncoding.RAW) {
            return raw;
        }
        if (encoding != ImageEncoding.PNG) {
            throw new IllegalArgumentException("encoding " + encoding + "; allowed: png, raw");
        }
        int w = image.widthPx(), h = image.heightPx();
        BufferedImage b;
        if (format == PixelFormat.GREY8) {
            b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            byte[] dst = ((DataBufferByte) b.getRaster().getDataBuffer()).getData();
            System.arraycopy(raw, 0, dst, 0, raw.length);
        } else {
            b = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] dst = ((DataBufferByte) b.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < w * h; i++) { // BGR in memory
                dst[3 * i] = raw[3 * i + 2];
                dst[3 * i + 1] = raw[3 * i + 1];
                dst[3 * i + 2] = raw[3 * i];
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(w * h / 2);
        try {
            if (!ImageIO.write(b, "png", out)) {
                throw new IllegalStateException("the JDK has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
