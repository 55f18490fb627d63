package armature.vision.sim.render;

import java.util.Random;

/** What a real camera adds to a perfect render: lens blur and sensor noise. */
public final class ImageEffects {
    private ImageEffects() {}

    /** Separable Gaussian blur of standard deviation {@code sigmaPx} (0 = none), in place. */
    public static void blur(RgbImage image, double sigmaPx) {
        if (!(sigmaPx > 0)) {
            return;
        }
        int radius = (int) Math.ceil(3 * sigmaPx);
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        for (float[] plane : new float[][] {image.red, image.green, image.blue}) {
            pass(plane, image.widthPx, image.heightPx, kernel, radius, true);
            pass(plane, image.widthPx, image.heightPx, kernel, radius, false);
        }
    }

    private static void pass(float[] p, int w, int h, float[] k, int radius, boolean horizontal) {
        float[] line = new float[horizontal ? w : h];
        int n = line.length;
        for (int a = 0; a < (horizontal ? h : w); a++) {
            for (int i = 0; i < n; i++) {
                line[i] = p[horizontal ? a * w + i : i * w + a];
            }
            for (int i = 0; i < n; i++) {
                float acc = 0;
                for (int j = -radius; j <= radius; j++) {
                    int s = Math.max(0, Math.min(n - 1, i + j)); // edges repeat
                    acc += k[j + radius] * line[s];
                }
                p[horizontal ? a * w + i : i * w + a] = acc;
            }
        }
    }

    /** Adds Gaussian noise of standard deviation {@code sigma} (0..1 units) to every channel. */
    public static void noise(RgbImage image, double sigma, Random rnd) {
        if (!(sigma > 0)) {
            return;
        }
        for (float[] plane : new float[][] {image.red, image.green, image.blue}) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] += (float) (sigma * rnd.nextGaussian());
            }
        }
    }
}
