package armature.robot.model.geometry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Three-dimensional quickhull producing a triangulated convex hull.
 *
 * <p>Robustness: every visibility decision (is a point strictly above a face?) uses the exact
 * orientation predicate {@link Orient3d}, so the hull built so far is always exactly convex, the
 * visible region from a new point is a disk and its horizon is one simple loop; approximate
 * distances are used only to pick the farthest point, which affects speed, not correctness. Points
 * on the hull's surface but not at a corner (coplanar points) are dropped; adjacent coplanar
 * triangles are kept, not merged.
 */
public final class QuickHull {
    private final double[][] points;
    private double tolerance;

    private QuickHull(double[][] points) {
        this.points = points;
    }

    /**
     * Builds the hull of a point set.
     *
     * @param points at least four points, not all coplanar
     * @return the hull
     * @throws IllegalArgumentException if the points are fewer than four, non-finite, or (nearly)
     *     coplanar so that the hull has no volume
     */
    public static ConvexHull build(List<Vec3> points) {
        double[][] p = new double[points.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = points.get(i).toArray();
        }
        ConvexHull first = new QuickHull(p).run();
        List<Vec3> corners = corners(first);
        if (corners.size() == first.vertices().size()) {
            return first;
        }
        // Vertices lying exactly inside a flat facet or along a straight edge make thin triangles;
        // the hull of the true corners is exactly the same solid without them.
        double[][] c = new double[corners.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = corners.get(i).toArray();
        }
        return new QuickHull(c).run();
    }

    /**
     * The hull's true corners: vertices whose incident triangles span at least three distinct
     * planes, decided exactly. A vertex in one plane lies inside a facet, in two planes inside an
     * edge.
     */
    private static List<Vec3> corners(ConvexHull hull) {
        int n = hull.vertices().size();
        List<List<int[]>> incident = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            incident.add(new ArrayList<>());
        }
        for (int t = 0; t < hull.triangleCount(); t++) {
            int[] tri = hull.triangle(t);
            for (int v : tri) {
                incident.get(v).add(tri);
            }
        }
        List<Vec3> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            List<int[]> planes = new ArrayList<>();
            for (int[] tri : incident.get(v)) {
                boolean known = false;
                for (int[] plane : planes) {
                    if (coplanar(hull, plane, tri)) {
                        known = true;
                        break;
                    }
                }
                if (!known) {
                    planes.add(tri);
                    if (planes.size() >= 3) {
                        break;
                    }
                }
            }
            if (planes.size() >= 3) {
                out.add(hull.vertices().get(v));
            }
        }
        return out;
    }

    private static boolean coplanar(ConvexHull hull, int[] plane, int[] tri) {
        double[] a = hull.vertices().get(plane[0]).toArray();
        double[] b = hull.vertices().get(plane[1]).toArray();
        double[] c = hull.vertices().get(plane[2]).toArray();
        for (int v : tri) {
            if (Orient3d.side(a, b, c, hull.vertices().get(v).toArray()) != 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Face {
        final int[] v = new int[3];
        final Face[] neighbour = new Face[3];
        double nx;
        double ny;
        double nz;
        double offset;
        List<Integer> outside = new ArrayList<>();
        boolean deleted;
        boolean visible;

        Face(int a, int b, int c, double[][] p) {
            v[0] = a;
            v[1] = b;
            v[2] = c;
            double[] pa = p[a];
            double[] pb = p[b];
            double[] pc = p[c];
            double ux = pb[0] - pa[0];
            double uy = pb[1] - pa[1];
            double uz = pb[2] - pa[2];
            double wx = pc[0] - pa[0];
            double wy = pc[1] - pa[1];
            double wz = pc[2] - pa[2];
            double x = uy * wz - uz * wy;
            double y = uz * wx - ux * wz;
            double z = ux * wy - uy * wx;
            double n = Math.sqrt(x * x + y * y + z * z);
            if (n > 0) {
                x /= n;
                y /= n;
                z /= n;
            }
            nx = x;
            ny = y;
            nz = z;
            double cx = (pa[0] + pb[0] + pc[0]) / 3;
            double cy = (pa[1] + pb[1] + pc[1]) / 3;
            double cz = (pa[2] + pb[2] + pc[2]) / 3;
            offset = nx * cx + ny * cy + nz * cz;
        }

        double distance(double[] q) {
            return nx * q[0] + ny * q[1] + nz * q[2] - offset;
        }

        boolean strictlyBelowPoint(double[][] p, double[] q) {
            return Orient3d.side(p[v[0]], p[v[1]], p[v[2]], q) > 0;
        }

        int edgeTo(Face other) {
            for (int i = 0; i < 3; i++) {
                if (neighbour[i] == other) {
                    return i;
                }
            }
            throw new IllegalStateException("hull faces are not linked both ways");
        }
    }

    private ConvexHull run() {
        if (points.length < 4) {
            throw new IllegalArgumentException(
                    "a convex hull needs at least 4 points, got " + points.length);
        }
        double maxAbs = 0;
        for (double[] q : points) {
            for (double c : q) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("hull point has a non-finite coordinate");
                }
                maxAbs = Math.max(maxAbs, Math.abs(c));
            }
        }
        // Only used to reject (nearly) flat or collinear input when choosing the initial simplex:
        // a hull thinner than ~1e-9 of the model's size has no meaningful volume.
        tolerance = Math.max(1e-9 * maxAbs, 3 * Math.ulp(1.0) * 3 * maxAbs);
        if (maxAbs == 0) {
            throw new IllegalArgumentException("all hull points coincide");
        }
        List<Face> faces = initialSimplex();
        Deque<Face> pending = new ArrayDeque<>();
        for (Face f : faces) {
            if (!f.outside.isEmpty()) {
                pending.add(f);
            }
        }
        while (!pending.isEmpty()) {
            Face face = pending.poll();
            if (face.deleted || face.outside.isEmpty()) {
                continue;
            }
            int eye = face.outside.get(0);
            double best = face.distance(points[eye]);
            for (int idx : face.outside) {
                double d = face.distance(points[idx]);
                if (d > best) {
                    best = d;
                    eye = idx;
                }
            }
            List<Face> created = addPoint(face, eye);
            faces.addAll(created);
            for (Face f : created) {
                if (!f.outside.isEmpty()) {
                    pending.add(f);
                }
            }
        }
        return assemble(faces);
    }

    private List<Face> initialSimplex() {
        int n = points.length;
        int[] ext = new int[6];
        for (int i = 0; i < n; i++) {
            for (int axis = 0; axis < 3; axis++) {
                if (points[i][axis] < points[ext[axis]][axis]) {
                    ext[axis] = i;
                }
                if (points[i][axis] > points[ext[axis + 3]][axis]) {
                    ext[axis + 3] = i;
                }
            }
        }
        int a = 0;
        int b = 0;
        double bestSpan = -1;
        for (int i = 0; i < 6; i++) {
            for (int j = i + 1; j < 6; j++) {
                double d = dist2(points[ext[i]], points[ext[j]]);
                if (d > bestSpan) {
                    bestSpan = d;
                    a = ext[i];
                    b = ext[j];
                }
            }
        }
        if (Math.sqrt(bestSpan) <= tolerance) {
            throw new IllegalArgumentException("all hull points coincide");
        }
        double[] ab = sub(points[b], points[a]);
        int c = -1;
        double bestLine = tolerance;
        for (int i = 0; i < n; i++) {
            double[] cr = cross(ab, sub(points[i], points[a]));
            double d = Math.sqrt(dot(cr, cr) / dot(ab, ab));
            if (d > bestLine) {
                bestLine = d;
                c = i;
            }
        }
        if (c < 0) {
            throw new IllegalArgumentException("hull points are collinear: the hull has no volume");
        }
        Face base = new Face(a, b, c, points);
        int d = -1;
        double bestPlane = tolerance;
        for (int i = 0; i < n; i++) {
            double dist = Math.abs(base.distance(points[i]));
            if (dist > bestPlane) {
                bestPlane = dist;
                d = i;
            }
        }
        if (d < 0 || Orient3d.side(points[a], points[b], points[c], points[d]) == 0) {
            throw new IllegalArgumentException("hull points are coplanar: the hull has no volume");
        }
        if (Orient3d.side(points[a], points[b], points[c], points[d]) > 0) {
            // d must lie below the base so that all faces point outwards.
            int t = b;
            b = c;
            c = t;
        }
        Face f0 = new Face(a, b, c, points);
        Face f1 = new Face(a, d, b, points);
        Face f2 = new Face(b, d, c, points);
        Face f3 = new Face(c, d, a, points);
        List<Face> faces = new ArrayList<>(List.of(f0, f1, f2, f3));
        linkAll(faces);
        for (int i = 0; i < n; i++) {
            if (i == a || i == b || i == c || i == d) {
                continue;
            }
            assign(i, faces);
        }
        return faces;
    }

    /** Links faces that share an edge (used for the initial simplex only). */
    private static void linkAll(List<Face> faces) {
        Map<Long, Face> byEdge = new HashMap<>();
        for (Face f : faces) {
            for (int i = 0; i < 3; i++) {
                byEdge.put(key(f.v[i], f.v[(i + 1) % 3]), f);
            }
        }
        for (Face f : faces) {
            for (int i = 0; i < 3; i++) {
                f.neighbour[i] = byEdge.get(key(f.v[(i + 1) % 3], f.v[i]));
            }
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    private void assign(int point, List<Face> candidates) {
        Face best = null;
        double bestDist = Double.NEGATIVE_INFINITY;
        for (Face f : candidates) {
            double d = f.distance(points[point]);
            if (d > bestDist && f.strictlyBelowPoint(points, points[point])) {
                bestDist = d;
                best = f;
            }
        }
        if (best != null) {
            best.outside.add(point);
        }
    }

    private record HorizonEdge(int from, int to, Face outsideFace, Face visibleFace) {}

    private List<Face> addPoint(Face start, int eye) {
        double[] e = points[eye];
        List<Face> visible = new ArrayList<>();
        Deque<Face> stack = new ArrayDeque<>();
        start.visible = true;
        stack.push(start);
        while (!stack.isEmpty()) {
            Face f = stack.pop();
            visible.add(f);
            for (Face nb : f.neighbour) {
                if (!nb.visible && nb.strictlyBelowPoint(points, e)) {
                    nb.visible = true;
                    stack.push(nb);
                }
            }
        }
        List<HorizonEdge> horizon = horizon(visible);
        Map<Integer, HorizonEdge> byFrom = new HashMap<>();
        boolean simple = true;
        for (HorizonEdge h : horizon) {
            if (byFrom.put(h.from, h) != null) {
                simple = false;
            }
        }
        if (!simple) {
            throw new IllegalStateException(
                    "quickhull horizon is not a simple loop (internal error)");
        }
        Map<Integer, Face> newByFrom = new HashMap<>();
        List<Face> created = new ArrayList<>();
        for (HorizonEdge h : horizon) {
            Face nf = new Face(h.from, h.to, eye, points);
            nf.neighbour[0] = h.outsideFace;
            int back = h.outsideFace.edgeTo(h.visibleFace);
            h.outsideFace.neighbour[back] = nf;
            newByFrom.put(h.from, nf);
            created.add(nf);
        }
        for (Face nf : created) {
            Face next = newByFrom.get(nf.v[1]);
            if (next == null) {
                throw new IllegalStateException("quickhull horizon is not closed");
            }
            nf.neighbour[1] = next;
            next.neighbour[2] = nf;
        }
        for (Face f : visible) {
            f.deleted = true;
            f.visible = false;
            for (int idx : f.outside) {
                if (idx != eye) {
                    assign(idx, created);
                }
            }
            f.outside = List.of();
        }
        return created;
    }

    private static List<HorizonEdge> horizon(List<Face> visible) {
        List<HorizonEdge> edges = new ArrayList<>();
        for (Face f : visible) {
            for (int i = 0; i < 3; i++) {
                Face nb = f.neighbour[i];
                if (!nb.visible) {
                    edges.add(new HorizonEdge(f.v[i], f.v[(i + 1) % 3], nb, f));
                }
            }
        }
        return edges;
    }

    private ConvexHull assemble(List<Face> faces) {
        Map<Integer, Integer> remap = new HashMap<>();
        List<Vec3> vertices = new ArrayList<>();
        List<int[]> triangles = new ArrayList<>();
        for (Face f : faces) {
            if (f.deleted) {
                continue;
            }
            int[] t = new int[3];
            for (int i = 0; i < 3; i++) {
                int src = f.v[i];
                Integer dst = remap.get(src);
                if (dst == null) {
                    dst = vertices.size();
                    remap.put(src, dst);
                    vertices.add(Vec3.of(points[src]));
                }
                t[i] = dst;
            }
            triangles.add(t);
        }
        return new ConvexHull(vertices, triangles);
    }

    private static double dist2(double[] a, double[] b) {
        double[] d = sub(a, b);
        return dot(d, d);
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {
            a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
        };
    }
}
