package armature.physics.reference.collision;

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
    private final World wa, wb;
    private final FaceClipper clip;
    private final Manifold manifold;

    HullContacts(Hulls hulls, Manifold manifold) {
        h = hulls;
        wa = new World(hulls);
        wb = new World(hulls);
        clip = new FaceClipper(Math.max(hulls.maxLoop, 3), Math.max(hulls.maxLoop, 3));
        this.manifold = manifold;
    }

    /** World-frame copy of one hull: vertices, face normals and offsets, centre. */
    static final class World {
        final double[] v, n, off;
        final double[] c = new double[3];
        int hull;

        World(Hulls h) {
            v = new double[3 * Math.max(h.maxVerts, 1)];
            n = new double[3 * Math.max(h.maxFaces, 1)];
            off = new double[Math.max(h.maxFaces, 1)];
        }

        void load(MultibodyData d, Hulls h, int g) {
            hull = h.geomHull[g];
            double[] r = d.geomXmat, p = d.geomXpos;
            int ro = 9 * g;
            int vs = h.vertStart[hull], nv = h.vertCount[hull];
            c[0] = c[1] = c[2] = 0;
            for (int i = 0; i < nv; i++) {
                double x = h.vert[3 * (vs + i)],
                        y = h.vert[3 * (vs + i) + 1],
                        z = h.vert[3 * (vs + i) + 2];
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
            int fs = h.faceStart[hull], nf = h.faceCount[hull];
            for (int f = 0; f < nf; f++) {
                double x = h.faceNormal[3 * (fs + f)],
                        y = h.faceNormal[3 * (fs + f) + 1],
                        z = h.faceNormal[3 * (fs + f) + 2];
                for (int k = 0; k < 3; k++) {
                    n[3 * f + k] =
                            r[ro + 3 * k] * x + r[ro + 3 * k + 1] * y + r[ro + 3 * k + 2] * z;
                }
                int v0 = h.loop[h.loopStart[fs + f]];
                off[f] =
                        n[3 * f] * v[3 * v0]
                                + n[3 * f + 1] * v[3 * v0 + 1]
                                + n[3 * f + 2] * v[3 * v0 + 2];
            }
        }

        /** min over this hull's vertices of n . v */
        double minDot(Hulls h, double nx, double ny, double nz) {
            double m = Double.POSITIVE_INFINITY;
            for (int i = 0; i < h.vertCount[hull]; i++) {
                m = Math.min(m, nx * v[3 * i] + ny * v[3 * i + 1] + nz * v[3 * i + 2]);
            }
            return m;
        }

        /** Face whose normal is most anti-parallel to (nx, ny, nz). */
        int mostAntiParallel(Hulls h, double nx, double ny, double nz) {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int f = 0; f < h.faceCount[hull]; f++) {
                double dd = nx * n[3 * f] + ny * n[3 * f + 1] + nz * n[3 * f + 2];
                if (dd < bd) {
                    bd = dd;
                    best = f;
                }
            }
            return best;
        }

        /** Loads face f as the clipper's reference polygon with its normal and plane. */
        void reference(Hulls h, int f, FaceClipper clip) {
            int fi = h.faceStart[hull] + f;
            clip.refCount = h.loopCount[fi];
            for (int k = 0; k < clip.refCount; k++) {
                int vi = h.loop[h.loopStart[fi] + k];
                System.arraycopy(v, 3 * vi, clip.ref, 3 * k, 3);
            }
            System.arraycopy(n, 3 * f, clip.normal, 0, 3);
            clip.setPlane();
        }

        /** Feeds face f to the clipper as the incident polygon. */
        void incident(Hulls h, int f, FaceClipper clip) {
            int fi = h.faceStart[hull] + f;
            clip.begin();
            for (int k = 0; k < h.loopCount[fi]; k++) {
                int vi = h.loop[h.loopStart[fi] + k];
                clip.point(v[3 * vi], v[3 * vi + 1], v[3 * vi + 2]);
            }
        }
    }

    /** Contacts of polytope geoms ga, gb (both with hulls); normals from ga to gb. */
    int collide(MultibodyData d, int ga, int gb, double margin, ContactSet out) {
        wa.load(d, h, ga);
        wb.load(d, h, gb);
        double sepA = Double.NEGATIVE_INFINITY, sepB = Double.NEGATIVE_INFINITY;
        int fa = -1, fb = -1;
        for (int f = 0; f < h.faceCount[wa.hull]; f++) {
            double s = wb.minDot(h, wa.n[3 * f], wa.n[3 * f + 1], wa.n[3 * f + 2]) - wa.off[f];
            if (s >= margin) {
                return 0;
            }
            if (s > sepA) {
                sepA = s;
                fa = f;
            }
        }
        for (int f = 0; f < h.faceCount[wb.hull]; f++) {
            double s = wa.minDot(h, wb.n[3 * f], wb.n[3 * f + 1], wb.n[3 * f + 2]) - wb.off[f];
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
        if (edges(margin) && sepE > EDGE_REL * faceSep + EDGE_ABS) {
            return edgeContact(ga, gb, out);
        }
        if (Double.isNaN(sepE)) {
            return 0; // an edge axis separates beyond the margin
        }
        manifold.clear();
        if (refA) {
            wa.reference(h, fa, clip);
            wb.incident(
                    h,
                    wb.mostAntiParallel(h, clip.normal[0], clip.normal[1], clip.normal[2]),
                    clip);
            clip.clipInto(manifold, 0, margin);
            return manifold.emit(out, ga, gb, clip.normal[0], clip.normal[1], clip.normal[2]);
        }
        wb.reference(h, fb, clip);
        wa.incident(
                h, wa.mostAntiParallel(h, clip.normal[0], clip.normal[1], clip.normal[2]), clip);
        clip.clipInto(manifold, 0, margin);
        return manifold.emit(out, ga, gb, -clip.normal[0], -clip.normal[1], -clip.normal[2]);
    }

    // best edge pair of the last edges() call
    private double sepE;
    private int ea0, ea1, eb0, eb1;
    private final double[] axis = new double[3];

    /**
     * Scans edge pairs forming Minkowski faces; sets sepE (NaN when one separates beyond the
     * margin) and returns whether any edge axis was found.
     */
    private boolean edges(double margin) {
        sepE = Double.NEGATIVE_INFINITY;
        boolean found = false;
        int es = h.edgeStart[wa.hull], ne = h.edgeCount[wa.hull];
        int fs = h.edgeStart[wb.hull], nf = h.edgeCount[wb.hull];
        double[] va = wa.v, vb = wb.v, na = wa.n, nb = wb.n;
        for (int i = es; i < es + ne; i++) {
            int a0 = h.edgeVert[2 * i], a1 = h.edgeVert[2 * i + 1];
            int fa = h.edgeFace[2 * i], fb = h.edgeFace[2 * i + 1];
            double ax = na[3 * fa], ay = na[3 * fa + 1], az = na[3 * fa + 2];
            double bx = na[3 * fb], by = na[3 * fb + 1], bz = na[3 * fb + 2];
            double bax = by * az - bz * ay, bay = bz * ax - bx * az, baz = bx * ay - by * ax;
            double ex = va[3 * a1] - va[3 * a0],
                    ey = va[3 * a1 + 1] - va[3 * a0 + 1],
                    ez = va[3 * a1 + 2] - va[3 * a0 + 2];
            for (int j = fs; j < fs + nf; j++) {
                int fc = h.edgeFace[2 * j], fd = h.edgeFace[2 * j + 1];
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
                int b0 = h.edgeVert[2 * j], b1 = h.edgeVert[2 * j + 1];
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
