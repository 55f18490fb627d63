package armature.vision.sim.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Draws triangles through an ideal pinhole into an {@link RgbImage}: a z-buffer (1/z, larger is
 * nearer), triangles clipped at a near plane, attributes (texture coordinates, light) interpolated
 * perspective-correctly (linear in 1/z on the screen), samples at pixel centres, Lambert + ambient
 * light per vertex. Translucent surfaces ({@link Material#alpha()} below 1) are drawn after every
 * opaque one, farthest drawable first, blended over what is already there and hidden by nearer
 * opaque surfaces, without writing depth (the order MuJoCo's renderer uses). Lens distortion is not
 * its business ({@link LensWarp}).
 */
public final class Rasterizer {
    /** Nearest distance drawn, metres; closer parts of a triangle are clipped away. */
    public static final double NEAR_M = 0.005;

    private final RgbImage target;
    private final float[] inverseDepth;
    private final double fx, fy, cx, cy;
    // One clipped polygon: at most 4 vertices of (x, y, z, u, v, light, ox, oy, oz), the last three
    // the point in the mesh's own frame (for generated texture coordinates).
    private static final int ATTRIBUTES = 9;

    private final double[][] poly = new double[4][ATTRIBUTES];
    private final double[][] in = new double[3][ATTRIBUTES];
    private final float[] texel = new float[3];

    /**
     * A rasterizer into {@code target} (cleared by the caller) with pinhole fx, fy, cx, cy (px).
     */
    public Rasterizer(RgbImage target, double fx, double fy, double cx, double cy) {
        this.target = target;
        this.inverseDepth = new float[target.widthPx * target.heightPx];
        this.fx = fx;
        this.fy = fy;
        this.cx = cx;
        this.cy = cy;
    }

    /** Forgets what was drawn: every pixel is background (infinitely far) again. */
    public void clearDepth() {
        Arrays.fill(inverseDepth, 0f);
    }

    /** Draws every drawable seen from a camera at {@code worldFromCamera} in this light. */
    public void draw(List<Drawable> scene, Transform worldFromCamera, Light light) {
        Transform cameraFromWorld = worldFromCamera.inverse();
        List<Drawable> translucent = new ArrayList<>();
        for (Drawable d : scene) {
            boolean anyTranslucent = false, anyOpaque = false;
            for (Material m : d.materials()) {
                anyTranslucent |= m.translucent();
                anyOpaque |= !m.translucent();
            }
            // Each pass transforms and shades every vertex: only where it has triangles to draw.
            if (anyOpaque) {
                draw(d, cameraFromWorld, light, false);
            }
            if (anyTranslucent) {
                translucent.add(d);
            }
        }
        if (translucent.isEmpty()) {
            return;
        }
        // Back to front by the distance of each drawable's origin from the camera.
        double[] origin = new double[3], atCamera = new double[3];
        double[] distance = new double[translucent.size()];
        Integer[] order = new Integer[translucent.size()];
        for (int i = 0; i < order.length; i++) {
            cameraFromWorld.compose(translucent.get(i).worldFromMesh()).apply(origin, atCamera);
            distance[i] =
                    Math.sqrt(
                            atCamera[0] * atCamera[0]
                                    + atCamera[1] * atCamera[1]
                                    + atCamera[2] * atCamera[2]);
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -distance[i]));
        for (int i : order) {
            draw(translucent.get(i), cameraFromWorld, light, true);
        }
    }

    /** Draws the drawable's opaque triangles, or its translucent ones. */
    private void draw(Drawable d, Transform cameraFromWorld, Light light, boolean translucent) {
        TriMesh m = d.mesh();
        Transform cameraFromMesh = cameraFromWorld.compose(d.worldFromMesh());
        int n = m.vertexCount();
        double[] cam = new double[3 * n];
        double[] shade = new double[n];
        double[] p = new double[3], q = new double[3];
        double[] l = light.toLight();
        for (int i = 0; i < n; i++) {
            System.arraycopy(m.positions(), 3 * i, p, 0, 3);
            cameraFromMesh.apply(p, q);
            System.arraycopy(q, 0, cam, 3 * i, 3);
            System.arraycopy(m.normals(), 3 * i, p, 0, 3);
            d.worldFromMesh().rotate(p, q);
            double lambert = q[0] * l[0] + q[1] * l[1] + q[2] * l[2];
            lambert = m.twoSided() ? Math.abs(lambert) : Math.max(0, lambert);
            shade[i] = light.ambient() + light.intensity() * lambert;
        }
        int[] t = m.triangles();
        List<Material> mats = d.materials();
        for (int k = 0; k < m.triangleCount(); k++) {
            Material mat = mats.get(Math.min(m.triangleMaterial()[k], mats.size() - 1));
            if (mat.translucent() != translucent) {
                continue;
            }
            int a = t[3 * k], b = t[3 * k + 1], c = t[3 * k + 2];
            if (!m.twoSided() && facesAway(cam, a, b, c)) {
                continue;
            }
            int[] idx = {a, b, c};
            for (int j = 0; j < 3; j++) {
                int v = idx[j];
                in[j][0] = cam[3 * v];
                in[j][1] = cam[3 * v + 1];
                in[j][2] = cam[3 * v + 2];
                in[j][3] = m.uvs()[2 * v];
                in[j][4] = m.uvs()[2 * v + 1];
                in[j][5] = shade[v];
                in[j][6] = m.positions()[3 * v];
                in[j][7] = m.positions()[3 * v + 1];
                in[j][8] = m.positions()[3 * v + 2];
            }
            int count = clipNear();
            for (int j = 1; j + 1 < count; j++) {
                fill(poly[0], poly[j], poly[j + 1], mat);
            }
        }
    }

    /** Back faces of closed shapes: the triangle's normal points away from the camera. */
    private static boolean facesAway(double[] cam, int a, int b, int c) {
        double ax = cam[3 * a], ay = cam[3 * a + 1], az = cam[3 * a + 2];
        double ux = cam[3 * b] - ax, uy = cam[3 * b + 1] - ay, uz = cam[3 * b + 2] - az;
        double vx = cam[3 * c] - ax, vy = cam[3 * c + 1] - ay, vz = cam[3 * c + 2] - az;
        double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
        return nx * ax + ny * ay + nz * az >= 0;
    }

    /** Clips triangle {@code in} at z = NEAR_M into {@code poly}; returns its vertex count. */
    private int clipNear() {
        int count = 0;
        for (int i = 0; i < 3; i++) {
            double[] s = in[i], e = in[(i + 1) % 3];
            boolean sIn = s[2] >= NEAR_M, eIn = e[2] >= NEAR_M;
            if (sIn) {
                System.arraycopy(s, 0, poly[count++], 0, ATTRIBUTES);
            }
            if (sIn != eIn && count < 4) {
                double f = (NEAR_M - s[2]) / (e[2] - s[2]);
                for (int j = 0; j < ATTRIBUTES; j++) {
                    poly[count][j] = s[j] + f * (e[j] - s[j]);
                }
                count++;
            }
        }
        return count;
    }

    private void fill(double[] v0, double[] v1, double[] v2, Material mat) {
        double w0 = 1 / v0[2], w1 = 1 / v1[2], w2 = 1 / v2[2];
        double x0 = fx * v0[0] * w0 + cx, y0 = fy * v0[1] * w0 + cy;
        double x1 = fx * v1[0] * w1 + cx, y1 = fy * v1[1] * w1 + cy;
        double x2 = fx * v2[0] * w2 + cx, y2 = fy * v2[1] * w2 + cy;
        double area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        if (!(Math.abs(area) > 1e-12)) {
            return;
        }
        int width = target.widthPx, height = target.heightPx;
        int xMin = (int) Math.max(0, Math.ceil(Math.min(x0, Math.min(x1, x2)) - 0.5));
        int xMax = (int) Math.min(width - 1, Math.floor(Math.max(x0, Math.max(x1, x2)) - 0.5));
        int yMin = (int) Math.max(0, Math.ceil(Math.min(y0, Math.min(y1, y2)) - 0.5));
        int yMax = (int) Math.min(height - 1, Math.floor(Math.max(y0, Math.max(y1, y2)) - 0.5));
        if (xMin > xMax || yMin > yMax) {
            return;
        }
        double inv = 1 / area;
        // Edge functions as barycentric weights: b0 = e12(p) / area etc., linear in the pixel.
        double a0 = (y1 - y2) * inv, c0 = (x2 - x1) * inv, d0 = (x1 * y2 - x2 * y1) * inv;
        double a1 = (y2 - y0) * inv, c1 = (x0 - x2) * inv, d1 = (x2 * y0 - x0 * y2) * inv;
        double u0 = v0[3] * w0, u1 = v1[3] * w1, u2 = v2[3] * w2;
        double t0 = v0[4] * w0, t1 = v1[4] * w1, t2 = v2[4] * w2;
        double s0 = v0[5] * w0, s1 = v1[5] * w1, s2 = v2[5] * w2;
        double ox0 = v0[6] * w0, ox1 = v1[6] * w1, ox2 = v2[6] * w2;
        double oy0 = v0[7] * w0, oy1 = v1[7] * w1, oy2 = v2[7] * w2;
        double oz0 = v0[8] * w0, oz1 = v1[8] * w1, oz2 = v2[8] * w2;
        Texture tex = mat.texture();
        TexMapping mapping = mat.mapping();
        float mr = mat.red(), mg = mat.green(), mb = mat.blue();
        boolean blend = mat.translucent();
        float alpha = mat.alpha(), keep = 1 - alpha;
        double eps = -1e-9;
        for (int y = yMin; y <= yMax; y++) {
            double py = y + 0.5;
            int row = y * width;
            for (int x = xMin; x <= xMax; x++) {
                double px = x + 0.5;
                double b0 = a0 * px + c0 * py + d0;
                double b1 = a1 * px + c1 * py + d1;
                double b2 = 1 - b0 - b1;
                if (b0 < eps || b1 < eps || b2 < eps) {
                    continue;
                }
                double invZ = b0 * w0 + b1 * w1 + b2 * w2;
                int i = row + x;
                if (invZ <= inverseDepth[i]) {
                    continue;
                }
                if (!blend) {
                    inverseDepth[i] = (float) invZ;
                }
                double z = 1 / invZ;
                float s = (float) ((b0 * s0 + b1 * s1 + b2 * s2) * z);
                float r = mr * s, g = mg * s, b = mb * s;
                if (tex != null) {
                    tex.sample(
                            (b0 * u0 + b1 * u1 + b2 * u2) * z,
                            (b0 * t0 + b1 * t1 + b2 * t2) * z,
                            texel);
                    r *= texel[0];
                    g *= texel[1];
                    b *= texel[2];
                } else if (mapping != null) {
                    double ox = (b0 * ox0 + b1 * ox1 + b2 * ox2) * z;
                    double oy = (b0 * oy0 + b1 * oy1 + b2 * oy2) * z;
                    if (mapping instanceof TexMapping.Planar p) {
                        p.texture()
                                .sampleRepeating(
                                        p.sPerM() * ox - 0.5, -p.tPerM() * oy - 0.5, texel);
                    } else if (mapping instanceof TexMapping.Cube c) {
                        double oz = (b0 * oz0 + b1 * oz1 + b2 * oz2) * z;
                        c.cube().sample(c.kx() * ox, c.ky() * oy, c.kz() * oz, texel);
                    }
                    r *= texel[0];
                    g *= texel[1];
                    b *= texel[2];
                }
                if (blend) {
                    target.red[i] = alpha * r + keep * target.red[i];
                    target.green[i] = alpha * g + keep * target.green[i];
                    target.blue[i] = alpha * b + keep * target.blue[i];
                } else {
                    target.red[i] = r;
                    target.green[i] = g;
                    target.blue[i] = b;
                }
            }
        }
    }
}
