package armature.physics.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Faces of one triangulated convex hull, for {@link ConvexFaces}: coplanar neighbouring triangles
 * merged into faces bounded by their outer edges, and the edges with their two faces. The hull
 * itself is built once, by whoever supplies the mesh (the description loader's exact quickhull);
 * this class only derives the face topology from its triangles. Allocates freely: it runs once per
 * compiled model.
 */
final class HullFaces {
    final List<int[]> faces = new ArrayList<>();
    final List<double[]> normals = new ArrayList<>();
    final List<int[]> edges = new ArrayList<>();
    private final double[] p;
    private final int n;
    private final int[] tv;
    private final double[] tp;
    private final int nt;
    private final EdgeMap edgeOwner = new EdgeMap();

    /**
     * @param points vertices, xyz triples
     * @param triangles vertex index triples, counter-clockwise seen from outside, forming a closed
     *     surface (every directed edge once, its reverse in a neighbouring triangle)
     * @param what the mesh's name, for error messages
     * @throws IllegalArgumentException if an index is out of range or the surface is not closed
     */
    HullFaces(double[] points, int[] triangles, String what) {
        p = points;
        n = points.length / 3;
        tv = triangles;
        nt = triangles.length / 3;
        tp = new double[4 * nt];
        for (int i = 0; i < tv.length; i++) {
            if (tv[i] < 0 || tv[i] >= n) {
                throw new IllegalArgumentException(
                        what
                                + ": triangle "
                                + i / 3
                                + " has vertex index "
                                + tv[i]
                                + ", allowed 0.."
                                + (n - 1));
            }
        }
        for (int t = 0; t < nt; t++) {
            for (int s = 0; s < 3; s++) {
                int a = tv[3 * t + s], b = tv[3 * t + (s + 1) % 3];
                if (edgeOwner.get(key(a, b)) >= 0) {
                    throw new IllegalArgumentException(
                            what
                                    + ": edge "
                                    + a
                                    + "-"
                                    + b
                                    + " is used twice in one direction;"
                                    + " triangles must form a closed, consistently oriented hull");
                }
                edgeOwner.put(key(a, b), t);
            }
            plane(t);
        }
        for (int t = 0; t < nt; t++) {
            for (int s = 0; s < 3; s++) {
                int a = tv[3 * t + s], b = tv[3 * t + (s + 1) % 3];
                if (edgeOwner.get(key(b, a)) < 0) {
                    throw new IllegalArgumentException(
                            what
                                    + ": edge "
                                    + a
                                    + "-"
                                    + b
                                    + " has no neighbouring triangle;"
                                    + " triangles must form a closed hull");
                }
            }
        }
        double s = 0;
        for (double x : points) {
            s = Math.max(s, Math.abs(x));
        }
        merge(1e-7 * Math.max(s, 1e-9));
        buildEdges();
    }

    private long key(int a, int b) {
        return (long) a * n + b;
    }

    private void plane(int t) {
        int a = tv[3 * t], b = tv[3 * t + 1], c = tv[3 * t + 2];
        double ux = p[3 * b] - p[3 * a],
                uy = p[3 * b + 1] - p[3 * a + 1],
                uz = p[3 * b + 2] - p[3 * a + 2];
        double wx = p[3 * c] - p[3 * a],
                wy = p[3 * c + 1] - p[3 * a + 1],
                wz = p[3 * c + 2] - p[3 * a + 2];
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (len > 0) {
            nx /= len;
            ny /= len;
            nz /= len;
        }
        tp[4 * t] = nx;
        tp[4 * t + 1] = ny;
        tp[4 * t + 2] = nz;
        tp[4 * t + 3] = nx * p[3 * a] + ny * p[3 * a + 1] + nz * p[3 * a + 2];
    }

    private double height(int t, int i) {
        return tp[4 * t] * p[3 * i]
                + tp[4 * t + 1] * p[3 * i + 1]
                + tp[4 * t + 2] * p[3 * i + 2]
                - tp[4 * t + 3];
    }

    /** Unions coplanar neighbouring triangles into faces bounded by their outer edges. */
    private void merge(double eps) {
        int[] group = new int[nt];
        for (int t = 0; t < nt; t++) {
            group[t] = t;
        }
        for (int t = 0; t < nt; t++) {
            for (int s = 0; s < 3; s++) {
                int a = tv[3 * t + s], b = tv[3 * t + (s + 1) % 3];
                int u = edgeOwner.get(key(b, a));
                double dot =
                        tp[4 * t] * tp[4 * u]
                                + tp[4 * t + 1] * tp[4 * u + 1]
                                + tp[4 * t + 2] * tp[4 * u + 2];
                boolean flat = dot > 1 - 1e-10;
                for (int q = 0; q < 3 && flat; q++) {
                    flat = Math.abs(height(t, tv[3 * u + q])) < eps;
                }
                if (flat) {
                    union(group, t, u);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new HashMap<>();
        List<Integer> roots = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            int r = find(group, t);
            List<Integer> members = byRoot.get(r);
            if (members == null) {
                members = new ArrayList<>();
                byRoot.put(r, members);
                roots.add(r);
            }
            members.add(t);
        }
        for (int root : roots) {
            double nx = 0, ny = 0, nz = 0;
            for (int u : byRoot.get(root)) {
                nx += tp[4 * u];
                ny += tp[4 * u + 1];
                nz += tp[4 * u + 2];
            }
            double nl = Math.sqrt(nx * nx + ny * ny + nz * nz);
            if (!(nl > 0)) {
                continue; // only degenerate slivers: no plane
            }
            double[] normal = {nx / nl, ny / nl, nz / nl};
            // The face's boundary is the chain of its triangles' edges whose neighbour lies
            // in another face; it runs counter-clockwise like the triangles, and neighbouring
            // faces share exactly these edges (vertices inside a face drop out).
            Map<Integer, Integer> next = new HashMap<>();
            int first = Integer.MAX_VALUE;
            for (int u : byRoot.get(root)) {
                for (int q = 0; q < 3; q++) {
                    int a = tv[3 * u + q], b = tv[3 * u + (q + 1) % 3];
                    if (find(group, edgeOwner.get(key(b, a))) != root) {
                        next.put(a, b);
                        first = Math.min(first, a);
                    }
                }
            }
            List<Integer> chain = new ArrayList<>();
            int cur = first;
            do {
                chain.add(cur);
                Integer nx2 = next.get(cur);
                if (nx2 == null || chain.size() > next.size()) {
                    break;
                }
                cur = nx2;
            } while (cur != first);
            if (chain.size() < 3) {
                continue;
            }
            int[] lp = new int[chain.size()];
            for (int k = 0; k < lp.length; k++) {
                lp[k] = chain.get(k);
            }
            faces.add(lp);
            normals.add(normal);
        }
    }

    private static int find(int[] g, int t) {
        while (g[t] != t) {
            g[t] = g[g[t]];
            t = g[t];
        }
        return t;
    }

    private static void union(int[] g, int a, int b) {
        int ra = find(g, a), rb = find(g, b);
        if (ra != rb) {
            g[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private void buildEdges() {
        Map<Long, Integer> first = new HashMap<>();
        for (int f = 0; f < faces.size(); f++) {
            int[] lp = faces.get(f);
            for (int k = 0; k < lp.length; k++) {
                int a = lp[k], b = lp[(k + 1) % lp.length];
                Integer other = first.remove(key(b, a));
                if (other != null) {
                    edges.add(new int[] {b, a, other, f});
                } else {
                    first.put(key(a, b), f);
                }
            }
        }
    }
}
