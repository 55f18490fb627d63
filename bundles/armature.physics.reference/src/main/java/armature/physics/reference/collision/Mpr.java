package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * Minkowski Portal Refinement (G. Snethen, "XenoCollide", Game Programming Gems 7) for the
 * penetration of two convex geoms given only their support mappings. It finds a portal triangle on
 * the boundary of A - B that the ray from an interior point to the origin passes through, then
 * refines it towards the boundary point nearest the origin. The result is exact for polytopes up to
 * the tolerance and a close approximation for curved shapes; it yields one contact point. Scratch
 * storage is owned by the instance, so one instance per world keeps stepping allocation-free.
 */
final class Mpr {
    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-10;

    // vertex i: Minkowski point at 9i, support on A at 9i+3, support on B at 9i+6
    private final double[] v = new double[9 * 5];
    private final double[] dir = new double[3];
    private final double[] tmp = new double[3];
    private final double[] bary = new double[3];

    /** Output of the last successful {@link #penetrate}: normal from A to B, depth, midpoint. */
    final double[] normal = new double[3];

    final double[] point = new double[3];
    double depth;

    private MultibodyData d;
    private int ga, gb;
    private double inflate;

    /**
     * Returns true when geoms a and b overlap; then {@link #normal}, {@link #depth}, {@link #point}
     * are set.
     */
    boolean penetrate(MultibodyData data, int a, int b, double[] centerA, double[] centerB) {
        return penetrate(data, a, b, centerA, centerB, 0);
    }

    /**
     * As {@link #penetrate(MultibodyData, int, int, double[], double[])} with A grown by a ball of
     * radius {@code inflateM} (a Minkowski sum, so every support value grows by exactly that much):
     * pairs separated by less than {@code inflateM} overlap, and {@code inflateM - depth} is their
     * distance along {@link #normal}. This is how margins reach the pairs that only MPR handles.
     */
    boolean penetrate(
            MultibodyData data, int a, int b, double[] centerA, double[] centerB, double inflateM) {
        inflate = inflateM;
        d = data;
        ga = a;
        gb = b;
        // v0: an interior point of A - B
        for (int k = 0; k < 3; k++) {
            v[k] = centerA[k] - centerB[k];
            v[3 + k] = centerA[k];
            v[6 + k] = centerB[k];
        }
        if (dot(0, 0) < 1e-24) {
            v[0] += 1e-10;
        }
        // v1: support towards the origin
        setDir(-v[0], -v[1], -v[2]);
        support(1);
        if (dotDir(1) <= 0) {
            return false;
        }
        crossInto(0, 1, dir);
        if (normSq(dir) < 1e-24) {
            // origin on the segment v0-v1: the penetration direction is along it
            if (dot(1, 1) < 1e-24) {
                return false;
            }
            double n = Math.sqrt(dot(1, 1));
            for (int k = 0; k < 3; k++) {
                normal[k] = v[9 + k] / n;
                point[k] = 0.5 * (v[12 + k] + v[15 + k]);
            }
            depth = n;
            return true;
        }
        normalize(dir);
        support(2);
        if (dotDir(2) <= 0) {
            return false;
        }
        planeNormal(0, 1, 2, dir);
        if (dir[0] * v[0] + dir[1] * v[1] + dir[2] * v[2] > 0) {
            swap(1, 2);
            dir[0] = -dir[0];
            dir[1] = -dir[1];
            dir[2] = -dir[2];
        }
        int it = 0;
        while (true) {
            if (++it > MAX_ITERATIONS) {
                return false;
            }
            support(3);
            if (dotDir(3) <= 0) {
                return false;
            }
            if (tripleWithV0(1, 3) < 0) {
                copy(3, 2);
                planeNormal(0, 1, 3, dir);
                continue;
            }
            if (tripleWithV0(3, 2) < 0) {
                copy(3, 1);
                planeNormal(0, 3, 2, dir);
                continue;
            }
            break;
        }
        // refine until the portal encloses the origin
        it = 0;
        while (true) {
            planeNormal(1, 2, 3, dir);
            if (dotDir(1) >= 0) {
                break;
            }
            support(4);
            if (dotDir(4) < 0 || reachedTolerance() || ++it > MAX_ITERATIONS) {
                return false;
            }
            expand();
        }
        // walk the portal to the boundary point nearest the origin
        it = 0;
        while (true) {
            planeNormal(1, 2, 3, dir);
            support(4);
            if (reachedTolerance() || ++it > MAX_ITERATIONS) {
                finish();
                return true;
            }
            expand();
        }
    }

    private void finish() {
        closestOnTriangle();
        double px = 0, py = 0, pz = 0;
        for (int i = 0; i < 3; i++) {
            int o = 9 * (i + 1);
            px += bary[i] * v[o];
            py += bary[i] * v[o + 1];
            pz += bary[i] * v[o + 2];
        }
        double n = Math.sqrt(px * px + py * py + pz * pz);
        if (n > 1e-12) {
            normal[0] = px / n;
            normal[1] = py / n;
            normal[2] = pz / n;
        } else {
            System.arraycopy(dir, 0, normal, 0, 3);
        }
        depth = n;
        for (int k = 0; k < 3; k++) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                int o = 9 * (i + 1);
                s += bary[i] * 0.5 * (v[o + 3 + k] + v[o + 6 + k]);
            }
            point[k] = s;
        }
    }

    /**
     * Barycentric coordinates of the point of triangle (v1, v2, v3) nearest the origin (Ericson
     * 5.1.5).
     */
    private void closestOnTriangle() {
        double ax = v[9], ay = v[10], az = v[11];
        double abx = v[18] - ax, aby = v[19] - ay, abz = v[20] - az;
        double acx = v[27] - ax, acy = v[28] - ay, acz = v[29] - az;
        double apx = -ax, apy = -ay, apz = -az;
        double d1 = abx * apx + aby * apy + abz * apz, d2 = acx * apx + acy * apy + acz * apz;
        if (d1 <= 0 && d2 <= 0) {
            setBary(1, 0, 0);
            return;
        }
        double bpx = -v[18], bpy = -v[19], bpz = -v[20];
        double d3 = abx * bpx + aby * bpy + abz * bpz, d4 = acx * bpx + acy * bpy + acz * bpz;
        if (d3 >= 0 && d4 <= d3) {
            setBary(0, 1, 0);
            return;
        }
        double vc = d1 * d4 - d3 * d2;
        if (vc <= 0 && d1 >= 0 && d3 <= 0) {
            double t = d1 / (d1 - d3);
            setBary(1 - t, t, 0);
            return;
        }
        double cpx = -v[27], cpy = -v[28], cpz = -v[29];
        double d5 = abx * cpx + aby * cpy + abz * cpz, d6 = acx * cpx + acy * cpy + acz * cpz;
        if (d6 >= 0 && d5 <= d6) {
            setBary(0, 0, 1);
            return;
        }
        double vb = d5 * d2 - d1 * d6;
        if (vb <= 0 && d2 >= 0 && d6 <= 0) {
            double t = d2 / (d2 - d6);
            setBary(1 - t, 0, t);
            return;
        }
        double va = d3 * d6 - d5 * d4;
        if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
            double t = (d4 - d3) / ((d4 - d3) + (d5 - d6));
            setBary(0, 1 - t, t);
            return;
        }
        double denom = 1 / (va + vb + vc);
        double s = vb * denom, t = vc * denom;
        setBary(1 - s - t, s, t);
    }

    private void setBary(double a, double b, double c) {
        bary[0] = a;
        bary[1] = b;
        bary[2] = c;
    }

    private boolean reachedTolerance() {
        double d4 = dotDir(4);
        double m = Math.min(d4 - dotDir(1), Math.min(d4 - dotDir(2), d4 - dotDir(3)));
        return m <= TOLERANCE;
    }

    /**
     * Replaces one portal vertex by v4, keeping the ray from v0 to the origin inside the portal.
     */
    private void expand() {
        // tmp = v4 x v0
        tmp[0] = v[37] * v[2] - v[38] * v[1];
        tmp[1] = v[38] * v[0] - v[36] * v[2];
        tmp[2] = v[36] * v[1] - v[37] * v[0];
        if (dotTmp(1) > 0) {
            if (dotTmp(2) > 0) {
                copy(4, 1);
            } else {
                copy(4, 3);
            }
        } else {
            if (dotTmp(3) > 0) {
                copy(4, 2);
            } else {
                copy(4, 1);
            }
        }
    }

    private void support(int i) {
        int o = 9 * i;
        Support.support(d, ga, dir[0], dir[1], dir[2], v, o + 3);
        if (inflate != 0) {
            // dir is unit length whenever support() is called
            v[o + 3] += inflate * dir[0];
            v[o + 4] += inflate * dir[1];
            v[o + 5] += inflate * dir[2];
        }
        Support.support(d, gb, -dir[0], -dir[1], -dir[2], v, o + 6);
        v[o] = v[o + 3] - v[o + 6];
        v[o + 1] = v[o + 4] - v[o + 7];
        v[o + 2] = v[o + 5] - v[o + 8];
    }

    private void setDir(double x, double y, double z) {
        dir[0] = x;
        dir[1] = y;
        dir[2] = z;
        normalize(dir);
    }

    /** out = normalised (vb - va) x (vc - va). */
    private void planeNormal(int a, int b, int c, double[] out) {
        int ao = 9 * a, bo = 9 * b, co = 9 * c;
        double ux = v[bo] - v[ao], uy = v[bo + 1] - v[ao + 1], uz = v[bo + 2] - v[ao + 2];
        double wx = v[co] - v[ao], wy = v[co + 1] - v[ao + 1], wz = v[co + 2] - v[ao + 2];
        out[0] = uy * wz - uz * wy;
        out[1] = uz * wx - ux * wz;
        out[2] = ux * wy - uy * wx;
        normalize(out);
    }

    /** (va x vb) . v0 */
    private double tripleWithV0(int a, int b) {
        int ao = 9 * a, bo = 9 * b;
        double cx = v[ao + 1] * v[bo + 2] - v[ao + 2] * v[bo + 1];
        double cy = v[ao + 2] * v[bo] - v[ao] * v[bo + 2];
        double cz = v[ao] * v[bo + 1] - v[ao + 1] * v[bo];
        return cx * v[0] + cy * v[1] + cz * v[2];
    }

    private void crossInto(int a, int b, double[] out) {
        int ao = 9 * a, bo = 9 * b;
        out[0] = v[ao + 1] * v[bo + 2] - v[ao + 2] * v[bo + 1];
        out[1] = v[ao + 2] * v[bo] - v[ao] * v[bo + 2];
        out[2] = v[ao] * v[bo + 1] - v[ao + 1] * v[bo];
    }

    private double dot(int a, int b) {
        return v[9 * a] * v[9 * b] + v[9 * a + 1] * v[9 * b + 1] + v[9 * a + 2] * v[9 * b + 2];
    }

    private double dotDir(int a) {
        return v[9 * a] * dir[0] + v[9 * a + 1] * dir[1] + v[9 * a + 2] * dir[2];
    }

    private double dotTmp(int a) {
        return v[9 * a] * tmp[0] + v[9 * a + 1] * tmp[1] + v[9 * a + 2] * tmp[2];
    }

    private void copy(int from, int to) {
        System.arraycopy(v, 9 * from, v, 9 * to, 9);
    }

    private void swap(int a, int b) {
        for (int k = 0; k < 9; k++) {
            double t = v[9 * a + k];
            v[9 * a + k] = v[9 * b + k];
            v[9 * b + k] = t;
        }
    }

    private static double normSq(double[] a) {
        return a[0] * a[0] + a[1] * a[1] + a[2] * a[2];
    }

    private static void normalize(double[] a) {
        double n = Math.sqrt(normSq(a));
        if (n > 0) {
            a[0] /= n;
            a[1] /= n;
            a[2] /= n;
        }
    }
}
