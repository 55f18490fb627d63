package armature.physics.reference.collision;

import armature.physics.model.ConvexFaces;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * World-frame copy of one geom's hull for one query: vertices, face normals and plane offsets,
 * vertex mean, plus the support and face queries the polytope and curved contacts need. Buffers are
 * sized for the largest colliding hull once, so loading allocates nothing.
 */
final class HullFrame {
    final double[] v, n, off;
    final double[] c = new double[3];
    ConvexFaces f;
    int set, nv, adjBase, fs, nf;
    private int cursor;

    HullFrame(Hulls h) {
        v = new double[3 * h.maxVerts];
        n = new double[3 * h.maxFaces];
        off = new double[h.maxFaces];
    }

    void load(MultibodyData d, Hulls h, int g) {
        f = h.source[g];
        set = h.set[g];
        double[] lv = h.verts(g);
        int vs = h.vertStart(g);
        nv = h.vertCount(g);
        adjBase = vs;
        fs = f.faceStart[set];
        nf = f.faceCount[set];
        // a vertex on the hull (raw meshes may carry interior points without neighbours)
        cursor = f.loop[f.loopStart[fs]];
        double[] r = d.geomXmat, p = d.geomXpos;
        int ro = 9 * g;
        c[0] = c[1] = c[2] = 0;
        for (int i = 0; i < nv; i++) {
            double x = lv[3 * (vs + i)], y = lv[3 * (vs + i) + 1], z = lv[3 * (vs + i) + 2];
            for (int k = 0; k < 3; k++) {
                double w =
                        p[3 * g + k]
                                + r[ro + 3 * k] * x
                                + r[ro + 3 * k + 1] * y
                                + r[ro + 3 * k + 2] * z;
                v[3 * i + k] = w;
                c[k] += w / nv;
            }
        }
        for (int j = 0; j < nf; j++) {
            double x = f.faceNormal[3 * (fs + j)],
                    y = f.faceNormal[3 * (fs + j) + 1],
                    z = f.faceNormal[3 * (fs + j) + 2];
            for (int k = 0; k < 3; k++) {
                n[3 * j + k] = r[ro + 3 * k] * x + r[ro + 3 * k + 1] * y + r[ro + 3 * k + 2] * z;
            }
            int v0 = f.loop[f.loopStart[fs + j]];
            off[j] =
                    n[3 * j] * v[3 * v0]
                            + n[3 * j + 1] * v[3 * v0 + 1]
                            + n[3 * j + 2] * v[3 * v0 + 2];
        }
    }

    /**
     * min over this hull's vertices of n . v: a scan for small hulls, otherwise a descent on the
     * vertex graph from the previous answer (a linear function has no local minimum on a convex
     * polytope's vertex graph other than the global one).
     */
    double minDot(double nx, double ny, double nz) {
        if (nv <= 32) {
            double m = Double.POSITIVE_INFINITY;
            for (int i = 0; i < nv; i++) {
                double di = nx * v[3 * i] + ny * v[3 * i + 1] + nz * v[3 * i + 2];
                if (di < m) {
                    m = di;
                    cursor = i;
                }
            }
            return m;
        }
        int cur = cursor;
        double best = nx * v[3 * cur] + ny * v[3 * cur + 1] + nz * v[3 * cur + 2];
        boolean moved = true;
        while (moved) {
            moved = false;
            int a0 = f.adjStart[adjBase + cur], na = f.adjCount[adjBase + cur];
            for (int k = a0; k < a0 + na; k++) {
                int w = f.adj[k];
                double dw = nx * v[3 * w] + ny * v[3 * w + 1] + nz * v[3 * w + 2];
                if (dw < best) {
                    best = dw;
                    cur = w;
                    moved = true;
                }
            }
        }
        cursor = cur;
        return best;
    }

    /** Index of the vertex the last {@link #minDot} found. */
    int argMin() {
        return cursor;
    }

    /** Face whose normal is most anti-parallel to (nx, ny, nz). */
    int mostAntiParallel(double nx, double ny, double nz) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int j = 0; j < nf; j++) {
            double dd = nx * n[3 * j] + ny * n[3 * j + 1] + nz * n[3 * j + 2];
            if (dd < bd) {
                bd = dd;
                best = j;
            }
        }
        return best;
    }

    /** Loads face j as the clipper's reference polygon with its normal and plane. */
    void reference(int j, FaceClipper clip) {
        int fi = fs + j;
        clip.refCount = f.loopCount[fi];
        for (int k = 0; k < clip.refCount; k++) {
            int vi = f.loop[f.loopStart[fi] + k];
            System.arraycopy(v, 3 * vi, clip.ref, 3 * k, 3);
        }
        System.arraycopy(n, 3 * j, clip.normal, 0, 3);
        clip.setPlane();
    }

    /** Feeds face j to the clipper as the incident polygon. */
    void incident(int j, FaceClipper clip) {
        int fi = fs + j;
        clip.begin();
        for (int k = 0; k < f.loopCount[fi]; k++) {
            int vi = f.loop[f.loopStart[fi] + k];
            clip.point(v[3 * vi], v[3 * vi + 1], v[3 * vi + 2]);
        }
    }
}
