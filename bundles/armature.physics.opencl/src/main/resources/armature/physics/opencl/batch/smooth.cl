/* The reference engine's smooth dynamics, one world (Kinematics, Dynamics, Forces). */

/*
 * Kinematics.forward without geoms: bodies, joint anchors and axes, cdof, cinert, tendons.
 *
 * ORIGIN: the reference engine writes spatial vectors about the world origin. Here each kinematic
 * tree (a child of the world and its descendants) uses its root body's position instead, as MuJoCo
 * uses each tree's centre of mass: the same mechanics (trees meet only at the fixed world, whose
 * velocity and acceleration are zero; gravity is a uniform field, the same about any point), but a
 * body far from the world origin no longer has its rotational inertia computed as the difference
 * of two large numbers. In float32 that cancellation made the mass matrix of a small free body
 * fallen some 50 m indefinite (measured: the Shadow hand's target sphere after 3.5 s of free fall).
 */
/* small models: the loops over bodies unrolled, so that each body's constants (its joint types,
 * counts, parents) are known where they are used and their branches fold away */
#if NBODY <= 8
#define BODY_LOOP _Pragma("unroll")
#else
#define BODY_LOOP
#endif

void kinematics(Data* d, const Params* p) {
    d->xquat[0] = 1; d->xquat[1] = 0; d->xquat[2] = 0; d->xquat[3] = 0;
    for (int k = 0; k < 9; k++) d->xmat[k] = (k % 4 == 0) ? 1 : 0;
    d->xpos[0] = d->xpos[1] = d->xpos[2] = 0;
    real t[8];
    BODY_LOOP
    for (int b = 1; b < NBODY; b++) {
        int par = BODY_PARENT[b];
        real* xp = d->xpos + 3 * b;
        real* xq = d->xquat + 4 * b;
        real* xm = d->xmat + 9 * b;
#if NMOCAP > 0
        if (BODY_MOCAP[b] >= 0) {
            /* a mocap body (a child of the world without joints) sits where its mocap says */
            const real* mp = d->mocap + 7 * BODY_MOCAP[b];
            xp[0] = mp[0]; xp[1] = mp[1]; xp[2] = mp[2];
            for (int k = 0; k < 4; k++) xq[k] = mp[3 + k];
            quat_normalize(xq);
            quat_to_mat(xq, xm);
            continue;
        }
#endif
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
            /* motion subspace, about the tree's origin (see ORIGIN below) */
            int da = JNT_DOF_ADR[j];
            const real* o = d->xpos + 3 * BODY_ROOT[b];
            real px = an[0] - o[0], py = an[1] - o[1], pz = an[2] - o[2];
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
    BODY_LOOP
    for (int b = 1; b < NBODY; b++) {
        const real* r = d->xmat + 9 * b;
        real c[3];
        mat_vec(r, BODY_COM[3 * b], BODY_COM[3 * b + 1], BODY_COM[3 * b + 2], c);
        /* centre of mass relative to the tree's origin */
        const real* o = d->xpos + 3 * BODY_ROOT[b];
        real cx = c[0] + (d->xpos[3 * b] - o[0]);
        real cy = c[1] + (d->xpos[3 * b + 1] - o[1]);
        real cz = c[2] + (d->xpos[3 * b + 2] - o[2]);
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
    BODY_LOOP
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
    BODY_LOOP
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
    BODY_LOOP
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

