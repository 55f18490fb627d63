/*
 * Armature batched physics: one work-item steps one world through the reference engine's smooth
 * pipeline (armature.physics.reference: Kinematics, Dynamics, Forces, Simulator), translated
 * operation for operation so the two agree to rounding. Model sizes and constants come from the
 * generated header in front of this file (ModelSource); state and per-world parameters are global
 * buffers in structure-of-arrays order, element k of world w at [k * nw + w], so neighbouring
 * work-items read neighbouring addresses.
 */
#ifdef ARM_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#define AT(buf, k) (buf)[(k) * nw + w]

/* ---------------------------------------------------------------- Philox4x32-10 */
/* Salmon et al., "Parallel random numbers: as easy as 1, 2, 3" (SC 2011): counter-based, so a
 * sample depends only on (key, counter) and never on how many worlds run or in which order. */
uint4 philox(uint4 ctr, uint2 key) {
    for (int r = 0; r < 10; r++) {
        uint hi0 = mul_hi(0xD2511F53u, ctr.x), lo0 = 0xD2511F53u * ctr.x;
        uint hi1 = mul_hi(0xCD9E8D57u, ctr.z), lo1 = 0xCD9E8D57u * ctr.z;
        ctr = (uint4)(hi1 ^ ctr.y ^ key.x, lo1, hi0 ^ ctr.w ^ key.y, lo0);
        key += (uint2)(0x9E3779B9u, 0xBB67AE85u);
    }
    return ctr;
}

/* uniform in [0, 1) from 32 random bits (24 for float so the value is exact) */
real unit01(uint x) {
#ifdef ARM_DOUBLE
    return (real)x * (1.0 / 4294967296.0);
#else
    return (real)(x >> 8) * (1.0f / 16777216.0f);
#endif
}

/* ---------------------------------------------------------------- small algebra */
void quat_mul(const real* a, const real* b, real* o) {
    real aw = a[0], ax = a[1], ay = a[2], az = a[3];
    real bw = b[0], bx = b[1], by = b[2], bz = b[3];
    o[0] = aw * bw - ax * bx - ay * by - az * bz;
    o[1] = aw * bx + ax * bw + ay * bz - az * by;
    o[2] = aw * by - ax * bz + ay * bw + az * bx;
    o[3] = aw * bz + ax * by - ay * bx + az * bw;
}

void quat_mul_c(const real* a, __constant const real* b, real* o) {
    real bb[4] = {b[0], b[1], b[2], b[3]};
    quat_mul(a, bb, o);
}

void quat_normalize(real* q) {
    real n = sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    if (n > 0) {
        real inv = 1 / n;
        q[0] *= inv; q[1] *= inv; q[2] *= inv; q[3] *= inv;
    }
}

void quat_to_mat(const real* q, real* m) {
    real w = q[0], x = q[1], y = q[2], z = q[3];
    real xx = x * x, yy = y * y, zz = z * z, xy = x * y, xz = x * z, yz = y * z;
    real wx = w * x, wy = w * y, wz = w * z;
    m[0] = 1 - 2 * (yy + zz); m[1] = 2 * (xy - wz); m[2] = 2 * (xz + wy);
    m[3] = 2 * (xy + wz); m[4] = 1 - 2 * (xx + zz); m[5] = 2 * (yz - wx);
    m[6] = 2 * (xz - wy); m[7] = 2 * (yz + wx); m[8] = 1 - 2 * (xx + yy);
}

void axis_angle(real ax, real ay, real az, real angle, real* o) {
    real h = (real)0.5 * angle;
    real s = sin(h);
    o[0] = cos(h); o[1] = ax * s; o[2] = ay * s; o[3] = az * s;
}

/* o = R v, R row-major 3x3 */
void mat_vec(const real* r, real x, real y, real z, real* o) {
    o[0] = r[0] * x + r[1] * y + r[2] * z;
    o[1] = r[3] * x + r[4] * y + r[5] * z;
    o[2] = r[6] * x + r[7] * y + r[8] * z;
}

/* q <- q * exp(omega dt / 2), normalised */
void integrate_body_rate(real* q, real wx, real wy, real wz, real dt) {
    real n = sqrt(wx * wx + wy * wy + wz * wz);
    real t[4] = {1, 0, 0, 0};
    if (n > (real)1e-30) {
        axis_angle(wx / n, wy / n, wz / n, n * dt, t);
    }
    real o[4];
    quat_mul(q, t, o);
    q[0] = o[0]; q[1] = o[1]; q[2] = o[2]; q[3] = o[3];
    quat_normalize(q);
}

void cross_motion(const real* a, const real* b, real* o) {
    o[0] = a[1] * b[2] - a[2] * b[1];
    o[1] = a[2] * b[0] - a[0] * b[2];
    o[2] = a[0] * b[1] - a[1] * b[0];
    o[3] = a[1] * b[5] - a[2] * b[4] + a[4] * b[2] - a[5] * b[1];
    o[4] = a[2] * b[3] - a[0] * b[5] + a[5] * b[0] - a[3] * b[2];
    o[5] = a[0] * b[4] - a[1] * b[3] + a[3] * b[1] - a[4] * b[0];
}

void cross_force(const real* v, const real* f, real* o) {
    o[0] = v[1] * f[2] - v[2] * f[1] + v[4] * f[5] - v[5] * f[4];
    o[1] = v[2] * f[0] - v[0] * f[2] + v[5] * f[3] - v[3] * f[5];
    o[2] = v[0] * f[1] - v[1] * f[0] + v[3] * f[4] - v[4] * f[3];
    o[3] = v[1] * f[5] - v[2] * f[4];
    o[4] = v[2] * f[3] - v[0] * f[5];
    o[5] = v[0] * f[4] - v[1] * f[3];
}

void mul_inertia(const real* in, const real* v, real* o) {
    real m = in[0], hx = in[1], hy = in[2], hz = in[3];
    real jxx = in[4], jyy = in[5], jzz = in[6], jxy = in[7], jxz = in[8], jyz = in[9];
    o[0] = jxx * v[0] + jxy * v[1] + jxz * v[2] + hy * v[5] - hz * v[4];
    o[1] = jxy * v[0] + jyy * v[1] + jyz * v[2] + hz * v[3] - hx * v[5];
    o[2] = jxz * v[0] + jyz * v[1] + jzz * v[2] + hx * v[4] - hy * v[3];
    o[3] = m * v[3] - (hy * v[2] - hz * v[1]);
    o[4] = m * v[4] - (hz * v[0] - hx * v[2]);
    o[5] = m * v[5] - (hx * v[1] - hy * v[0]);
}

real dot6(const real* a, const real* b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3] + a[4] * b[4] + a[5] * b[5];
}

/* ---------------------------------------------------------------- one world's working set */
typedef struct {
    real q[NQ], v[NV];
    real xpos[3 * NBODY], xquat[4 * NBODY], xmat[9 * NBODY];
    real cinert[10 * NBODY], cdof[6 * NV], anchor[3 * NJNT_PAD], axis[3 * NJNT_PAD];
    real cvel[6 * NBODY], cacc[6 * NBODY], cfrc[6 * NBODY];
    real qM[NV * NV], qLD[NV * NV], diagInv[NV];
    real bias[NV], smooth[NV], qacc[NV], tmp[NV];
    real tendonLen[NTENDON_PAD];
    real ctrl[NU_PAD], actForce[NU_PAD];
} Data;

/* per-world parameters, read once per kernel launch */
typedef struct {
    real massScale[NBODY];
    real damping[NV], armature[NV];
    real gain[NU_PAD], forceLo[NU_PAD], forceHi[NU_PAD];
    real gravity[3];
} Params;

/* Kinematics.forward without geoms: bodies, joint anchors and axes, cdof, cinert, tendons */
void kinematics(Data* d, const Params* p) {
    d->xquat[0] = 1; d->xquat[1] = 0; d->xquat[2] = 0; d->xquat[3] = 0;
    for (int k = 0; k < 9; k++) d->xmat[k] = (k % 4 == 0) ? 1 : 0;
    d->xpos[0] = d->xpos[1] = d->xpos[2] = 0;
    real t[8];
    for (int b = 1; b < NBODY; b++) {
        int par = BODY_PARENT[b];
        real* xp = d->xpos + 3 * b;
        real* xq = d->xquat + 4 * b;
        real* xm = d->xmat + 9 * b;
        mat_vec(d->xmat + 9 * par, BODY_POS[3 * b], BODY_POS[3 * b + 1], BODY_POS[3 * b + 2], xp);
        xp[0] += d->xpos[3 * par]; xp[1] += d->xpos[3 * par + 1]; xp[2] += d->xpos[3 * par + 2];
        quat_mul_c(d->xquat + 4 * par, BODY_QUAT + 4 * b, xq);
        quat_to_mat(xq, xm);
        for (int j = BODY_JNT_START[b]; j < BODY_JNT_START[b] + BODY_JNT_COUNT[b]; j++) {
            int qa = JNT_QPOS_ADR[j];
            real* an = d->anchor + 3 * j;
            real* ax = d->axis + 3 * j;
            mat_vec(xm, JNT_POS[3 * j], JNT_POS[3 * j + 1], JNT_POS[3 * j + 2], an);
            an[0] += xp[0]; an[1] += xp[1]; an[2] += xp[2];
            mat_vec(xm, JNT_AXIS[3 * j], JNT_AXIS[3 * j + 1], JNT_AXIS[3 * j + 2], ax);
            int type = JNT_TYPE[j];
            if (type == JT_FREE) {
                xp[0] = d->q[qa]; xp[1] = d->q[qa + 1]; xp[2] = d->q[qa + 2];
                for (int k = 0; k < 4; k++) xq[k] = d->q[qa + 3 + k];
                quat_normalize(xq);
                quat_to_mat(xq, xm);
                an[0] = xp[0]; an[1] = xp[1]; an[2] = xp[2];
            } else if (type == JT_BALL || type == JT_HINGE) {
                if (type == JT_BALL) {
                    for (int k = 0; k < 4; k++) t[k] = d->q[qa + k];
                    quat_normalize(t);
                } else {
                    axis_angle(JNT_AXIS[3 * j], JNT_AXIS[3 * j + 1], JNT_AXIS[3 * j + 2],
                               d->q[qa] - QPOS0[qa], t);
                }
                real o[4];
                quat_mul(xq, t, o);
                xq[0] = o[0]; xq[1] = o[1]; xq[2] = o[2]; xq[3] = o[3];
                quat_normalize(xq);
                quat_to_mat(xq, xm);
                mat_vec(xm, JNT_POS[3 * j], JNT_POS[3 * j + 1], JNT_POS[3 * j + 2], t + 4);
                xp[0] = an[0] - t[4]; xp[1] = an[1] - t[5]; xp[2] = an[2] - t[6];
            } else { /* slide */
                real s = d->q[qa] - QPOS0[qa];
                for (int k = 0; k < 3; k++) {
                    xp[k] += s * ax[k];
                    an[k] += s * ax[k];
                }
            }
            /* motion subspace */
            int da = JNT_DOF_ADR[j];
            real px = an[0], py = an[1], pz = an[2];
            if (type == JT_HINGE) {
                real* c = d->cdof + 6 * da;
                c[0] = ax[0]; c[1] = ax[1]; c[2] = ax[2];
                c[3] = py * ax[2] - pz * ax[1]; c[4] = pz * ax[0] - px * ax[2]; c[5] = px * ax[1] - py * ax[0];
            } else if (type == JT_SLIDE) {
                real* c = d->cdof + 6 * da;
                c[0] = c[1] = c[2] = 0;
                c[3] = ax[0]; c[4] = ax[1]; c[5] = ax[2];
            } else {
                int first = da;
                if (type == JT_FREE) {
                    for (int k = 0; k < 3; k++) {
                        real* c = d->cdof + 6 * (da + k);
                        for (int e = 0; e < 6; e++) c[e] = 0;
                        c[3 + k] = 1;
                    }
                    first = da + 3;
                }
                for (int k = 0; k < 3; k++) {
                    real* c = d->cdof + 6 * (first + k);
                    real a0 = xm[k], a1 = xm[3 + k], a2 = xm[6 + k];
                    c[0] = a0; c[1] = a1; c[2] = a2;
                    c[3] = py * a2 - pz * a1; c[4] = pz * a0 - px * a2; c[5] = px * a1 - py * a0;
                }
            }
        }
    }
    /* spatial inertia at the world origin */
    for (int b = 1; b < NBODY; b++) {
        const real* r = d->xmat + 9 * b;
        real c[3];
        mat_vec(r, BODY_COM[3 * b], BODY_COM[3 * b + 1], BODY_COM[3 * b + 2], c);
        real cx = c[0] + d->xpos[3 * b], cy = c[1] + d->xpos[3 * b + 1], cz = c[2] + d->xpos[3 * b + 2];
        real sc = p->massScale[b];
        real mass = BODY_MASS[b] * sc;
        real ixx = BODY_INERTIA[6 * b] * sc, iyy = BODY_INERTIA[6 * b + 1] * sc,
             izz = BODY_INERTIA[6 * b + 2] * sc, ixy = BODY_INERTIA[6 * b + 3] * sc,
             ixz = BODY_INERTIA[6 * b + 4] * sc, iyz = BODY_INERTIA[6 * b + 5] * sc;
        real s00 = 0, s11 = 0, s22 = 0, s01 = 0, s02 = 0, s12 = 0;
        for (int k = 0; k < 3; k++) {
            real i0k = k == 0 ? ixx : k == 1 ? ixy : ixz;
            real i1k = k == 0 ? ixy : k == 1 ? iyy : iyz;
            real i2k = k == 0 ? ixz : k == 1 ? iyz : izz;
            real t0 = r[0] * i0k + r[1] * i1k + r[2] * i2k;
            real t1 = r[3] * i0k + r[4] * i1k + r[5] * i2k;
            real t2 = r[6] * i0k + r[7] * i1k + r[8] * i2k;
            real r0 = r[k], r1 = r[3 + k], r2 = r[6 + k];
            s00 += t0 * r0; s11 += t1 * r1; s22 += t2 * r2;
            s01 += t0 * r1; s02 += t0 * r2; s12 += t1 * r2;
        }
        real cc = cx * cx + cy * cy + cz * cz;
        real* ci = d->cinert + 10 * b;
        ci[0] = mass; ci[1] = mass * cx; ci[2] = mass * cy; ci[3] = mass * cz;
        ci[4] = s00 + mass * (cc - cx * cx);
        ci[5] = s11 + mass * (cc - cy * cy);
        ci[6] = s22 + mass * (cc - cz * cz);
        ci[7] = s01 - mass * cx * cy;
        ci[8] = s02 - mass * cx * cz;
        ci[9] = s12 - mass * cy * cz;
    }
    for (int t2 = 0; t2 < NTENDON; t2++) {
        real len = 0;
        for (int a = TENDON_ADR[t2]; a < TENDON_ADR[t2] + TENDON_NUM[t2]; a++) {
            len += TENDON_COEF[a] * d->q[JNT_QPOS_ADR[TENDON_JOINT[a]]];
        }
        d->tendonLen[t2] = len;
    }
}

void joint_step(Data* d, int dof0, int n, int b) {
    real vj[6] = {0, 0, 0, 0, 0, 0}, c[6];
    for (int k = 0; k < n; k++) {
        const real* s = d->cdof + 6 * (dof0 + k);
        real qd = d->v[dof0 + k];
        for (int e = 0; e < 6; e++) vj[e] += qd * s[e];
    }
    cross_motion(d->cvel + 6 * b, vj, c);
    for (int e = 0; e < 6; e++) {
        d->cacc[6 * b + e] += c[e];
        d->cvel[6 * b + e] += vj[e];
    }
}

/* Dynamics.rnea with zero qacc: bias = c(q, qd) including gravity */
void rnea_bias(Data* d, const Params* p) {
    for (int k = 0; k < 6; k++) { d->cvel[k] = 0; d->cacc[k] = 0; }
    d->cacc[3] = -p->gravity[0]; d->cacc[4] = -p->gravity[1]; d->cacc[5] = -p->gravity[2];
    real t6[6], t6b[6];
    for (int b = 1; b < NBODY; b++) {
        int par = BODY_PARENT[b];
        for (int k = 0; k < 6; k++) {
            d->cvel[6 * b + k] = d->cvel[6 * par + k];
            d->cacc[6 * b + k] = d->cacc[6 * par + k];
        }
        for (int j = BODY_JNT_START[b]; j < BODY_JNT_START[b] + BODY_JNT_COUNT[b]; j++) {
            if (JNT_TYPE[j] == JT_FREE) {
                joint_step(d, JNT_DOF_ADR[j], 3, b);
                joint_step(d, JNT_DOF_ADR[j] + 3, 3, b);
            } else {
                joint_step(d, JNT_DOF_ADR[j], JNT_TYPE[j] == JT_BALL ? 3 : 1, b);
            }
        }
        real* f = d->cfrc + 6 * b;
        mul_inertia(d->cinert + 10 * b, d->cacc + 6 * b, f);
        mul_inertia(d->cinert + 10 * b, d->cvel + 6 * b, t6);
        cross_force(d->cvel + 6 * b, t6, t6b);
        for (int k = 0; k < 6; k++) f[k] += t6b[k];
    }
    for (int b = NBODY - 1; b >= 1; b--) {
        for (int j = BODY_JNT_START[b]; j < BODY_JNT_START[b] + BODY_JNT_COUNT[b]; j++) {
            int da = JNT_DOF_ADR[j];
            int n = JNT_TYPE[j] == JT_FREE ? 6 : JNT_TYPE[j] == JT_BALL ? 3 : 1;
            for (int k = 0; k < n; k++) {
                d->bias[da + k] = dot6(d->cdof + 6 * (da + k), d->cfrc + 6 * b);
            }
        }
        int par = BODY_PARENT[b];
        for (int k = 0; k < 6; k++) d->cfrc[6 * par + k] += d->cfrc[6 * b + k];
    }
}

/* Forces.compute: actuator forces (clamped controls, randomized gains and force limits) plus
 * passive damping and springs, summed into smooth = actuation + passive - bias */
void smooth_force(Data* d, const Params* p) {
    for (int i = 0; i < NV; i++) d->tmp[i] = 0; /* qfrcActuator */
    for (int u = 0; u < NU; u++) {
        real ctrl = d->ctrl[u];
        if (ACT_CTRL_LIMITED[u]) {
            ctrl = fmin(fmax(ctrl, ACT_CTRL_RANGE[2 * u]), ACT_CTRL_RANGE[2 * u + 1]);
        }
        real gear = ACT_GEAR[u];
        int target = ACT_TARGET[u];
        real length, rate;
        if (ACT_ON_TENDON[u]) {
            length = gear * d->tendonLen[target];
            real r = 0;
            for (int a = TENDON_ADR[target]; a < TENDON_ADR[target] + TENDON_NUM[target]; a++) {
                r += TENDON_COEF[a] * d->v[JNT_DOF_ADR[TENDON_JOINT[a]]];
            }
            rate = gear * r;
        } else {
            length = gear * d->q[JNT_QPOS_ADR[target]];
            rate = gear * d->v[JNT_DOF_ADR[target]];
        }
        real force = ACT_POSITION[u] ? p->gain[u] * (ctrl - length) - ACT_KV[u] * rate
                                     : p->gain[u] * ctrl;
        if (ACT_FORCE_LIMITED[u]) {
            force = fmin(fmax(force, p->forceLo[u]), p->forceHi[u]);
        }
        d->actForce[u] = force;
        if (ACT_ON_TENDON[u]) {
            for (int a = TENDON_ADR[target]; a < TENDON_ADR[target] + TENDON_NUM[target]; a++) {
                d->tmp[JNT_DOF_ADR[TENDON_JOINT[a]]] += gear * TENDON_COEF[a] * force;
            }
        } else {
            d->tmp[JNT_DOF_ADR[target]] += gear * force;
        }
    }
    for (int i = 0; i < NV; i++) {
        real passive = -p->damping[i] * d->v[i];
        real actuation = d->tmp[i];
#ifdef ARM_NO_PASSIVE
        passive = 0;
#endif
#ifdef ARM_NO_ACTUATION
        actuation = 0;
#endif
        d->smooth[i] = actuation + passive - d->bias[i];
    }
#ifndef ARM_NO_PASSIVE
    for (int j = 0; j < NJNT; j++) {
        if (JNT_STIFFNESS[j] > 0 && (JNT_TYPE[j] == JT_HINGE || JNT_TYPE[j] == JT_SLIDE)) {
            d->smooth[JNT_DOF_ADR[j]] -= JNT_STIFFNESS[j] * (d->q[JNT_QPOS_ADR[j]] - JNT_SPRING_REF[j]);
        }
    }
#endif
}

/* Dynamics.crba: joint-space inertia without armature, dense storage (ancestor entries only) */
void crba(Data* d) {
    real crb[10 * NBODY];
    for (int k = 0; k < 10 * NBODY; k++) crb[k] = d->cinert[k];
    for (int b = NBODY - 1; b >= 1; b--) {
        int par = BODY_PARENT[b];
        if (par > 0) {
            for (int k = 0; k < 10; k++) crb[10 * par + k] += crb[10 * b + k];
        }
    }
    for (int k = 0; k < NV * NV; k++) d->qM[k] = 0;
    real f6[6];
    for (int i = 0; i < NV; i++) {
        mul_inertia(crb + 10 * DOF_BODY[i], d->cdof + 6 * i, f6);
        for (int j = i; j >= 0; j = DOF_PARENT[j]) {
            real val = dot6(d->cdof + 6 * j, f6);
            d->qM[i * NV + j] = val;
            d->qM[j * NV + i] = val;
        }
    }
}

/* Dynamics.factor: L^T D L of qM + diag(armature + scale * damping); false when not positive */
bool factor(Data* d, const Params* p, real scale) {
    real* h = d->qLD;
    for (int k = 0; k < NV * NV; k++) h[k] = d->qM[k];
    for (int i = 0; i < NV; i++) h[i * NV + i] += p->armature[i] + scale * p->damping[i];
    for (int k = NV - 1; k >= 0; k--) {
        real hkk = h[k * NV + k];
        if (!(hkk > 0)) return false;
        for (int i = DOF_PARENT[k]; i >= 0; i = DOF_PARENT[i]) {
            real a = h[k * NV + i] / hkk;
            for (int j = i; j >= 0; j = DOF_PARENT[j]) h[i * NV + j] -= a * h[k * NV + j];
            h[k * NV + i] = a;
        }
    }
    for (int i = 0; i < NV; i++) d->diagInv[i] = 1 / h[i * NV + i];
    return true;
}

/* Dynamics.solve: x <- (L^T D L)^-1 x */
void solve(const Data* d, real* x) {
    const real* h = d->qLD;
    for (int i = NV - 1; i >= 0; i--) {
        real xi = x[i];
        if (xi == 0) continue;
        for (int j = DOF_PARENT[i]; j >= 0; j = DOF_PARENT[j]) x[j] -= h[i * NV + j] * xi;
    }
    for (int i = 0; i < NV; i++) x[i] *= d->diagInv[i];
    for (int i = 0; i < NV; i++) {
        real acc = x[i];
        for (int j = DOF_PARENT[i]; j >= 0; j = DOF_PARENT[j]) acc -= h[i * NV + j] * x[j];
        x[i] = acc;
    }
}

/* one timestep with semi-implicit Euler (Simulator.step); false when the state is not finite
 * or the mass matrix is not positive definite */
bool substep(Data* d, const Params* p, real h) {
    kinematics(d, p);
    rnea_bias(d, p);
    smooth_force(d, p);
    crba(d);
    if (!factor(d, p, 0)) return false;
    for (int i = 0; i < NV; i++) d->qacc[i] = d->smooth[i];
    solve(d, d->qacc);
    bool damped = false;
#if !defined(ARM_NO_PASSIVE) && !defined(ARM_NO_EULERDAMP)
    for (int i = 0; i < NV; i++) damped |= p->damping[i] > 0;
#endif
    if (damped) {
        /* implicit damping: a = (M + h D)^-1 M qacc, M with armature */
        for (int i = 0; i < NV; i++) {
            real s = p->armature[i] * d->qacc[i];
            for (int j = 0; j < NV; j++) s += d->qM[i * NV + j] * d->qacc[j];
            d->tmp[i] = s;
        }
        if (!factor(d, p, h)) return false;
        solve(d, d->tmp);
    } else {
        for (int i = 0; i < NV; i++) d->tmp[i] = d->qacc[i];
    }
    for (int i = 0; i < NV; i++) d->v[i] += h * d->tmp[i];
    for (int j = 0; j < NJNT; j++) {
        int qa = JNT_QPOS_ADR[j], da = JNT_DOF_ADR[j];
        int type = JNT_TYPE[j];
        if (type == JT_HINGE || type == JT_SLIDE) {
            d->q[qa] += h * d->v[da];
        } else if (type == JT_BALL) {
            integrate_body_rate(d->q + qa, d->v[da], d->v[da + 1], d->v[da + 2], h);
        } else {
            d->q[qa] += h * d->v[da];
            d->q[qa + 1] += h * d->v[da + 1];
            d->q[qa + 2] += h * d->v[da + 2];
            integrate_body_rate(d->q + qa + 3, d->v[da + 3], d->v[da + 4], d->v[da + 5], h);
        }
    }
    bool finite = true;
    for (int i = 0; i < NV; i++) finite &= isfinite(d->v[i]);
    for (int i = 0; i < NQ; i++) finite &= isfinite(d->q[i]);
    return finite;
}

/* parameter block layout in the params buffer (structure of arrays over worlds) */
#define P_MASS 0
#define P_FRICTION (P_MASS + NBODY)
#define P_DAMPING (P_FRICTION + 3 * NGEOM_PAD)
#define P_ARMATURE (P_DAMPING + NV)
#define P_GAIN (P_ARMATURE + NV)
#define P_FORCELO (P_GAIN + NU_PAD)
#define P_FORCEHI (P_FORCELO + NU_PAD)
#define P_GRAVITY (P_FORCEHI + NU_PAD)
#define P_NOISE (P_GRAVITY + 3)
#define P_COUNT (P_NOISE + 1)

void load_params(Params* p, __global const real* prm, int nw, int w) {
    for (int b = 0; b < NBODY; b++) p->massScale[b] = AT(prm, P_MASS + b);
    for (int i = 0; i < NV; i++) {
        p->damping[i] = AT(prm, P_DAMPING + i);
        p->armature[i] = AT(prm, P_ARMATURE + i);
    }
    for (int u = 0; u < NU_PAD; u++) {
        p->gain[u] = AT(prm, P_GAIN + u);
        p->forceLo[u] = AT(prm, P_FORCELO + u);
        p->forceHi[u] = AT(prm, P_FORCEHI + u);
    }
    for (int k = 0; k < 3; k++) p->gravity[k] = AT(prm, P_GRAVITY + k);
}

/*
 * One control step for every world: push this step's controls into the world's latency ring,
 * apply the controls of `latency` control steps ago, and run `substeps` timesteps with no host
 * synchronisation in between. A world whose state stops being finite is frozen and flagged
 * (status 1); it keeps its last finite state until it is reset.
 */
__kernel void batch_step(int nw, int substeps, real h,
                   __global real* qpos, __global real* qvel,
                   __global const real* ctrlIn, __global real* ctrlRing, __global int* ringHead,
                   __global const int* latency, __global const real* prm,
                   __global int* status, __global long* steps, __global real* actForce) {
    int w = get_global_id(0);
    if (w >= nw || status[w] != 0) return;
    Data d;
    Params p;
    load_params(&p, prm, nw, w);
    for (int i = 0; i < NQ; i++) d.q[i] = AT(qpos, i);
    for (int i = 0; i < NV; i++) d.v[i] = AT(qvel, i);
    int head = (ringHead[w] + 1) % RING;
    ringHead[w] = head;
    for (int u = 0; u < NU; u++) AT(ctrlRing, head * NU_PAD + u) = AT(ctrlIn, u);
    int slot = (head - latency[w] + RING) % RING;
    for (int u = 0; u < NU; u++) d.ctrl[u] = AT(ctrlRing, slot * NU_PAD + u);
    int done = 0;
    for (; done < substeps; done++) {
        real q0[NQ], v0[NV];
        for (int i = 0; i < NQ; i++) q0[i] = d.q[i];
        for (int i = 0; i < NV; i++) v0[i] = d.v[i];
        if (!substep(&d, &p, h)) {
            for (int i = 0; i < NQ; i++) d.q[i] = q0[i];
            for (int i = 0; i < NV; i++) d.v[i] = v0[i];
            status[w] = 1;
            break;
        }
    }
    steps[w] += done;
    for (int i = 0; i < NQ; i++) AT(qpos, i) = d.q[i];
    for (int i = 0; i < NV; i++) AT(qvel, i) = d.v[i];
    for (int u = 0; u < NU; u++) AT(actForce, u) = d.actForce[u];
}

/*
 * Resets the listed worlds to qpos0, zero velocity, zero controls and step 0, and draws their
 * parameters for the new episode: sample k of world w in episode e comes from
 * philox((w, e, k, 0), seed), whatever the number of worlds. ranges: for each of the ten
 * parameter kinds two numbers (see RandomizationRanges.toArray).
 */
__kernel void batch_reset(int nw, int count, __global const int* which, uint seedLo, uint seedHi,
                    __global const real* ranges,
                    __global real* qpos, __global real* qvel, __global real* ctrlIn,
                    __global real* ctrlRing, __global int* ringHead, __global int* latency,
                    __global real* prm, __global int* status, __global long* steps,
                    __global int* episode, __global real* actForce) {
    int i = get_global_id(0);
    if (i >= count) return;
    int w = which[i];
    for (int k = 0; k < NQ; k++) AT(qpos, k) = QPOS0[k];
    for (int k = 0; k < NV; k++) AT(qvel, k) = 0;
    for (int u = 0; u < NU_PAD; u++) {
        AT(ctrlIn, u) = 0;
        AT(actForce, u) = 0;
        for (int r = 0; r < RING; r++) AT(ctrlRing, r * NU_PAD + u) = 0;
    }
    ringHead[w] = 0;
    status[w] = 0;
    steps[w] = 0;
    uint e = (uint)episode[w] + 1u;
    episode[w] = (int)e;
    uint2 key = (uint2)(seedLo, seedHi);
    uint k = 0;
#define DRAW(lo, hi) ((lo) + ((hi) - (lo)) * unit01(philox((uint4)((uint)w, e, k++, 0u), key).x))
    for (int b = 0; b < NBODY; b++) AT(prm, P_MASS + b) = b == 0 ? 1 : DRAW(ranges[0], ranges[1]);
    for (int g = 0; g < NGEOM_PAD; g++) {
        real s = DRAW(ranges[2], ranges[3]);
        for (int c = 0; c < 3; c++) AT(prm, P_FRICTION + 3 * g + c) = s * GEOM_FRICTION[3 * g + c];
    }
    for (int v = 0; v < NV; v++) AT(prm, P_DAMPING + v) = DOF_DAMPING[v] * DRAW(ranges[4], ranges[5]);
    for (int v = 0; v < NV; v++) AT(prm, P_ARMATURE + v) = DOF_ARMATURE[v] * DRAW(ranges[6], ranges[7]);
    for (int u = 0; u < NU_PAD; u++) AT(prm, P_GAIN + u) = ACT_GAIN[u] * DRAW(ranges[8], ranges[9]);
    for (int u = 0; u < NU_PAD; u++) {
        real s = DRAW(ranges[10], ranges[11]);
        AT(prm, P_FORCELO + u) = ACT_FORCE_RANGE[2 * u] * s;
        AT(prm, P_FORCEHI + u) = ACT_FORCE_RANGE[2 * u + 1] * s;
    }
    for (int c = 0; c < 3; c++) AT(prm, P_GRAVITY + c) = GRAVITY[c] + DRAW(ranges[12 + 2 * c], ranges[13 + 2 * c]);
    int lat = (int)floor(DRAW(ranges[18], ranges[19] + 1));
    latency[w] = min(max(lat, (int)ranges[18]), (int)ranges[19]);
    AT(prm, P_NOISE) = DRAW(ranges[20], ranges[21]);
#undef DRAW
}

/*
 * Observations of every world, world-major so the host reads one contiguous block per world:
 * qpos, qvel, the selected bodies' poses (x, y, z, qw, qx, qy, qz) and every site position, each
 * with Gaussian noise of the world's noise level (drawn from philox((w, e, n, 1), seed)).
 */
__kernel void batch_observe(int nw, int nobsBodies, __global const int* obsBodies, uint seedLo,
                      uint seedHi, __global const real* qpos, __global const real* qvel,
                      __global const real* prm, __global const int* episode,
                      __global int* obsCount, __global real* out) {
    int w = get_global_id(0);
    if (w >= nw) return;
    Data d;
    Params p;
    load_params(&p, prm, nw, w);
    for (int i = 0; i < NQ; i++) d.q[i] = AT(qpos, i);
    for (int i = 0; i < NV; i++) d.v[i] = AT(qvel, i);
    kinematics(&d, &p);
    int size = NQ + NV + 7 * nobsBodies + 3 * NSITE;
    __global real* o = out + (long)w * size;
    int n = 0;
    for (int i = 0; i < NQ; i++) o[n++] = d.q[i];
    for (int i = 0; i < NV; i++) o[n++] = d.v[i];
    for (int k = 0; k < nobsBodies; k++) {
        int b = obsBodies[k];
        for (int c = 0; c < 3; c++) o[n++] = d.xpos[3 * b + c];
        for (int c = 0; c < 4; c++) o[n++] = d.xquat[4 * b + c];
    }
    for (int s = 0; s < NSITE; s++) {
        real x[3];
        int b = SITE_BODY[s];
        mat_vec(d.xmat + 9 * b, SITE_POS[3 * s], SITE_POS[3 * s + 1], SITE_POS[3 * s + 2], x);
        for (int c = 0; c < 3; c++) o[n++] = x[c] + d.xpos[3 * b + c];
    }
    real sigma = AT(prm, P_NOISE);
    if (sigma > 0) {
        uint2 key = (uint2)(seedLo, seedHi);
        uint call = (uint)obsCount[w];
        obsCount[w] = (int)(call + 1u);
        for (int i = 0; i < size; i += 2) {
            uint4 r = philox((uint4)((uint)w, (uint)episode[w], call * 65536u + (uint)i, 1u), key);
            real u1 = 1 - unit01(r.x), u2 = unit01(r.y);
            real rad = sqrt(-2 * log(u1)) * sigma;
            o[i] += rad * cos((real)6.283185307179586 * u2);
            if (i + 1 < size) o[i + 1] += rad * sin((real)6.283185307179586 * u2);
        }
    }
}
