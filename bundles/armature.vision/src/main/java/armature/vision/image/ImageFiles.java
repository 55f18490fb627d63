package armature.vision.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Writes grey images as PNG (for synthetic renders, test fixtures and folder cameras). */
public final class ImageFiles {
    private ImageFiles() {}

    /** The image as PNG bytes. */
    public static byte[] png(GreyImage image) {
        BufferedImage b =
                new BufferedImage(image.widthPx(), image.heightPx(), BufferedImage.TYPE_BYTE_GRAY);
        b.getRaster().setDataElements(0, 0, image.widthPx(), image.heightPx(), image.pixels());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
