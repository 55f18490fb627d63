package armature.vision.sim.render;

/**
 * A linear RGB image, values nominally 0..1, three planes row-major; pixel (x, y) covers [x, x+1) x
 * [y, y+1) in image coordinates. Mutable: the renderer and the effects write into it.
 */
public final class RgbImage {
    final int widthPx;
    final int heightPx;
    final float[] red;
    final float[] green;
    final float[] blue;

    public RgbImage(int widthPx, int heightPx) {
        if (widthPx < 1 || heightPx < 1 || (long) widthPx * heightPx > 64_000_000L) {
            throw new IllegalArgumentException(
                    "image "
                            + widthPx
                            + "x"
                            + heightPx
                            + "; allowed: 1..65535 per side, at most"
                            + " 64 megapixels");
        }
        this.widthPx = widthPx;
        this.heightPx = heightPx;
        int n = widthPx * heightPx;
        red = new float[n];
        green = new float[n];
        blue = new float[n];
    }

    public int widthPx() {
        return widthPx;
    }

    public int heightPx() {
        return heightPx;
    }

    public void fill(float r, float g, float b) {
        java.util.Arrays.fill(red, r);
        java.util.Arrays.fill(green, g);
        java.util.Arrays.fill(blue, b);
    }

    /** Channel c (0 red, 1 green, 2 blue) at (x, y). */
    public float get(int x, int y, int c) {
        int i = y * widthPx + x;
        return c == 0 ? red[i] : (c == 1 ? green[i] : blue[i]);
    }

    /** Luma 0..255 (Rec. 601 weights), rounded and clamped: the grey image a camera would send. */
    public byte[] grey8() {
        byte[] out = new byte[red.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) quantise(0.299f * red[i] + 0.587f * green[i] + 0.114f * blue[i]);
        }
        return out;
    }

    /** Interleaved 8-bit RGB, rounded and clamped. */
    public byte[] rgb8() {
        byte[] out = new byte[3 * red.length];
        for (int i = 0; i < red.length; i++) {
            out[3 * i] = (byte) quantise(red[i]);
            out[3 * i + 1] = (byte) quantise(green[i]);
            out[3 * i + 2] = (byte) quantise(blue[i]);
        }
        return out;
    }

    private static int quantise(float v) {
        int q = Math.round(v * 255f);
        return q < 0 ? 0 : (q > 255 ? 255 : q);
    }

    /** The mean of each s x s block: the image supersampled s times per axis, shrunk. */
    RgbImage shrink(int s) {
        RgbImage out = new RgbImage(widthPx / s, heightPx / s);
        float inv = 1f / (s * s);
        for (int y = 0; y < out.heightPx; y++) {
            for (int x = 0; x < out.widthPx; x++) {
                float r = 0, g = 0, b = 0;
                for (int dy = 0; dy < s; dy++) {
                    int row = (y * s + dy) * widthPx + x * s;
                    for (int dx = 0; dx < s; dx++) {
                        r += red[row + dx];
                        g += green[row + dx];
                        b += blue[row + dx];
                    }
                }
                int o = y * out.widthPx + x;
                out.red[o] = r * inv;
                out.green[o] = g * inv;
                out.blue[o] = b * inv;
            }
        }
        return out;
    }

    /**
     * Bilinear sample at image coordinates (u, v) (pixel centres at +0.5), clamped at the edges.
     */
    void sample(double u, double v, float[] out) {
        double x = u - 0.5, y = v - 0.5;
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        float fx = (float) (x - x0), fy = (float) (y - y0);
        int xa = clamp(x0, widthPx), xb = clamp(x0 + 1, widthPx);
        int ya = clamp(y0, heightPx), yb = clamp(y0 + 1, heightPx);
        int i00 = ya * widthPx + xa, i10 = ya * widthPx + xb;
        int i01 = yb * widthPx + xa, i11 = yb * widthPx + xb;
        out[0] = lerp(red, i00, i10, i01, i11, fx, fy);
        out[1] = lerp(green, i00, i10, i01, i11, fx, fy);
        out[2] = lerp(blue, i00, i10, i01, i11, fx, fy);
    }

    private static float lerp(float[] p, int i00, int i10, int i01, int i11, float fx, float fy) {
        float top = p[i00] + (p[i10] - p[i00]) * fx;
        float bottom = p[i01] + (p[i11] - p[i01]) * fx;
        return top + (bottom - top) * fy;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : (i >= n ? n - 1 : i);
    }
}
