package armature.vision.sim.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Triangle meshes of MuJoCo's geom shapes, in the geom frame and with MuJoCo's size conventions
 * (half sizes). Curved shapes are tessellated finely enough for a camera a few decimetres away
 * ({@link #SEGMENTS} around).
 */
public final class Shapes {
    /** Segments around a sphere, cylinder or capsule. */
    public static final int SEGMENTS = 24;

    /**
     * The six faces of a box, in this order: +x, -x, +y, -y, +z, -z. Each face's texture u runs
     * along U_AXIS and v along V_AXIS, with u x v pointing into the box: the frame of a printed
     * AprilTag on that face (x right, y down, z into the marker), seen from outside.
     */
    public static final double[][] NORMAL = {
        {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}
    };

    public static final double[][] U_AXIS = {
        {0, 1, 0}, {0, -1, 0}, {-1, 0, 0}, {1, 0, 0}, {1, 0, 0}, {1, 0, 0}
    };
    public static final double[][] V_AXIS = {
        {0, 0, -1}, {0, 0, -1}, {0, 0, -1}, {0, 0, -1}, {0, -1, 0}, {0, 1, 0}
    };

    private Shapes() {}

    /** A box of half sizes hx, hy, hz; triangle material = face index (0..5, order of NORMAL). */
    public static TriMesh box(double hx, double hy, double hz) {
        Builder b = new Builder();
        double[] h = {hx, hy, hz};
        for (int f = 0; f < 6; f++) {
            double[] n = NORMAL[f], u = U_AXIS[f], v = V_AXIS[f];
            int base = b.vertexCount();
            for (int k = 0; k < 4; k++) {
                double su = (k == 1 || k == 2) ? 1 : 0; // a=00, b=10, c=11, d=01
                double sv = (k >= 2) ? 1 : 0;
                double[] p = new double[3];
                for (int i = 0; i < 3; i++) {
                    p[i] = (n[i] + (2 * su - 1) * u[i] + (2 * sv - 1) * v[i]) * h[i];
                }
                b.vertex(p, n, su, sv);
            }
            b.triangle(base, base + 3, base + 1, f);
            b.triangle(base + 1, base + 3, base + 2, f);
        }
        return b.build(false);
    }

    /** An ellipsoid of radii rx, ry, rz (a sphere when they are equal). */
    public static TriMesh ellipsoid(double rx, double ry, double rz) {
        Builder b = new Builder();
        int rings = SEGMENTS / 2;
        for (int i = 0; i <= rings; i++) {
            double th = Math.PI * i / rings;
            for (int j = 0; j <= SEGMENTS; j++) {
                double ph = 2 * Math.PI * j / SEGMENTS;
                double x = Math.sin(th) * Math.cos(ph), y = Math.sin(th) * Math.sin(ph);
                double z = Math.cos(th);
                double[] n = {x / rx, y / ry, z / rz};
                b.vertex(
                        new double[] {x * rx, y * ry, z * rz},
                        normalise(n),
                        (double) j / SEGMENTS,
                        (double) i / rings);
            }
        }
        b.grid(0, rings, SEGMENTS, 0);
        return b.build(false);
    }

    /** A cylinder along z of radius r and half height h, with flat caps. */
    public static TriMesh cylinder(double r, double h) {
        Builder b = new Builder();
        int start = b.vertexCount();
        for (int i = 0; i <= 1; i++) {
            double z = i == 0 ? h : -h;
            for (int j = 0; j <= SEGMENTS; j++) {
                double ph = 2 * Math.PI * j / SEGMENTS;
                double[] n = {Math.cos(ph), Math.sin(ph), 0};
                b.vertex(new double[] {r * n[0], r * n[1], z}, n, (double) j / SEGMENTS, i);
            }
        }
        b.grid(start, 1, SEGMENTS, 0);
        cap(b, r, h, 1);
        cap(b, r, -h, -1);
        return b.build(false);
    }

    /** A capsule along z: a cylinder of radius r and half height h with hemispherical ends. */
    public static TriMesh capsule(double r, double h) {
        Builder b = new Builder();
        int rings = SEGMENTS / 2; // even: the equator ring is split into two
        for (int i = 0; i <= rings + 1; i++) {
            int ring = i <= rings / 2 ? i : i - 1;
            double th = Math.PI * ring / rings;
            double offset = i <= rings / 2 ? h : -h;
            for (int j = 0; j <= SEGMENTS; j++) {
                double ph = 2 * Math.PI * j / SEGMENTS;
                double[] n = {
                    Math.sin(th) * Math.cos(ph), Math.sin(th) * Math.sin(ph), Math.cos(th)
                };
                b.vertex(
                        new double[] {r * n[0], r * n[1], r * n[2] + offset},
                        n,
                        (double) j / SEGMENTS,
                        (double) i / (rings + 1));
            }
        }
        b.grid(0, rings + 1, SEGMENTS, 0);
        return b.build(false);
    }

    /** A rectangle in the xy plane of half sizes hx, hy, normal +z, seen from both sides. */
    public static TriMesh plane(double hx, double hy) {
        Builder b = new Builder();
        double[] n = {0, 0, 1};
        b.vertex(new double[] {-hx, -hy, 0}, n, 0, 1);
        b.vertex(new double[] {hx, -hy, 0}, n, 1, 1);
        b.vertex(new double[] {hx, hy, 0}, n, 1, 0);
        b.vertex(new double[] {-hx, hy, 0}, n, 0, 0);
        b.triangle(0, 1, 2, 0);
        b.triangle(0, 2, 3, 0);
        return b.build(true);
    }

    /**
     * A convex polyhedron from its vertices and triangles (a mesh's convex hull), flat-shaded: each
     * triangle gets its own vertices and normal, wound outwards from the centroid.
     */
    public static TriMesh convex(List<double[]> vertices, List<int[]> triangles) {
        double[] c = new double[3];
        for (double[] v : vertices) {
            for (int i = 0; i < 3; i++) {
                c[i] += v[i] / vertices.size();
            }
        }
        Builder b = new Builder();
        for (int[] t : triangles) {
            double[] p0 = vertices.get(t[0]), p1 = vertices.get(t[1]), p2 = vertices.get(t[2]);
            double[] n = Transform.cross(Transform.sub(p1, p0), Transform.sub(p2, p0));
            double len = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
            if (!(len > 1e-15)) {
                continue; // degenerate: nothing to draw
            }
            double[] mid = {
                (p0[0] + p1[0] + p2[0]) / 3 - c[0],
                (p0[1] + p1[1] + p2[1]) / 3 - c[1],
                (p0[2] + p1[2] + p2[2]) / 3 - c[2]
            };
            boolean out = n[0] * mid[0] + n[1] * mid[1] + n[2] * mid[2] >= 0;
            double[] un = {n[0] / len, n[1] / len, n[2] / len};
            if (!out) {
                un = new double[] {-un[0], -un[1], -un[2]};
            }
            int base = b.vertexCount();
            b.vertex(p0, un, 0, 0);
            b.vertex(out ? p1 : p2, un, 0, 0);
            b.vertex(out ? p2 : p1, un, 0, 0);
            b.triangle(base, base + 1, base + 2, 0);
        }
        return b.build(false);
    }

    private static void cap(Builder b, double r, double z, double nz) {
        double[] n = {0, 0, nz};
        int centre = b.vertexCount();
        b.vertex(new double[] {0, 0, z}, n, 0.5, 0.5);
        for (int j = 0; j <= SEGMENTS; j++) {
            double ph = 2 * Math.PI * j / SEGMENTS;
            b.vertex(new double[] {r * Math.cos(ph), r * Math.sin(ph), z}, n, 0.5, 0.5);
        }
        for (int j = 0; j < SEGMENTS; j++) {
            b.orientedTriangle(centre, centre + 1 + j, centre + 2 + j, 0);
        }
    }

    private static double[] normalise(double[] v) {
        return Transform.unit(v, "normal");
    }

    /** Collects vertices and triangles; curved patches are wound outwards by their normals. */
    private static final class Builder {
        private final List<double[]> p = new ArrayList<>();
        private final List<double[]> n = new ArrayList<>();
        private final List<double[]> uv = new ArrayList<>();
        private final List<int[]> tri = new ArrayList<>();

        int vertexCount() {
            return p.size();
        }

        void vertex(double[] position, double[] normal, double u, double v) {
            p.add(position);
            n.add(normal);
            uv.add(new double[] {u, v});
        }

        void triangle(int a, int b, int c, int material) {
            tri.add(new int[] {a, b, c, material});
        }

        /** A triangle wound so that its geometric normal agrees with its vertices' normals. */
        void orientedTriangle(int a, int b, int c, int material) {
            double[] g =
                    Transform.cross(
                            Transform.sub(p.get(b), p.get(a)), Transform.sub(p.get(c), p.get(a)));
            double dot = 0;
            for (int i = 0; i < 3; i++) {
                dot += g[i] * (n.get(a)[i] + n.get(b)[i] + n.get(c)[i]);
            }
            if (dot == 0 && g[0] == 0 && g[1] == 0 && g[2] == 0) {
                return; // degenerate (a pole of a sphere)
            }
            tri.add(dot >= 0 ? new int[] {a, b, c, material} : new int[] {a, c, b, material});
        }

        /** Quads between consecutive rows of (cols + 1) vertices starting at {@code start}. */
        void grid(int start, int rows, int cols, int material) {
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int a = start + i * (cols + 1) + j;
                    int c = a + cols + 1;
                    orientedTriangle(a, a + 1, c + 1, material);
                    orientedTriangle(a, c + 1, c, material);
                }
            }
        }

        TriMesh build(boolean twoSided) {
            double[] pos = new double[3 * p.size()], nor = new double[3 * p.size()];
            double[] uvs = new double[2 * p.size()];
            for (int i = 0; i < p.size(); i++) {
                System.arraycopy(p.get(i), 0, pos, 3 * i, 3);
                System.arraycopy(n.get(i), 0, nor, 3 * i, 3);
                System.arraycopy(uv.get(i), 0, uvs, 2 * i, 2);
            }
            int[] t = new int[3 * tri.size()], m = new int[tri.size()];
            for (int i = 0; i < tri.size(); i++) {
                System.arraycopy(tri.get(i), 0, t, 3 * i, 3);
                m[i] = tri.get(i)[3];
            }
            return new TriMesh(pos, nor, uvs, t, m, twoSided);
        }
    }
}
