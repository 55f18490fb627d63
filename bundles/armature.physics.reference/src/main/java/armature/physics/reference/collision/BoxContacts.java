package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * Sphere-box in closed form (also the end spheres of a capsule). Box-box goes through {@link
 * HullContacts} like every polytope pair.
 */
final class BoxContacts {
    BoxContacts() {}

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
        if (dist > margin) {
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
}
