package armature.robot.model.geometry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A closed, triangulated convex polyhedron: vertices plus outward-facing (counter-clockwise seen
 * from outside) triangles. Units are those of the input points (metres for meshes after scaling).
 * Built by {@link QuickHull}.
 */
public final class ConvexHull {
    private final List<Vec3> vertices;
    private final List<int[]> triangles;
    private final double volume;
    private final Vec3 centroid;
    private final Inertia unitDensityInertiaAboutCentroid;

    ConvexHull(List<Vec3> vertices, List<int[]> triangles) {
        this.vertices = List.copyOf(vertices);
        List<int[]> copy = new ArrayList<>(triangles.size());
        for (int[] t : triangles) {
            copy.add(t.clone());
        }
        this.triangles = List.copyOf(copy);
        // Integrate relative to the vertex mean so that far-from-origin meshes keep their
        // precision.
        Vec3 ref = Vec3.ZERO;
        for (Vec3 v : this.vertices) {
            ref = ref.plus(v);
        }
        ref = ref.times(1.0 / this.vertices.size());
        double vol = 0;
        double cx = 0;
        double cy = 0;
        double cz = 0;
        double[][] second = new double[3][3];
        for (int[] t : this.triangles) {
            double[] a = this.vertices.get(t[0]).minus(ref).toArray();
            double[] b = this.vertices.get(t[1]).minus(ref).toArray();
            double[] c = this.vertices.get(t[2]).minus(ref).toArray();
            double det =
                    a[0] * (b[1] * c[2] - b[2] * c[1])
                            - a[1] * (b[0] * c[2] - b[2] * c[0])
                            + a[2] * (b[0] * c[1] - b[1] * c[0]);
            double v = det / 6;
            vol += v;
            cx += v * (a[0] + b[0] + c[0]) / 4;
            cy += v * (a[1] + b[1] + c[1]) / 4;
            cz += v * (a[2] + b[2] + c[2]) / 4;
            // Second moment of a tetrahedron with one vertex at the origin:
            // integral x_i x_j dV = V/20 (sum_k a_i a_j over the three vertices + s_i s_j), s = a +
            // b + c.
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = (a[i] + b[i] + c[i]) * (a[j] + b[j] + c[j]);
                    second[i][j] += v / 20 * (a[i] * a[j] + b[i] * b[j] + c[i] * c[j] + s);
                }
            }
        }
        this.volume = vol;
        Vec3 local = vol > 0 ? new Vec3(cx / vol, cy / vol, cz / vol) : Vec3.ZERO;
        this.centroid = ref.plus(local);
        double trace = second[0][0] + second[1][1] + second[2][2];
        double[][] aboutRef = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                aboutRef[i][j] = (i == j ? trace : 0) - second[i][j];
            }
        }
        Inertia shift = Inertia.pointMass(vol, local);
        Inertia ref0 = Inertia.fromMatrix(aboutRef);
        this.unitDensityInertiaAboutCentroid =
                new Inertia(
                        ref0.ixxKgM2() - shift.ixxKgM2(),
                        ref0.iyyKgM2() - shift.iyyKgM2(),
                        ref0.izzKgM2() - shift.izzKgM2(),
                        ref0.ixyKgM2() - shift.ixyKgM2(),
                        ref0.ixzKgM2() - shift.ixzKgM2(),
                        ref0.iyzKgM2() - shift.iyzKgM2());
    }

    /**
     * @return the hull's vertices (every one is used by some triangle)
     */
    public List<Vec3> vertices() {
        return vertices;
    }

    /**
     * @return number of triangles
     */
    public int triangleCount() {
        return triangles.size();
    }

    /**
     * @param index triangle index
     * @return the triangle's three vertex indices, counter-clockwise seen from outside
     */
    public int[] triangle(int index) {
        return triangles.get(index).clone();
    }

    /**
     * @return number of distinct undirected edges
     */
    public int edgeCount() {
        Set<Long> edges = new HashSet<>();
        for (int[] t : triangles) {
            for (int i = 0; i < 3; i++) {
                int a = t[i];
                int b = t[(i + 1) % 3];
                edges.add(((long) Math.min(a, b) << 32) | Math.max(a, b));
            }
        }
        return edges.size();
    }

    /**
     * @return enclosed volume in cubic units of the input (m^3 for meshes)
     */
    public double volume() {
        return volume;
    }

    /**
     * @return centre of the enclosed volume
     */
    public Vec3 centroid() {
        return centroid;
    }

    /**
     * @return inertia of the solid at density 1 about its centroid, axes of the input frame;
     *     multiply by a density in kg/m^3 for kg m^2
     */
    public Inertia unitDensityInertiaAboutCentroid() {
        return unitDensityInertiaAboutCentroid;
    }

    /**
     * The largest signed distance of the point above any triangle's plane: negative inside,
     * positive outside. Sliver triangles (nearly collinear corners, which the exact hull may
     * contain where input points lie on a straight hull edge) are skipped because their planes
     * cannot be computed reliably; their neighbours bound the same region.
     *
     * @param point a point
     * @return the signed distance, in the input's units
     */
    public double signedDistance(Vec3 point) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int[] t : triangles) {
            Vec3 a = vertices.get(t[0]);
            Vec3 ab = vertices.get(t[1]).minus(a);
            Vec3 ac = vertices.get(t[2]).minus(a);
            Vec3 n = ab.cross(ac);
            double len = n.norm();
            double longest = Math.max(ab.norm(), Math.max(ac.norm(), ac.minus(ab).norm()));
            if (len <= 1e-9 * longest * longest) {
                continue;
            }
            worst = Math.max(worst, point.minus(a).dot(n) / len);
        }
        return worst;
    }
}
