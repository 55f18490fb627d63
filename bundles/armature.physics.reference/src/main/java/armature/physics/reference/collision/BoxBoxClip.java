package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * The two contact paths of {@link BoxBox}: a reference face, or an edge pair. Both work in a frame
 * turned so that the reference face is the box's +z face, then turn the points back.
 */
final class BoxBoxClip {
    private static final double MIN = 1e-15;

    /** MuJoCo's per-pair contact cap (mjMAXCONPAIR). */
    private static final int MAX = 50;

    private final BoxBox box;
    private final double[] turn = new double[9], r = new double[9], rt = new double[9];
    private final double[] p = new double[3], s = new double[3], tmp = new double[3];
    private final double[] tmp2 = new double[3], rNorm = new double[3];
    private final double[] pts = new double[18], lines = new double[24], linesU = new double[24];
    private final double[] pu = new double[12], flat = new double[8], axi = new double[9];
    private final double[] points = new double[3 * MAX], depth = new double[MAX];

    BoxBoxClip(BoxBox box) {
        this.box = box;
    }

    /**
     * The signed permutation (rows into {@code turn}) that turns face f to +z; faces are numbered
     * as in MuJoCo: 0..2 the + side of axis f, 3..5 the - side of axis f - 3.
     */
    private void faceTurn(int f) {
        java.util.Arrays.fill(turn, 0);
        switch (f) {
            case 0 -> set(2, -1, 4, 1, 6, 1);
            case 1 -> set(0, 1, 5, -1, 7, 1);
            case 2 -> set(0, 1, 4, 1, 8, 1);
            case 3 -> set(2, 1, 4, 1, 6, -1);
            case 4 -> set(0, 1, 5, 1, 7, -1);
            default -> set(0, -1, 4, 1, 8, -1);
        }
    }

    private void set(int i, double a, int j, double b, int k, double c) {
        turn[i] = a;
        turn[j] = b;
        turn[k] = c;
    }

    /** res = A B (transposeB: A B^T), row-major 3x3. */
    private static void mulMM(double[] res, double[] a, int ao, double[] b, boolean transposeB) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += a[ao + 3 * i + k] * (transposeB ? b[3 * j + k] : b[3 * k + j]);
                }
                res[3 * i + j] = v;
            }
        }
    }

    private static void transpose(double[] res, double[] a) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                res[3 * i + j] = a[3 * j + i];
            }
        }
    }

    /** a[ao..] += b[bo..] * k. */
    private static void addScaled(double[] a, int ao, double[] b, int bo, double k) {
        a[ao] += b[bo] * k;
        a[ao + 1] += b[bo + 1] * k;
        a[ao + 2] += b[bo + 2] * k;
    }

    private static void copy(double[] dst, int d, double[] src, int so) {
        dst[d] = src[so];
        dst[d + 1] = src[so + 1];
        dst[d + 2] = src[so + 2];
    }

    /** Face f of box 1 (or of box 2 when onBox2) is the reference face. */
    int face(
            MultibodyData d, int g1, int g2, int f, boolean onBox2, double margin, ContactSet out) {
        faceTurn(f);
        if (onBox2) {
            mulMM(r, turn, 0, box.rot, true);
            BoxBox.mulV(p, turn, 0, box.pos12);
            BoxBox.mulV(tmp, turn, 0, box.size2);
            copy(s, 0, box.size1, 0);
        } else {
            mulMM(r, turn, 0, box.rot, false);
            BoxBox.mulV(p, turn, 0, box.pos21);
            BoxBox.mulV(tmp, turn, 0, box.size1);
            copy(s, 0, box.size2, 0);
        }
        transpose(rt, r);
        double lx = Math.abs(tmp[0]), ly = Math.abs(tmp[1]), hz = Math.abs(tmp[2]);
        p[2] -= hz;
        // the other box's lowest corner, then its edges from there that lie roughly flat
        int low = 0;
        for (int i = 0; i < 3; i++) {
            if (r[6 + i] < 0) {
                low |= 1 << i;
            }
        }
        copy(pts, 0, p, 0);
        for (int i = 0; i < 3; i++) {
            addScaled(pts, 0, rt, 3 * i, s[i] * ((low & (1 << i)) != 0 ? 1 : -1));
        }
        int m = 1;
        for (int i = 0; i < 3; i++) {
            if (Math.abs(r[6 + i]) < 0.5) {
                double k = s[i] * ((low & (1 << i)) != 0 ? -2 : 2);
                pts[3 * m] = rt[3 * i] * k;
                pts[3 * m + 1] = rt[3 * i + 1] * k;
                pts[3 * m + 2] = rt[3 * i + 2] * k;
                m++;
            }
        }
        for (int e = 0; e < 3; e++) {
            pts[9 + e] = pts[e] + pts[3 + e];
            pts[12 + e] = pts[e] + pts[6 + e];
            pts[15 + e] = pts[9 + e] + pts[6 + e];
        }
        int nLines = 0;
        if (m > 1) {
            nLines = line(nLines, 0, 3);
        }
        if (m > 2) {
            nLines = line(nLines, 0, 6);
            nLines = line(nLines, 9, 6);
            nLines = line(nLines, 12, 3);
        }
        int n = 0;
        for (int i = 0; i < nLines; i++) {
            for (int q = 0; q < 2; q++) {
                int lo = 6 * i;
                double a = lines[lo + q], b = lines[lo + 3 + q];
                double c = lines[lo + 1 - q], dd = lines[lo + 4 - q];
                if (Math.abs(b) <= MIN) {
                    continue;
                }
                double sq = q == 0 ? lx : ly, so = q == 0 ? ly : lx;
                for (int j = -1; j <= 1; j += 2) {
                    double l = sq * j;
                    double c1 = (l - a) * (1 / b);
                    if (c1 < 0 || c1 > 1 || Math.abs(c + dd * c1) > so) {
                        continue;
                    }
                    copy(points, 3 * n, lines, lo);
                    addScaled(points, 3 * n, lines, lo + 3, c1);
                    n++;
                }
            }
        }
        if (m > 2) {
            double a = pts[3], b = pts[6], c = pts[4], dd = pts[7];
            double det = a * dd - b * c;
            for (int i = 0; i < 4; i++) {
                double cx = i / 2 != 0 ? lx : -lx, cy = i % 2 != 0 ? ly : -ly;
                double x = cx - pts[0], y = cy - pts[1];
                double u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
                if (u <= 0 || v <= 0 || u >= 1 || v >= 1) {
                    continue;
                }
                points[3 * n] = cx;
                points[3 * n + 1] = cy;
                points[3 * n + 2] = pts[2] + u * pts[5] + v * pts[8];
                n++;
            }
        }
        for (int i = 0; i < 1 << (m - 1); i++) {
            int o = i == 0 ? 0 : 3 * (i + 2);
            if (i > 0 && (pts[o] <= -lx || pts[o] >= lx || pts[o + 1] <= -ly || pts[o + 1] >= ly)) {
                continue;
            }
            copy(points, 3 * n, pts, o);
            n++;
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (points[3 * i + 2] > margin) {
                continue;
            }
            copy(points, 3 * kept, points, 3 * i);
            depth[kept] = points[3 * kept + 2];
            points[3 * kept + 2] *= 0.5;
            kept++;
        }
        int gRef = onBox2 ? g2 : g1;
        mulMM(r, d.geomXmat, 9 * gRef, turn, true);
        double sign = onBox2 ? -1 : 1;
        double nx = sign * r[2], ny = sign * r[5], nz = sign * r[8];
        int added = 0;
        for (int i = 0; i < kept; i++) {
            // MuJoCo reports the halved depth as the distance on this path
            double dist = points[3 * i + 2];
            points[3 * i + 2] += hz;
            added += emit(d, g1, g2, gRef, i, nx, ny, nz, dist, out);
        }
        return added;
    }

    /** Stores line k as (pts[from], pts[dir]) and returns k + 1. */
    private int line(int k, int from, int dir) {
        copy(lines, 6 * k, pts, from);
        copy(lines, 6 * k + 3, pts, dir);
        return k + 1;
    }

    /** Turns points[i] back with r, adds geom gRef's centre and appends the contact. */
    private int emit(
            MultibodyData d,
            int g1,
            int g2,
            int gRef,
            int i,
            double nx,
            double ny,
            double nz,
            double dist,
            ContactSet out) {
        copy(tmp, 0, points, 3 * i);
        BoxBox.mulV(tmp2, r, 0, tmp);
        double[] xp = d.geomXpos;
        return out.add(
                                g1,
                                g2,
                                tmp2[0] + xp[3 * gRef],
                                tmp2[1] + xp[3 * gRef + 1],
                                tmp2[2] + xp[3 * gRef + 2],
                                nx,
                                ny,
                                nz,
                                dist)
                        >= 0
                ? 1
                : 0;
    }

    /** Edge pair: box 1's axis a1 and box 2's axis a2 (the normal is their cross product). */
    int edge(MultibodyData d, int g1, int g2, int a1, int a2, double margin, ContactSet out) {
        double[] size2 = box.size2;
        int ax1 = a2 == 1 ? 0 : 1, ax2 = a2 == 0 ? 2 : (a2 == 1 ? 2 : 0);
        int pax1 = a1 == 1 ? 0 : 1, pax2 = a1 == 0 ? 2 : (a1 == 1 ? 2 : 0);
        if (box.rotAbs[3 * a1 + ax1] < box.rotAbs[3 * a1 + ax2]) {
            ax1 = ax2;
            ax2 = 3 - a2 - ax1;
        }
        if (box.rottAbs[3 * a2 + pax1] < box.rottAbs[3 * a2 + pax2]) {
            pax1 = pax2;
            pax2 = 3 - a1 - pax1;
        }
        // box 1's face that the edge pair sits on
        int f = (box.edgeBits1 & (1 << pax2)) != 0 ? pax2 : pax2 + 3;
        faceTurn(f);
        BoxBox.mulV(p, turn, 0, box.pos21);
        BoxBox.mulV(rNorm, turn, 0, box.clNorm);
        mulMM(r, turn, 0, box.rot, false);
        BoxBox.mulTv(tmp, turn, 0, box.size1);
        for (int k = 0; k < 3; k++) {
            s[k] = Math.abs(tmp[k]);
        }
        transpose(rt, r);
        double lx = s[0], ly = s[1], hz = s[2];
        p[2] -= hz;
        // box 2's face along its edge a2: corners 0, 1 on the chosen edge, 2, 3 beside it
        int bits = box.edgeBits2;
        double e1 = size2[ax1] * ((bits & (1 << ax1)) != 0 ? 1 : -1);
        double e2 = size2[ax2] * ((bits & (1 << ax2)) != 0 ? 1 : -1);
        for (int c = 0; c < 4; c += 2) {
            copy(points, 3 * c, p, 0);
            addScaled(points, 3 * c, rt, 3 * ax1, c == 0 ? e1 : -e1);
            addScaled(points, 3 * c, rt, 3 * ax2, e2);
            copy(points, 3 * c + 3, points, 3 * c);
            addScaled(points, 3 * c, rt, 3 * a2, size2[a2]);
            addScaled(points, 3 * c + 3, rt, 3 * a2, -size2[a2]);
        }
        copy(axi, 0, points, 0);
        for (int e = 0; e < 3; e++) {
            axi[3 + e] = points[3 + e] - points[e];
            axi[6 + e] = points[6 + e] - points[e];
        }
        if (Math.abs(rNorm[2]) < MIN) {
            return 0;
        }
        double inNorm = (1 / rNorm[2]) * (box.inward ? -1 : 1);
        // project the four corners along the normal onto the face plane z = 0
        for (int i = 0; i < 4; i++) {
            double c1 = -points[3 * i + 2] * (1 / rNorm[2]);
            copy(pu, 3 * i, points, 3 * i);
            addScaled(points, 3 * i, rNorm, 0, c1);
            flat[2 * i] = points[3 * i];
            flat[2 * i + 1] = points[3 * i + 1];
        }
        copy(pts, 0, points, 0);
        for (int e = 0; e < 3; e++) {
            pts[3 + e] = points[3 + e] - points[e];
            pts[6 + e] = points[6 + e] - points[e];
        }
        edgeLine(0, pts, 0, pts, 3, axi, 0, axi, 3);
        edgeLine(1, pts, 0, pts, 6, axi, 0, axi, 6);
        for (int e = 0; e < 3; e++) {
            lines[12 + e] = pts[e] + pts[3 + e];
            lines[15 + e] = pts[6 + e];
            linesU[12 + e] = axi[e] + axi[3 + e];
            linesU[15 + e] = axi[6 + e];
            lines[18 + e] = pts[e] + pts[6 + e];
            lines[21 + e] = pts[3 + e];
            linesU[18 + e] = axi[e] + axi[6 + e];
            linesU[21 + e] = axi[3 + e];
        }
        int n = 0;
        for (int i = 0; i < 4; i++) {
            int lo = 6 * i;
            for (int q = 0; q < 2; q++) {
                double a = lines[lo + q], b = lines[lo + 3 + q];
                double c = lines[lo + 1 - q], dd = lines[lo + 4 - q];
                if (Math.abs(b) <= MIN) {
                    continue;
                }
                for (int j = -1; j <= 1 && n < MAX; j += 2) {
                    double l = s[q] * j;
                    double c1 = (l - a) * (1 / b);
                    if (c1 < 0 || c1 > 1) {
                        continue;
                    }
                    double c2 = c + dd * c1;
                    if (Math.abs(c2) > s[1 - q]
                            || (linesU[lo + 2] + linesU[lo + 5] * c1) * inNorm > margin) {
                        continue;
                    }
                    int o = 3 * n;
                    for (int e = 0; e < 3; e++) {
                        points[o + e] = linesU[lo + e] * 0.5;
                    }
                    addScaled(points, o, linesU, lo + 3, 0.5 * c1);
                    points[o + q] += 0.5 * l;
                    points[o + 1 - q] += 0.5 * c2;
                    depth[n] = points[o + 2] * inNorm * 2;
                    n++;
                }
            }
        }
        int nLine = n;
        double a = pts[3], b = pts[6], c = pts[4], dd = pts[7];
        // MuJoCo overwrites this determinant with a corner's squared distance; kept for parity
        double det = a * dd - b * c;
        double margin2 = margin * margin;
        for (int i = 0; i < 4 && n < MAX; i++) {
            double cx = i / 2 != 0 ? lx : -lx, cy = i % 2 != 0 ? ly : -ly;
            double x = cx - pts[0], y = cy - pts[1];
            double u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
            boolean uOut = u < 0 || u > 1, vOut = v < 0 || v > 1;
            if (nLine == 0 ? uOut && vOut : uOut || vOut) {
                continue;
            }
            u = u < 0 ? 0 : (u > 1 ? 1 : u);
            v = v < 0 ? 0 : (v > 1 ? 1 : v);
            for (int e = 0; e < 3; e++) {
                tmp[e] = pu[e] * (1 - u - v);
            }
            addScaled(tmp, 0, pu, 3, u);
            addScaled(tmp, 0, pu, 6, v);
            tmp2[0] = cx - tmp[0];
            tmp2[1] = cy - tmp[1];
            tmp2[2] = 0 - tmp[2];
            det = tmp2[0] * tmp2[0] + tmp2[1] * tmp2[1] + tmp2[2] * tmp2[2];
            if (tmp[2] > 0 && det > margin2) {
                continue;
            }
            int o = 3 * n;
            points[o] = (cx + tmp[0]) * 0.5;
            points[o + 1] = (cy + tmp[1]) * 0.5;
            points[o + 2] = (0 + tmp[2]) * 0.5;
            depth[n] = Math.sqrt(det) * (tmp[2] < 0 ? -1 : 1);
            n++;
        }
        int nFace = n;
        for (int i = 0; i < 4 && n < MAX; i++) {
            double x = flat[2 * i], y = flat[2 * i + 1];
            boolean xOut = x < -lx || x > lx, yOut = y < -ly || y > ly;
            if (nLine == 0 ? nFace != 0 && xOut && yOut : xOut || yOut) {
                continue;
            }
            double c1 = 0;
            for (int j = 0; j < 2; j++) {
                double w = flat[2 * i + j];
                if (w < -s[j]) {
                    c1 += (w + s[j]) * (w + s[j]);
                } else if (w > s[j]) {
                    c1 += (w - s[j]) * (w - s[j]);
                }
            }
            double pz = pu[3 * i + 2];
            c1 += pz * inNorm * pz * inNorm;
            if (pz > 0 && c1 > margin2) {
                continue;
            }
            int o = 3 * n;
            for (int j = 0; j < 2; j++) {
                double w = flat[2 * i + j];
                points[o + j] = w < -s[j] ? -s[j] * 0.5 : (w > s[j] ? s[j] * 0.5 : w * 0.5);
            }
            points[o + 2] = 0;
            addScaled(points, o, pu, 3 * i, 0.5);
            depth[n] = Math.sqrt(c1) * (pz < 0 ? -1 : 1);
            n++;
        }
        mulMM(r, d.geomXmat, 9 * g1, turn, true);
        BoxBox.mulV(tmp, r, 0, rNorm);
        double sign = box.inward ? -1 : 1;
        double nx = tmp[0] * sign, ny = tmp[1] * sign, nz = tmp[2] * sign;
        int added = 0;
        for (int i = 0; i < n; i++) {
            points[3 * i + 2] += hz;
            added += emit(d, g1, g2, g1, i, nx, ny, nz, depth[i], out);
        }
        return added;
    }

    /** Edge line k: (x[xo], x[xd]) in the projected frame and (u[uo], u[ud]) before projection. */
    private void edgeLine(
            int k,
            double[] x,
            int xo,
            double[] x2,
            int xd,
            double[] u,
            int uo,
            double[] u2,
            int ud) {
        copy(lines, 6 * k, x, xo);
        copy(lines, 6 * k + 3, x2, xd);
        copy(linesU, 6 * k, u, uo);
        copy(linesU, 6 * k + 3, u2, ud);
    }
}
