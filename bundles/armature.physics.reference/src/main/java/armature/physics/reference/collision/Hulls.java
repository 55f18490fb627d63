package armature.physics.reference.collision;

import armature.physics.model.GeomType;
import armature.physics.model.MultibodyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Face and edge structure of every box geom and every convex mesh, built once per model: planar
 * faces as counter-clockwise vertex loops (seen from outside) with outward unit normals, and edges
 * with their two adjacent faces. The compiled model carries only hull vertices, so the faces are
 * recovered here with an incremental hull whose coplanar triangles are merged into polygons; box
 * faces come out as exact quadrilaterals. Everything is in the geom's (or mesh's) own frame.
 */
final class Hulls {
    /** Hull index of each geom, or -1 for geoms that are not polytopes (or degenerate meshes). */
    final int[] geomHull;

    final int[] vertStart, vertCount, faceStart, faceCount, edgeStart, edgeCount;
    final double[] vert;
    final double[] faceNormal;
    final int[] loopStart, loopCount, loop;
    final int[] edgeVert, edgeFace;
    final int maxVerts, maxFaces, maxLoop;

    Hulls(MultibodyModel m) {
        geomHull = new int[m.ngeom];
        Arrays.fill(geomHull, -1);
        List<Hull> hulls = new ArrayList<>();
        int[] meshHull = new int[m.nmesh];
        for (int k = 0; k < m.nmesh; k++) {
            double[] pts =
                    Arrays.copyOfRange(
                            m.meshVert,
                            3 * m.meshVertStart[k],
                            3 * (m.meshVertStart[k] + m.meshVertCount[k]));
            Hull h = Hull.of(pts);
            meshHull[k] = h == null ? -1 : hulls.size();
            if (h != null) {
                hulls.add(h);
            }
        }
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomType[g] == GeomType.MESH) {
                geomHull[g] = meshHull[m.geomMesh[g]];
            } else if (m.geomType[g] == GeomType.BOX) {
                double[] c = new double[24];
                for (int i = 0; i < 8; i++) {
                    for (int e = 0; e < 3; e++) {
                        c[3 * i + e] =
                                ((i >> e) & 1) == 0
                                        ? -m.geomSize[3 * g + e]
                                        : m.geomSize[3 * g + e];
                    }
                }
                geomHull[g] = hulls.size();
                hulls.add(Hull.of(c));
            }
        }
        int n = hulls.size();
        vertStart = new int[n];
        vertCount = new int[n];
        faceStart = new int[n];
        faceCount = new int[n];
        edgeStart = new int[n];
        edgeCount = new int[n];
        int nv = 0, nf = 0, ne = 0, nl = 0, mv = 0, mf = 0, ml = 0;
        for (Hull h : hulls) {
            nv += h.points.length / 3;
            nf += h.faces.size();
            ne += h.edges.size();
            mv = Math.max(mv, h.points.length / 3);
            mf = Math.max(mf, h.faces.size());
            for (int[] f : h.faces) {
                nl += f.length;
                ml = Math.max(ml, f.length);
            }
        }
        maxVerts = mv;
        maxFaces = mf;
        maxLoop = ml;
        vert = new double[3 * nv];
        faceNormal = new double[3 * nf];
        loopStart = new int[nf];
        loopCount = new int[nf];
        loop = new int[nl];
        edgeVert = new int[2 * ne];
        edgeFace = new int[2 * ne];
        int v = 0, f = 0, e = 0, l = 0;
        for (int i = 0; i < n; i++) {
            Hull h = hulls.get(i);
            vertStart[i] = v;
            vertCount[i] = h.points.length / 3;
            System.arraycopy(h.points, 0, vert, 3 * v, h.points.length);
            v += vertCount[i];
            faceStart[i] = f;
            faceCount[i] = h.faces.size();
            for (int j = 0; j < h.faces.size(); j++) {
                System.arraycopy(h.normals.get(j), 0, faceNormal, 3 * (f + j), 3);
                int[] lp = h.faces.get(j);
                loopStart[f + j] = l;
                loopCount[f + j] = lp.length;
                System.arraycopy(lp, 0, loop, l, lp.length);
                l += lp.length;
            }
            f += faceCount[i];
            edgeStart[i] = e;
            edgeCount[i] = h.edges.size();
            for (int j = 0; j < h.edges.size(); j++) {
                int[] ed = h.edges.get(j);
                edgeVert[2 * (e + j)] = ed[0];
                edgeVert[2 * (e + j) + 1] = ed[1];
                edgeFace[2 * (e + j)] = ed[2];
                edgeFace[2 * (e + j) + 1] = ed[3];
            }
            e += edgeCount[i];
        }
    }

    /** One hull under construction: points (all input vertices), face loops, normals, edges. */
    static final class Hull {
        final double[] points;
        final List<int[]> faces = new ArrayList<>();
        final List<double[]> normals = new ArrayList<>();
        final List<int[]> edges = new ArrayList<>(); // v0, v1, face left, face right

        private Hull(double[] points) {
            this.points = points;
        }

        /** Returns null for flat or degenerate point sets (those keep the MPR path). */
        static Hull of(double[] p) {
            Hull h = new Hull(p);
            List<int[]> tris = triangulate(p);
            if (tris == null) {
                return null;
            }
            h.mergeCoplanar(tris);
            h.buildEdges();
            return h;
        }

        private static double scale(double[] p) {
            double s = 0;
            for (double x : p) {
                s = Math.max(s, Math.abs(x));
            }
            return s;
        }

        /** Incremental convex hull; triangles as vertex triples, counter-clockwise outside. */
        private static List<int[]> triangulate(double[] p) {
            int n = p.length / 3;
            double eps = 1e-10 * Math.max(scale(p), 1e-6);
            int i0 = 0;
            for (int i = 1; i < n; i++) {
                if (p[3 * i] < p[3 * i0]) {
                    i0 = i;
                }
            }
            int i1 = -1, i2 = -1, i3 = -1;
            double best = eps;
            for (int i = 0; i < n; i++) {
                double dd = dist2(p, i, i0);
                if (dd > best * best) {
                    best = Math.sqrt(dd);
                    i1 = i;
                }
            }
            if (i1 < 0) {
                return null;
            }
            best = eps;
            for (int i = 0; i < n; i++) {
                double a = norm(cross(sub(p, i1, i0), sub(p, i, i0)));
                if (a > best) {
                    best = a;
                    i2 = i;
                }
            }
            if (i2 < 0) {
                return null;
            }
            double[] pn = cross(sub(p, i1, i0), sub(p, i2, i0));
            best = eps * norm(pn);
            for (int i = 0; i < n; i++) {
                double dd = Math.abs(dot(pn, sub(p, i, i0)));
                if (dd > best) {
                    best = dd;
                    i3 = i;
                }
            }
            if (i3 < 0) {
                return null;
            }
            List<int[]> tris = new ArrayList<>();
            if (dot(pn, sub(p, i3, i0)) > 0) {
                tris.add(new int[] {i0, i2, i1});
                tris.add(new int[] {i0, i1, i3});
                tris.add(new int[] {i1, i2, i3});
                tris.add(new int[] {i2, i0, i3});
            } else {
                tris.add(new int[] {i0, i1, i2});
                tris.add(new int[] {i0, i3, i1});
                tris.add(new int[] {i1, i3, i2});
                tris.add(new int[] {i2, i3, i0});
            }
            for (int i = 0; i < n; i++) {
                if (i == i0 || i == i1 || i == i2 || i == i3) {
                    continue;
                }
                List<int[]> visible = new ArrayList<>(), kept = new ArrayList<>();
                for (int[] t : tris) {
                    double[] tn = cross(sub(p, t[1], t[0]), sub(p, t[2], t[0]));
                    double len = norm(tn);
                    if (len > 0 && dot(tn, sub(p, i, t[0])) > eps * len) {
                        visible.add(t);
                    } else {
                        kept.add(t);
                    }
                }
                if (visible.isEmpty()) {
                    continue;
                }
                Map<Long, int[]> directed = new HashMap<>();
                for (int[] t : visible) {
                    for (int k = 0; k < 3; k++) {
                        directed.put(key(t[k], t[(k + 1) % 3], n), t);
                    }
                }
                for (int[] t : visible) {
                    for (int k = 0; k < 3; k++) {
                        int a = t[k], b = t[(k + 1) % 3];
                        if (!directed.containsKey(key(b, a, n))) {
                            kept.add(new int[] {a, b, i});
                        }
                    }
                }
                tris = kept;
            }
            return tris;
        }

        /** Triangles on one plane become one face: every point on that plane, sorted by angle. */
        private void mergeCoplanar(List<int[]> tris) {
            double eps = 1e-7 * Math.max(scale(points), 1e-6);
            int n = points.length / 3;
            for (int[] t : tris) {
                double[] tn = cross(sub(points, t[1], t[0]), sub(points, t[2], t[0]));
                double len = norm(tn);
                if (len <= 0) {
                    continue;
                }
                for (int k = 0; k < 3; k++) {
                    tn[k] /= len;
                }
                double off =
                        tn[0] * points[3 * t[0]]
                                + tn[1] * points[3 * t[0] + 1]
                                + tn[2] * points[3 * t[0] + 2];
                boolean known = false;
                for (int j = 0; j < normals.size() && !known; j++) {
                    double[] q = normals.get(j);
                    double qo =
                            q[0] * points[3 * faces.get(j)[0]]
                                    + q[1] * points[3 * faces.get(j)[0] + 1]
                                    + q[2] * points[3 * faces.get(j)[0] + 2];
                    known = dot(q, tn) > 1 - 1e-9 && Math.abs(qo - off) < eps;
                }
                if (known) {
                    continue;
                }
                List<Integer> on = new ArrayList<>();
                double cx = 0, cy = 0, cz = 0;
                for (int i = 0; i < n; i++) {
                    double h =
                            tn[0] * points[3 * i]
                                    + tn[1] * points[3 * i + 1]
                                    + tn[2] * points[3 * i + 2]
                                    - off;
                    if (Math.abs(h) < eps && !duplicate(on, i)) {
                        on.add(i);
                        cx += points[3 * i];
                        cy += points[3 * i + 1];
                        cz += points[3 * i + 2];
                    }
                }
                double[] c = {cx / on.size(), cy / on.size(), cz / on.size()};
                double[] u = new double[3], w = new double[3];
                armature.physics.math.Vec3.tangents(tn, 0, u, 0, w, 0);
                on.sort(
                        (a, b) ->
                                Double.compare(
                                        angle(points, a, c, u, w), angle(points, b, c, u, w)));
                int[] lp = new int[on.size()];
                for (int k = 0; k < lp.length; k++) {
                    lp[k] = on.get(k);
                }
                // counter-clockwise about the outward normal
                double[] chk =
                        cross(sub(points, lp[1], lp[0]), sub(points, lp[2 % lp.length], lp[0]));
                if (dot(chk, tn) < 0) {
                    for (int k = 0; k < lp.length / 2; k++) {
                        int t2 = lp[k];
                        lp[k] = lp[lp.length - 1 - k];
                        lp[lp.length - 1 - k] = t2;
                    }
                }
                faces.add(lp);
                normals.add(tn);
            }
        }

        private boolean duplicate(List<Integer> on, int i) {
            for (int j : on) {
                if (dist2(points, i, j) == 0) {
                    return true;
                }
            }
            return false;
        }

        private void buildEdges() {
            Map<Long, Integer> first = new HashMap<>();
            int n = points.length / 3;
            for (int f = 0; f < faces.size(); f++) {
                int[] lp = faces.get(f);
                for (int k = 0; k < lp.length; k++) {
                    int a = lp[k], b = lp[(k + 1) % lp.length];
                    Integer other = first.remove(key(b, a, n));
                    if (other != null) {
                        edges.add(new int[] {b, a, other, f});
                    } else {
                        first.put(key(a, b, n), f);
                    }
                }
            }
        }

        private static double angle(double[] p, int i, double[] c, double[] u, double[] w) {
            double x = p[3 * i] - c[0], y = p[3 * i + 1] - c[1], z = p[3 * i + 2] - c[2];
            return StrictMath.atan2(x * w[0] + y * w[1] + z * w[2], x * u[0] + y * u[1] + z * u[2]);
        }

        private static long key(int a, int b, int n) {
            return (long) a * n + b;
        }

        private static double[] sub(double[] p, int a, int b) {
            return new double[] {
                p[3 * a] - p[3 * b], p[3 * a + 1] - p[3 * b + 1], p[3 * a + 2] - p[3 * b + 2]
            };
        }

        private static double dist2(double[] p, int a, int b) {
            double[] d = sub(p, a, b);
            return dot(d, d);
        }

        private static double[] cross(double[] a, double[] b) {
            return new double[] {
                a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
            };
        }

        private static double dot(double[] a, double[] b) {
            return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        }

        private static double norm(double[] a) {
            return Math.sqrt(dot(a, a));
        }
    }
}
