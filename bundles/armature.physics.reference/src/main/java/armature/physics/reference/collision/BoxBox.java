package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * Box against box as MuJoCo 2.2.2 generates it (ADR 0087). Fifteen separating axes pick the axis of
 * least overlap: a face axis (of either box) or an edge-edge cross product. For a face, the other
 * box's lowest corner and its edges roughly parallel to the face are intersected with the face
 * rectangle (edge crossings of the rectangle's sides, rectangle corners under the other box's face,
 * the other box's corners over the rectangle), every point within the margin kept. For an edge
 * pair, the other box's face nearest to the edge is projected along the normal onto the first box's
 * face and clipped the same way. MuJoCo's quirks are kept because trajectories depend on them: a
 * face contact reports half its depth as the distance, and the edge path reuses a squared distance
 * as the next rectangle corner's determinant. All buffers are preallocated: nothing is allocated
 * per call.
 */
final class BoxBox {
    private static final double MIN = 1e-15;
    private final double[] rott = new double[9], axisTry = new double[3];
    private final double[] plen1 = new double[3], plen2 = new double[3];
    private final double[] t1 = new double[3], t2 = new double[3];
    private final BoxBoxClip clip = new BoxBoxClip(this);

    // read by BoxBoxClip: the chosen edge pair's corner bits and whether box 2 lies on its - side
    final double[] pos12 = new double[3], pos21 = new double[3];
    final double[] rot = new double[9], rotAbs = new double[9], rottAbs = new double[9];
    final double[] size1 = new double[3], size2 = new double[3], clNorm = new double[3];
    int edgeBits1, edgeBits2;
    boolean inward;

    int collide(MultibodyData d, int g1, int g2, double margin, ContactSet out) {
        double[] xm = d.geomXmat, xp = d.geomXpos, gs = d.model.geomSize;
        int o1 = 9 * g1, o2 = 9 * g2;
        for (int k = 0; k < 3; k++) {
            size1[k] = gs[3 * g1 + k];
            size2[k] = gs[3 * g2 + k];
            t1[k] = xp[3 * g2 + k] - xp[3 * g1 + k];
            t2[k] = -t1[k];
        }
        mulTv(pos21, xm, o1, t1);
        mulTv(pos12, xm, o2, t2);
        // rot = mat1^T mat2: box 2's axes (columns) in box 1's frame
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rot[3 * i + j] =
                        xm[o1 + i] * xm[o2 + j]
                                + xm[o1 + 3 + i] * xm[o2 + 3 + j]
                                + xm[o1 + 6 + i] * xm[o2 + 6 + j];
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                rott[3 * i + j] = rot[3 * j + i];
                rotAbs[3 * i + j] = Math.abs(rot[3 * i + j]);
                rottAbs[3 * j + i] = rotAbs[3 * i + j];
            }
        }
        mulV(plen2, rotAbs, 0, size2);
        mulTv(plen1, rotAbs, 0, size1);
        double pen = margin;
        for (int i = 0; i < 3; i++) {
            pen += size1[i] * 3 + size2[i] * 3;
        }
        int code = -1;
        for (int i = 0; i < 3; i++) {
            double c1 = -Math.abs(pos21[i]) + size1[i] + plen2[i];
            double c2 = -Math.abs(pos12[i]) + size2[i] + plen1[i];
            if (c1 < -margin || c2 < -margin) {
                return 0;
            }
            if (c1 < pen) {
                pen = c1;
                code = i + (pos21[i] < 0 ? 3 : 0);
            }
            if (c2 < pen) {
                pen = c2;
                code = i + (pos12[i] < 0 ? 3 : 0) + 6;
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // e_i (box 1) cross box 2's axis j, in box 1's frame
                double bx = rott[3 * j], by = rott[3 * j + 1], bz = rott[3 * j + 2];
                axisTry[0] = i == 0 ? 0 : (i == 1 ? bz : -by);
                axisTry[1] = i == 0 ? -bz : (i == 1 ? 0 : bx);
                axisTry[2] = i == 0 ? by : (i == 1 ? -bx : 0);
                double len = normalize(axisTry);
                if (len < MIN) {
                    continue;
                }
                double c2 = dot(pos21, axisTry);
                double c3 = 0;
                for (int k = 0; k < 3; k++) {
                    if (k != i) {
                        c3 += size1[k] * Math.abs(axisTry[k]);
                    }
                }
                for (int k = 0; k < 3; k++) {
                    if (k != j) {
                        c3 += size2[k] * rotAbs[3 * i + 3 - k - j] / len;
                    }
                }
                c3 -= Math.abs(c2);
                if (c3 < -margin) {
                    return 0;
                }
                if (c3 < pen * (1 - 1e-12)) {
                    pen = c3;
                    edgeBits1 = 0;
                    for (int k = 0; k < 3; k++) {
                        if (k != i && ((axisTry[k] > 0) ^ (c2 < 0))) {
                            edgeBits1 |= 1 << k;
                        }
                    }
                    edgeBits2 = 0;
                    for (int k = 0; k < 3; k++) {
                        if (k != j
                                && ((rot[3 * i + 3 - k - j] > 0)
                                        ^ (c2 < 0)
                                        ^ ((k - j + 3) % 3 == 1))) {
                            edgeBits2 |= 1 << k;
                        }
                    }
                    code = 12 + 3 * i + j;
                    System.arraycopy(axisTry, 0, clNorm, 0, 3);
                    inward = c2 < 0;
                }
            }
        }
        if (code == -1) {
            return 0;
        }
        if (code < 12) {
            return clip.face(d, g1, g2, code % 6, code / 6 == 1, margin, out);
        }
        return clip.edge(d, g1, g2, (code - 12) / 3, (code - 12) % 3, margin, out);
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** Normalises v in place as mju_normalize3 does and returns its former length. */
    static double normalize(double[] v) {
        double len = Math.sqrt(dot(v, v));
        if (len < MIN) {
            v[0] = 1;
            v[1] = 0;
            v[2] = 0;
        } else {
            double inv = 1 / len;
            v[0] *= inv;
            v[1] *= inv;
            v[2] *= inv;
        }
        return len;
    }

    /** res = M v for the row-major 3x3 M at m[o..o+9). */
    static void mulV(double[] res, double[] m, int o, double[] v) {
        double x = v[0], y = v[1], z = v[2];
        res[0] = m[o] * x + m[o + 1] * y + m[o + 2] * z;
        res[1] = m[o + 3] * x + m[o + 4] * y + m[o + 5] * z;
        res[2] = m[o + 6] * x + m[o + 7] * y + m[o + 8] * z;
    }

    /** res = M^T v. */
    static void mulTv(double[] res, double[] m, int o, double[] v) {
        double x = v[0], y = v[1], z = v[2];
        res[0] = m[o] * x + m[o + 3] * y + m[o + 6] * z;
        res[1] = m[o + 1] * x + m[o + 4] * y + m[o + 7] * z;
        res[2] = m[o + 2] * x + m[o + 5] * y + m[o + 8] * z;
    }
}
