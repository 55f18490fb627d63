package armature.vision.synthetic;

import armature.vision.image.GreyImage;
import java.util.Random;

/**
 * Image degradations for domain randomization of rendered frames: lighting (the grey levels of
 * black and white), Gaussian blur and Gaussian sensor noise, applied in that order.
 *
 * @param blackGrey the grey value black paper gets (0..255)
 * @param whiteGrey the grey value white paper gets (blackGrey..255)
 * @param blurSigmaPx standard deviation of the Gaussian blur, pixels (0 = none)
 * @param noiseSigmaGrey standard deviation of additive noise, grey levels (0 = none)
 */
public record Randomization(
        int blackGrey, int whiteGrey, double blurSigmaPx, double noiseSigmaGrey) {
    public Randomization {
        if (blackGrey < 0 || whiteGrey > 255 || blackGrey > whiteGrey) {
            throw new IllegalArgumentException(
                    "grey levels black "
                            + blackGrey
                            + ", white "
                            + whiteGrey
                            + "; allowed: 0 <= black <= white <= 255");
        }
        if (!(blurSigmaPx >= 0 && blurSigmaPx <= 10)
                || !(noiseSigmaGrey >= 0 && noiseSigmaGrey <= 64)) {
            throw new IllegalArgumentException(
                    "blur "
                            + blurSigmaPx
                            + " px, noise "
                            + noiseSigmaGrey
                            + "; allowed: blur 0..10 px, noise 0..64 grey levels");
        }
    }

    /**
     * Draws a setting: black 5..65, white 160..250, blur 0..1.2 px, noise 0..6 grey levels (a dim
     * or bright room, a lens slightly out of focus, a cheap sensor).
     */
    public static Randomization draw(Random rnd) {
        return new Randomization(
                5 + rnd.nextInt(61),
                160 + rnd.nextInt(91),
                1.2 * rnd.nextDouble(),
                6 * rnd.nextDouble());
    }

    /** A degraded copy of {@code image}; {@code rnd} draws the noise. */
    public GreyImage apply(GreyImage image, Random rnd) {
        int w = image.widthPx();
        int h = image.heightPx();
        double[] v = new double[w * h];
        for (int i = 0; i < v.length; i++) {
            v[i] = blackGrey + (whiteGrey - blackGrey) * (image.pixels()[i] & 0xff) / 255.0;
        }
        if (blurSigmaPx > 0.05) {
            v = blur(v, w, h);
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < v.length; i++) {
            double g = v[i] + (noiseSigmaGrey > 0 ? noiseSigmaGrey * rnd.nextGaussian() : 0);
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(g)));
        }
        return new GreyImage(w, h, out);
    }

    /** Separable Gaussian, kernel radius 3 sigma, edges clamped. */
    private double[] blur(double[] v, int w, int h) {
        int r = (int) Math.ceil(3 * blurSigmaPx);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * blurSigmaPx * blurSigmaPx));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * v[y * w + Math.max(0, Math.min(w - 1, x + i))];
                }
                tmp[y * w + x] = s;
            }
        }
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += k[i + r] * tmp[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }
}
