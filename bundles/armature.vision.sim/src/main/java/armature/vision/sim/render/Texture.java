package armature.vision.sim.render;

/**
 * An RGB texture, values 0..1, row 0 at the top (v = 0). Sampled bilinearly with the texel centres
 * at ((i + 0.5) / width, (j + 0.5) / height), clamped at the edges.
 */
public final class Texture {
    private final int widthPx;
    private final int heightPx;
    private final float[] rgb;

    /**
     * @param rgb {@code 3 * widthPx * heightPx} values, row-major, copied
     */
    public Texture(int widthPx, int heightPx, float[] rgb) {
        if (widthPx < 1 || heightPx < 1 || rgb.length != 3 * widthPx * heightPx) {
            throw new IllegalArgumentException(
                    "a "
                            + widthPx
                            + "x"
                            + heightPx
                            + " texture needs "
                            + 3 * widthPx * heightPx
                            + " values, got "
                            + rgb.length);
        }
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        this.rgb = rgb.clone();
    }

    public int widthPx() {
        return widthPx;
    }

    public int heightPx() {
        return heightPx;
    }

    /** The colour at texture coordinates (u, v) into {@code out[0..2]}. */
    public void sample(double u, double v, float[] out) {
        double x = u * widthPx - 0.5;
        double y = v * heightPx - 0.5;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int xa = clamp(x0, widthPx), xb = clamp(x0 + 1, widthPx);
        int ya = clamp(y0, heightPx), yb = clamp(y0 + 1, heightPx);
        int i00 = 3 * (ya * widthPx + xa), i10 = 3 * (ya * widthPx + xb);
        int i01 = 3 * (yb * widthPx + xa), i11 = 3 * (yb * widthPx + xb);
        for (int c = 0; c < 3; c++) {
            float top = rgb[i00 + c] + (rgb[i10 + c] - rgb[i00 + c]) * fx;
            float bottom = rgb[i01 + c] + (rgb[i11 + c] - rgb[i01 + c]) * fx;
            out[c] = top + (bottom - top) * fy;
        }
    }

    /** As {@link #sample}, with the image repeating in both directions (OpenGL's repeat). */
    public void sampleRepeating(double u, double v, float[] out) {
        double x = (u - Math.floor(u)) * widthPx - 0.5;
        double y = (v - Math.floor(v)) * heightPx - 0.5;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        int xa = Math.floorMod(x0, widthPx), xb = Math.floorMod(x0 + 1, widthPx);
        int ya = Math.floorMod(y0, heightPx), yb = Math.floorMod(y0 + 1, heightPx);
        int i00 = 3 * (ya * widthPx + xa), i10 = 3 * (ya * widthPx + xb);
        int i01 = 3 * (yb * widthPx + xa), i11 = 3 * (yb * widthPx + xb);
        for (int c = 0; c < 3; c++) {
            float top = rgb[i00 + c] + (rgb[i10 + c] - rgb[i00 + c]) * fx;
            float bottom = rgb[i01 + c] + (rgb[i11 + c] - rgb[i01 + c]) * fx;
            out[c] = top + (bottom - top) * fy;
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
