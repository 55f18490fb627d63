package armature.physics.reference.collision;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.GeomType;

/**
 * Contact generation for one geom pair (ADR 0023). Analytic where it is cheap: plane against
 * anything, sphere and capsule pairs (exactly parallel capsules get two points). Sphere-box,
 * capsule-box and box-box exactly as MuJoCo 2.2.2 ({@link BoxContacts}, {@link BoxBox}, ADR 0087).
 * Other polytope pairs (boxes, convex meshes): separating axes plus face clipping ({@link
 * HullContacts}). Cylinders against anything but planes and spheres: feature clipping on a
 * reference face ({@link CurvedContacts}). Capsule-mesh: the clipped axis when it lies flat on a
 * face, else one MPR point. Sphere-cylinder and sphere-mesh: one MPR point. Multi-point manifolds
 * are reduced to at most four points ({@link Manifold}); every pair reports contacts closer than
 * the margin. Normals point from geom1 to geom2 of each contact, ordered as MuJoCo orders them (see
 * {@link #collide}).
 */
public final class NarrowPhase {
    private final Mpr mpr = new Mpr();
    private final BoxContacts boxes = new BoxContacts();
    private final BoxBox boxBox = new BoxBox();
    private final Hulls hulls;
    private final Manifold manifold;
    private final HullContacts hullContacts;
    private final CurvedContacts curved;
    private final PlaneContacts planes;
    private final double[] ca = new double[3], cb = new double[3], tmp = new double[6];
    private final double[] meshCentroid;

    public NarrowPhase(MultibodyModel m) {
        hulls = new Hulls(m);
        int maxVerts = 0;
        for (int k = 0; k < m.nmesh; k++) {
            maxVerts = Math.max(maxVerts, m.meshVertCount[k]);
        }
        manifold = new Manifold(Math.max(maxVerts, 2 * hulls.maxLoop + 32));
        hullContacts = new HullContacts(hulls, mpr, manifold);
        curved = new CurvedContacts(hulls, mpr, manifold);
        planes = new PlaneContacts(manifold);
        meshCentroid = new double[3 * m.nmesh];
        for (int k = 0; k < m.nmesh; k++) {
            int n = m.meshVertCount[k];
            for (int i = m.meshVertStart[k]; i < m.meshVertStart[k] + n; i++) {
                for (int e = 0; e < 3; e++) {
                    meshCentroid[3 * k + e] += m.meshVert[3 * i + e] / n;
                }
            }
        }
    }

    /**
     * Appends the contacts of geoms g1, g2 closer than {@code margin}; returns how many. As in
     * MuJoCo, the geom whose type comes first in MuJoCo's order (plane, sphere, capsule, cylinder,
     * box, mesh) becomes geom1 and the normal points from it to geom2; equal types keep the
     * caller's order. The tangent frame then matches MuJoCo's, which pyramidal friction depends on.
     */
    public int collide(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        GeomType t1 = d.model.geomType[g1], t2 = d.model.geomType[g2];
        boolean computedSwapped = dispatchRank(t1) > dispatchRank(t2);
        int start = out.count;
        int n =
                computedSwapped
                        ? collideOrdered(d, g2, g1, margin, out)
                        : collideOrdered(d, g1, g2, margin, out);
        if (computedSwapped != (mujocoRank(t1) > mujocoRank(t2))) {
            for (int c = start; c < out.count; c++) {
                int g = out.geom1[c];
                out.geom1[c] = out.geom2[c];
                out.geom2[c] = g;
                for (int k = 0; k < 3; k++) {
                    out.frame[9 * c + k] = -out.frame[9 * c + k];
                }
                ContactSet.makeFrame(out.frame, 9 * c);
            }
        }
        return n;
    }

    /** The type's place in MuJoCo's mjtGeom order, which decides geom1 of a contact. */
    private static int mujocoRank(GeomType t) {
        return switch (t) {
            case PLANE -> 0;
            case SPHERE -> 2;
            case CAPSULE -> 3;
            case ELLIPSOID -> 4;
            case CYLINDER -> 5;
            case BOX -> 6;
            case MESH -> 7;
        };
    }

    /**
     * The order the pair routines below expect their two geoms in (the lower rank first); it
     * predates MuJoCo's order, which {@link #collide} restores afterwards.
     */
    private static int dispatchRank(GeomType t) {
        return switch (t) {
            case PLANE -> 0;
            case SPHERE -> 1;
            case CAPSULE -> 2;
            case BOX -> 3;
            case CYLINDER -> 4;
            case MESH -> 5;
            case ELLIPSOID -> throw new IllegalStateException("the engine has no ellipsoid geoms");
        };
    }

    private int collideOrdered(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        GeomType t1 = d.model.geomType[g1], t2 = d.model.geomType[g2];
        if (t1 == GeomType.PLANE) {
            return switch (t2) {
                case PLANE -> 0;
                case SPHERE -> planeSphere(d, g1, g2, center(d, g2, 0, 0), margin, out);
                case CAPSULE ->
                        planeSphere(d, g1, g2, center(d, g2, 0, 1), margin, out)
                                + planeSphere(d, g1, g2, center(d, g2, 0, -1), margin, out);
                case BOX -> planes.box(d, g1, g2, margin, out);
                case CYLINDER -> planes.cylinder(d, g1, g2, margin, out);
                case MESH -> planes.mesh(d, g1, g2, margin, out);
                case ELLIPSOID -> throw new IllegalStateException("no ellipsoid geoms");
            };
        }
        if (t1 == GeomType.SPHERE && t2 == GeomType.SPHERE) {
            center(d, g1, 0, 0);
            center(d, g2, 3, 0);
            return spheres(g1, g2, d.model.geomSize[3 * g1], d.model.geomSize[3 * g2], margin, out);
        }
        if (t1 == GeomType.SPHERE && t2 == GeomType.CAPSULE) {
            center(d, g1, 0, 0);
            closestOnSegment(d, g2, tmp[0], tmp[1], tmp[2], 3);
            return spheres(g1, g2, d.model.geomSize[3 * g1], d.model.geomSize[3 * g2], margin, out);
        }
        if (t1 == GeomType.CAPSULE && t2 == GeomType.CAPSULE) {
            return capsules(d, g1, g2, margin, out);
        }
        if (t1 == GeomType.SPHERE && t2 == GeomType.BOX) {
            return boxes.sphereBox(
                    d,
                    g1,
                    g2,
                    d.geomXpos[3 * g1],
                    d.geomXpos[3 * g1 + 1],
                    d.geomXpos[3 * g1 + 2],
                    margin,
                    out);
        }
        if (t1 == GeomType.CAPSULE && t2 == GeomType.BOX) {
            return boxes.capsuleBox(d, g1, g2, margin, out);
        }
        if (t1 == GeomType.BOX && t2 == GeomType.BOX) {
            return boxBox.collide(d, g1, g2, margin, out);
        }
        boolean hull1 = hulls.has(g1), hull2 = hulls.has(g2);
        if (hull1 && hull2) {
            centroid(d, g1, ca);
            centroid(d, g2, cb);
            return hullContacts.collide(d, g1, g2, ca, cb, margin, out);
        }
        if (t1 == GeomType.CAPSULE && t2 == GeomType.MESH && hull2) {
            int n = curved.flatCapsule(d, g1, g2, margin, out);
            if (n >= 0) {
                return n;
            }
            return general(d, g1, g2, margin, out);
        }
        if (t1 != GeomType.SPHERE && (t1 == GeomType.CYLINDER || t2 == GeomType.CYLINDER)) {
            centroid(d, g1, ca);
            centroid(d, g2, cb);
            return curved.collide(d, g1, g2, ca, cb, margin, out);
        }
        return general(d, g1, g2, margin, out);
    }

    /** Writes into tmp[o..o+3) the geom centre shifted by s half-lengths along its local z. */
    private double[] center(MultibodyData d, int g, int o, double s) {
        double h = s * d.model.geomSize[3 * g + 1];
        for (int k = 0; k < 3; k++) {
            tmp[o + k] = d.geomXpos[3 * g + k] + h * d.geomXmat[9 * g + 3 * k + 2];
        }
        return tmp;
    }

    private int planeSphere(
            MultibodyData d, int gp, int gs, double[] c, double margin, ContactSet out) {
        double r = d.model.geomSize[3 * gs];
        return PlaneContacts.point(d, gp, gs, c[0], c[1], c[2], r, margin, out);
    }

    /** Two spheres with centres in tmp[0..3) and tmp[3..6). */
    private int spheres(int g1, int g2, double r1, double r2, double margin, ContactSet out) {
        double dx = tmp[3] - tmp[0], dy = tmp[4] - tmp[1], dz = tmp[5] - tmp[2];
        double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
        double dist = len - r1 - r2;
        if (dist > margin) {
            return 0;
        }
        double nx, ny, nz;
        if (len > 1e-12) {
            nx = dx / len;
            ny = dy / len;
            nz = dz / len;
        } else {
            nx = 0;
            ny = 0;
            nz = 1;
        }
        double t = r1 + 0.5 * dist;
        return out.add(g1, g2, tmp[0] + t * nx, tmp[1] + t * ny, tmp[2] + t * nz, nx, ny, nz, dist)
                        >= 0
                ? 1
                : 0;
    }

    /** Closest point to (x, y, z) on capsule g's axis segment, into tmp[o..o+3). */
    private void closestOnSegment(MultibodyData d, int g, double x, double y, double z, int o) {
        double[] m = d.geomXmat;
        double ax = m[9 * g + 2],
                ay = m[9 * g + 5],
                az = m[9 * g + 8],
                h = d.model.geomSize[3 * g + 1];
        double cx = d.geomXpos[3 * g], cy = d.geomXpos[3 * g + 1], cz = d.geomXpos[3 * g + 2];
        double t = (x - cx) * ax + (y - cy) * ay + (z - cz) * az;
        t = Math.max(-h, Math.min(h, t));
        tmp[o] = cx + t * ax;
        tmp[o + 1] = cy + t * ay;
        tmp[o + 2] = cz + t * az;
    }

    /** Closest points of two capsule axis segments into tmp[0..3) and tmp[3..6) (Ericson 5.1.9). */
    private void segmentSegment(MultibodyData d, int g1, int g2) {
        double[] m = d.geomXmat, p = d.geomXpos, s = d.model.geomSize;
        double h1 = s[3 * g1 + 1], h2 = s[3 * g2 + 1];
        double d1x = 2 * h1 * m[9 * g1 + 2],
                d1y = 2 * h1 * m[9 * g1 + 5],
                d1z = 2 * h1 * m[9 * g1 + 8];
        double d2x = 2 * h2 * m[9 * g2 + 2],
                d2y = 2 * h2 * m[9 * g2 + 5],
                d2z = 2 * h2 * m[9 * g2 + 8];
        double p1x = p[3 * g1] - 0.5 * d1x,
                p1y = p[3 * g1 + 1] - 0.5 * d1y,
                p1z = p[3 * g1 + 2] - 0.5 * d1z;
        double p2x = p[3 * g2] - 0.5 * d2x,
                p2y = p[3 * g2 + 1] - 0.5 * d2y,
                p2z = p[3 * g2 + 2] - 0.5 * d2z;
        double rx = p1x - p2x, ry = p1y - p2y, rz = p1z - p2z;
        double a = d1x * d1x + d1y * d1y + d1z * d1z, e = d2x * d2x + d2y * d2y + d2z * d2z;
        double f = d2x * rx + d2y * ry + d2z * rz, c = d1x * rx + d1y * ry + d1z * rz;
        double b = d1x * d2x + d1y * d2y + d1z * d2z;
        double denom = a * e - b * b;
        double sp = denom > 1e-14 * a * e ? clamp01((b * f - c * e) / denom) : 0.5;
        double t = (b * sp + f) / e;
        if (t < 0) {
            t = 0;
            sp = clamp01(-c / a);
        } else if (t > 1) {
            t = 1;
            sp = clamp01((b - c) / a);
        }
        tmp[0] = p1x + d1x * sp;
        tmp[1] = p1y + d1y * sp;
        tmp[2] = p1z + d1z * sp;
        tmp[3] = p2x + d2x * t;
        tmp[4] = p2y + d2y * t;
        tmp[5] = p2z + d2z * t;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }

    /** One MPR point; A is grown by the margin so that near pairs are reported too. */
    private int general(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        centroid(d, g1, ca);
        centroid(d, g2, cb);
        if (!mpr.penetrate(d, g1, g2, ca, cb, margin)) {
            return 0;
        }
        double dist = margin - mpr.depth;
        if (dist >= margin) {
            return 0;
        }
        double[] n = mpr.normal, pt = mpr.point;
        double back = 0.5 * margin;
        return out.add(
                                g1,
                                g2,
                                pt[0] - back * n[0],
                                pt[1] - back * n[1],
                                pt[2] - back * n[2],
                                n[0],
                                n[1],
                                n[2],
                                dist)
                        >= 0
                ? 1
                : 0;
    }

    /**
     * Capsule pair as MuJoCo 2.2.2 collides it: one contact at the closest points of the axes; only
     * axes parallel to within rounding (MuJoCo's determinant test, {@code h1^2 h2^2 (1 - cos^2) <
     * 1e-15}) get the two ends of their overlap. Nearly parallel phalanges therefore pivot on one
     * point as they do in MuJoCo (ADR 0082; two points there made the hand leave MuJoCo's path).
     */
    private int capsules(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        double r1 = d.model.geomSize[3 * g1], r2 = d.model.geomSize[3 * g2];
        segmentSegment(d, g1, g2);
        double[] m = d.geomXmat, p = d.geomXpos;
        double ax = m[9 * g1 + 2], ay = m[9 * g1 + 5], az = m[9 * g1 + 8];
        double bx = m[9 * g2 + 2], by = m[9 * g2 + 5], bz = m[9 * g2 + 8];
        double cos = ax * bx + ay * by + az * bz;
        double h1 = d.model.geomSize[3 * g1 + 1], h2 = d.model.geomSize[3 * g2 + 1];
        if (Math.abs(h1 * h1 * h2 * h2 * (1 - cos * cos)) >= 1e-15) {
            return spheres(g1, g2, r1, r2, margin, out);
        }
        // overlap of B's axis projected on A's axis, in A's axial coordinate
        double c =
                (p[3 * g2] - p[3 * g1]) * ax
                        + (p[3 * g2 + 1] - p[3 * g1 + 1]) * ay
                        + (p[3 * g2 + 2] - p[3 * g1 + 2]) * az;
        double e = Math.abs(cos) * h2;
        double lo = Math.max(-h1, c - e), hi = Math.min(h1, c + e);
        if (hi - lo <= 1e-9 * (h1 + h2)) {
            return spheres(g1, g2, r1, r2, margin, out);
        }
        // fallback normal from the closest points, for axes that touch
        double fx = tmp[3] - tmp[0], fy = tmp[4] - tmp[1], fz = tmp[5] - tmp[2];
        int n = 0;
        for (int end = 0; end < 2; end++) {
            double t = end == 0 ? lo : hi;
            tmp[0] = p[3 * g1] + t * ax;
            tmp[1] = p[3 * g1 + 1] + t * ay;
            tmp[2] = p[3 * g1 + 2] + t * az;
            closestOnSegment(d, g2, tmp[0], tmp[1], tmp[2], 3);
            double gx = tmp[3] - tmp[0], gy = tmp[4] - tmp[1], gz = tmp[5] - tmp[2];
            if (gx * gx + gy * gy + gz * gz < 1e-24) {
                tmp[3] = tmp[0] + 1e-12 * fx;
                tmp[4] = tmp[1] + 1e-12 * fy;
                tmp[5] = tmp[2] + 1e-12 * fz;
            }
            n += spheres(g1, g2, r1, r2, margin, out);
        }
        return n;
    }

    private void centroid(MultibodyData d, int g, double[] out) {
        double lx = 0, ly = 0, lz = 0;
        int mesh = d.model.geomMesh[g];
        if (mesh >= 0) {
            lx = meshCentroid[3 * mesh];
            ly = meshCentroid[3 * mesh + 1];
            lz = meshCentroid[3 * mesh + 2];
        }
        double[] m = d.geomXmat;
        int mo = 9 * g;
        out[0] = d.geomXpos[3 * g] + m[mo] * lx + m[mo + 1] * ly + m[mo + 2] * lz;
        out[1] = d.geomXpos[3 * g + 1] + m[mo + 3] * lx + m[mo + 4] * ly + m[mo + 5] * lz;
        out[2] = d.geomXpos[3 * g + 2] + m[mo + 6] * lx + m[mo + 7] * ly + m[mo + 8] * lz;
    }
}
