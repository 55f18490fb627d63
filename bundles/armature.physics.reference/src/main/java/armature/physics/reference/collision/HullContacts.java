package armature.physics.reference.collision;

import armature.physics.model.ConvexFaces;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * Polytope pairs (box and convex mesh, in any combination): separating-axis test over both face
 * sets and over the edge pairs that form a face of the Minkowski difference (Gregorius' Gauss-map
 * test), then either face clipping (reference face = the best face axis, incident face = the other
 * hull's most anti-parallel face) or, when an edge pair separates clearly better, the single
 * closest point of the two edges. The separating axis is exact for polytopes, unlike the MPR portal
 * normal, which follows the centre-to-centre ray and can report a side face and a depth of several
 * centimetres for a block resting near the edge of a palm. Distances are reported up to the margin.
 */
final class HullContacts {
    /** A face axis is kept unless an edge axis separates by this much (relative, absolute) more. */
    private static final double EDGE_REL = 0.98, EDGE_ABS = 1e-5;

    private final Hulls h;
    private final Mpr mpr;
    private final HullFrame wa, wb;
    private final FaceClipper clip;
    private final Manifold manifold;

    HullContacts(Hulls hulls, Mpr mpr, Manifold manifold) {
        h = hulls;
        this.mpr = mpr;
        wa = new HullFrame(hulls);
        wb = new HullFrame(hulls);
        clip = new FaceClipper(hulls.maxLoop, hulls.maxLoop);
        heightA = new double[hulls.maxVerts];
        heightB = new double[hulls.maxVerts];
        edgesA = new int[hulls.maxEdges];
        edgesB = new int[hulls.maxEdges];
        this.manifold = manifold;
    }

    /**
     * Contacts of polytope geoms ga, gb (both with hulls); normals from ga to gb. {@code ca, cb}
     * are interior points for the MPR overlap test that rejects separated pairs before any hull is
     * transformed (bounding spheres overlap far more often than large meshes touch).
     */
    int collide(
            MultibodyData d,
            int ga,
            int gb,
            double[] ca,
            double[] cb,
            double margin,
            ContactSet out) {
        if (!mpr.penetrate(d, ga, gb, ca, cb, margin + 1e-6)) {
            return 0;
        }
        wa.load(d, h, ga);
        wb.load(d, h, gb);
        double mx = mpr.normal[0], my = mpr.normal[1], mz = mpr.normal[2];
        int fa = wa.mostAntiParallel(-mx, -my, -mz), fb = wb.mostAntiParallel(mx, my, mz);
        double sepA = faceSeparation(wa, fa, wb), sepB = faceSeparation(wb, fb, wa);
        if (sepA >= margin || sepB >= margin) {
            return 0;
        }
        // Faces are pruned by an upper bound of their separation: the other hull's vertex mean
        // lies inside it, so min over its vertices of n . v cannot exceed n . mean. Only faces
        // whose plane passes near the other hull survive, a handful of a large mesh's hundreds.
        for (int f = 0; f < wa.nf; f++) {
            if (f == fa || bound(wa, f, wb) <= sepA) {
                continue;
            }
            double s = faceSeparation(wa, f, wb);
            if (s >= margin) {
                return 0;
            }
            if (s > sepA) {
                sepA = s;
                fa = f;
            }
        }
        for (int f = 0; f < wb.nf; f++) {
            if (f == fb || bound(wb, f, wa) <= sepB) {
                continue;
            }
            double s = faceSeparation(wb, f, wa);
            if (s >= margin) {
                return 0;
            }
            if (s > sepB) {
                sepB = s;
                fb = f;
            }
        }
        boolean refA = !(sepB > EDGE_REL * sepA + EDGE_ABS);
        double faceSep = refA ? sepA : sepB;
        double sx, sy, sz;
        if (refA) {
            sx = wa.n[3 * fa];
            sy = wa.n[3 * fa + 1];
            sz = wa.n[3 * fa + 2];
        } else {
            sx = -wb.n[3 * fb];
            sy = -wb.n[3 * fb + 1];
            sz = -wb.n[3 * fb + 2];
        }
        if (edges(margin, sx, sy, sz) && sepE > EDGE_REL * faceSep + EDGE_ABS) {
            return edgeContact(ga, gb, out);
        }
        if (Double.isNaN(sepE)) {
            return 0; // an edge axis separates beyond the margin
        }
        HullFrame ref = refA ? wa : wb, inc = refA ? wb : wa;
        ref.reference(refA ? fa : fb, clip);
        double nx = clip.normal[0], ny = clip.normal[1], nz = clip.normal[2];
        inc.incident(inc.mostAntiParallel(nx, ny, nz), clip);
        manifold.clear();
        clip.clipInto(manifold, 0, margin);
        if (manifold.count == 0) {
            // touching outside the reference face's prism (numerically): the deepest vertex
            double low = inc.minDot(nx, ny, nz) - clip.offset;
            int i = inc.argMin();
            if (low < margin) {
                manifold.add(
                        inc.v[3 * i] - 0.5 * low * nx,
                        inc.v[3 * i + 1] - 0.5 * low * ny,
                        inc.v[3 * i + 2] - 0.5 * low * nz,
                        low);
            }
        }
        double sg = refA ? 1 : -1;
        return manifold.emit(out, ga, gb, sg * nx, sg * ny, sg * nz);
    }

    /** Separation of hull o from face f of hull w: min over o's vertices of n . v - offset. */
    private static double faceSeparation(HullFrame w, int f, HullFrame o) {
        return o.minDot(w.n[3 * f], w.n[3 * f + 1], w.n[3 * f + 2]) - w.off[f];
    }

    /** An upper bound of {@link #faceSeparation}: the plane's distance to o's vertex mean. */
    private static double bound(HullFrame w, int f, HullFrame o) {
        return w.n[3 * f] * o.c[0] + w.n[3 * f + 1] * o.c[1] + w.n[3 * f + 2] * o.c[2] - w.off[f];
    }

    // best edge pair of the last edges() call
    private double sepE;
    private int ea0, ea1, eb0, eb1;
    private final double[] axis = new double[3];

    private final double[] heightA, heightB;
    private final int[] edgesA, edgesB;

    /**
     * Edges of hull w that can touch the other hull: those reaching into the slab [lo, hi] along
     * (nx, ny, nz), where both hulls overlap (every contact feature lies in it). Resting contacts
     * have a thin slab, so large meshes keep a handful of edges instead of thousands.
     */
    private static int slabEdges(
            HullFrame w,
            double[] height,
            int[] list,
            double nx,
            double ny,
            double nz,
            double lo,
            double hi) {
        for (int i = 0; i < w.nv; i++) {
            height[i] = nx * w.v[3 * i] + ny * w.v[3 * i + 1] + nz * w.v[3 * i + 2];
        }
        ConvexFaces f = w.f;
        int n = 0;
        for (int e = f.edgeStart[w.set]; e < f.edgeStart[w.set] + f.edgeCount[w.set]; e++) {
            double h0 = height[f.edgeVert[2 * e]], h1 = height[f.edgeVert[2 * e + 1]];
            if (Math.max(h0, h1) >= lo && Math.min(h0, h1) <= hi) {
                list[n++] = e;
            }
        }
        return n;
    }

    /**
     * Scans edge pairs forming Minkowski faces; sets sepE (NaN when one separates beyond the
     * margin) and returns whether any edge axis was found. (nx, ny, nz) is the best face axis from
     * A to B; it bounds the slab whose edges are tested.
     */
    private boolean edges(double margin, double nx0, double ny0, double nz0) {
        sepE = Double.NEGATIVE_INFINITY;
        boolean found = false;
        double hiA = -wa.minDot(-nx0, -ny0, -nz0), loB = wb.minDot(nx0, ny0, nz0);
        double lo = loB - margin, hi = hiA + margin;
        int ne = slabEdges(wa, heightA, edgesA, nx0, ny0, nz0, lo, hi);
        int nf = slabEdges(wb, heightB, edgesB, nx0, ny0, nz0, lo, hi);
        ConvexFaces ha = wa.f, hb = wb.f;
        double[] va = wa.v, vb = wb.v, na = wa.n, nb = wb.n;
        for (int ii = 0; ii < ne; ii++) {
            int i = edgesA[ii];
            int a0 = ha.edgeVert[2 * i], a1 = ha.edgeVert[2 * i + 1];
            int fa = ha.edgeFace[2 * i], fb = ha.edgeFace[2 * i + 1];
            double ax = na[3 * fa], ay = na[3 * fa + 1], az = na[3 * fa + 2];
            double bx = na[3 * fb], by = na[3 * fb + 1], bz = na[3 * fb + 2];
            double bax = by * az - bz * ay, bay = bz * ax - bx * az, baz = bx * ay - by * ax;
            double ex = va[3 * a1] - va[3 * a0],
                    ey = va[3 * a1 + 1] - va[3 * a0 + 1],
                    ez = va[3 * a1 + 2] - va[3 * a0 + 2];
            for (int jj = 0; jj < nf; jj++) {
                int j = edgesB[jj];
                int fc = hb.edgeFace[2 * j], fd = hb.edgeFace[2 * j + 1];
                // Gauss-map arcs of B use the negated normals (faces of -B)
                double cx = -nb[3 * fc], cy = -nb[3 * fc + 1], cz = -nb[3 * fc + 2];
                double dx = -nb[3 * fd], dy = -nb[3 * fd + 1], dz = -nb[3 * fd + 2];
                double cba = cx * bax + cy * bay + cz * baz;
                double dba = dx * bax + dy * bay + dz * baz;
                if (cba * dba >= 0) {
                    continue;
                }
                double dcx = dy * cz - dz * cy, dcy = dz * cx - dx * cz, dcz = dx * cy - dy * cx;
                double adc = ax * dcx + ay * dcy + az * dcz;
                double bdc = bx * dcx + by * dcy + bz * dcz;
                if (adc * bdc >= 0 || cba * bdc <= 0) {
                    continue;
                }
                int b0 = hb.edgeVert[2 * j], b1 = hb.edgeVert[2 * j + 1];
                double fx = vb[3 * b1] - vb[3 * b0],
                        fy = vb[3 * b1 + 1] - vb[3 * b0 + 1],
                        fz = vb[3 * b1 + 2] - vb[3 * b0 + 2];
                double nx = ey * fz - ez * fy, ny = ez * fx - ex * fz, nz = ex * fy - ey * fx;
                double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
                double el =
                        Math.sqrt((ex * ex + ey * ey + ez * ez) * (fx * fx + fy * fy + fz * fz));
                if (len <= 1e-6 * el) {
                    continue; // parallel edges: the face axes cover them
                }
                nx /= len;
                ny /= len;
                nz /= len;
                if (nx * (va[3 * a0] - wa.c[0])
                                + ny * (va[3 * a0 + 1] - wa.c[1])
                                + nz * (va[3 * a0 + 2] - wa.c[2])
                        < 0) {
                    nx = -nx;
                    ny = -ny;
                    nz = -nz;
                }
                double s =
                        nx * (vb[3 * b0] - va[3 * a0])
                                + ny * (vb[3 * b0 + 1] - va[3 * a0 + 1])
                                + nz * (vb[3 * b0 + 2] - va[3 * a0 + 2]);
                if (s >= margin) {
                    sepE = Double.NaN;
                    return false;
                }
                if (s > sepE) {
                    sepE = s;
                    found = true;
                    ea0 = a0;
                    ea1 = a1;
                    eb0 = b0;
                    eb1 = b1;
                    axis[0] = nx;
                    axis[1] = ny;
                    axis[2] = nz;
                }
            }
        }
        return found;
    }

    /** One point midway between the closest points of the two best edges (Ericson 5.1.9). */
    private int edgeContact(int ga, int gb, ContactSet out) {
        double[] va = wa.v, vb = wb.v;
        double p1x = va[3 * ea0], p1y = va[3 * ea0 + 1], p1z = va[3 * ea0 + 2];
        double q1x = vb[3 * eb0], q1y = vb[3 * eb0 + 1], q1z = vb[3 * eb0 + 2];
        double d1x = va[3 * ea1] - p1x, d1y = va[3 * ea1 + 1] - p1y, d1z = va[3 * ea1 + 2] - p1z;
        double d2x = vb[3 * eb1] - q1x, d2y = vb[3 * eb1 + 1] - q1y, d2z = vb[3 * eb1 + 2] - q1z;
        double rx = p1x - q1x, ry = p1y - q1y, rz = p1z - q1z;
        double a = d1x * d1x + d1y * d1y + d1z * d1z, e = d2x * d2x + d2y * d2y + d2z * d2z;
        double b = d1x * d2x + d1y * d2y + d1z * d2z;
        double c = d1x * rx + d1y * ry + d1z * rz, f = d2x * rx + d2y * ry + d2z * rz;
        double den = a * e - b * b;
        double s = den > 0 ? clamp01((b * f - c * e) / den) : 0;
        double t = clamp01((b * s + f) / e);
        s = clamp01((b * t - c) / a);
        double px = 0.5 * (p1x + s * d1x + q1x + t * d2x);
        double py = 0.5 * (p1y + s * d1y + q1y + t * d2y);
        double pz = 0.5 * (p1z + s * d1z + q1z + t * d2z);
        return out.add(ga, gb, px, py, pz, axis[0], axis[1], axis[2], sepE) >= 0 ? 1 : 0;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }
}
