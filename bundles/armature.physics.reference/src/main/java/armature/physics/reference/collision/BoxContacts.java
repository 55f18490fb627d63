package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * Box contacts: sphere-box in closed form, and box-box as an MPR normal plus a corner manifold.
 * Instances own their scratch storage (one per world, through {@link NarrowPhase}).
 */
final class BoxContacts {
    private final Mpr mpr;
    private final double[] tmp = new double[3], ca = new double[3], cb = new double[3];

    BoxContacts(Mpr mpr) {
        this.mpr = mpr;
    }

    /** Sphere of geom gs's radius centred at (sx, sy, sz) against box gb. */
    int sphereBox(
            MultibodyData d,
            int gs,
            int gb,
            double sx,
            double sy,
            double sz,
            double margin,
            ContactSet out) {
        double[] m = d.geomXmat, p = d.geomXpos, s = d.model.geomSize;
        int mo = 9 * gb;
        double r = s[3 * gs];
        double dx = sx - p[3 * gb], dy = sy - p[3 * gb + 1], dz = sz - p[3 * gb + 2];
        double lx = m[mo] * dx + m[mo + 3] * dy + m[mo + 6] * dz;
        double ly = m[mo + 1] * dx + m[mo + 4] * dy + m[mo + 7] * dz;
        double lz = m[mo + 2] * dx + m[mo + 5] * dy + m[mo + 8] * dz;
        double hx = s[3 * gb], hy = s[3 * gb + 1], hz = s[3 * gb + 2];
        double qx = Math.max(-hx, Math.min(hx, lx)),
                qy = Math.max(-hy, Math.min(hy, ly)),
                qz = Math.max(-hz, Math.min(hz, lz));
        double ex = lx - qx, ey = ly - qy, ez = lz - qz;
        double len = Math.sqrt(ex * ex + ey * ey + ez * ez);
        double nlx, nly, nlz, dist;
        if (len > 1e-12) {
            dist = len - r;
            // normal from the sphere to the box
            nlx = -ex / len;
            nly = -ey / len;
            nlz = -ez / len;
        } else {
            // centre inside: leave through the nearest face
            double px = hx - Math.abs(lx), py = hy - Math.abs(ly), pz = hz - Math.abs(lz);
            nlx = nly = nlz = 0;
            if (px <= py && px <= pz) {
                nlx = lx >= 0 ? -1 : 1;
                qx = lx >= 0 ? hx : -hx;
                dist = -px - r;
            } else if (py <= pz) {
                nly = ly >= 0 ? -1 : 1;
                qy = ly >= 0 ? hy : -hy;
                dist = -py - r;
            } else {
                nlz = lz >= 0 ? -1 : 1;
                qz = lz >= 0 ? hz : -hz;
                dist = -pz - r;
            }
        }
        if (dist >= margin) {
            return 0;
        }
        double nx = m[mo] * nlx + m[mo + 1] * nly + m[mo + 2] * nlz;
        double ny = m[mo + 3] * nlx + m[mo + 4] * nly + m[mo + 5] * nlz;
        double nz = m[mo + 6] * nlx + m[mo + 7] * nly + m[mo + 8] * nlz;
        // box surface point in the world, then back off half the distance along the normal
        double bx = p[3 * gb] + m[mo] * qx + m[mo + 1] * qy + m[mo + 2] * qz;
        double by = p[3 * gb + 1] + m[mo + 3] * qx + m[mo + 4] * qy + m[mo + 5] * qz;
        double bz = p[3 * gb + 2] + m[mo + 6] * qx + m[mo + 7] * qy + m[mo + 8] * qz;
        return out.add(
                                gs,
                                gb,
                                bx - 0.5 * dist * nx,
                                by - 0.5 * dist * ny,
                                bz - 0.5 * dist * nz,
                                nx,
                                ny,
                                nz,
                                dist)
                        >= 0
                ? 1
                : 0;
    }

    /**
     * Box against box: MPR finds the normal; then every corner of either box that lies beyond the
     * other's supporting plane and projects onto that box's face becomes a contact, which gives
     * face-face and edge-face manifolds of up to 8 points. Edge-edge keeps the single MPR point.
     */
    int boxBox(MultibodyData d, int ga, int gb, double margin, ContactSet out) {
        for (int k = 0; k < 3; k++) {
            ca[k] = d.geomXpos[3 * ga + k];
            cb[k] = d.geomXpos[3 * gb + k];
        }
        if (!mpr.penetrate(d, ga, gb, ca, cb)) {
            return 0;
        }
        double nx = mpr.normal[0], ny = mpr.normal[1], nz = mpr.normal[2];
        double hA = extent(d, ga, nx, ny, nz), hB = -extent(d, gb, -nx, -ny, -nz);
        int n = 0;
        for (int side = 0; side < 2; side++) {
            int from = side == 0 ? gb : ga, onto = side == 0 ? ga : gb;
            for (int corner = 0; corner < 8 && n < 8; corner++) {
                corner(d, from, corner, tmp, 0);
                double h = nx * tmp[0] + ny * tmp[1] + nz * tmp[2];
                double dist = side == 0 ? h - hA : hB - h;
                if (dist >= margin) {
                    continue;
                }
                // projection onto the other box's supporting plane
                double sgn = side == 0 ? -1 : 1;
                double px = tmp[0] + sgn * dist * nx,
                        py = tmp[1] + sgn * dist * ny,
                        pz = tmp[2] + sgn * dist * nz;
                if (insideBox(d, onto, px, py, pz, 1e-9 + Math.abs(dist))) {
                    double half = 0.5 * sgn * dist;
                    if (out.add(
                                    ga,
                                    gb,
                                    tmp[0] + half * nx,
                                    tmp[1] + half * ny,
                                    tmp[2] + half * nz,
                                    nx,
                                    ny,
                                    nz,
                                    dist)
                            >= 0) {
                        n++;
                    }
                }
            }
        }
        if (n > 0) {
            return n;
        }
        double dist = -mpr.depth;
        if (dist >= margin) {
            return 0;
        }
        return out.add(ga, gb, mpr.point[0], mpr.point[1], mpr.point[2], nx, ny, nz, dist) >= 0
                ? 1
                : 0;
    }

    /** max over the box's corners of n . corner. */
    private static double extent(MultibodyData d, int g, double nx, double ny, double nz) {
        double[] m = d.geomXmat, s = d.model.geomSize;
        int mo = 9 * g;
        double e = nx * d.geomXpos[3 * g] + ny * d.geomXpos[3 * g + 1] + nz * d.geomXpos[3 * g + 2];
        for (int k = 0; k < 3; k++) {
            e += s[3 * g + k] * Math.abs(nx * m[mo + k] + ny * m[mo + 3 + k] + nz * m[mo + 6 + k]);
        }
        return e;
    }

    private static void corner(MultibodyData d, int g, int corner, double[] out, int o) {
        double[] m = d.geomXmat, s = d.model.geomSize;
        int mo = 9 * g;
        double a = (corner & 1) == 0 ? -s[3 * g] : s[3 * g];
        double b = (corner & 2) == 0 ? -s[3 * g + 1] : s[3 * g + 1];
        double c = (corner & 4) == 0 ? -s[3 * g + 2] : s[3 * g + 2];
        out[o] = d.geomXpos[3 * g] + m[mo] * a + m[mo + 1] * b + m[mo + 2] * c;
        out[o + 1] = d.geomXpos[3 * g + 1] + m[mo + 3] * a + m[mo + 4] * b + m[mo + 5] * c;
        out[o + 2] = d.geomXpos[3 * g + 2] + m[mo + 6] * a + m[mo + 7] * b + m[mo + 8] * c;
    }

    private static boolean insideBox(
            MultibodyData d, int g, double x, double y, double z, double tol) {
        double[] m = d.geomXmat, s = d.model.geomSize;
        int mo = 9 * g;
        double dx = x - d.geomXpos[3 * g],
                dy = y - d.geomXpos[3 * g + 1],
                dz = z - d.geomXpos[3 * g + 2];
        for (int k = 0; k < 3; k++) {
            double l = m[mo + k] * dx + m[mo + 3 + k] * dy + m[mo + 6 + k] * dz;
            if (Math.abs(l) > s[3 * g + k] + tol) {
                return false;
            }
        }
        return true;
    }
}
