package armature.physics.reference.collision;

import armature.physics.reference.dynamics.MultibodyData;

/**
 * Sphere-box and capsule-box as MuJoCo 2.2.2 generates them (ADR 0087), so that fingers pushing a
 * block produce MuJoCo's points, normals and depths. Sphere-box: one contact between the sphere's
 * deepest point and the nearest box point; a centre inside the box leaves through the nearest face
 * with the distance MuJoCo reports there (minus the radius only). Capsule-box: one sphere-box
 * contact at the axis point nearest to the box (an end against a face, or the axis against one of
 * the twelve edges) plus, when the capsule lies along a face or an edge, a second one further along
 * the axis where it is still over the box. Box-box is {@link BoxBox}.
 */
final class BoxContacts {
    private static final double MIN = 1e-15;

    /** The capsule in the box frame: centre, unit axis, half axis; scratch. */
    private final double[] c = new double[3], axis = new double[3], half = new double[3];

    private final double[] q = new double[3], corner = new double[3], dif = new double[3];

    BoxContacts() {}

    /** Sphere of geom gs's radius centred at (sx, sy, sz) in the world against box gb. */
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
        double hx = s[3 * gb], hy = s[3 * gb + 1], hz = s[3 * gb + 2];
        double dx = sx - p[3 * gb], dy = sy - p[3 * gb + 1], dz = sz - p[3 * gb + 2];
        double lx = m[mo] * dx + m[mo + 3] * dy + m[mo + 6] * dz;
        double ly = m[mo + 1] * dx + m[mo + 4] * dy + m[mo + 7] * dz;
        double lz = m[mo + 2] * dx + m[mo + 5] * dy + m[mo + 8] * dz;
        double qx = clamp(lx, hx), qy = clamp(ly, hy), qz = clamp(lz, hz);
        double ex = qx - lx, ey = qy - ly, ez = qz - lz;
        double len = Math.sqrt(ex * ex + ey * ey + ez * ez);
        if (len - r > margin) {
            return 0;
        }
        double nlx, nly, nlz, px, py, pz;
        if (len <= MIN) {
            // centre inside: the face nearest to it, first of -x, +x, -y, +y, -z, +z on ties
            double best = 2 * (hx + hy + hz);
            int face = 0;
            for (int f = 0; f < 6; f++) {
                double h = s[3 * gb + f / 2], l = f / 2 == 0 ? lx : (f / 2 == 1 ? ly : lz);
                double gap = Math.abs((f % 2 == 1 ? h : -h) - l);
                if (gap < best) {
                    best = gap;
                    face = f;
                }
            }
            double sign = face % 2 == 1 ? -1 : 1;
            nlx = face / 2 == 0 ? sign : 0;
            nly = face / 2 == 1 ? sign : 0;
            nlz = face / 2 == 2 ? sign : 0;
            double back = (r - best) / 2;
            px = lx + back * nlx;
            py = ly + back * nly;
            pz = lz + back * nlz;
        } else {
            nlx = ex / len;
            nly = ey / len;
            nlz = ez / len;
            // halfway between the nearest box point and the sphere's deepest point
            px = 0.5 * qx + 0.5 * (lx + r * nlx);
            py = 0.5 * qy + 0.5 * (ly + r * nly);
            pz = 0.5 * qz + 0.5 * (lz + r * nlz);
        }
        double nx = m[mo] * nlx + m[mo + 1] * nly + m[mo + 2] * nlz;
        double ny = m[mo + 3] * nlx + m[mo + 4] * nly + m[mo + 5] * nlz;
        double nz = m[mo + 6] * nlx + m[mo + 7] * nly + m[mo + 8] * nlz;
        double wx = m[mo] * px + m[mo + 1] * py + m[mo + 2] * pz + p[3 * gb];
        double wy = m[mo + 3] * px + m[mo + 4] * py + m[mo + 5] * pz + p[3 * gb + 1];
        double wz = m[mo + 6] * px + m[mo + 7] * py + m[mo + 8] * pz + p[3 * gb + 2];
        return out.add(gs, gb, wx, wy, wz, nx, ny, nz, len - r) >= 0 ? 1 : 0;
    }

    /** The candidate when it is smaller; a NaN candidate (0/0 on a flat axis) changes nothing. */
    private static double smaller(double current, double candidate) {
        return candidate < current ? candidate : current;
    }

    private static double clamp(double v, double h) {
        return v < -h ? -h : (v > h ? h : v);
    }

    /** Capsule gc against box gb, MuJoCo's way: up to two sphere-box contacts along the axis. */
    int capsuleBox(MultibodyData d, int gc, int gb, double margin, ContactSet out) {
        double[] m = d.geomXmat, p = d.geomXpos, sz = d.model.geomSize;
        int mo = 9 * gb, co = 9 * gc;
        double r = sz[3 * gc], h = sz[3 * gc + 1];
        double[] s = q;
        s[0] = sz[3 * gb];
        s[1] = sz[3 * gb + 1];
        s[2] = sz[3 * gb + 2];
        double dx = p[3 * gc] - p[3 * gb], dy = p[3 * gc + 1] - p[3 * gb + 1];
        double dz = p[3 * gc + 2] - p[3 * gb + 2];
        int axisBits = 0;
        for (int k = 0; k < 3; k++) {
            c[k] = m[mo + k] * dx + m[mo + 3 + k] * dy + m[mo + 6 + k] * dz;
            axis[k] = m[mo + k] * m[co + 2] + m[mo + 3 + k] * m[co + 5] + m[mo + 6 + k] * m[co + 8];
            half[k] = axis[k] * h;
            if (half[k] > 0) {
                axisBits |= 1 << k;
            }
        }
        double start = margin + 2 * (r + h + s[0] + s[1] + s[2]);
        double best = start, bestSeg = 0, bestBox = 0;
        // kind: -3/-1 an end (-1/+1) over a face; 0..8 an edge, 3*(edge clamp) + (axis clamp)
        int kind = -4, face = -1, nearCorner = 0, edge = 0;
        for (int end = -1; end <= 1; end += 2) {
            int outside = 0, outAxis = -1;
            double dist2 = 0;
            for (int k = 0; k < 3; k++) {
                double e = c[k] + end * half[k];
                double cl = clamp(e, s[k]);
                if (cl != e) {
                    outside++;
                    outAxis = k;
                }
                dist2 += (cl - e) * (cl - e);
            }
            if (outside > 1) {
                continue;
            }
            if (dist2 < best) {
                best = dist2;
                bestSeg = end;
                kind = end - 2;
                face = outAxis;
            }
        }
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 8; i++) {
                if ((i & (1 << j)) != 0) {
                    continue;
                }
                // the edge along axis j through corner i: centre corner[] + x1 * s[j] e_j
                for (int k = 0; k < 3; k++) {
                    corner[k] = k == j ? 0 : ((i & (1 << k)) != 0 ? s[k] : -s[k]);
                    dif[k] = corner[k] - c[k];
                }
                double ma = s[j] * s[j], mb = -s[j] * half[j], mc = h * h;
                double u = -s[j] * dif[j];
                double v = half[0] * dif[0] + half[1] * dif[1] + half[2] * dif[2];
                double det = ma * mc - mb * mb;
                if (Math.abs(det) < MIN) {
                    continue;
                }
                double inv = 1 / det;
                double x1 = (mc * u - mb * v) * inv, x2 = (ma * v - mb * u) * inv;
                int c1 = 1, c2 = 1;
                if (x1 > 1) {
                    x1 = 1;
                    c1 = 2;
                    x2 = (v - mb) * (1 / mc);
                } else if (x1 < -1) {
                    x1 = -1;
                    c1 = 0;
                    x2 = (v + mb) * (1 / mc);
                }
                if (x2 > 1 || x2 < -1) {
                    x2 = x2 > 1 ? 1 : -1;
                    c2 = x2 > 0 ? 2 : 0;
                    x1 = (u - x2 * mb) * (1 / ma);
                    if (x1 > 1) {
                        x1 = 1;
                        c1 = 2;
                    } else if (x1 < -1) {
                        x1 = -1;
                        c1 = 0;
                    }
                }
                double dist2 = 0;
                for (int k = 0; k < 3; k++) {
                    double e = dif[k] - half[k] * x2 + (k == j ? s[j] * x1 : 0);
                    dist2 += e * e;
                }
                // MuJoCo's tolerance keeps a face candidate against an edge numerically tied to it
                if (dist2 < best - MIN) {
                    best = dist2;
                    bestSeg = x2;
                    bestBox = x1;
                    int code = 3 * c1 + c2;
                    nearCorner = i + (1 << j) * (code / 6);
                    edge = j;
                    kind = code;
                }
            }
        }
        if (kind == -4) {
            return 0;
        }
        double second = secondPoint(kind, axisBits, nearCorner, edge, face, bestSeg, bestBox, s);
        int n = sphereAlongAxis(d, gc, gb, bestSeg, margin, out);
        if (second > -3) {
            n += sphereAlongAxis(d, gc, gb, second + bestSeg, margin, out);
        }
        return n;
    }

    /**
     * Where along the axis (offset from the first point, in half-lengths) the second contact goes,
     * or -4 for none: along the box edge or face the capsule lies on, up to where it leaves the
     * box.
     */
    private double secondPoint(
            int kind,
            int axisBits,
            int nearCorner,
            int edge,
            int face,
            double bestSeg,
            double bestBox,
            double[] s) {
        if (kind >= 0 && kind / 3 != 1) {
            // nearest box point is a corner
            int rel = axisBits ^ nearCorner;
            if (rel == 0 || rel == 7) {
                return -4; // pointing at or away from the corner
            }
            double mul = 1, toEnd = 1 - bestSeg, toStart = 1 + bestSeg;
            if (rel == 3 || rel == 5 || rel == 6) {
                mul = -1;
                rel = 7 - rel;
                toStart = 1 - bestSeg;
                toEnd = 1 + bestSeg;
            }
            int ax = rel == 1 ? 0 : (rel == 2 ? 1 : 2);
            int ax1 = (ax + 1) % 3, ax2 = (ax + 2) % 3;
            double second;
            if (axis[ax] * axis[ax] > 0.5) {
                second = smaller(toEnd, 2 * s[ax] / Math.abs(half[ax]));
                return second * mul;
            }
            second = toStart;
            second = smaller(second, 2 * s[ax1] / Math.abs(half[ax1]));
            second = smaller(second, 2 * s[ax2] / Math.abs(half[ax2]));
            return -second * mul;
        }
        if (kind >= 0) {
            // nearest box point inside an edge: a second point only when the capsule crosses it
            int rel = (axisBits ^ nearCorner) & (7 - (1 << edge));
            if (rel != 1 && rel != 2 && rel != 4) {
                return -4;
            }
            int ax = edge, ax1 = (edge + 1) % 3, ax2 = (edge + 2) % 3;
            if (Math.abs(axis[ax1]) > Math.abs(axis[ax2])) {
                ax1 = ax2;
            }
            ax2 = 3 - ax - ax1;
            double mul, second;
            if ((rel & (1 << ax2)) != 0) {
                mul = 1;
                second = 1 - bestSeg;
            } else {
                mul = -1;
                second = 1 + bestSeg;
            }
            second = smaller(second, 2 * s[ax2] / Math.abs(half[ax2]));
            boolean same = ((axisBits & (1 << ax)) != 0) == ((rel & (1 << ax2)) != 0);
            double along = same ? 1 - bestBox : 1 + bestBox;
            second = smaller(second, s[ax] * along / Math.abs(half[ax]));
            return second * mul;
        }
        if (face == -1) {
            return -4; // the end is inside the box
        }
        double mul = kind == -3 ? 1 : -1;
        double second = 2;
        for (int i = 0; i < 3; i++) {
            if (i == face) {
                continue;
            }
            double from = c[i] - mul * half[i];
            double e1 = (s[i] - from) / half[i] * mul;
            if (e1 > 0 && e1 < second) {
                second = e1;
            }
            e1 = (-s[i] - from) / half[i] * mul;
            if (e1 > 0 && e1 < second) {
                second = e1;
            }
        }
        return second * mul;
    }

    /** Sphere-box for the capsule's sphere at t half-lengths along its axis (box frame in c). */
    private int sphereAlongAxis(
            MultibodyData d, int gc, int gb, double t, double margin, ContactSet out) {
        double[] m = d.geomXmat, p = d.geomXpos;
        int mo = 9 * gb;
        double lx = c[0] + half[0] * t, ly = c[1] + half[1] * t, lz = c[2] + half[2] * t;
        double wx = m[mo] * lx + m[mo + 1] * ly + m[mo + 2] * lz + p[3 * gb];
        double wy = m[mo + 3] * lx + m[mo + 4] * ly + m[mo + 5] * lz + p[3 * gb + 1];
        double wz = m[mo + 6] * lx + m[mo + 7] * ly + m[mo + 8] * lz + p[3 * gb + 2];
        return sphereBox(d, gc, gb, wx, wy, wz, margin, out);
    }
}
