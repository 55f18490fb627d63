/*
 * Collision detection on the device: armature.physics.reference.collision (CollisionDetector,
 * NarrowPhase, PlaneContacts, BoxContacts, BoxBox, BoxBoxClip) translated operation for operation
 * so that float64 finds the same contacts, in the same order, to rounding. The pair filter depends
 * only on the model and is baked in by the host (ContactPairs: CP_* candidates in the reference's
 * order, PS_* their mixed parameters); per world this computes the geom poses, the bounding tests
 * (with the reference's sweep along x, so that contacts come out in its order) and the narrow
 * phase for planes, spheres, capsules and boxes (pairs with a mesh or a cylinder go to hull.cl).
 * Contraction into fused multiply-adds is off here:
 * the narrow phase branches on computed values (the box-box axis choice), and rounding identical
 * to the reference keeps those branches identical.
 */
#pragma OPENCL FP_CONTRACT OFF

#define GT_PLANE 0
#define GT_SPHERE 1
#define GT_CAPSULE 2
#define GT_BOX 3
#define GT_OTHER 4 /* ContactPairs.OTHER: meshes and cylinders (hull.cl) */
#define COL_MIN ((real)1e-15)
/* MuJoCo's per-pair contact cap (mjMAXCONPAIR), used by box-box's edge path */
#define BB_MAX 50

#ifdef ARM_CONTACTS

/* geom poses of one world (Kinematics.geomsSitesTendons, geoms only) */
typedef struct {
    real xpos[3 * NGEOM_PAD];
    real xmat[9 * NGEOM_PAD];
} Geoms;

void geom_poses(const Data* d, Geoms* G) {
    for (int i = 0; i < NCOLGEOM; i++) {
        int g = COL_GEOMS[i];
        int b = GEOM_BODY[g];
        mat_vec(d->xmat + 9 * b, GEOM_POS[3 * g], GEOM_POS[3 * g + 1], GEOM_POS[3 * g + 2],
                G->xpos + 3 * g);
        for (int k = 0; k < 3; k++) G->xpos[3 * g + k] += d->xpos[3 * b + k];
        real q[4];
        real xq[4] = {d->xquat[4 * b], d->xquat[4 * b + 1], d->xquat[4 * b + 2], d->xquat[4 * b + 3]};
        quat_mul_c(xq, GEOM_QUAT + 4 * g, q);
        quat_to_mat(q, G->xmat + 9 * g);
    }
}

/* ---------------------------------------------------------------- planes, spheres, capsules */

/* PlaneContacts.point: a plane against a point inflated by r */
int plane_point(const Geoms* G, int gp, int g, real x, real y, real z, real r, real margin,
                Contacts* out) {
    const real* m = G->xmat + 9 * gp;
    real nx = m[2], ny = m[5], nz = m[8];
    real dist = nx * (x - G->xpos[3 * gp]) + ny * (y - G->xpos[3 * gp + 1])
              + nz * (z - G->xpos[3 * gp + 2]) - r;
    if (dist > margin) return 0;
    real back = r + (real)0.5 * dist;
    return contacts_add(out, gp, g, x - back * nx, y - back * ny, z - back * nz, nx, ny, nz, dist);
}

/* NarrowPhase.center: the geom centre shifted by s half-lengths along its local z */
void col_center(const Geoms* G, int g, real s, real* o) {
    real h = s * GEOM_SIZE[3 * g + 1];
    for (int k = 0; k < 3; k++) o[k] = G->xpos[3 * g + k] + h * G->xmat[9 * g + 3 * k + 2];
}

/* PlaneContacts.box: the corners within the margin on the plane's side of the box centre */
int plane_box(const Geoms* G, int gp, int gb, real margin, Contacts* out) {
    const real* m = G->xmat + 9 * gb;
    const real* p = G->xpos;
    real nx = G->xmat[9 * gp + 2], ny = G->xmat[9 * gp + 5], nz = G->xmat[9 * gp + 8];
    real centre = nx * (p[3 * gb] - p[3 * gp]) + ny * (p[3 * gb + 1] - p[3 * gp + 1])
                + nz * (p[3 * gb + 2] - p[3 * gp + 2]);
    int n = 0;
    for (int corner = 0; corner < 8; corner++) {
        real a = (corner & 1) == 0 ? -GEOM_SIZE[3 * gb] : GEOM_SIZE[3 * gb];
        real b = (corner & 2) == 0 ? -GEOM_SIZE[3 * gb + 1] : GEOM_SIZE[3 * gb + 1];
        real c = (corner & 4) == 0 ? -GEOM_SIZE[3 * gb + 2] : GEOM_SIZE[3 * gb + 2];
        real x = m[0] * a + m[1] * b + m[2] * c;
        real y = m[3] * a + m[4] * b + m[5] * c;
        real z = m[6] * a + m[7] * b + m[8] * c;
        real along = nx * x + ny * y + nz * z;
        if (centre + along > margin || along > 0) continue;
        real dist = centre + along, back = -dist / 2;
        n += contacts_add(out, gp, gb, x + p[3 * gb] + back * nx, y + p[3 * gb + 1] + back * ny,
                     z + p[3 * gb + 2] + back * nz, nx, ny, nz, dist);
        if (n == 4) break;
    }
    return n;
}

/* NarrowPhase.spheres: centres a and b */
int col_spheres(int g1, int g2, const real* a, const real* b, real r1, real r2, real margin,
                Contacts* out) {
    real dx = b[0] - a[0], dy = b[1] - a[1], dz = b[2] - a[2];
    real len = sqrt(dx * dx + dy * dy + dz * dz);
    real dist = len - r1 - r2;
    if (dist > margin) return 0;
    real nx, ny, nz;
    if (len > (real)1e-12) {
        nx = dx / len; ny = dy / len; nz = dz / len;
    } else {
        nx = 0; ny = 0; nz = 1;
    }
    real t = r1 + (real)0.5 * dist;
    return contacts_add(out, g1, g2, a[0] + t * nx, a[1] + t * ny, a[2] + t * nz, nx, ny, nz, dist);
}

/* NarrowPhase.closestOnSegment: nearest point to (x, y, z) on capsule g's axis */
void closest_on_segment(const Geoms* G, int g, real x, real y, real z, real* o) {
    const real* m = G->xmat + 9 * g;
    real ax = m[2], ay = m[5], az = m[8], h = GEOM_SIZE[3 * g + 1];
    real cx = G->xpos[3 * g], cy = G->xpos[3 * g + 1], cz = G->xpos[3 * g + 2];
    real t = (x - cx) * ax + (y - cy) * ay + (z - cz) * az;
    t = fmax(-h, fmin(h, t));
    o[0] = cx + t * ax;
    o[1] = cy + t * ay;
    o[2] = cz + t * az;
}

real clamp01(real x) { return x < 0 ? 0 : (x > 1 ? 1 : x); }

/* NarrowPhase.segmentSegment: closest points of two capsule axes into a and b */
void segment_segment(const Geoms* G, int g1, int g2, real* A, real* B) {
    const real* m1 = G->xmat + 9 * g1;
    const real* m2 = G->xmat + 9 * g2;
    const real* p = G->xpos;
    real h1 = GEOM_SIZE[3 * g1 + 1], h2 = GEOM_SIZE[3 * g2 + 1];
    real d1x = 2 * h1 * m1[2], d1y = 2 * h1 * m1[5], d1z = 2 * h1 * m1[8];
    real d2x = 2 * h2 * m2[2], d2y = 2 * h2 * m2[5], d2z = 2 * h2 * m2[8];
    real p1x = p[3 * g1] - (real)0.5 * d1x, p1y = p[3 * g1 + 1] - (real)0.5 * d1y,
         p1z = p[3 * g1 + 2] - (real)0.5 * d1z;
    real p2x = p[3 * g2] - (real)0.5 * d2x, p2y = p[3 * g2 + 1] - (real)0.5 * d2y,
         p2z = p[3 * g2 + 2] - (real)0.5 * d2z;
    real rx = p1x - p2x, ry = p1y - p2y, rz = p1z - p2z;
    real a = d1x * d1x + d1y * d1y + d1z * d1z, e = d2x * d2x + d2y * d2y + d2z * d2z;
    real f = d2x * rx + d2y * ry + d2z * rz, c = d1x * rx + d1y * ry + d1z * rz;
    real b = d1x * d2x + d1y * d2y + d1z * d2z;
    real denom = a * e - b * b;
    real sp = denom > (real)1e-14 * a * e ? clamp01((b * f - c * e) / denom) : (real)0.5;
    real t = (b * sp + f) / e;
    if (t < 0) {
        t = 0;
        sp = clamp01(-c / a);
    } else if (t > 1) {
        t = 1;
        sp = clamp01((b - c) / a);
    }
    A[0] = p1x + d1x * sp; A[1] = p1y + d1y * sp; A[2] = p1z + d1z * sp;
    B[0] = p2x + d2x * t; B[1] = p2y + d2y * t; B[2] = p2z + d2z * t;
}

/* NarrowPhase.capsules: MuJoCo 2.2.2's capsule pair (two points only for parallel axes) */
int col_capsules(const Geoms* G, int g1, int g2, real margin, Contacts* out) {
    real r1 = GEOM_SIZE[3 * g1], r2 = GEOM_SIZE[3 * g2];
    real A[3], B[3];
    segment_segment(G, g1, g2, A, B);
    const real* m1 = G->xmat + 9 * g1;
    const real* m2 = G->xmat + 9 * g2;
    const real* p = G->xpos;
    real ax = m1[2], ay = m1[5], az = m1[8];
    real bx = m2[2], by = m2[5], bz = m2[8];
    real cs = ax * bx + ay * by + az * bz;
    real h1 = GEOM_SIZE[3 * g1 + 1], h2 = GEOM_SIZE[3 * g2 + 1];
    if (fabs(h1 * h1 * h2 * h2 * (1 - cs * cs)) >= (real)1e-15) {
        return col_spheres(g1, g2, A, B, r1, r2, margin, out);
    }
    real c = (p[3 * g2] - p[3 * g1]) * ax + (p[3 * g2 + 1] - p[3 * g1 + 1]) * ay
           + (p[3 * g2 + 2] - p[3 * g1 + 2]) * az;
    real e = fabs(cs) * h2;
    real lo = fmax(-h1, c - e), hi = fmin(h1, c + e);
    if (hi - lo <= (real)1e-9 * (h1 + h2)) {
        return col_spheres(g1, g2, A, B, r1, r2, margin, out);
    }
    real fx = B[0] - A[0], fy = B[1] - A[1], fz = B[2] - A[2];
    int n = 0;
    for (int end = 0; end < 2; end++) {
        real t = end == 0 ? lo : hi;
        A[0] = p[3 * g1] + t * ax;
        A[1] = p[3 * g1 + 1] + t * ay;
        A[2] = p[3 * g1 + 2] + t * az;
        closest_on_segment(G, g2, A[0], A[1], A[2], B);
        real gx = B[0] - A[0], gy = B[1] - A[1], gz = B[2] - A[2];
        if (gx * gx + gy * gy + gz * gz < (real)1e-24) {
            B[0] = A[0] + (real)1e-12 * fx;
            B[1] = A[1] + (real)1e-12 * fy;
            B[2] = A[2] + (real)1e-12 * fz;
        }
        n += col_spheres(g1, g2, A, B, r1, r2, margin, out);
    }
    return n;
}

/* ---------------------------------------------------------------- spheres and capsules on boxes */

real box_clamp(real v, real h) { return v < -h ? -h : (v > h ? h : v); }

/* BoxContacts.sphereBox: a sphere of geom gs's radius centred at (sx, sy, sz) against box gb */
int sphere_box(const Geoms* G, int gs, int gb, real sx, real sy, real sz, real margin,
               Contacts* out) {
    const real* m = G->xmat + 9 * gb;
    const real* p = G->xpos;
    real r = GEOM_SIZE[3 * gs];
    real hx = GEOM_SIZE[3 * gb], hy = GEOM_SIZE[3 * gb + 1], hz = GEOM_SIZE[3 * gb + 2];
    real dx = sx - p[3 * gb], dy = sy - p[3 * gb + 1], dz = sz - p[3 * gb + 2];
    real lx = m[0] * dx + m[3] * dy + m[6] * dz;
    real ly = m[1] * dx + m[4] * dy + m[7] * dz;
    real lz = m[2] * dx + m[5] * dy + m[8] * dz;
    real qx = box_clamp(lx, hx), qy = box_clamp(ly, hy), qz = box_clamp(lz, hz);
    real ex = qx - lx, ey = qy - ly, ez = qz - lz;
    real len = sqrt(ex * ex + ey * ey + ez * ez);
    if (len - r > margin) return 0;
    real nlx, nly, nlz, px, py, pz;
    if (len <= COL_MIN) {
        real best = 2 * (hx + hy + hz);
        int face = 0;
        for (int f = 0; f < 6; f++) {
            real h = GEOM_SIZE[3 * gb + f / 2], l = f / 2 == 0 ? lx : (f / 2 == 1 ? ly : lz);
            real gap = fabs((f % 2 == 1 ? h : -h) - l);
            if (gap < best) {
                best = gap;
                face = f;
            }
        }
        real sg = face % 2 == 1 ? -1 : 1;
        nlx = face / 2 == 0 ? sg : 0;
        nly = face / 2 == 1 ? sg : 0;
        nlz = face / 2 == 2 ? sg : 0;
        real back = (r - best) / 2;
        px = lx + back * nlx;
        py = ly + back * nly;
        pz = lz + back * nlz;
    } else {
        nlx = ex / len;
        nly = ey / len;
        nlz = ez / len;
        px = (real)0.5 * qx + (real)0.5 * (lx + r * nlx);
        py = (real)0.5 * qy + (real)0.5 * (ly + r * nly);
        pz = (real)0.5 * qz + (real)0.5 * (lz + r * nlz);
    }
    real nx = m[0] * nlx + m[1] * nly + m[2] * nlz;
    real ny = m[3] * nlx + m[4] * nly + m[5] * nlz;
    real nz = m[6] * nlx + m[7] * nly + m[8] * nlz;
    real wx = m[0] * px + m[1] * py + m[2] * pz + p[3 * gb];
    real wy = m[3] * px + m[4] * py + m[5] * pz + p[3 * gb + 1];
    real wz = m[6] * px + m[7] * py + m[8] * pz + p[3 * gb + 2];
    return contacts_add(out, gs, gb, wx, wy, wz, nx, ny, nz, len - r);
}

/* the candidate when it is smaller; a NaN candidate changes nothing */
real smaller(real current, real candidate) { return candidate < current ? candidate : current; }

/* BoxContacts.secondPoint: offset (half-lengths) of the second capsule point, or -4 for none */
real second_point(int kind, int axisBits, int nearCorner, int edge, int face, real bestSeg,
                  real bestBox, const real* s, const real* c, const real* axis, const real* hax) {
    if (kind >= 0 && kind / 3 != 1) {
        int rel = axisBits ^ nearCorner;
        if (rel == 0 || rel == 7) return -4;
        real mul = 1, toEnd = 1 - bestSeg, toStart = 1 + bestSeg;
        if (rel == 3 || rel == 5 || rel == 6) {
            mul = -1;
            rel = 7 - rel;
            toStart = 1 - bestSeg;
            toEnd = 1 + bestSeg;
        }
        int ax = rel == 1 ? 0 : (rel == 2 ? 1 : 2);
        int ax1 = (ax + 1) % 3, ax2 = (ax + 2) % 3;
        real second;
        if (axis[ax] * axis[ax] > (real)0.5) {
            second = smaller(toEnd, 2 * s[ax] / fabs(hax[ax]));
            return second * mul;
        }
        second = toStart;
        second = smaller(second, 2 * s[ax1] / fabs(hax[ax1]));
        second = smaller(second, 2 * s[ax2] / fabs(hax[ax2]));
        return -second * mul;
    }
    if (kind >= 0) {
        int rel = (axisBits ^ nearCorner) & (7 - (1 << edge));
        if (rel != 1 && rel != 2 && rel != 4) return -4;
        int ax = edge, ax1 = (edge + 1) % 3, ax2 = (edge + 2) % 3;
        if (fabs(axis[ax1]) > fabs(axis[ax2])) ax1 = ax2;
        ax2 = 3 - ax - ax1;
        real mul, second;
        if ((rel & (1 << ax2)) != 0) {
            mul = 1;
            second = 1 - bestSeg;
        } else {
            mul = -1;
            second = 1 + bestSeg;
        }
        second = smaller(second, 2 * s[ax2] / fabs(hax[ax2]));
        bool same = ((axisBits & (1 << ax)) != 0) == ((rel & (1 << ax2)) != 0);
        real along = same ? 1 - bestBox : 1 + bestBox;
        second = smaller(second, s[ax] * along / fabs(hax[ax]));
        return second * mul;
    }
    if (face == -1) return -4;
    real mul = kind == -3 ? 1 : -1;
    real second = 2;
    for (int i = 0; i < 3; i++) {
        if (i == face) continue;
        real from = c[i] - mul * hax[i];
        real e1 = (s[i] - from) / hax[i] * mul;
        if (e1 > 0 && e1 < second) second = e1;
        e1 = (-s[i] - from) / hax[i] * mul;
        if (e1 > 0 && e1 < second) second = e1;
    }
    return second * mul;
}

/* BoxContacts.sphereAlongAxis: the capsule's sphere t half-lengths along its axis */
int sphere_along_axis(const Geoms* G, int gc, int gb, const real* c, const real* hax, real t,
                      real margin, Contacts* out) {
    const real* m = G->xmat + 9 * gb;
    const real* p = G->xpos;
    real lx = c[0] + hax[0] * t, ly = c[1] + hax[1] * t, lz = c[2] + hax[2] * t;
    real wx = m[0] * lx + m[1] * ly + m[2] * lz + p[3 * gb];
    real wy = m[3] * lx + m[4] * ly + m[5] * lz + p[3 * gb + 1];
    real wz = m[6] * lx + m[7] * ly + m[8] * lz + p[3 * gb + 2];
    return sphere_box(G, gc, gb, wx, wy, wz, margin, out);
}

/* BoxContacts.capsuleBox: up to two sphere-box contacts along the capsule's axis */
int capsule_box(const Geoms* G, int gc, int gb, real margin, Contacts* out) {
    const real* m = G->xmat + 9 * gb;
    const real* mc_ = G->xmat + 9 * gc;
    const real* p = G->xpos;
    real r = GEOM_SIZE[3 * gc], h = GEOM_SIZE[3 * gc + 1];
    real s[3] = {GEOM_SIZE[3 * gb], GEOM_SIZE[3 * gb + 1], GEOM_SIZE[3 * gb + 2]};
    real c[3], axis[3], hax[3], corner[3], dif[3];
    real dx = p[3 * gc] - p[3 * gb], dy = p[3 * gc + 1] - p[3 * gb + 1];
    real dz = p[3 * gc + 2] - p[3 * gb + 2];
    int axisBits = 0;
    for (int k = 0; k < 3; k++) {
        c[k] = m[k] * dx + m[3 + k] * dy + m[6 + k] * dz;
        axis[k] = m[k] * mc_[2] + m[3 + k] * mc_[5] + m[6 + k] * mc_[8];
        hax[k] = axis[k] * h;
        if (hax[k] > 0) axisBits |= 1 << k;
    }
    real start = margin + 2 * (r + h + s[0] + s[1] + s[2]);
    real best = start, bestSeg = 0, bestBox = 0;
    int kind = -4, face = -1, nearCorner = 0, edge = 0;
    for (int end = -1; end <= 1; end += 2) {
        int outside = 0, outAxis = -1;
        real dist2 = 0;
        for (int k = 0; k < 3; k++) {
            real e = c[k] + end * hax[k];
            real cl = box_clamp(e, s[k]);
            if (cl != e) {
                outside++;
                outAxis = k;
            }
            dist2 += (cl - e) * (cl - e);
        }
        if (outside > 1) continue;
        if (dist2 < best) {
            best = dist2;
            bestSeg = end;
            kind = end - 2;
            face = outAxis;
        }
    }
    for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 8; i++) {
            if ((i & (1 << j)) != 0) continue;
            for (int k = 0; k < 3; k++) {
                corner[k] = k == j ? 0 : ((i & (1 << k)) != 0 ? s[k] : -s[k]);
                dif[k] = corner[k] - c[k];
            }
            real ma = s[j] * s[j], mb = -s[j] * hax[j], mc = h * h;
            real u = -s[j] * dif[j];
            real v = hax[0] * dif[0] + hax[1] * dif[1] + hax[2] * dif[2];
            real det = ma * mc - mb * mb;
            if (fabs(det) < COL_MIN) continue;
            real inv = 1 / det;
            real x1 = (mc * u - mb * v) * inv, x2 = (ma * v - mb * u) * inv;
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
            real dist2 = 0;
            for (int k = 0; k < 3; k++) {
                real e = dif[k] - hax[k] * x2 + (k == j ? s[j] * x1 : 0);
                dist2 += e * e;
            }
            if (dist2 < best - COL_MIN) {
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
    if (kind == -4) return 0;
    real second = second_point(kind, axisBits, nearCorner, edge, face, bestSeg, bestBox, s, c,
                               axis, hax);
    int n = sphere_along_axis(G, gc, gb, c, hax, bestSeg, margin, out);
    if (second > -3) n += sphere_along_axis(G, gc, gb, c, hax, second + bestSeg, margin, out);
    return n;
}

/* ---------------------------------------------------------------- box against box */

/* BoxBox's state shared with its clipping paths */
typedef struct {
    real pos12[3], pos21[3], rot[9], rotAbs[9], rottAbs[9], size1[3], size2[3], clNorm[3];
    int edgeBits1, edgeBits2;
    bool inward;
} BoxPair;

/* BoxBox.mulV / mulTv: res = M v, res = M^T v */
void bb_mulv(real* res, const real* m, const real* v) {
    real x = v[0], y = v[1], z = v[2];
    res[0] = m[0] * x + m[1] * y + m[2] * z;
    res[1] = m[3] * x + m[4] * y + m[5] * z;
    res[2] = m[6] * x + m[7] * y + m[8] * z;
}

void bb_multv(real* res, const real* m, const real* v) {
    real x = v[0], y = v[1], z = v[2];
    res[0] = m[0] * x + m[3] * y + m[6] * z;
    res[1] = m[1] * x + m[4] * y + m[7] * z;
    res[2] = m[2] * x + m[5] * y + m[8] * z;
}

real bb_dot(const real* a, const real* b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

/* BoxBoxClip.mulMM: res = A B, or A B^T */
void bb_mulmm(real* res, const real* a, const real* b, bool transposeB) {
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            real v = 0;
            for (int k = 0; k < 3; k++) v += a[3 * i + k] * (transposeB ? b[3 * j + k] : b[3 * k + j]);
            res[3 * i + j] = v;
        }
    }
}

void bb_transpose(real* res, const real* a) {
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) res[3 * i + j] = a[3 * j + i];
}

void bb_add_scaled(real* a, const real* b, real k) {
    a[0] += b[0] * k;
    a[1] += b[1] * k;
    a[2] += b[2] * k;
}

void bb_copy(real* dst, const real* src) {
    dst[0] = src[0]; dst[1] = src[1]; dst[2] = src[2];
}

/* BoxBoxClip.faceTurn: the signed permutation that turns face f to +z */
void face_turn(int f, real* t) {
    for (int k = 0; k < 9; k++) t[k] = 0;
    if (f == 0) { t[2] = -1; t[4] = 1; t[6] = 1; }
    else if (f == 1) { t[0] = 1; t[5] = -1; t[7] = 1; }
    else if (f == 2) { t[0] = 1; t[4] = 1; t[8] = 1; }
    else if (f == 3) { t[2] = 1; t[4] = 1; t[6] = -1; }
    else if (f == 4) { t[0] = 1; t[5] = 1; t[7] = -1; }
    else { t[0] = -1; t[4] = 1; t[8] = -1; }
}

/* BoxBoxClip.emit: point turned back with r, plus geom gRef's centre */
int bb_emit(const Geoms* G, int g1, int g2, int gRef, const real* r, const real* pt, real nx,
            real ny, real nz, real dist, Contacts* out) {
    real w[3];
    bb_mulv(w, r, pt);
    return contacts_add(out, g1, g2, w[0] + G->xpos[3 * gRef], w[1] + G->xpos[3 * gRef + 1],
                   w[2] + G->xpos[3 * gRef + 2], nx, ny, nz, dist);
}

/* BoxBoxClip.face: face f of box 1 (of box 2 when onBox2) is the reference face */
int bb_face(const Geoms* G, const BoxPair* B, int g1, int g2, int f, bool onBox2, real margin,
            Contacts* out) {
    real turn[9], r[9], rt[9], p[3], s[3], tmp[3];
    real pts[18], lines[24], points[3 * BB_MAX];
    face_turn(f, turn);
    if (onBox2) {
        bb_mulmm(r, turn, B->rot, true);
        bb_mulv(p, turn, B->pos12);
        bb_mulv(tmp, turn, B->size2);
        bb_copy(s, B->size1);
    } else {
        bb_mulmm(r, turn, B->rot, false);
        bb_mulv(p, turn, B->pos21);
        bb_mulv(tmp, turn, B->size1);
        bb_copy(s, B->size2);
    }
    bb_transpose(rt, r);
    real lx = fabs(tmp[0]), ly = fabs(tmp[1]), hz = fabs(tmp[2]);
    p[2] -= hz;
    int low = 0;
    for (int i = 0; i < 3; i++)
        if (r[6 + i] < 0) low |= 1 << i;
    bb_copy(pts, p);
    for (int i = 0; i < 3; i++) bb_add_scaled(pts, rt + 3 * i, s[i] * ((low & (1 << i)) != 0 ? 1 : -1));
    int m = 1;
    for (int i = 0; i < 3; i++) {
        if (fabs(r[6 + i]) < (real)0.5) {
            real k = s[i] * ((low & (1 << i)) != 0 ? -2 : 2);
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
        bb_copy(lines, pts); bb_copy(lines + 3, pts + 3); nLines = 1;
    }
    if (m > 2) {
        bb_copy(lines + 6, pts); bb_copy(lines + 9, pts + 6);
        bb_copy(lines + 12, pts + 9); bb_copy(lines + 15, pts + 6);
        bb_copy(lines + 18, pts + 12); bb_copy(lines + 21, pts + 3);
        nLines = 4;
    }
    int n = 0;
    for (int i = 0; i < nLines; i++) {
        for (int q = 0; q < 2; q++) {
            int lo = 6 * i;
            real a = lines[lo + q], b = lines[lo + 3 + q];
            real c = lines[lo + 1 - q], dd = lines[lo + 4 - q];
            if (fabs(b) <= COL_MIN) continue;
            real sq = q == 0 ? lx : ly, so = q == 0 ? ly : lx;
            for (int j = -1; j <= 1; j += 2) {
                real l = sq * j;
                real c1 = (l - a) * (1 / b);
                if (c1 < 0 || c1 > 1 || fabs(c + dd * c1) > so) continue;
                bb_copy(points + 3 * n, lines + lo);
                bb_add_scaled(points + 3 * n, lines + lo + 3, c1);
                n++;
            }
        }
    }
    if (m > 2) {
        real a = pts[3], b = pts[6], c = pts[4], dd = pts[7];
        real det = a * dd - b * c;
        for (int i = 0; i < 4; i++) {
            real cx = i / 2 != 0 ? lx : -lx, cy = i % 2 != 0 ? ly : -ly;
            real x = cx - pts[0], y = cy - pts[1];
            real u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
            if (u <= 0 || v <= 0 || u >= 1 || v >= 1) continue;
            points[3 * n] = cx;
            points[3 * n + 1] = cy;
            points[3 * n + 2] = pts[2] + u * pts[5] + v * pts[8];
            n++;
        }
    }
    for (int i = 0; i < 1 << (m - 1); i++) {
        int o = i == 0 ? 0 : 3 * (i + 2);
        if (i > 0 && (pts[o] <= -lx || pts[o] >= lx || pts[o + 1] <= -ly || pts[o + 1] >= ly)) continue;
        bb_copy(points + 3 * n, pts + o);
        n++;
    }
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (points[3 * i + 2] > margin) continue;
        bb_copy(points + 3 * kept, points + 3 * i);
        points[3 * kept + 2] *= (real)0.5;
        kept++;
    }
    int gRef = onBox2 ? g2 : g1;
    bb_mulmm(r, G->xmat + 9 * gRef, turn, true);
    real sg = onBox2 ? -1 : 1;
    real nx = sg * r[2], ny = sg * r[5], nz = sg * r[8];
    int added = 0;
    for (int i = 0; i < kept; i++) {
        real dist = points[3 * i + 2];
        points[3 * i + 2] += hz;
        added += bb_emit(G, g1, g2, gRef, r, points + 3 * i, nx, ny, nz, dist, out);
    }
    return added;
}

/* BoxBoxClip.edge: box 1's axis a1 against box 2's axis a2 */
int bb_edge(const Geoms* G, const BoxPair* B, int g1, int g2, int a1, int a2, real margin,
            Contacts* out) {
    real turn[9], r[9], rt[9], p[3], s[3], tmp[3], tmp2[3], rNorm[3];
    real pts[9], lines[24], linesU[24], pu[12], flat[8], axi[9];
    real points[3 * BB_MAX], depth[BB_MAX];
    const real* size2 = B->size2;
    int ax1 = a2 == 1 ? 0 : 1, ax2 = a2 == 0 ? 2 : (a2 == 1 ? 2 : 0);
    int pax1 = a1 == 1 ? 0 : 1, pax2 = a1 == 0 ? 2 : (a1 == 1 ? 2 : 0);
    if (B->rotAbs[3 * a1 + ax1] < B->rotAbs[3 * a1 + ax2]) {
        ax1 = ax2;
        ax2 = 3 - a2 - ax1;
    }
    if (B->rottAbs[3 * a2 + pax1] < B->rottAbs[3 * a2 + pax2]) {
        pax1 = pax2;
        pax2 = 3 - a1 - pax1;
    }
    int f = (B->edgeBits1 & (1 << pax2)) != 0 ? pax2 : pax2 + 3;
    face_turn(f, turn);
    bb_mulv(p, turn, B->pos21);
    bb_mulv(rNorm, turn, B->clNorm);
    bb_mulmm(r, turn, B->rot, false);
    bb_multv(tmp, turn, B->size1);
    for (int k = 0; k < 3; k++) s[k] = fabs(tmp[k]);
    bb_transpose(rt, r);
    real lx = s[0], ly = s[1], hz = s[2];
    p[2] -= hz;
    int bits = B->edgeBits2;
    real e1 = size2[ax1] * ((bits & (1 << ax1)) != 0 ? 1 : -1);
    real e2 = size2[ax2] * ((bits & (1 << ax2)) != 0 ? 1 : -1);
    for (int c = 0; c < 4; c += 2) {
        bb_copy(points + 3 * c, p);
        bb_add_scaled(points + 3 * c, rt + 3 * ax1, c == 0 ? e1 : -e1);
        bb_add_scaled(points + 3 * c, rt + 3 * ax2, e2);
        bb_copy(points + 3 * c + 3, points + 3 * c);
        bb_add_scaled(points + 3 * c, rt + 3 * a2, size2[a2]);
        bb_add_scaled(points + 3 * c + 3, rt + 3 * a2, -size2[a2]);
    }
    bb_copy(axi, points);
    for (int e = 0; e < 3; e++) {
        axi[3 + e] = points[3 + e] - points[e];
        axi[6 + e] = points[6 + e] - points[e];
    }
    if (fabs(rNorm[2]) < COL_MIN) return 0;
    real inNorm = (1 / rNorm[2]) * (B->inward ? -1 : 1);
    for (int i = 0; i < 4; i++) {
        real c1 = -points[3 * i + 2] * (1 / rNorm[2]);
        bb_copy(pu + 3 * i, points + 3 * i);
        bb_add_scaled(points + 3 * i, rNorm, c1);
        flat[2 * i] = points[3 * i];
        flat[2 * i + 1] = points[3 * i + 1];
    }
    bb_copy(pts, points);
    for (int e = 0; e < 3; e++) {
        pts[3 + e] = points[3 + e] - points[e];
        pts[6 + e] = points[6 + e] - points[e];
    }
    bb_copy(lines, pts); bb_copy(lines + 3, pts + 3);
    bb_copy(linesU, axi); bb_copy(linesU + 3, axi + 3);
    bb_copy(lines + 6, pts); bb_copy(lines + 9, pts + 6);
    bb_copy(linesU + 6, axi); bb_copy(linesU + 9, axi + 6);
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
            real a = lines[lo + q], b = lines[lo + 3 + q];
            real c = lines[lo + 1 - q], dd = lines[lo + 4 - q];
            if (fabs(b) <= COL_MIN) continue;
            for (int j = -1; j <= 1 && n < BB_MAX; j += 2) {
                real l = s[q] * j;
                real c1 = (l - a) * (1 / b);
                if (c1 < 0 || c1 > 1) continue;
                real c2 = c + dd * c1;
                if (fabs(c2) > s[1 - q] || (linesU[lo + 2] + linesU[lo + 5] * c1) * inNorm > margin)
                    continue;
                int o = 3 * n;
                for (int e = 0; e < 3; e++) points[o + e] = linesU[lo + e] * (real)0.5;
                bb_add_scaled(points + o, linesU + lo + 3, (real)0.5 * c1);
                points[o + q] += (real)0.5 * l;
                points[o + 1 - q] += (real)0.5 * c2;
                depth[n] = points[o + 2] * inNorm * 2;
                n++;
            }
        }
    }
    int nLine = n;
    real a = pts[3], b = pts[6], c = pts[4], dd = pts[7];
    real det = a * dd - b * c;
    real margin2 = margin * margin;
    for (int i = 0; i < 4 && n < BB_MAX; i++) {
        real cx = i / 2 != 0 ? lx : -lx, cy = i % 2 != 0 ? ly : -ly;
        real x = cx - pts[0], y = cy - pts[1];
        real u = (x * dd - y * b) * (1 / det), v = (y * a - x * c) * (1 / det);
        bool uOut = u < 0 || u > 1, vOut = v < 0 || v > 1;
        if (nLine == 0 ? uOut && vOut : uOut || vOut) continue;
        u = u < 0 ? 0 : (u > 1 ? 1 : u);
        v = v < 0 ? 0 : (v > 1 ? 1 : v);
        for (int e = 0; e < 3; e++) tmp[e] = pu[e] * (1 - u - v);
        bb_add_scaled(tmp, pu + 3, u);
        bb_add_scaled(tmp, pu + 6, v);
        tmp2[0] = cx - tmp[0];
        tmp2[1] = cy - tmp[1];
        tmp2[2] = 0 - tmp[2];
        det = tmp2[0] * tmp2[0] + tmp2[1] * tmp2[1] + tmp2[2] * tmp2[2];
        if (tmp[2] > 0 && det > margin2) continue;
        int o = 3 * n;
        points[o] = (cx + tmp[0]) * (real)0.5;
        points[o + 1] = (cy + tmp[1]) * (real)0.5;
        points[o + 2] = (0 + tmp[2]) * (real)0.5;
        depth[n] = sqrt(det) * (tmp[2] < 0 ? -1 : 1);
        n++;
    }
    int nFace = n;
    for (int i = 0; i < 4 && n < BB_MAX; i++) {
        real x = flat[2 * i], y = flat[2 * i + 1];
        bool xOut = x < -lx || x > lx, yOut = y < -ly || y > ly;
        if (nLine == 0 ? nFace != 0 && xOut && yOut : xOut || yOut) continue;
        real c1 = 0;
        for (int j = 0; j < 2; j++) {
            real w = flat[2 * i + j];
            if (w < -s[j]) {
                c1 += (w + s[j]) * (w + s[j]);
            } else if (w > s[j]) {
                c1 += (w - s[j]) * (w - s[j]);
            }
        }
        real pz = pu[3 * i + 2];
        c1 += pz * inNorm * pz * inNorm;
        if (pz > 0 && c1 > margin2) continue;
        int o = 3 * n;
        for (int j = 0; j < 2; j++) {
            real w = flat[2 * i + j];
            points[o + j] = w < -s[j] ? -s[j] * (real)0.5 : (w > s[j] ? s[j] * (real)0.5 : w * (real)0.5);
        }
        points[o + 2] = 0;
        bb_add_scaled(points + o, pu + 3 * i, (real)0.5);
        depth[n] = sqrt(c1) * (pz < 0 ? -1 : 1);
        n++;
    }
    bb_mulmm(r, G->xmat + 9 * g1, turn, true);
    bb_mulv(tmp, r, rNorm);
    real sg = B->inward ? -1 : 1;
    real nx = tmp[0] * sg, ny = tmp[1] * sg, nz = tmp[2] * sg;
    int added = 0;
    for (int i = 0; i < n; i++) {
        points[3 * i + 2] += hz;
        added += bb_emit(G, g1, g2, g1, r, points + 3 * i, nx, ny, nz, depth[i], out);
    }
    return added;
}

/* BoxBox.collide: the separating axis of least overlap, then a face or an edge-pair clip */
int box_box(const Geoms* G, int g1, int g2, real margin, Contacts* out) {
    BoxPair B;
    const real* x1 = G->xmat + 9 * g1;
    const real* x2 = G->xmat + 9 * g2;
    real t1[3], t2[3], plen1[3], plen2[3], rott[9], axisTry[3];
    for (int k = 0; k < 3; k++) {
        B.size1[k] = GEOM_SIZE[3 * g1 + k];
        B.size2[k] = GEOM_SIZE[3 * g2 + k];
        t1[k] = G->xpos[3 * g2 + k] - G->xpos[3 * g1 + k];
        t2[k] = -t1[k];
    }
    bb_multv(B.pos21, x1, t1);
    bb_multv(B.pos12, x2, t2);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            B.rot[3 * i + j] = x1[i] * x2[j] + x1[3 + i] * x2[3 + j] + x1[6 + i] * x2[6 + j];
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            rott[3 * i + j] = B.rot[3 * j + i];
            B.rotAbs[3 * i + j] = fabs(B.rot[3 * i + j]);
            B.rottAbs[3 * j + i] = B.rotAbs[3 * i + j];
        }
    }
    bb_mulv(plen2, B.rotAbs, B.size2);
    bb_multv(plen1, B.rotAbs, B.size1);
    real pen = margin;
    for (int i = 0; i < 3; i++) pen += B.size1[i] * 3 + B.size2[i] * 3;
    int code = -1;
    B.edgeBits1 = 0;
    B.edgeBits2 = 0;
    B.inward = false;
    B.clNorm[0] = B.clNorm[1] = B.clNorm[2] = 0;
    for (int i = 0; i < 3; i++) {
        real c1 = -fabs(B.pos21[i]) + B.size1[i] + plen2[i];
        real c2 = -fabs(B.pos12[i]) + B.size2[i] + plen1[i];
        if (c1 < -margin || c2 < -margin) return 0;
        if (c1 < pen) {
            pen = c1;
            code = i + (B.pos21[i] < 0 ? 3 : 0);
        }
        if (c2 < pen) {
            pen = c2;
            code = i + (B.pos12[i] < 0 ? 3 : 0) + 6;
        }
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            real bx = rott[3 * j], by = rott[3 * j + 1], bz = rott[3 * j + 2];
            axisTry[0] = i == 0 ? 0 : (i == 1 ? bz : -by);
            axisTry[1] = i == 0 ? -bz : (i == 1 ? 0 : bx);
            axisTry[2] = i == 0 ? by : (i == 1 ? -bx : 0);
            /* BoxBox.normalize (mju_normalize3) */
            real len = sqrt(bb_dot(axisTry, axisTry));
            if (len < COL_MIN) {
                axisTry[0] = 1; axisTry[1] = 0; axisTry[2] = 0;
                continue;
            }
            real inv = 1 / len;
            axisTry[0] *= inv; axisTry[1] *= inv; axisTry[2] *= inv;
            real c2 = bb_dot(B.pos21, axisTry);
            real c3 = 0;
            for (int k = 0; k < 3; k++)
                if (k != i) c3 += B.size1[k] * fabs(axisTry[k]);
            for (int k = 0; k < 3; k++)
                if (k != j) c3 += B.size2[k] * B.rotAbs[3 * i + 3 - k - j] / len;
            c3 -= fabs(c2);
            if (c3 < -margin) return 0;
            if (c3 < pen * (1 - (real)1e-12)) {
                pen = c3;
                B.edgeBits1 = 0;
                for (int k = 0; k < 3; k++)
                    if (k != i && ((axisTry[k] > 0) ^ (c2 < 0))) B.edgeBits1 |= 1 << k;
                B.edgeBits2 = 0;
                for (int k = 0; k < 3; k++)
                    if (k != j && ((B.rot[3 * i + 3 - k - j] > 0) ^ (c2 < 0) ^ ((k - j + 3) % 3 == 1)))
                        B.edgeBits2 |= 1 << k;
                code = 12 + 3 * i + j;
                bb_copy(B.clNorm, axisTry);
                B.inward = c2 < 0;
            }
        }
    }
    if (code == -1) return 0;
    if (code < 12) return bb_face(G, &B, g1, g2, code % 6, code / 6 == 1, margin, out);
    return bb_edge(G, &B, g1, g2, (code - 12) / 3, (code - 12) % 3, margin, out);
}

/* ---------------------------------------------------------------- dispatch and broad phase */

/* NarrowPhase.collide for planes, spheres, capsules and boxes: the lower type goes first (for
 * these four types the dispatch order is MuJoCo's, so no contact is flipped afterwards) */
void narrow_phase(const Geoms* G, int g1, int g2, real margin, Contacts* out) {
    int t1 = GEOM_TYPE[g1], t2 = GEOM_TYPE[g2];
    /* HULL_GLOBAL (hull data in global buffers, for devices with little constant memory) is
     * only wired into hull.cl's own test kernels so far */
#if defined(HULL_PAIRS) && !defined(HULL_GLOBAL)
    if (t1 == GT_OTHER || t2 == GT_OTHER) {
        /* a mesh (convex hull) or a cylinder with anything: hull.cl's NarrowPhase.collide, in the
         * candidate's own order (it dispatches like the reference, and swaps into MuJoCo's order
         * as the reference does) */
        hull_collide(G->xpos + 3 * g1, G->xmat + 9 * g1, G->xpos + 3 * g2, G->xmat + 9 * g2, g1,
                     g2, margin, out);
        return;
    }
#endif
    if (t1 > t2) {
        int g = g1; g1 = g2; g2 = g;
        int t = t1; t1 = t2; t2 = t;
    }
    real a[3], b[3];
    if (t1 == GT_PLANE) {
        if (t2 == GT_SPHERE) {
            col_center(G, g2, 0, a);
            plane_point(G, g1, g2, a[0], a[1], a[2], GEOM_SIZE[3 * g2], margin, out);
        } else if (t2 == GT_CAPSULE) {
            col_center(G, g2, 1, a);
            plane_point(G, g1, g2, a[0], a[1], a[2], GEOM_SIZE[3 * g2], margin, out);
            col_center(G, g2, -1, a);
            plane_point(G, g1, g2, a[0], a[1], a[2], GEOM_SIZE[3 * g2], margin, out);
        } else if (t2 == GT_BOX) {
            plane_box(G, g1, g2, margin, out);
        }
    } else if (t1 == GT_SPHERE && t2 == GT_SPHERE) {
        col_center(G, g1, 0, a);
        col_center(G, g2, 0, b);
        col_spheres(g1, g2, a, b, GEOM_SIZE[3 * g1], GEOM_SIZE[3 * g2], margin, out);
    } else if (t1 == GT_SPHERE && t2 == GT_CAPSULE) {
        col_center(G, g1, 0, a);
        closest_on_segment(G, g2, a[0], a[1], a[2], b);
        col_spheres(g1, g2, a, b, GEOM_SIZE[3 * g1], GEOM_SIZE[3 * g2], margin, out);
    } else if (t1 == GT_CAPSULE && t2 == GT_CAPSULE) {
        col_capsules(G, g1, g2, margin, out);
    } else if (t1 == GT_SPHERE && t2 == GT_BOX) {
        sphere_box(G, g1, g2, G->xpos[3 * g1], G->xpos[3 * g1 + 1], G->xpos[3 * g1 + 2], margin, out);
    } else if (t1 == GT_CAPSULE && t2 == GT_BOX) {
        capsule_box(G, g1, g2, margin, out);
    } else if (t1 == GT_BOX && t2 == GT_BOX) {
        box_box(G, g1, g2, margin, out);
    }
    /* other types: the host refuses such models (Unsupported) */
}

/* CollisionDetector.boundsOverlap / spheresOverlap */
bool spheres_overlap(const Geoms* G, int g1, int g2, real margin) {
    const real* x = G->xpos;
    real dx = x[3 * g1] - x[3 * g2];
    real dy = x[3 * g1 + 1] - x[3 * g2 + 1];
    real dz = x[3 * g1 + 2] - x[3 * g2 + 2];
    real r = GEOM_RBOUND[g1] + GEOM_RBOUND[g2] + margin;
    return dx * dx + dy * dy + dz * dz < r * r;
}

bool bounds_overlap(const Geoms* G, int g1, int g2, real margin) {
    if (GEOM_TYPE[g1] == GT_PLANE || GEOM_TYPE[g2] == GT_PLANE) {
        int gp = GEOM_TYPE[g1] == GT_PLANE ? g1 : g2, g = gp == g1 ? g2 : g1;
        if (GEOM_TYPE[g] == GT_PLANE) return false;
        const real* x = G->xmat + 9 * gp;
        const real* p = G->xpos;
        real dist = x[2] * (p[3 * g] - p[3 * gp]) + x[5] * (p[3 * g + 1] - p[3 * gp + 1])
                  + x[8] * (p[3 * g + 2] - p[3 * gp + 2]);
        return dist < GEOM_RBOUND[g] + margin;
    }
    return spheres_overlap(G, g1, g2, margin);
}

/* the narrow phase of candidate k, then its mixed parameters on the contacts it added; friction
 * from the world's geom frictions (CollisionDetector.mixParameters: the higher priority geom's,
 * else the larger of the two per component), an explicit pair's own friction from the model */
void collide_candidate(const Geoms* G, const Params* p, int k, Contacts* out) {
    int ps = CP_SET[k];
    int start = out->n;
    narrow_phase(G, CP_G1[k], CP_G2[k], PS_MARGIN[ps], out);
    int fa = CP_FRICTION_A[k], fb = CP_FRICTION_B[k];
    real fr[3];
    for (int e = 0; e < 3; e++)
        fr[e] = fa < 0 ? PS_FRICTION[3 * ps + e] : fmax(p->friction[3 * fa + e], p->friction[3 * fb + e]);
    for (int c = start; c < out->n; c++) {
        out->condim[c] = PS_CONDIM[ps];
        for (int e = 0; e < 3; e++) out->friction[3 * c + e] = fr[e];
        for (int e = 0; e < 2; e++) out->solref[2 * c + e] = PS_SOLREF[2 * ps + e];
        for (int e = 0; e < 5; e++) out->solimp[5 * c + e] = PS_SOLIMP[5 * ps + e];
        out->margin[c] = PS_INCLUDE[ps];
    }
}

/* the dynamic candidate for geoms g1 < g2, or -1 (binary search of the sorted keys) */
int dynamic_candidate(int g1, int g2) {
    int key = g1 * NGEOM + g2, lo = 0, hi = NDYNCAND - 1;
    while (lo <= hi) {
        int mid = (lo + hi) >> 1;
        int k = DYN_KEY[mid];
        if (k < key) {
            lo = mid + 1;
        } else if (k > key) {
            hi = mid - 1;
        } else {
            return NEXPLICIT + NPLANECAND + mid;
        }
    }
    return -1;
}

/*
 * CollisionDetector.detect: explicit pairs, then planes against their candidates, then the sweep
 * along x over the geoms of dynamic candidates. The sweep sorts by the lower x bound (ties by geom
 * index) and visits pairs in sorted order, as the reference does; restricting it to geoms that
 * have candidates keeps their relative order, and the reference's early exit (the next lower
 * bound past this geom's upper bound) is the same test per pair, so contacts come out in the
 * reference's order.
 */
void collide(Data* d, const Params* p, Contacts* con) {
    Geoms G;
    geom_poses(d, &G);
    con->n = 0;
    con->dropped = 0;
    for (int k = 0; k < NEXPLICIT + NPLANECAND; k++) {
        int ps = CP_SET[k];
        if (bounds_overlap(&G, CP_G1[k], CP_G2[k], PS_MARGIN[ps])) collide_candidate(&G, p, k, con);
    }
#if NDYNCAND > 0
    real minX[NDYNGEOM_PAD];
    int order[NDYNGEOM_PAD];
    for (int i = 0; i < NDYNGEOM; i++) {
        int g = DYN_GEOMS[i];
        order[i] = i;
        minX[i] = G.xpos[3 * g] - GEOM_RBOUND[g] - GEOM_MARGIN[g];
    }
    for (int i = 1; i < NDYNGEOM; i++) {
        int gi = order[i];
        real key = minX[gi];
        int j = i - 1;
        while (j >= 0 && (minX[order[j]] > key || (minX[order[j]] == key && order[j] > gi))) {
            order[j + 1] = order[j];
            j--;
        }
        order[j + 1] = gi;
    }
    for (int i = 0; i < NDYNGEOM; i++) {
        int a = DYN_GEOMS[order[i]];
        real maxX = G.xpos[3 * a] + GEOM_RBOUND[a] + GEOM_MARGIN[a];
        for (int j = i + 1; j < NDYNGEOM; j++) {
            if (minX[order[j]] > maxX) break;
            int b = DYN_GEOMS[order[j]];
            int k = dynamic_candidate(min(a, b), max(a, b));
            if (k >= 0 && spheres_overlap(&G, min(a, b), max(a, b), PS_MARGIN[CP_SET[k]]))
                collide_candidate(&G, p, k, con);
        }
    }
#endif
}

#endif /* ARM_CONTACTS */

#pragma OPENCL FP_CONTRACT ON
