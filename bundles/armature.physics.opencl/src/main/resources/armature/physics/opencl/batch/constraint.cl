/*
 * The constraint stage on the device: armature.physics.reference.constraint (RowBuilder, Efc,
 * Jacobians, EqualityRows, InvWeights, NewtonSolver, EllipticCones) translated operation for
 * operation. Compiled only with ARM_CONSTRAINTS (ModelSource.options). Sizes from ModelSource:
 * NEFC rows (limits + tendon limits + equality rows + friction-loss rows + MAXCON contacts at the
 * model's largest condim), MAXNZ nonzeros per row (an upper bound from the kinematic tree).
 *
 * Rows are stored sparse: per row its nonzero dofs ascending and their values, which is exactly
 * the order in which the reference walks its dense row (Efc.index / Efc.dot), so every sum has the
 * same terms in the same order. A row's impedance is computed as soon as its group (one limit,
 * one equality, one contact) is complete: the reference's passes over all rows treat each group
 * independently, so the results are the same numbers, and the solref/solimp/diagApprox/K/B/imp
 * arrays need not be kept.
 */
#ifdef ARM_CONSTRAINTS

/* float32: the solver's sums may be reassociated (ADR 0118). Newton's dense loops (the Hessian and
 * its Cholesky, M v, the rows' dot products) are reductions the compiler vectorises only when it
 * may reorder them: on PoCL's CPU device the hand then steps about 1.5 times as fast. The order
 * still is fixed by the compiled program, so runs stay bit-identical and world i does not depend on
 * N; the results differ from the reference's in the last bits of each sum, well below float32's own
 * error against float64. float64 keeps the reference's order, operation for operation. Collision
 * (its branches decide which contacts exist) is not affected: the pragma ends with this file. */
#ifndef ARM_DOUBLE
#pragma clang fp reassociate(on)
#endif

/* Where the Hessian's entry for dofs i >= j lives: float64 the dense lower triangle in dof order,
 * float32 NEWTON_PERM's order (ADR 0120), the later position as the row */
#ifdef ARM_DOUBLE
#define HESSIAN_AT(i, j) ((i) * NV + (j))
#else
#define HESSIAN_AT(i, j) \
    (max(NEWTON_POS[i], NEWTON_POS[j]) * NV + min(NEWTON_POS[i], NEWTON_POS[j]))
#endif

#define EFC_EQUALITY 0
#define EFC_FRICTION_DOF 1
#define EFC_FRICTION_TENDON 2
#define EFC_LIMIT_JOINT 3
#define EFC_LIMIT_TENDON 4
#define EFC_CONTACT_FRICTIONLESS 5
#define EFC_CONTACT_PYRAMIDAL 6
#define EFC_CONTACT_ELLIPTIC 7

#define ST_SATISFIED 0
#define ST_QUADRATIC 1
#define ST_LINEAR_NEG 2
#define ST_LINEAR_POS 3
#define ST_CONE 4

#define EFC_MINVAL ((real)1e-15)
#define EFC_MINIMP ((real)0.0001)
#define EFC_MAXIMP ((real)0.9999)

/* layout of the inverse-weight buffer (batch_invweights) */
#define IW_BODY 0
#define IW_DOF (2 * NBODY)
#define IW_TENDON (IW_DOF + NV)
#define IW_MEAN (IW_TENDON + NTENDON_PAD)
#define IW_SIZE (IW_MEAN + 1)

typedef struct {
    int n, ne, nf;
    int type[NEFC], id[NEFC], state[NEFC], nz[NEFC];
    ushort dof[NEFC * MAXNZ];
    real jac[NEFC * MAXNZ];
    real pos[NEFC], margin[NEFC], floss[NEFC], r[NEFC], dinv[NEFC], aref[NEFC], force[NEFC];
    real jar[NEFC], jv[NEFC];
#ifdef ARM_ELLIPTIC
    real mu[MAXCON], fric[6 * MAXCON], coneH[36 * MAXCON];
    int dim[MAXCON];
#endif
} Efc;

/* ---------------------------------------------------------------- Jacobians */

/* Jacobians.point: row += scale dir . (v_b2(p) - v_b1(p)). The motion subspaces are about each
 * kinematic tree's root (smooth.cl, ORIGIN), so the world point is taken relative to the root of
 * the chain it is applied to; the two bodies may belong to different trees. */
void jac_point_side(const Data* d, real* out, real sign, int b, real px, real py, real pz,
                    real dx, real dy, real dz) {
    if (b <= 0) return;
    const real* o = d->xpos + 3 * BODY_ROOT[b];
    real qx = px - o[0], qy = py - o[1], qz = pz - o[2];
    real cx = qy * dz - qz * dy, cy = qz * dx - qx * dz, cz = qx * dy - qy * dx;
    const real* s = d->cdof;
    for (int k = BODY_LAST_DOF[b]; k >= 0; k = DOF_PARENT[k]) {
        int so = 6 * k;
        out[k] += sign * (dx * s[so + 3] + dy * s[so + 4] + dz * s[so + 5] + cx * s[so]
                          + cy * s[so + 1] + cz * s[so + 2]);
    }
}

void jac_point(const Data* d, real* out, real scale, int b1, int b2, real px, real py, real pz,
               real dirx, real diry, real dirz) {
    real dx = scale * dirx, dy = scale * diry, dz = scale * dirz;
    jac_point_side(d, out, 1, b2, px, py, pz, dx, dy, dz);
    jac_point_side(d, out, -1, b1, px, py, pz, dx, dy, dz);
}

/* Jacobians.angular: row += scale dir . (w_b2 - w_b1) */
void jac_angular(const Data* d, real* out, real scale, int b1, int b2, real dirx, real diry,
                 real dirz) {
    real dx = scale * dirx, dy = scale * diry, dz = scale * dirz;
    const real* s = d->cdof;
    for (int k = BODY_LAST_DOF[b2]; k >= 0; k = DOF_PARENT[k]) {
        out[k] += dx * s[6 * k] + dy * s[6 * k + 1] + dz * s[6 * k + 2];
    }
    for (int k = BODY_LAST_DOF[b1]; k >= 0; k = DOF_PARENT[k]) {
        out[k] -= dx * s[6 * k] + dy * s[6 * k + 1] + dz * s[6 * k + 2];
    }
}

/* ---------------------------------------------------------------- rows */

/* Efc.add + Efc.index: appends a row with the dense Jacobian `row`; -1 when the capacity (or a
 * row's nonzero bound) is exceeded, which the caller reports. */
int efc_add(Efc* e, int type, int id, real pos, real margin, real loss, const real* row) {
    if (e->n == NEFC) return -1;
    int r = e->n;
    int c = 0;
    for (int i = 0; i < NV; i++) {
        if (row[i] != 0) {
            if (c == MAXNZ) return -1;
            e->dof[r * MAXNZ + c] = (ushort)i;
            e->jac[r * MAXNZ + c] = row[i];
            c++;
        }
    }
    e->n++;
    e->nz[r] = c;
    e->type[r] = type;
    e->id[r] = id;
    e->pos[r] = pos;
    e->margin[r] = margin;
    e->floss[r] = loss;
    e->force[r] = 0;
    if (type == EFC_EQUALITY) {
        e->ne++;
    } else if (type == EFC_FRICTION_DOF || type == EFC_FRICTION_TENDON) {
        e->nf++;
    }
    return r;
}

/* Efc.dot: row r times v */
real efc_dot(const Efc* e, int r, const real* v) {
    real s = 0;
    for (int k = r * MAXNZ; k < r * MAXNZ + e->nz[r]; k++) s += e->jac[k] * v[e->dof[k]];
    return s;
}

/* out += f J_r' */
void efc_add_transposed(const Efc* e, int r, real f, real* out) {
    if (f == 0) return;
    for (int k = r * MAXNZ; k < r * MAXNZ + e->nz[r]; k++) out[e->dof[k]] += e->jac[k] * f;
}

/* Row r's Jacobian entry for dof i (0 when not listed). */
real efc_entry(const Efc* e, int r, int i) {
    for (int k = r * MAXNZ; k < r * MAXNZ + e->nz[r]; k++) {
        if (e->dof[k] == i) return e->jac[k];
    }
    return 0;
}

real efc_clamp(real v, real lo, real hi) {
    return fmin(hi, fmax(lo, v));
}

real efc_power(real a, real b) {
    return b == 1 ? a : b == 2 ? a * a : pow(a, b);
}

/* RowBuilder.impedance(s, pos, margin): MuJoCo's impedance curve */
real efc_impedance(const real* s, real pos, real margin) {
    if (s[0] == s[1] || s[2] <= EFC_MINVAL) return (real)0.5 * (s[0] + s[1]);
    real x = fabs((pos - margin) / s[2]);
    if (x >= 1 || x <= 0) return x >= 1 ? s[1] : s[0];
    real y;
    if (s[4] == 1) {
        y = x;
    } else if (x <= s[3]) {
        y = (1 / efc_power(s[3], s[4] - 1)) * efc_power(x, s[4]);
    } else {
        y = 1 - (1 / efc_power(1 - s[3], s[4] - 1)) * efc_power(1 - x, s[4]);
    }
    return s[0] + y * (s[1] - s[0]);
}

/*
 * The impedance law of one group of rows [r0, r0 + dim) (RowBuilder.impedance, first loop), with
 * the rows' diagApprox in e->r on entry; sets R, and aref from the rows' velocity. The group's
 * impedance position is its first row's position, or the norm of an equality group's positions.
 */
void efc_group(Efc* e, const Data* d, int r0, int dim, real ref0, real ref1,
               const real* solimp, real h) {
    real imp5[5];
    for (int k = 0; k < 5; k++) imp5[k] = solimp[k];
    if ((ref0 > 0) != (ref1 > 0)) {
        ref0 = (real)0.02;
        ref1 = 1;
    }
#ifndef ARM_NO_REFSAFE
    if (ref0 > 0) ref0 = fmax(ref0, 2 * h);
#endif
    imp5[0] = efc_clamp(imp5[0], EFC_MINIMP, EFC_MAXIMP);
    imp5[1] = efc_clamp(imp5[1], EFC_MINIMP, EFC_MAXIMP);
    imp5[2] = fmax((real)0, imp5[2]);
    imp5[3] = efc_clamp(imp5[3], EFC_MINIMP, EFC_MAXIMP);
    imp5[4] = fmax((real)1, imp5[4]);
    real position = e->pos[r0];
    if (e->type[r0] == EFC_EQUALITY && dim > 1) {
        real s = 0;
        for (int k = r0; k < r0 + dim; k++) s += e->pos[k] * e->pos[k];
        position = sqrt(s);
    }
    real imp = efc_impedance(imp5, position, e->margin[r0]);
    real dmax = imp5[1];
    for (int j = r0; j < r0 + dim; j++) {
        e->r[j] = fmax(EFC_MINVAL, (1 - imp) * e->r[j] / imp);
        int t = e->type[j];
        bool friction = t == EFC_FRICTION_DOF || t == EFC_FRICTION_TENDON
                        || (t == EFC_CONTACT_ELLIPTIC && j > r0);
        real k, b;
        if (friction) {
            k = 0;
        } else if (ref0 > 0) {
            k = 1 / fmax(EFC_MINVAL, dmax * dmax * ref0 * ref0 * ref1 * ref1);
        } else {
            k = -ref0 / fmax(EFC_MINVAL, dmax * dmax);
        }
        b = ref1 > 0 ? 2 / fmax(EFC_MINVAL, dmax * ref0) : -ref1 / fmax(EFC_MINVAL, dmax);
        real v = efc_dot(e, j, d->v);
        e->aref[j] = -b * v - k * imp * (e->pos[j] - e->margin[j]);
    }
}

/* One row in a group of its own, from __constant solref/solimp at offsets 2i and 5i. */
void efc_single(Efc* e, const Data* d, int r, real diag, __constant const real_c* solref,
                __constant const real_c* solimp, int i, real h) {
    real s[5];
    for (int k = 0; k < 5; k++) s[k] = solimp[5 * i + k];
    e->r[r] = diag;
    efc_group(e, d, r, 1, solref[2 * i], solref[2 * i + 1], s, h);
}

#ifndef ARM_NO_FRICTIONLOSS
void friction_rows(Efc* e, const Data* d, const __global real* iw, real h, real* row, int* bad) {
    for (int i = 0; i < NV; i++) {
        if (DOF_FRICTIONLOSS[i] > 0) {
            for (int k = 0; k < NV; k++) row[k] = 0;
            row[i] = 1;
            int r = efc_add(e, EFC_FRICTION_DOF, i, 0, 0, DOF_FRICTIONLOSS[i], row);
            if (r < 0) { (*bad)++; continue; }
            efc_single(e, d, r, iw[IW_DOF + i], DOF_SOLREF, DOF_SOLIMP, i, h);
        }
    }
}
#endif

#ifndef ARM_NO_LIMIT
void limit_rows(Efc* e, const Data* d, const __global real* iw, real h, real* row, int* bad) {
    for (int j = 0; j < NJNT; j++) {
        if (!JNT_LIMITED[j]) continue;
        real margin = JNT_MARGIN[j];
        int dof = JNT_DOF_ADR[j];
        int type = JNT_TYPE[j];
        if (type == JT_HINGE || type == JT_SLIDE) {
            real q = d->q[JNT_QPOS_ADR[j]];
            for (int side = -1; side <= 1; side += 2) {
                real dist = side * (JNT_RANGE[2 * j + (side + 1) / 2] - q);
                if (dist < margin) {
                    for (int k = 0; k < NV; k++) row[k] = 0;
                    row[dof] = -side;
                    int r = efc_add(e, EFC_LIMIT_JOINT, j, dist, margin, 0, row);
                    if (r < 0) { (*bad)++; continue; }
                    efc_single(e, d, r, iw[IW_DOF + dof], JNT_SOLREF, JNT_SOLIMP, j, h);
                }
            }
        } else if (type == JT_BALL) {
            /* RowBuilder.ballLimitRow */
            int qa = JNT_QPOS_ADR[j];
            real w = d->q[qa], x = d->q[qa + 1], y = d->q[qa + 2], z = d->q[qa + 3];
            real norm = sqrt(w * w + x * x + y * y + z * z);
            w /= norm; x /= norm; y /= norm; z /= norm;
            real s = sqrt(x * x + y * y + z * z);
            real angle = 0, ax = 0, ay = 0, az = 0;
            if (s > 0) {
                angle = 2 * atan2(s, w);
                if (angle > (real)M_PI) angle -= 2 * (real)M_PI;
                ax = x / s * angle; ay = y / s * angle; az = z / s * angle;
                real len = sqrt(ax * ax + ay * ay + az * az);
                if (len > 0) { ax /= len; ay /= len; az /= len; }
                angle = len;
            }
            real dist = fmax(JNT_RANGE[2 * j], JNT_RANGE[2 * j + 1]) - angle;
            if (dist < margin) {
                for (int k = 0; k < NV; k++) row[k] = 0;
                row[dof] = -ax; row[dof + 1] = -ay; row[dof + 2] = -az;
                int r = efc_add(e, EFC_LIMIT_JOINT, j, dist, margin, 0, row);
                if (r < 0) { (*bad)++; continue; }
                efc_single(e, d, r, iw[IW_DOF + dof], JNT_SOLREF, JNT_SOLIMP, j, h);
            }
        }
    }
    for (int t = 0; t < NTENDON; t++) {
        if (!TENDON_LIMITED[t]) continue;
        real length = d->tendonLen[t], margin = TENDON_MARGIN[t];
        for (int side = -1; side <= 1; side += 2) {
            real dist = side * (TENDON_RANGE[2 * t + (side + 1) / 2] - length);
            if (dist < margin) {
                for (int k = 0; k < NV; k++) row[k] = 0;
                for (int a = TENDON_ADR[t]; a < TENDON_ADR[t] + TENDON_NUM[t]; a++) {
                    row[JNT_DOF_ADR[TENDON_JOINT[a]]] += -side * TENDON_COEF[a];
                }
                int r = efc_add(e, EFC_LIMIT_TENDON, t, dist, margin, 0, row);
                if (r < 0) { (*bad)++; continue; }
                efc_single(e, d, r, iw[IW_TENDON + t], TENDON_SOLREF, TENDON_SOLIMP, t, h);
            }
        }
    }
}
#endif

#ifndef ARM_NO_EQUALITY
/* EqualityRows.coupling: joint or tendon value and reference */
real eq_value(const Data* d, bool joint, int id) {
    return joint ? d->q[JNT_QPOS_ADR[id]] : d->tendonLen[id];
}

real eq_reference(bool joint, int id) {
    return joint ? QPOS0[JNT_QPOS_ADR[id]] : TENDON_LENGTH0[id];
}

void eq_add_jacobian(real* jac, bool joint, int id, real scale) {
    if (joint) {
        jac[JNT_DOF_ADR[id]] += scale;
        return;
    }
    for (int a = TENDON_ADR[id]; a < TENDON_ADR[id] + TENDON_NUM[id]; a++) {
        jac[JNT_DOF_ADR[TENDON_JOINT[a]]] += scale * TENDON_COEF[a];
    }
}

/* world point of body b's local point l */
void eq_world_point(const Data* d, int b, __constant const real_c* l, real* out) {
    mat_vec(d->xmat + 9 * b, l[0], l[1], l[2], out);
    for (int k = 0; k < 3; k++) out[k] += d->xpos[3 * b + k];
}

/* EqualityRows.translation: rows 0..2 of jac (6 x NV) and pos */
void eq_translation(const Data* d, real* jac, real* pos, int b1, int b2, const real* p1,
                    const real* p2) {
    for (int k = 0; k < 3; k++) {
        pos[k] = p1[k] - p2[k];
        real ax = k == 0 ? 1 : 0, ay = k == 1 ? 1 : 0, az = k == 2 ? 1 : 0;
        jac_point(d, jac + k * NV, 1, 0, b1, p1[0], p1[1], p1[2], ax, ay, az);
        jac_point(d, jac + k * NV, -1, 0, b2, p2[0], p2[1], p2[2], ax, ay, az);
    }
}

void equality_rows(Efc* e, const Data* d, const __global real* iw, real h, real* jac, int* bad) {
    for (int i = 0; i < NEQ; i++) {
        if (!EQ_ACTIVE[i]) continue;
        int type = EQ_TYPE[i];
        int size = type == EQ_CONNECT ? 3 : type == EQ_WELD ? 6 : 1;
        for (int k = 0; k < size * NV; k++) jac[k] = 0;
        real pos[6];
        int o = 11 * i;
        if (type == EQ_CONNECT) {
            real p1[3], p2[3];
            eq_world_point(d, EQ_OBJ1[i], EQ_DATA + o, p1);
            eq_world_point(d, EQ_OBJ2[i], EQ_DATA + o + 3, p2);
            eq_translation(d, jac, pos, EQ_OBJ1[i], EQ_OBJ2[i], p1, p2);
        } else if (type == EQ_WELD) {
            int b1 = EQ_OBJ1[i], b2 = EQ_OBJ2[i];
            real torquescale = EQ_DATA[o + 10];
            real p1[3], p2[3], q[16], rel[4];
            eq_world_point(d, b1, EQ_DATA + o + 3, p1);
            eq_world_point(d, b2, EQ_DATA + o, p2);
            eq_translation(d, jac, pos, b1, b2, p1, p2);
            for (int k = 0; k < 4; k++) rel[k] = EQ_DATA[o + 6 + k];
            quat_mul(d->xquat + 4 * b1, rel, q);
            q[4] = d->xquat[4 * b2];
            q[5] = -d->xquat[4 * b2 + 1];
            q[6] = -d->xquat[4 * b2 + 2];
            q[7] = -d->xquat[4 * b2 + 3];
            quat_mul(q + 4, q, q + 8);
            for (int k = 0; k < 3; k++) {
                pos[3 + k] = q[9 + k] * torquescale;
                real ax = k == 0 ? 1 : 0, ay = k == 1 ? 1 : 0, az = k == 2 ? 1 : 0;
                jac_angular(d, jac + (3 + k) * NV, 1, 0, b1, ax, ay, az);
                jac_angular(d, jac + (3 + k) * NV, -1, 0, b2, ax, ay, az);
            }
            int r = 3 * NV;
            for (int j = 0; j < NV; j++) {
                real ax = jac[r + j], ay = jac[r + NV + j], az = jac[r + 2 * NV + j];
                q[8] = -q[5] * ax - q[6] * ay - q[7] * az;
                q[9] = q[4] * ax + q[6] * az - q[7] * ay;
                q[10] = q[4] * ay + q[7] * ax - q[5] * az;
                q[11] = q[4] * az + q[5] * ay - q[6] * ax;
                quat_mul(q + 8, q, q + 12);
                jac[r + j] = (real)0.5 * q[13] * torquescale;
                jac[r + NV + j] = (real)0.5 * q[14] * torquescale;
                jac[r + 2 * NV + j] = (real)0.5 * q[15] * torquescale;
            }
        } else {
            bool joint = type == EQ_JOINT;
            int o1 = EQ_OBJ1[i], o2 = EQ_OBJ2[i];
            real x1 = eq_value(d, joint, o1), ref1 = eq_reference(joint, o1);
            eq_add_jacobian(jac, joint, o1, 1);
            if (o2 >= 0) {
                real dif = eq_value(d, joint, o2) - eq_reference(joint, o2);
                pos[0] = x1 - ref1 - EQ_DATA[o]
                         - (EQ_DATA[o + 1] * dif + EQ_DATA[o + 2] * dif * dif
                            + EQ_DATA[o + 3] * dif * dif * dif
                            + EQ_DATA[o + 4] * dif * dif * dif * dif);
                real deriv = EQ_DATA[o + 1] + 2 * EQ_DATA[o + 2] * dif
                             + 3 * EQ_DATA[o + 3] * dif * dif
                             + 4 * EQ_DATA[o + 4] * dif * dif * dif;
                eq_add_jacobian(jac, joint, o2, -deriv);
            } else {
                pos[0] = x1 - ref1 - EQ_DATA[o];
            }
        }
        bool zero = true;
        for (int k = 0; k < size * NV; k++) zero &= jac[k] == 0;
        if (zero) continue;
        /* EqualityRows.diagApprox */
        int o1 = EQ_OBJ1[i], o2 = EQ_OBJ2[i];
        real diag;
        if (type == EQ_CONNECT || type == EQ_WELD) {
            diag = iw[IW_BODY + 2 * o1] + iw[IW_BODY + 2 * o2];
        } else if (type == EQ_JOINT) {
            diag = iw[IW_DOF + JNT_DOF_ADR[o1]] + (o2 >= 0 ? iw[IW_DOF + JNT_DOF_ADR[o2]] : 0);
        } else {
            diag = iw[IW_TENDON + o1] + (o2 >= 0 ? iw[IW_TENDON + o2] : 0);
        }
        int r0 = e->n;
        bool ok = true;
        for (int k = 0; k < size && ok; k++) {
            int r = efc_add(e, EFC_EQUALITY, i, pos[k], 0, 0, jac + k * NV);
            ok = r >= 0;
            if (ok) e->r[r] = diag;
        }
        if (!ok) {
            /* drop the whole group: part of a connect or weld is a different constraint */
            e->ne -= e->n - r0;
            e->n = r0;
            (*bad)++;
            continue;
        }
        real s[5];
        for (int k = 0; k < 5; k++) s[k] = EQ_SOLIMP[5 * i + k];
        efc_group(e, d, r0, size, EQ_SOLREF[2 * i], EQ_SOLREF[2 * i + 1], s, h);
    }
}
#endif

#ifdef ARM_CONTACTS_ROWS
/* RowBuilder.mujocoFriction: slide, slide, spin, roll, roll */
void con_friction5(const Contacts* cs, int c, real* f5) {
    f5[0] = f5[1] = fmax((real)1e-5, cs->friction[3 * c]);
    f5[2] = fmax((real)1e-5, cs->friction[3 * c + 1]);
    f5[3] = f5[4] = fmax((real)1e-5, cs->friction[3 * c + 2]);
}

void contact_rows(Efc* e, const Data* d, const Contacts* cs, const __global real* iw, real h,
                  real* row, int* bad) {
    for (int c = 0; c < cs->n; c++) {
        if (cs->dist[c] >= cs->margin[c]) continue;
        int dim = cs->condim[c];
        int b1 = CON_GEOM_BODY[cs->geom1[c]], b2 = CON_GEOM_BODY[cs->geom2[c]];
        real f5[5];
        con_friction5(cs, c, f5);
        const real* p = cs->pos + 3 * c;
        const real* fr = cs->frame + 9 * c;
        real tran = iw[IW_BODY + 2 * b1] + iw[IW_BODY + 2 * b2];
        real rot = iw[IW_BODY + 2 * b1 + 1] + iw[IW_BODY + 2 * b2 + 1];
        int r0 = e->n, rows;
        bool ok = true;
        if (dim == 1) {
            for (int k = 0; k < NV; k++) row[k] = 0;
            jac_point(d, row, 1, b1, b2, p[0], p[1], p[2], fr[0], fr[1], fr[2]);
            int r = efc_add(e, EFC_CONTACT_FRICTIONLESS, c, cs->dist[c], cs->margin[c], 0, row);
            ok = r >= 0;
            if (ok) e->r[r] = tran;
            rows = 1;
        } else {
#ifndef ARM_ELLIPTIC
            for (int k = 1; k < dim && ok; k++) {
                real mu = f5[k - 1];
                for (int sign = 1; sign >= -1 && ok; sign -= 2) {
                    for (int q = 0; q < NV; q++) row[q] = 0;
                    jac_point(d, row, 1, b1, b2, p[0], p[1], p[2], fr[0], fr[1], fr[2]);
                    if (k < 3) {
                        jac_point(d, row, sign * mu, b1, b2, p[0], p[1], p[2], fr[3 * k],
                                  fr[3 * k + 1], fr[3 * k + 2]);
                    } else {
                        int a = 3 * (k - 3);
                        jac_angular(d, row, sign * mu, b1, b2, fr[a], fr[a + 1], fr[a + 2]);
                    }
                    int r = efc_add(e, EFC_CONTACT_PYRAMIDAL, c, cs->dist[c], cs->margin[c], 0,
                                    row);
                    ok = r >= 0;
                    if (ok) {
                        real f = f5[k - 1];
                        e->r[r] = tran + f * f * (k - 1 < 2 ? tran : rot);
                    }
                }
            }
            rows = 2 * (dim - 1);
#else
            for (int k = 0; k < dim && ok; k++) {
                for (int q = 0; q < NV; q++) row[q] = 0;
                if (k < 3) {
                    jac_point(d, row, 1, b1, b2, p[0], p[1], p[2], fr[3 * k], fr[3 * k + 1],
                              fr[3 * k + 2]);
                } else {
                    int a = 3 * (k - 3);
                    jac_angular(d, row, 1, b1, b2, fr[a], fr[a + 1], fr[a + 2]);
                }
                int r = efc_add(e, EFC_CONTACT_ELLIPTIC, c, k == 0 ? cs->dist[c] : 0,
                                k == 0 ? cs->margin[c] : 0, 0, row);
                ok = r >= 0;
                if (ok) e->r[r] = k < 3 ? tran : rot;
            }
            rows = dim;
#endif
        }
        if (!ok) {
            /* drop the whole contact: a partial cone would be a different constraint */
            e->n = r0;
            (*bad)++;
            continue;
        }
        efc_group(e, d, r0, rows, cs->solref[2 * c], cs->solref[2 * c + 1], cs->solimp + 5 * c,
                  h);
        /* RowBuilder.impedance, second loop: friction rows' R from the normal's and impratio */
#ifdef ARM_ELLIPTIC
        if (dim > 1) {
            e->r[r0 + 1] = e->r[r0] / fmax(EFC_MINVAL, (real)IMPRATIO);
            e->mu[c] = f5[0] * sqrt(e->r[r0 + 1] / e->r[r0]);
            for (int j = 1; j < dim - 1; j++) {
                e->r[r0 + j + 1] = e->r[r0 + 1] * f5[0] * f5[0] / (f5[j] * f5[j]);
            }
            for (int j = 0; j < dim; j++) e->fric[6 * c + j] = j == 0 ? 0 : f5[j - 1];
            e->dim[c] = dim;
        }
#else
        if (dim > 1) {
            real r1 = e->r[r0] / fmax(EFC_MINVAL, (real)IMPRATIO);
            real mu = f5[0] * sqrt(r1 / e->r[r0]);
            real rpy = 2 * mu * mu * e->r[r0];
            for (int j = r0; j < r0 + 2 * (dim - 1); j++) e->r[j] = rpy;
        }
#endif
    }
}
#endif

/* ---------------------------------------------------------------- elliptic cones */
#ifdef ARM_ELLIPTIC
void cone_hessian(Efc* e, int c, int row, int dim, real mu, real n, real t, real dm) {
    real* hc = e->coneH + 36 * c;
    real u[6];
    for (int j = 1; j < dim; j++) u[j] = e->jar[row + j] * e->fric[6 * c + j];
    hc[0] = 1;
    for (int j = 1; j < dim; j++) hc[j] = -mu / t * u[j];
    real scl = mu * n / (t * t * t);
    for (int k = 1; k < dim; k++) {
        for (int j = k; j < dim; j++) hc[k * dim + j] = scl * u[j] * u[k];
    }
    real diag = mu * mu - mu * n / t;
    for (int j = 1; j < dim; j++) hc[j * (dim + 1)] += diag;
    for (int k = 0; k < dim; k++) {
        real sk = dm * (k == 0 ? mu : e->fric[6 * c + k]);
        for (int j = k; j < dim; j++) hc[k * dim + j] *= sk * (j == 0 ? mu : e->fric[6 * c + j]);
    }
    for (int k = 0; k < dim; k++) {
        for (int j = k + 1; j < dim; j++) hc[j * dim + k] = hc[k * dim + j];
    }
}

/* EllipticCones.update */
real cone_update(Efc* e, int row) {
    int c = e->id[row], dim = e->dim[c];
    real mu = e->mu[c];
    real n = mu * e->jar[row], t2 = 0;
    for (int j = 1; j < dim; j++) {
        real u = e->jar[row + j] * e->fric[6 * c + j];
        t2 += u * u;
    }
    real t = sqrt(t2), s = 0;
    if (n >= mu * t || (t <= 0 && n >= 0)) {
        for (int j = 0; j < dim; j++) {
            e->state[row + j] = ST_SATISFIED;
            e->force[row + j] = 0;
        }
    } else if (mu * n + t <= 0 || (t <= 0 && n < 0)) {
        for (int j = 0; j < dim; j++) {
            real r = e->jar[row + j], dd = e->dinv[row + j];
            e->state[row + j] = ST_QUADRATIC;
            e->force[row + j] = -dd * r;
            s += (real)0.5 * dd * r * r;
        }
    } else {
        real dm = e->dinv[row] / (mu * mu * (1 + mu * mu)), nmt = n - mu * t;
        s = (real)0.5 * dm * nmt * nmt;
        real f0 = -dm * nmt * mu;
        e->force[row] = f0;
        for (int j = 1; j < dim; j++) {
            real fj = e->fric[6 * c + j];
            e->force[row + j] = -f0 / t * (e->jar[row + j] * fj) * fj;
        }
        for (int j = 0; j < dim; j++) e->state[row + j] = ST_CONE;
        cone_hessian(e, c, row, dim, mu, n, t, dm);
    }
    return s;
}

/* EllipticCones.addHessianBlock: the union of the rows' dofs, ascending */
void cone_add_hessian(const Efc* e, int row, real* h) {
    int c = e->id[row], dim = e->dim[c];
    const real* hc = e->coneH + 36 * c;
    bool in[NV];
    for (int i = 0; i < NV; i++) in[i] = false;
    for (int p = 0; p < dim; p++) {
        for (int k = (row + p) * MAXNZ; k < (row + p) * MAXNZ + e->nz[row + p]; k++) {
            in[e->dof[k]] = true;
        }
    }
    for (int i = 0; i < NV; i++) {
        if (!in[i]) continue;
        for (int j = 0; j <= i; j++) {
            if (!in[j]) continue;
            real v = 0;
            for (int p = 0; p < dim; p++) {
                real jpi = efc_entry(e, row + p, i);
                if (jpi == 0) continue;
                for (int q = 0; q < dim; q++) v += jpi * hc[p * dim + q] * efc_entry(e, row + q, j);
            }
            h[HESSIAN_AT(i, j)] += v;
        }
    }
}

/* EllipticCones.derivatives */
void cone_derivatives(const Efc* e, int row, real alpha, real* out) {
    int c = e->id[row], dim = e->dim[c];
    real mu = e->mu[c];
    real n = mu * (e->jar[row] + alpha * e->jv[row]), dn = mu * e->jv[row];
    real t2 = 0, tdt = 0, dt2 = 0;
    for (int j = 1; j < dim; j++) {
        real f = e->fric[6 * c + j];
        real u = f * (e->jar[row + j] + alpha * e->jv[row + j]), du = f * e->jv[row + j];
        t2 += u * u;
        tdt += u * du;
        dt2 += du * du;
    }
    real t = sqrt(t2);
    real d1 = 0, d2 = 0;
    if (n >= mu * t || (t <= 0 && n >= 0)) {
    } else if (mu * n + t <= 0 || (t <= 0 && n < 0)) {
        for (int j = 0; j < dim; j++) {
            real r = e->jar[row + j] + alpha * e->jv[row + j], dd = e->dinv[row + j];
            d1 += dd * r * e->jv[row + j];
            d2 += dd * e->jv[row + j] * e->jv[row + j];
        }
    } else {
        real dm = e->dinv[row] / (mu * mu * (1 + mu * mu));
        real dtdA = tdt / t, d2t = (dt2 - dtdA * dtdA) / t;
        real g = n - mu * t, dg = dn - mu * dtdA;
        d1 = dm * g * dg;
        d2 = dm * (dg * dg - g * mu * d2t);
    }
    out[0] = d1;
    out[1] = d2;
}
#endif

/* ---------------------------------------------------------------- Newton (NewtonSolver) */

/* out = M v with the armature on the diagonal (Dynamics.mulM) */
void efc_mul_m(const Data* d, const Params* p, const real* v, real* out) {
    for (int i = 0; i < NV; i++) {
        real s = p->armature[i] * v[i];
        for (int j = 0; j < NV; j++) s += d->qM[i * NV + j] * v[j];
        out[i] = s;
    }
}

/* NewtonSolver.evaluate: Ma, jar, states and forces at x; the total cost */
real efc_evaluate(Efc* e, const Data* d, const Params* p, const real* x, const real* a0,
                  real* ma) {
    efc_mul_m(d, p, x, ma);
    real gauss = 0;
    for (int i = 0; i < NV; i++) gauss += (ma[i] - d->smooth[i]) * (x[i] - a0[i]);
    real s = 0;
    for (int r = 0; r < e->n; r++) e->jar[r] = efc_dot(e, r, x) - e->aref[r];
    for (int r = 0; r < e->n; r++) {
        real jr = e->jar[r], dd = e->dinv[r];
        int t = e->type[r];
        if (t == EFC_EQUALITY) {
            e->state[r] = ST_QUADRATIC;
            e->force[r] = -dd * jr;
            s += (real)0.5 * dd * jr * jr;
        } else if (t == EFC_FRICTION_DOF || t == EFC_FRICTION_TENDON) {
            real f = e->floss[r], rf = e->r[r] * f;
            if (jr <= -rf) {
                e->state[r] = ST_LINEAR_NEG;
                e->force[r] = f;
                s += (real)-0.5 * rf * f - f * jr;
            } else if (jr >= rf) {
                e->state[r] = ST_LINEAR_POS;
                e->force[r] = -f;
                s += (real)-0.5 * rf * f + f * jr;
            } else {
                e->state[r] = ST_QUADRATIC;
                e->force[r] = -dd * jr;
                s += (real)0.5 * dd * jr * jr;
            }
#ifdef ARM_ELLIPTIC
        } else if (t == EFC_CONTACT_ELLIPTIC) {
            s += cone_update(e, r);
            r += e->dim[e->id[r]] - 1;
#endif
        } else if (jr < 0) {
            e->state[r] = ST_QUADRATIC;
            e->force[r] = -dd * jr;
            s += (real)0.5 * dd * jr * jr;
        } else {
            e->state[r] = ST_SATISFIED;
            e->force[r] = 0;
        }
    }
    return (real)0.5 * gauss + s;
}

/* grad = Ma - qfrcSmooth - J' force */
void efc_gradient(const Efc* e, const Data* d, const real* ma, real* grad) {
    for (int i = 0; i < NV; i++) grad[i] = ma[i] - d->smooth[i];
    for (int r = 0; r < e->n; r++) efc_add_transposed(e, r, -e->force[r], grad);
}

/* h += J' D J over the quadratic rows and the cones' blocks (h holds M + armature already) */
void efc_add_rows(const Efc* e, real* h) {
    for (int r = 0; r < e->n; r++) {
#ifdef ARM_ELLIPTIC
        if (e->state[r] == ST_CONE) {
            cone_add_hessian(e, r, h);
            r += e->dim[e->id[r]] - 1;
            continue;
        }
#endif
        if (e->state[r] != ST_QUADRATIC) continue;
        real dd = e->dinv[r];
        int ro = r * MAXNZ, c = e->nz[r];
        for (int a = 0; a < c; a++) {
            int i = e->dof[ro + a];
            real ji = dd * e->jac[ro + a];
            for (int b = 0; b <= a; b++) h[HESSIAN_AT(i, e->dof[ro + b])] += ji * e->jac[ro + b];
        }
    }
}

#ifdef ARM_DOUBLE
/* dir = -(M + J' D_quadratic J)^-1 grad by a dense Cholesky in h (NV x NV, lower triangle);
 * false when the matrix is not positive definite (the reference throws) */
bool efc_direction(const Efc* e, const Data* d, const Params* p, const real* grad, real* h,
                   real* dir) {
    for (int k = 0; k < NV * NV; k++) h[k] = d->qM[k];
    for (int i = 0; i < NV; i++) h[i * NV + i] += p->armature[i];
    efc_add_rows(e, h);
    for (int j = 0; j < NV; j++) {
        real diag = h[j * NV + j];
        for (int k = 0; k < j; k++) diag -= h[j * NV + k] * h[j * NV + k];
        if (!(diag > 0)) return false;
        real ljj = sqrt(diag);
        h[j * NV + j] = ljj;
        for (int i = j + 1; i < NV; i++) {
            real v = h[i * NV + j];
            for (int k = 0; k < j; k++) v -= h[i * NV + k] * h[j * NV + k];
            h[i * NV + j] = v / ljj;
        }
    }
    real tmp[NV];
    for (int i = 0; i < NV; i++) {
        real v = -grad[i];
        for (int k = 0; k < i; k++) v -= h[i * NV + k] * tmp[k];
        tmp[i] = v / h[i * NV + i];
    }
    for (int i = NV - 1; i >= 0; i--) {
        real v = tmp[i];
        for (int k = i + 1; k < NV; k++) v -= h[k * NV + i] * dir[k];
        dir[i] = v / h[i * NV + i];
    }
    return true;
}
#else
/*
 * float32: the same direction from the Hessian factored in NEWTON_PERM's order over each row's
 * envelope only (ADR 0120). Row q of the factor is zero before column env[q], the first position
 * the mass matrix (NEWTON_ENV) or a quadratic row couples with q, and Cholesky keeps it zero there,
 * so the dense factor's work on those zeros is skipped. h holds row q's envelope at h[q * NV + r],
 * r in [env[q], q]; entries outside it are neither written nor read.
 */
void efc_hessian_env(const Efc* e, int r, int dim, int* env) {
    int lo = NV;
    for (int p = 0; p < dim; p++) {
        for (int k = (r + p) * MAXNZ; k < (r + p) * MAXNZ + e->nz[r + p]; k++) lo = min(lo, NEWTON_POS[e->dof[k]]);
    }
    for (int p = 0; p < dim; p++) {
        for (int k = (r + p) * MAXNZ; k < (r + p) * MAXNZ + e->nz[r + p]; k++) {
            int q = NEWTON_POS[e->dof[k]];
            env[q] = min(env[q], lo);
        }
    }
}

bool efc_direction(const Efc* e, const Data* d, const Params* p, const real* grad, real* h,
                   real* dir) {
    int env[NV];
    for (int q = 0; q < NV; q++) env[q] = NEWTON_ENV[q];
    for (int r = 0; r < e->n; r++) {
#ifdef ARM_ELLIPTIC
        if (e->state[r] == ST_CONE) {
            int dim = e->dim[e->id[r]];
            efc_hessian_env(e, r, dim, env);
            r += dim - 1;
            continue;
        }
#endif
        if (e->state[r] == ST_QUADRATIC) efc_hessian_env(e, r, 1, env);
    }
    for (int q = 0; q < NV; q++) {
        int row = NEWTON_PERM[q] * NV;
        for (int c = env[q]; c <= q; c++) h[q * NV + c] = d->qM[row + NEWTON_PERM[c]];
        h[q * NV + q] += p->armature[NEWTON_PERM[q]];
    }
    efc_add_rows(e, h);
    /* each row's entries depend on the ones before it, so a division per entry would sit on
     * that chain: the diagonal's reciprocal is kept instead (inv) */
    real inv[NV];
    for (int q = 0; q < NV; q++) {
        real* hq = h + q * NV;
        int fq = env[q];
        for (int c = fq; c < q; c++) {
            const real* hc = h + c * NV;
            real v = hq[c];
            for (int k = max(fq, env[c]); k < c; k++) v -= hq[k] * hc[k];
            hq[c] = v * inv[c];
        }
        real diag = hq[q];
        for (int k = fq; k < q; k++) diag -= hq[k] * hq[k];
        if (!(diag > 0)) return false;
        hq[q] = sqrt(diag);
        inv[q] = 1 / hq[q];
    }
    real y[NV];
    for (int q = 0; q < NV; q++) {
        const real* hq = h + q * NV;
        real v = -grad[NEWTON_PERM[q]];
        for (int k = env[q]; k < q; k++) v -= hq[k] * y[k];
        y[q] = v * inv[q];
    }
    for (int q = NV - 1; q >= 0; q--) {
        const real* hq = h + q * NV;
        real x = y[q] * inv[q];
        dir[NEWTON_PERM[q]] = x;
        for (int k = env[q]; k < q; k++) y[k] -= hq[k] * x;
    }
    return true;
}
#endif

/* NewtonSolver.derivatives: first and second derivative of the cost at x + alpha dir */
void efc_derivatives(const Efc* e, real alpha, real g1, real g2, real* out) {
    real d1 = g1 + alpha * g2, d2 = g2;
    for (int r = 0; r < e->n; r++) {
#ifdef ARM_ELLIPTIC
        if (e->type[r] == EFC_CONTACT_ELLIPTIC) {
            real cd[2];
            cone_derivatives(e, r, alpha, cd);
            d1 += cd[0];
            d2 += cd[1];
            r += e->dim[e->id[r]] - 1;
            continue;
        }
#endif
        real v = e->jv[r];
        if (v == 0) continue;
        real jr = e->jar[r] + alpha * v, dd = e->dinv[r];
        int t = e->type[r];
        if (t == EFC_FRICTION_DOF || t == EFC_FRICTION_TENDON) {
            real f = e->floss[r], rf = e->r[r] * f;
            if (jr <= -rf) {
                d1 -= f * v;
            } else if (jr >= rf) {
                d1 += f * v;
            } else {
                d1 += dd * jr * v;
                d2 += dd * v * v;
            }
        } else if (t == EFC_EQUALITY || jr < 0) {
            d1 += dd * jr * v;
            d2 += dd * v * v;
        }
    }
    out[0] = d1;
    out[1] = d2;
}

/* NewtonSolver.lineSearch: the exact minimiser along dir */
real efc_line_search(Efc* e, const Data* d, const Params* p, const real* ma, const real* dir) {
    real mv[NV];
    efc_mul_m(d, p, dir, mv);
    real g1 = 0, g2 = 0;
    for (int i = 0; i < NV; i++) {
        g1 += dir[i] * (ma[i] - d->smooth[i]);
        g2 += dir[i] * mv[i];
    }
    for (int r = 0; r < e->n; r++) e->jv[r] = efc_dot(e, r, dir);
    real dd2[2];
    efc_derivatives(e, 0, g1, g2, dd2);
    real d0 = dd2[0];
    if (!(d0 < 0) || !(dd2[1] > 0)) return 0;
    real lo = 0, hi = INFINITY, alpha = -d0 / dd2[1];
    for (int it = 0; it < 60; it++) {
        efc_derivatives(e, alpha, g1, g2, dd2);
        real d1 = dd2[0];
        if (fabs(d1) <= (real)1e-14 * -d0) break;
        if (d1 < 0) {
            lo = alpha;
        } else {
            hi = alpha;
        }
        real next = alpha - d1 / dd2[1];
        if (!(next > lo && next < hi)) next = hi < INFINITY ? (real)0.5 * (lo + hi) : 2 * alpha;
        if (next == alpha) break;
        alpha = next;
    }
    return alpha;
}

/*
 * The constraint stage of one substep (ConstraintSolver.solve): builds the rows for the current
 * kinematics and contacts, then replaces d->qacc (M^-1 qfrcSmooth on entry) by the constrained
 * acceleration. The warm start (d->warm, d->hasWarm) is the last solve's acceleration, kept per
 * world in a global buffer between launches. Sets st->iterations; a row that does not fit the
 * capacity is counted in st->rowsDropped (never silently). False when the Newton matrix is not
 * positive definite (the world is then frozen and flagged, as for a non-finite state).
 */
bool constrain(Data* d, const Params* p, real h, Contacts* con, Stats* st, __global real* rec) {
    Efc e;
    e.n = 0;
    e.ne = 0;
    e.nf = 0;
    int bad = 0;
    st->iterations = 0;
    const __global real* iw = d->invWeight;
    real row[6 * NV];
#ifndef ARM_NO_EQUALITY
    equality_rows(&e, d, iw, h, row, &bad);
#endif
#ifndef ARM_NO_FRICTIONLOSS
    friction_rows(&e, d, iw, h, row, &bad);
#endif
#ifndef ARM_NO_LIMIT
    limit_rows(&e, d, iw, h, row, &bad);
#endif
#ifdef ARM_CONTACTS_ROWS
    if (con != 0) contact_rows(&e, d, con, iw, h, row, &bad);
#endif
    st->rowsDropped += bad;
    for (int r = 0; r < e.n; r++) e.dinv[r] = 1 / e.r[r];
    if (e.n == 0) {
        for (int i = 0; i < NV; i++) d->warm[i] = d->qacc[i];
        d->hasWarm = 1;
        return true;
    }
    real a0[NV], x[NV], ma[NV], grad[NV], dir[NV];
    for (int i = 0; i < NV; i++) a0[i] = d->qacc[i];
    real cost;
#ifndef ARM_NO_WARMSTART
    if (d->hasWarm) {
        /* the reference evaluates the warm start, then the smooth acceleration, then its choice
         * again; evaluating the warm start last leaves its states and Ma in place when it is
         * chosen, as it mostly is: the same numbers, one evaluation fewer */
        real smoothCost = efc_evaluate(&e, d, p, a0, a0, ma);
        real warmCost = efc_evaluate(&e, d, p, d->warm, a0, ma);
        if (warmCost < smoothCost) {
            for (int i = 0; i < NV; i++) x[i] = d->warm[i];
            cost = warmCost;
        } else {
            for (int i = 0; i < NV; i++) x[i] = a0[i];
            cost = efc_evaluate(&e, d, p, x, a0, ma);
        }
    } else
#endif
    {
        for (int i = 0; i < NV; i++) x[i] = a0[i];
        cost = efc_evaluate(&e, d, p, x, a0, ma);
    }
    real scale = 1 / (iw[IW_MEAN] * max(1, NV));
    /* The model's tolerance (MuJoCo's default 1e-8) is below float32's resolution (6e-8 relative):
     * in float32 the scaled improvement and gradient stall above it and Newton ran about twice the
     * iterations float64 needs, for nothing. float32 stops at 1e-6 instead; float64 keeps the
     * model's tolerance, and with it the reference's iteration counts. */
#ifdef ARM_DOUBLE
#define NEWTON_TOLERANCE ((real)SOLVER_TOLERANCE)
#else
#define NEWTON_TOLERANCE fmax((real)SOLVER_TOLERANCE, (real)1e-6)
#endif
    efc_gradient(&e, d, ma, grad);
    int it = 0;
    while (it < SOLVER_ITERATIONS) {
        it++;
        /* the Hessian reuses qLD: the smooth solve is done, and the implicit-damping step
         * refactors from qM */
        if (!efc_direction(&e, d, p, grad, d->qLD, dir)) {
            st->iterations = it;
            return false;
        }
        real alpha = efc_line_search(&e, d, p, ma, dir);
        if (alpha == 0) break;
        for (int i = 0; i < NV; i++) x[i] += alpha * dir[i];
        real next = efc_evaluate(&e, d, p, x, a0, ma);
        efc_gradient(&e, d, ma, grad);
        real improvement = scale * (cost - next);
        cost = next;
        real g = 0;
        for (int i = 0; i < NV; i++) g += grad[i] * grad[i];
        if (improvement < NEWTON_TOLERANCE || scale * sqrt(g) < NEWTON_TOLERANCE) break;
    }
    st->iterations = it;
    for (int i = 0; i < NV; i++) {
        d->qacc[i] = x[i];
        d->warm[i] = x[i];
    }
    d->hasWarm = 1;
#ifdef ARM_CONTACTS_ROWS
    if (rec != 0 && con != 0) {
        /* ConstraintSolver.contactNormalForce: the sum of the contact's rows' forces (pyramid
         * edges), or its first row's (elliptic cones); e.force is that of the final x */
        for (int c = 0; c < con->n; c++) {
            real f = 0;
            for (int r = e.ne + e.nf; r < e.n; r++) {
                if (e.type[r] < EFC_CONTACT_FRICTIONLESS || e.id[r] != c) continue;
                f += e.force[r];
                if (e.type[r] == EFC_CONTACT_ELLIPTIC) break;
            }
            rec[REC_REALS * c + 7] = f;
        }
    }
#endif
    return true;
}

/*
 * MuJoCo's inverse weights at qpos0 with the model's masses (InvWeights), once per batch: body
 * translation and rotation weights (2 per body), dof weights, tendon weights, mean inertia. The
 * reference computes them with the nominal masses before any randomization, and so does this.
 */
real iw_quadratic(const Data* d, const real* row) {
    real x[NV];
    for (int i = 0; i < NV; i++) x[i] = row[i];
    solve(d, x);
    real a = 0;
    for (int i = 0; i < NV; i++) a += row[i] * x[i];
    return a;
}

__kernel void batch_invweights(__global real* out) {
    if (get_global_id(0) != 0) return;
    Data d;
    Params p;
    for (int b = 0; b < NBODY; b++) p.massScale[b] = 1;
    for (int i = 0; i < NV; i++) {
        p.damping[i] = 0;
        p.armature[i] = DOF_ARMATURE[i];
    }
    for (int i = 0; i < NQ; i++) d.q[i] = QPOS0[i];
    for (int i = 0; i < NV; i++) d.v[i] = 0;
    mocap_from_model(d.mocap);
    kinematics(&d, &p);
    crba(&d);
    factor(&d, &p, 0);
    real row[NV];
    for (int k = 0; k < IW_SIZE; k++) out[k] = 0;
    for (int bi = 1; bi < NBODY; bi++) {
        if (BODY_LAST_DOF[bi] < 0) continue;
        real c[3];
        mat_vec(d.xmat + 9 * bi, BODY_COM[3 * bi], BODY_COM[3 * bi + 1], BODY_COM[3 * bi + 2], c);
        /* the centre of mass relative to its tree's root, the origin of cdof (smooth.cl) */
        const real* o = d.xpos + 3 * BODY_ROOT[bi];
        real px = c[0] + (d.xpos[3 * bi] - o[0]), py = c[1] + (d.xpos[3 * bi + 1] - o[1]),
             pz = c[2] + (d.xpos[3 * bi + 2] - o[2]);
        real tran = 0, rot = 0;
        for (int axis = 0; axis < 6; axis++) {
            for (int i = 0; i < NV; i++) row[i] = 0;
            for (int k = BODY_LAST_DOF[bi]; k >= 0; k = DOF_PARENT[k]) {
                const real* s = d.cdof + 6 * k;
                real wx = s[0], wy = s[1], wz = s[2];
                row[k] = axis == 0   ? s[3] + wy * pz - wz * py
                         : axis == 1 ? s[4] + wz * px - wx * pz
                         : axis == 2 ? s[5] + wx * py - wy * px
                                     : s[axis - 3];
            }
            real a = iw_quadratic(&d, row);
            if (axis < 3) {
                tran += a;
            } else {
                rot += a;
            }
        }
        out[IW_BODY + 2 * bi] = tran / 3;
        out[IW_BODY + 2 * bi + 1] = rot / 3;
    }
    for (int j = 0; j < NJNT; j++) {
        int da = JNT_DOF_ADR[j], type = JNT_TYPE[j];
        int width = type == JT_FREE ? 6 : type == JT_BALL ? 3 : 1;
        real diag[6];
        for (int c = 0; c < width; c++) {
            for (int i = 0; i < NV; i++) row[i] = 0;
            row[da + c] = 1;
            diag[c] = iw_quadratic(&d, row);
        }
        if (type == JT_FREE) {
            real t = (diag[0] + diag[1] + diag[2]) / 3, r = (diag[3] + diag[4] + diag[5]) / 3;
            for (int c = 0; c < 3; c++) {
                out[IW_DOF + da + c] = t;
                out[IW_DOF + da + 3 + c] = r;
            }
        } else if (type == JT_BALL) {
            real r = (diag[0] + diag[1] + diag[2]) / 3;
            for (int c = 0; c < 3; c++) out[IW_DOF + da + c] = r;
        } else {
            out[IW_DOF + da] = diag[0];
        }
    }
    for (int t = 0; t < NTENDON; t++) {
        for (int i = 0; i < NV; i++) row[i] = 0;
        for (int a = TENDON_ADR[t]; a < TENDON_ADR[t] + TENDON_NUM[t]; a++) {
            row[JNT_DOF_ADR[TENDON_JOINT[a]]] += TENDON_COEF[a];
        }
        out[IW_TENDON + t] = iw_quadratic(&d, row);
    }
    real trace = 0;
    for (int i = 0; i < NV; i++) trace += d.qM[i * NV + i] + DOF_ARMATURE[i];
    out[IW_MEAN] = NV > 0 ? trace / NV : 1;
}

#ifndef ARM_DOUBLE
#pragma clang fp reassociate(off)
#endif
#endif
