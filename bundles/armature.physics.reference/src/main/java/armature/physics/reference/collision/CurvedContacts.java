package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.GeomType;

/**
 * Manifolds for pairs with a curved side (cylinders, and capsules against polytopes) by feature
 * clipping. A flat reference face is chosen first: a polytope face (its separation computed with
 * the other shape's exact support mapping) when it separates at least as well as the MPR portal
 * normal, otherwise a cylinder cap within about 18 degrees of the MPR normal. The other shape then
 * contributes its feature facing that face, clipped to it: a polytope face, a cylinder cap (a
 * 12-gon), the cylinder's side line (two rim points, which also covers a tilted cylinder standing
 * on one rim point: the deeper end is that point), or a capsule's axis segment with its radius.
 * Each survivor's distance to the reference plane is exact for flat contacts. Without a flat
 * reference (two curved sides, rim on edge) the single MPR point is kept. MPR runs with A grown by
 * the margin, so separated pairs within the margin are reported with their distance.
 */
final class CurvedContacts {
    private static final int RIM = 12;
    private static final double COS_CAP = 0.95;

    /** A capsule lying within about 6 degrees of a face gets the clipped two-point contact. */
    private static final double SIN_FLAT_CAPSULE = 0.1;

    private final Hulls h;
    private final Mpr mpr;
    private final HullFrame world;
    private final FaceClipper clip;
    private final Manifold manifold;
    private final double[] s = new double[3];

    CurvedContacts(Hulls hulls, Mpr mpr, Manifold manifold) {
        h = hulls;
        this.mpr = mpr;
        this.manifold = manifold;
        world = new HullFrame(hulls);
        int n = Math.max(hulls.maxLoop, RIM);
        clip = new FaceClipper(n, n);
    }

    /** Best face of the polytope g against the other geom o: index, separation in sep. */
    private double sep;

    private int bestFace(MultibodyData d, int g, int o) {
        world.load(d, h, g);
        int best = -1;
        sep = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < world.nf; f++) {
            double nx = world.n[3 * f], ny = world.n[3 * f + 1], nz = world.n[3 * f + 2];
            Support.support(d, o, -nx, -ny, -nz, s, 0);
            double v = nx * s[0] + ny * s[1] + nz * s[2] - world.off[f];
            if (v > sep) {
                sep = v;
                best = f;
            }
        }
        return best;
    }

    /**
     * Capsule gc against polytope gp lying (nearly) flat on its best face: the axis segment clipped
     * to that face, up to two points. Returns -1 when the capsule is not flat on a face, so the
     * caller keeps its end-sphere contacts.
     */
    int flatCapsule(MultibodyData d, int gc, int gp, double margin, ContactSet out) {
        int f = bestFace(d, gp, gc);
        if (f < 0) {
            return -1;
        }
        if (sep >= margin) {
            return 0;
        }
        double[] m = d.geomXmat;
        double ax = m[9 * gc + 2], ay = m[9 * gc + 5], az = m[9 * gc + 8];
        double across = ax * world.n[3 * f] + ay * world.n[3 * f + 1] + az * world.n[3 * f + 2];
        if (Math.abs(across) > SIN_FLAT_CAPSULE) {
            return -1;
        }
        world.reference(f, clip);
        segment(d, gc);
        manifold.clear();
        clip.clipInto(manifold, d.model.geomSize[3 * gc], margin);
        if (manifold.count < 2) {
            return -1;
        }
        // normal from the capsule to the polytope
        return manifold.emit(out, gc, gp, -clip.normal[0], -clip.normal[1], -clip.normal[2]);
    }

    /** Any pair with at least one cylinder (or capsule-mesh), geoms in NarrowPhase order. */
    int collide(
            MultibodyData d,
            int ga,
            int gb,
            double[] ca,
            double[] cb,
            double margin,
            ContactSet out) {
        if (!mpr.penetrate(d, ga, gb, ca, cb, margin)) {
            return 0;
        }
        double dist = margin - mpr.depth;
        if (dist >= margin) {
            return 0;
        }
        double nx = mpr.normal[0], ny = mpr.normal[1], nz = mpr.normal[2];
        GeomType ta = d.model.geomType[ga], tb = d.model.geomType[gb];
        // 1. a polytope face that separates at least as well as the portal normal
        for (int side = 0; side < 2; side++) {
            int gp = side == 0 ? ga : gb, go = side == 0 ? gb : ga;
            if (!h.has(gp)) {
                continue;
            }
            int f = bestFace(d, gp, go);
            if (f >= 0 && sep >= dist - 1e-9) {
                if (sep >= margin) {
                    return 0;
                }
                world.reference(f, clip);
                if (clipOther(d, go, margin)) {
                    return emit(out, ga, gb, side == 0);
                }
            }
        }
        // 2. a cylinder cap close to the portal normal
        for (int side = 0; side < 2; side++) {
            int gc = side == 0 ? ga : gb, go = side == 0 ? gb : ga;
            GeomType t = side == 0 ? ta : tb;
            if (t != GeomType.CYLINDER) {
                continue;
            }
            double[] m = d.geomXmat;
            double sgn = side == 0 ? 1 : -1;
            double c = sgn * (nx * m[9 * gc + 2] + ny * m[9 * gc + 5] + nz * m[9 * gc + 8]);
            if (Math.abs(c) >= COS_CAP) {
                capReference(d, gc, c > 0 ? 1 : -1);
                if (clipOther(d, go, margin)) {
                    return emit(out, ga, gb, side == 0);
                }
            }
        }
        // 3. two parallel side lines (cylinder or capsule axis): the ends of their overlap
        if (ta != GeomType.BOX
                && ta != GeomType.MESH
                && tb != GeomType.BOX
                && tb != GeomType.MESH) {
            int n = parallelLines(d, ga, gb, nx, ny, nz, margin, out);
            if (n >= 0) {
                return n;
            }
        }
        // 4. one point from the portal (moved back from the inflated surface)
        double back = 0.5 * margin;
        double[] p = mpr.point;
        return out.add(
                                ga,
                                gb,
                                p[0] - back * nx,
                                p[1] - back * ny,
                                p[2] - back * nz,
                                nx,
                                ny,
                                nz,
                                dist)
                        >= 0
                ? 1
                : 0;
    }

    private final double[] line = new double[12];

    /**
     * Cylinder or capsule sides lying along each other (axes within about 6 degrees, both nearly
     * perpendicular to the normal): one contact at each end of the overlap of the two side lines,
     * with the distance measured along the portal normal. Returns -1 when the shapes are not lying
     * along each other.
     */
    private int parallelLines(
            MultibodyData d,
            int ga,
            int gb,
            double nx,
            double ny,
            double nz,
            double margin,
            ContactSet out) {
        double[] m = d.geomXmat;
        double ax = m[9 * ga + 2], ay = m[9 * ga + 5], az = m[9 * ga + 8];
        double bx = m[9 * gb + 2], by = m[9 * gb + 5], bz = m[9 * gb + 8];
        if (Math.abs(ax * bx + ay * by + az * bz) < 0.995
                || Math.abs(ax * nx + ay * ny + az * nz) > SIN_FLAT_CAPSULE) {
            return -1;
        }
        // between parallel round sides the normal is the axes' common perpendicular (exact,
        // unlike the portal's, which is only as good as MPR's convergence on curved surfaces)
        double[] p = d.geomXpos;
        double wx = p[3 * gb] - p[3 * ga],
                wy = p[3 * gb + 1] - p[3 * ga + 1],
                wz = p[3 * gb + 2] - p[3 * ga + 2];
        double along = wx * ax + wy * ay + wz * az;
        wx -= along * ax;
        wy -= along * ay;
        wz -= along * az;
        double wl = Math.sqrt(wx * wx + wy * wy + wz * wz);
        if (wl > 1e-12 && wx * nx + wy * ny + wz * nz > 0) {
            nx = wx / wl;
            ny = wy / wl;
            nz = wz / wl;
        }
        // side lines: A's facing +n, B's facing -n; capsules keep their axis and radius
        double ra = sideOrAxis(d, ga, nx, ny, nz, 0), rb = sideOrAxis(d, gb, -nx, -ny, -nz, 6);
        double ha = d.model.geomSize[3 * ga + 1];
        double cx = 0.5 * (line[0] + line[3]),
                cy = 0.5 * (line[1] + line[4]),
                cz = 0.5 * (line[2] + line[5]);
        double t0 = (line[6] - cx) * ax + (line[7] - cy) * ay + (line[8] - cz) * az;
        double t1 = (line[9] - cx) * ax + (line[10] - cy) * ay + (line[11] - cz) * az;
        double lo = Math.max(-ha, Math.min(t0, t1)), hi = Math.min(ha, Math.max(t0, t1));
        if (hi - lo <= 1e-9 * ha) {
            return -1;
        }
        manifold.clear();
        double ex = line[9] - line[6], ey = line[10] - line[7], ez = line[11] - line[8];
        double e2 = ex * ex + ey * ey + ez * ez;
        for (int end = 0; end < 2; end++) {
            double t = end == 0 ? lo : hi;
            double px = cx + t * ax, py = cy + t * ay, pz = cz + t * az;
            double u = ((px - line[6]) * ex + (py - line[7]) * ey + (pz - line[8]) * ez) / e2;
            u = Math.max(0, Math.min(1, u));
            double qx = line[6] + u * ex, qy = line[7] + u * ey, qz = line[8] + u * ez;
            double dist = nx * (qx - px) + ny * (qy - py) + nz * (qz - pz) - ra - rb;
            if (dist < margin) {
                double back = ra + 0.5 * dist;
                manifold.add(px + back * nx, py + back * ny, pz + back * nz, dist);
            }
        }
        return manifold.emit(out, ga, gb, nx, ny, nz);
    }

    /**
     * Writes into line[o..o+6) the segment of geom g facing (dx, dy, dz): a cylinder's side line
     * (radius 0 returned) or a capsule's axis (its radius returned).
     */
    private double sideOrAxis(MultibodyData d, int g, double dx, double dy, double dz, int o) {
        if (d.model.geomType[g] == GeomType.CYLINDER) {
            sideLine(d, g, dx, dy, dz);
        } else {
            segment(d, g);
        }
        clip.copyIncident(line, o);
        return d.model.geomType[g] == GeomType.CYLINDER ? 0 : d.model.geomSize[3 * g];
    }

    private int emit(ContactSet out, int ga, int gb, boolean refOnA) {
        double sg = refOnA ? 1 : -1;
        return manifold.emit(
                out, ga, gb, sg * clip.normal[0], sg * clip.normal[1], sg * clip.normal[2]);
    }

    /** Clips geom g's feature facing the reference face; true when any point survived. */
    private boolean clipOther(MultibodyData d, int g, double margin) {
        double nx = clip.normal[0], ny = clip.normal[1], nz = clip.normal[2];
        double radius = 0;
        switch (d.model.geomType[g]) {
            case CAPSULE -> {
                segment(d, g);
                radius = d.model.geomSize[3 * g];
            }
            case CYLINDER -> {
                double[] m = d.geomXmat;
                double c = nx * m[9 * g + 2] + ny * m[9 * g + 5] + nz * m[9 * g + 8];
                if (Math.abs(c) >= COS_CAP) {
                    // the cap facing the reference face, against its normal
                    capIncident(d, g, c > 0 ? -1 : 1);
                } else {
                    sideLine(d, g, -nx, -ny, -nz);
                }
            }
            case BOX, MESH -> {
                if (!h.has(g)) {
                    return false;
                }
                world.load(d, h, g);
                world.incident(world.mostAntiParallel(nx, ny, nz), clip);
            }
            default -> {
                return false;
            }
        }
        manifold.clear();
        clip.clipInto(manifold, radius, margin);
        return manifold.count > 0;
    }

    /** Capsule axis end points as the incident segment. */
    private void segment(MultibodyData d, int g) {
        double[] m = d.geomXmat, p = d.geomXpos;
        double hl = d.model.geomSize[3 * g + 1];
        clip.begin();
        for (int e = -1; e <= 1; e += 2) {
            clip.point(
                    p[3 * g] + e * hl * m[9 * g + 2],
                    p[3 * g + 1] + e * hl * m[9 * g + 5],
                    p[3 * g + 2] + e * hl * m[9 * g + 8]);
        }
    }

    /** The cylinder's side line farthest along (dx, dy, dz): one rim point on each cap. */
    private void sideLine(MultibodyData d, int g, double dx, double dy, double dz) {
        double[] m = d.geomXmat, p = d.geomXpos;
        double ax = m[9 * g + 2], ay = m[9 * g + 5], az = m[9 * g + 8];
        double r = d.model.geomSize[3 * g], hl = d.model.geomSize[3 * g + 1];
        double c = dx * ax + dy * ay + dz * az;
        double ux = dx - c * ax, uy = dy - c * ay, uz = dz - c * az;
        double ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
        if (ul < 1e-12) {
            ux = m[9 * g];
            uy = m[9 * g + 3];
            uz = m[9 * g + 6];
        } else {
            ux /= ul;
            uy /= ul;
            uz /= ul;
        }
        clip.begin();
        for (int e = -1; e <= 1; e += 2) {
            clip.point(
                    p[3 * g] + e * hl * ax + r * ux,
                    p[3 * g + 1] + e * hl * ay + r * uy,
                    p[3 * g + 2] + e * hl * az + r * uz);
        }
    }

    /**
     * The cap on side sgn (+1 = +z) as the reference polygon, counter-clockwise about its normal.
     */
    private void capReference(MultibodyData d, int g, int sgn) {
        rim(d, g, sgn, clip.ref);
        clip.refCount = RIM;
        double[] m = d.geomXmat;
        clip.normal[0] = sgn * m[9 * g + 2];
        clip.normal[1] = sgn * m[9 * g + 5];
        clip.normal[2] = sgn * m[9 * g + 8];
        clip.setPlane();
    }

    private final double[] rimPts = new double[3 * RIM];

    private void capIncident(MultibodyData d, int g, int sgn) {
        rim(d, g, sgn, rimPts);
        clip.begin();
        for (int k = 0; k < RIM; k++) {
            clip.point(rimPts[3 * k], rimPts[3 * k + 1], rimPts[3 * k + 2]);
        }
    }

    /** RIM points on cap sgn, counter-clockwise about sgn * axis. */
    private static void rim(MultibodyData d, int g, int sgn, double[] out) {
        double[] m = d.geomXmat, p = d.geomXpos;
        double r = d.model.geomSize[3 * g], hl = d.model.geomSize[3 * g + 1];
        // local x and (sgn) local y: x cross (sgn y) = sgn z
        for (int k = 0; k < RIM; k++) {
            double cos = COS[k], sin = sgn * SIN[k];
            for (int e = 0; e < 3; e++) {
                out[3 * k + e] =
                        p[3 * g + e]
                                + sgn * hl * m[9 * g + 3 * e + 2]
                                + r * (cos * m[9 * g + 3 * e] + sin * m[9 * g + 3 * e + 1]);
            }
        }
    }

    private static final double[] COS = new double[RIM], SIN = new double[RIM];

    static {
        for (int k = 0; k < RIM; k++) {
            COS[k] = StrictMath.cos(2 * Math.PI * k / RIM);
            SIN[k] = StrictMath.sin(2 * Math.PI * k / RIM);
        }
    }
}
