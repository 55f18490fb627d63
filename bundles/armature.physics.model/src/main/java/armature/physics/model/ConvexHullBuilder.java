package armature.physics.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Faces of the convex hull of one point set, for {@link ConvexFaces}: an incremental hull
 * (triangles, counter-clockwise seen from outside), coplanar neighbouring triangles merged into
 * faces bounded by their outer edges, and the edges with their two faces. Allocates freely: it runs
 * once per compiled model.
 */
final class ConvexHullBuilder {
    final double[] p;
    final int n;
    final double scale;
    final List<int[]> faces = new ArrayList<>();
    final List<double[]> normals = new ArrayList<>();
    final List<int[]> edges = new ArrayList<>();
    // triangles: vertices, plane (unit normal, offset), alive flag
    int[] tv = new int[48];
    double[] tp = new double[64];
    boolean[] alive = new boolean[16];
    int nt;
    final EdgeMap edgeOwner = new EdgeMap();

    ConvexHullBuilder(double[] points) {
        p = points;
        n = points.length / 3;
        double s = 0;
        for (double x : points) {
            s = Math.max(s, Math.abs(x));
        }
        scale = Math.max(s, 1e-9);
        if (n >= 4 && triangulate()) {
            merge();
            buildEdges();
        }
    }

    int[] live = new int[64];
    int nlive;

    private void pushLive(int t) {
        if (nlive == live.length) {
            live = Arrays.copyOf(live, 2 * nlive);
        }
        live[nlive++] = t;
    }

    private long key(int a, int b) {
        return (long) a * n + b;
    }

    private boolean addTri(int a, int b, int c) {
        double ux = p[3 * b] - p[3 * a],
                uy = p[3 * b + 1] - p[3 * a + 1],
                uz = p[3 * b + 2] - p[3 * a + 2];
        double wx = p[3 * c] - p[3 * a],
                wy = p[3 * c + 1] - p[3 * a + 1],
                wz = p[3 * c + 2] - p[3 * a + 2];
        double nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
        if (nt == alive.length) {
            alive = Arrays.copyOf(alive, 2 * nt);
            tv = Arrays.copyOf(tv, 6 * nt);
            tp = Arrays.copyOf(tp, 8 * nt);
        }
        tv[3 * nt] = a;
        tv[3 * nt + 1] = b;
        tv[3 * nt + 2] = c;
        if (len > 0) {
            nx /= len;
            ny /= len;
            nz /= len;
        }
        tp[4 * nt] = nx;
        tp[4 * nt + 1] = ny;
        tp[4 * nt + 2] = nz;
        tp[4 * nt + 3] = nx * p[3 * a] + ny * p[3 * a + 1] + nz * p[3 * a + 2];
        alive[nt] = true;
        edgeOwner.put(key(a, b), nt);
        edgeOwner.put(key(b, c), nt);
        edgeOwner.put(key(c, a), nt);
        nt++;
        return len > 0;
    }

    private double height(int t, int i) {
        return tp[4 * t] * p[3 * i]
                + tp[4 * t + 1] * p[3 * i + 1]
                + tp[4 * t + 2] * p[3 * i + 2]
                - tp[4 * t + 3];
    }

    private double dist2(int a, int b) {
        double x = p[3 * a] - p[3 * b],
                y = p[3 * a + 1] - p[3 * b + 1],
                z = p[3 * a + 2] - p[3 * b + 2];
        return x * x + y * y + z * z;
    }

    private boolean triangulate() {
        double eps = 1e-10 * scale;
        int i0 = 0;
        for (int i = 1; i < n; i++) {
            if (p[3 * i] < p[3 * i0]) {
                i0 = i;
            }
        }
        int i1 = -1;
        double best = eps * eps;
        for (int i = 0; i < n; i++) {
            if (dist2(i, i0) > best) {
                best = dist2(i, i0);
                i1 = i;
            }
        }
        if (i1 < 0) {
            return false;
        }
        int i2 = -1;
        best = eps * scale;
        double ux = p[3 * i1] - p[3 * i0],
                uy = p[3 * i1 + 1] - p[3 * i0 + 1],
                uz = p[3 * i1 + 2] - p[3 * i0 + 2];
        for (int i = 0; i < n; i++) {
            double wx = p[3 * i] - p[3 * i0],
                    wy = p[3 * i + 1] - p[3 * i0 + 1],
                    wz = p[3 * i + 2] - p[3 * i0 + 2];
            double cx = uy * wz - uz * wy, cy = uz * wx - ux * wz, cz = ux * wy - uy * wx;
            double a = Math.sqrt(cx * cx + cy * cy + cz * cz);
            if (a > best) {
                best = a;
                i2 = i;
            }
        }
        if (i2 < 0) {
            return false;
        }
        addTri(i0, i1, i2);
        int i3 = -1;
        best = eps;
        for (int i = 0; i < n; i++) {
            if (Math.abs(height(0, i)) > best) {
                best = Math.abs(height(0, i));
                i3 = i;
            }
        }
        if (i3 < 0) {
            return false;
        }
        edgeOwner.clear();
        nt = 0;
        if (height(0, i3) > 0) {
            addTri(i0, i2, i1);
            addTri(i0, i1, i3);
            addTri(i1, i2, i3);
            addTri(i2, i0, i3);
        } else {
            addTri(i0, i1, i2);
            addTri(i0, i3, i1);
            addTri(i1, i3, i2);
            addTri(i2, i3, i0);
        }
        int[] visible = new int[16];
        int[] horizon = new int[32];
        for (int t = 0; t < nt; t++) {
            pushLive(t);
        }
        for (int i = 0; i < n; i++) {
            if (i == i0 || i == i1 || i == i2 || i == i3) {
                continue;
            }
            int nv = 0, kept = 0;
            // scan the live triangles only, compacting out the ones removed last time
            for (int k = 0; k < nlive; k++) {
                int t = live[k];
                if (!alive[t]) {
                    continue;
                }
                live[kept++] = t;
                if (height(t, i) > eps) {
                    if (nv == visible.length) {
                        visible = Arrays.copyOf(visible, 2 * nv);
                    }
                    visible[nv++] = t;
                }
            }
            nlive = kept;
            if (nv == 0) {
                continue;
            }
            for (int k = 0; k < nv; k++) {
                alive[visible[k]] = false;
            }
            int nh = 0;
            for (int k = 0; k < nv; k++) {
                int t = visible[k];
                for (int s = 0; s < 3; s++) {
                    int a = tv[3 * t + s], b = tv[3 * t + (s + 1) % 3];
                    int twin = edgeOwner.get(key(b, a));
                    if (twin >= 0 && alive[twin]) {
                        if (2 * nh + 2 > horizon.length) {
                            horizon = Arrays.copyOf(horizon, 2 * horizon.length);
                        }
                        horizon[2 * nh] = a;
                        horizon[2 * nh + 1] = b;
                        nh++;
                    }
                }
            }
            for (int k = 0; k < nh; k++) {
                addTri(horizon[2 * k], horizon[2 * k + 1], i);
                pushLive(nt - 1);
            }
        }
        return true;
    }

    /** Unions coplanar neighbouring triangles into faces bounded by their outer edges. */
    private void merge() {
        int[] group = new int[nt];
        for (int t = 0; t < nt; t++) {
            group[t] = t;
        }
        double eps = 1e-7 * scale;
        for (int t = 0; t < nt; t++) {
            if (!alive[t]) {
                continue;
            }
            for (int s = 0; s < 3; s++) {
                int a = tv[3 * t + s], b = tv[3 * t + (s + 1) % 3];
                int u = edgeOwner.get(key(b, a));
                if (u < 0 || !alive[u]) {
                    continue;
                }
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
            if (alive[t]) {
                int r = find(group, t);
                List<Integer> members = byRoot.get(r);
                if (members == null) {
                    members = new ArrayList<>();
                    byRoot.put(r, members);
                    roots.add(r);
                }
                members.add(t);
            }
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
                    int twin = edgeOwner.get(key(b, a));
                    if (twin < 0 || !alive[twin] || find(group, twin) != root) {
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
