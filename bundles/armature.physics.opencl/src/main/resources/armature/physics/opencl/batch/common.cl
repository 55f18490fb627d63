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

#ifdef ARM_DOUBLE
real arm_sincos(real x, real* c) {
    return sincos(x, c);
}
#else
/*
 * float32 sin and cos of x together. PoCL's sin and cos each run a general argument reduction
 * (about a tenth of a double pendulum's step); joint angles are small, so x is reduced by a
 * multiple k of pi/2 split in three floats (C1 and C2 have 11 significant bits: k C1 and k C2 are
 * exact for |k| < 2^13), and sin and cos of the rest (|r| <= pi/4) are their Taylor series to
 * r^11 / 11! and r^12 / 12!, whose truncation (below 2e-9) is under float32's rounding. Larger or
 * non-finite x goes to the library.
 */
real arm_sincos(real x, real* c) {
    if (!(fabs(x) < 1e4f)) return sincos(x, c);
    real k = rint(x * 0.63661977236758134f);
    real r = ((x - k * 1.5703125f) - k * 4.837512969970703e-4f) - k * 7.549790126404332e-8f;
    real r2 = r * r;
    real sr = r + r * r2 * (-1.0f / 6 + r2 * (1.0f / 120 + r2 * (-1.0f / 5040
                  + r2 * (1.0f / 362880 + r2 * (-1.0f / 39916800)))));
    real cr = 1 + r2 * (-0.5f + r2 * (1.0f / 24 + r2 * (-1.0f / 720 + r2 * (1.0f / 40320
                  + r2 * (-1.0f / 3628800 + r2 * (1.0f / 479001600))))));
    int q = ((int)k) & 3;
    real s = q == 0 ? sr : q == 1 ? cr : q == 2 ? -sr : -cr;
    *c = q == 0 ? cr : q == 1 ? -sr : q == 2 ? -cr : sr;
    return s;
}
#endif

void axis_angle(real ax, real ay, real az, real angle, real* o) {
    real h = (real)0.5 * angle;
    real c;
    real s = arm_sincos(h, &c);
    o[0] = c; o[1] = ax * s; o[2] = ay * s; o[3] = az * s;
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
    /* mocap bodies' world poses (x, y, z, qw, qx, qy, qz each, unit quaternions), in mocap order:
     * MuJoCo's mocap_pos/mocap_quat; per world in a global buffer, set from the host */
    real mocap[7 * NMOCAP_PAD];
#ifdef ARM_CONSTRAINTS
    /* constraint.cl: the model's inverse weights (batch_invweights), and the warm start, the
     * last constrained acceleration, loaded from and stored to a global buffer per world */
    __global const real* invWeight;
    real warm[NV];
    int hasWarm;
#endif
} Data;

/* per-world parameters, read once per kernel launch */
typedef struct {
    real massScale[NBODY];
    real damping[NV], armature[NV];
    real gain[NU_PAD], forceLo[NU_PAD], forceHi[NU_PAD];
    real gravity[3];
    real friction[3 * NGEOM_PAD]; /* per geom: sliding, torsional, rolling (contacts mix them) */
} Params;

/* Contacts found in one substep (collision.cl fills it; constraint.cl turns it into rows).
 * Mirrors armature.physics.reference.collision.ContactSet: the normal (frame rows 0..2) points
 * from geom1 to geom2, rows 3..5 and 6..8 are the tangents, dist < 0 when penetrating, margin is
 * MuJoCo's includemargin (margin - gap). Capacity MAXCON (the model's maxContacts); contacts
 * beyond it are counted in dropped and discarded, never written past the end. */
#ifndef MAXCON
#define MAXCON 1
#endif
typedef struct {
    int n, dropped;
    int geom1[MAXCON], geom2[MAXCON], condim[MAXCON];
    real pos[3 * MAXCON], frame[9 * MAXCON], dist[MAXCON], friction[3 * MAXCON];
    real solref[2 * MAXCON], solimp[5 * MAXCON], margin[MAXCON];
} Contacts;

/* reals per recorded contact (substep's rec): position, normal, distance, normal force */
#define REC_REALS 8

/* What one world's last substep did, reported per world by batch_step. */
typedef struct {
    int contacts;   /* contacts found */
    int dropped;    /* contacts found but not kept: the buffer was full */
    int iterations; /* constraint solver iterations */
    int rowsDropped; /* constraint rows (whole groups) that did not fit the row capacity NEFC */
} Stats;

/* Every mocap body at its pose in the model (its parent is the world): after a reset, and where
 * the reference computes with the model's poses (the inverse weights). */
void mocap_from_model(real* mocap) {
    for (int k = 0; k < NMOCAP; k++) {
        int b = MOCAP_BODY[k];
        for (int c = 0; c < 3; c++) mocap[7 * k + c] = BODY_POS[3 * b + c];
        for (int c = 0; c < 4; c++) mocap[7 * k + 3 + c] = BODY_QUAT[4 * b + c];
    }
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
    for (int k = 0; k < 3 * NGEOM_PAD; k++) p->friction[k] = AT(prm, P_FRICTION + k);
}

