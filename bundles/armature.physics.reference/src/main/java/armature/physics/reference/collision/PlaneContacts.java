package armature.physics.reference.collision;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * A plane (first geom, normal = its local z) against a box (MuJoCo's: up to four lower corners), a
 * cylinder (three rim points per cap) or a convex mesh (every vertex below the margin, reduced to
 * the deepest and most spread four). Spheres and capsules use {@link #point} directly.
 */
final class PlaneContacts {
    private final Manifold manifold;

    PlaneContacts(Manifold manifold) {
        this.manifold = manifold;
    }

    /** Contact of a plane with a point inflated by radius r. */
    static int point(
            MultibodyData d,
            int gp,
            int g,
            double x,
            double y,
            double z,
            double r,
            double margin,
            ContactSet out) {
        double[] m = d.geomXmat;
        int mo = 9 * gp;
        double nx = m[mo + 2], ny = m[mo + 5], nz = m[mo + 8];
        double dist =
                nx * (x - d.geomXpos[3 * gp])
                        + ny * (y - d.geomXpos[3 * gp + 1])
                        + nz * (z - d.geomXpos[3 * gp + 2])
                        - r;
        if (dist > margin) {
            return 0;
        }
        double back = r + 0.5 * dist;
        return out.add(gp, g, x - back * nx, y - back * ny, z - back * nz, nx, ny, nz, dist) >= 0
                ? 1
                : 0;
    }

    /**
     * MuJoCo 2.2.2's plane-box: the corners within the margin that lie on the plane's side of the
     * box centre, in corner order, at most four.
     */
    int box(MultibodyData d, int gp, int gb, double margin, ContactSet out) {
        double[] s = d.model.geomSize, m = d.geomXmat, p = d.geomXpos;
        int po = 9 * gp, mo = 9 * gb;
        double nx = m[po + 2], ny = m[po + 5], nz = m[po + 8];
        double centre =
                nx * (p[3 * gb] - p[3 * gp])
                        + ny * (p[3 * gb + 1] - p[3 * gp + 1])
                        + nz * (p[3 * gb + 2] - p[3 * gp + 2]);
        int n = 0;
        for (int corner = 0; corner < 8; corner++) {
            double a = (corner & 1) == 0 ? -s[3 * gb] : s[3 * gb];
            double b = (corner & 2) == 0 ? -s[3 * gb + 1] : s[3 * gb + 1];
            double c = (corner & 4) == 0 ? -s[3 * gb + 2] : s[3 * gb + 2];
            double x = m[mo] * a + m[mo + 1] * b + m[mo + 2] * c;
            double y = m[mo + 3] * a + m[mo + 4] * b + m[mo + 5] * c;
            double z = m[mo + 6] * a + m[mo + 7] * b + m[mo + 8] * c;
            double along = nx * x + ny * y + nz * z;
            if (centre + along > margin || along > 0) {
                continue;
            }
            double dist = centre + along, back = -dist / 2;
            if (out.add(
                            gp,
                            gb,
                            x + p[3 * gb] + back * nx,
                            y + p[3 * gb + 1] + back * ny,
                            z + p[3 * gb + 2] + back * nz,
                            nx,
                            ny,
                            nz,
                            dist)
                    >= 0) {
                n++;
            }
            if (n == 4) {
                break;
            }
        }
        return n;
    }

    /**
     * Cylinder against plane: per cap, the rim point deepest towards the plane and two rim points
     * 120 degrees from it, so an upright cylinder rests on a tripod and a lying one on a line.
     */
    int cylinder(MultibodyData d, int gp, int gc, double margin, ContactSet out) {
        double[] m = d.geomXmat;
        int po = 9 * gp, co = 9 * gc;
        double nx = m[po + 2], ny = m[po + 5], nz = m[po + 8];
        double ax = m[co + 2], ay = m[co + 5], az = m[co + 8];
        double r = d.model.geomSize[3 * gc], h = d.model.geomSize[3 * gc + 1];
        double na = nx * ax + ny * ay + nz * az;
        double ux = -(nx - na * ax), uy = -(ny - na * ay), uz = -(nz - na * az);
        double ul = Math.sqrt(ux * ux + uy * uy + uz * uz);
        if (ul < 1e-9) {
            ux = m[co];
            uy = m[co + 3];
            uz = m[co + 6];
        } else {
            ux /= ul;
            uy /= ul;
            uz /= ul;
        }
        double wx = ay * uz - az * uy, wy = az * ux - ax * uz, wz = ax * uy - ay * ux;
        int n = 0;
        for (int cap = -1; cap <= 1; cap += 2) {
            double cx = d.geomXpos[3 * gc] + cap * h * ax;
            double cy = d.geomXpos[3 * gc + 1] + cap * h * ay;
            double cz = d.geomXpos[3 * gc + 2] + cap * h * az;
            for (int k = 0; k < 3; k++) {
                double cos = k == 0 ? 1 : -0.5,
                        sin = k == 0 ? 0 : (k == 1 ? 0.8660254037844386 : -0.8660254037844386);
                double x = cx + r * (cos * ux + sin * wx),
                        y = cy + r * (cos * uy + sin * wy),
                        z = cz + r * (cos * uz + sin * wz);
                n += point(d, gp, gc, x, y, z, 0, margin, out);
            }
        }
        return n;
    }

    /**
     * Convex mesh against plane: every vertex closer than the margin is a candidate, reduced to the
     * deepest and most spread four (a large hull lying on a floor has many coplanar vertices).
     */
    int mesh(MultibodyData d, int gp, int gm, double margin, ContactSet out) {
        MultibodyModel model = d.model;
        int mesh = model.geomMesh[gm];
        double[] m = d.geomXmat, p = d.geomXpos, v = model.meshVert, pm = d.geomXmat;
        int mo = 9 * gm, po = 9 * gp;
        double nx = pm[po + 2], ny = pm[po + 5], nz = pm[po + 8];
        double off = nx * p[3 * gp] + ny * p[3 * gp + 1] + nz * p[3 * gp + 2];
        manifold.clear();
        for (int i = model.meshVertStart[mesh];
                i < model.meshVertStart[mesh] + model.meshVertCount[mesh];
                i++) {
            double a = v[3 * i], b = v[3 * i + 1], c = v[3 * i + 2];
            double x = p[3 * gm] + m[mo] * a + m[mo + 1] * b + m[mo + 2] * c;
            double y = p[3 * gm + 1] + m[mo + 3] * a + m[mo + 4] * b + m[mo + 5] * c;
            double z = p[3 * gm + 2] + m[mo + 6] * a + m[mo + 7] * b + m[mo + 8] * c;
            double dist = nx * x + ny * y + nz * z - off;
            if (dist <= margin) {
                manifold.add(x - 0.5 * dist * nx, y - 0.5 * dist * ny, z - 0.5 * dist * nz, dist);
            }
        }
        return manifold.emit(out, gp, gm, nx, ny, nz);
    }
}
