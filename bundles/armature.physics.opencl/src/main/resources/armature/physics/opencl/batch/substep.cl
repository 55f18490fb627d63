/* One timestep of one world (Simulator.step: semi-implicit Euler, or RK4 with ARM_RK4). */

/* The acceleration of the current state (Simulator.acceleration) in d->qacc: kinematics,
 * contacts, smooth forces, the mass matrix and the constraint solve. False when the mass matrix
 * or the Newton matrix is not positive definite. rec (0: not recorded) receives the contacts,
 * REC_REALS reals each (position, normal, distance, normal force), recGeom their geom pairs: what
 * OpenClBatch.contacts reads back when asked. */
bool acceleration(Data* d, const Params* p, real h, Stats* st, __global real* rec,
                  __global int* recGeom) {
    kinematics(d, p);
    st->contacts = 0;
    st->dropped = 0;
    st->iterations = 0;
    st->rowsDropped = 0;
#ifdef ARM_CONTACTS
    Contacts con;
    collide(d, p, &con); /* collision.cl */
    st->contacts = con.n;
    st->dropped = con.dropped;
    if (rec != 0) {
        for (int c = 0; c < con.n; c++) {
            recGeom[2 * c] = con.geom1[c];
            recGeom[2 * c + 1] = con.geom2[c];
            for (int k = 0; k < 3; k++) {
                rec[REC_REALS * c + k] = con.pos[3 * c + k];
                rec[REC_REALS * c + 3 + k] = con.frame[9 * c + k];
            }
            rec[REC_REALS * c + 6] = con.dist[c];
            rec[REC_REALS * c + 7] = 0; /* the normal force, when constrain solves for it */
        }
    }
#endif
    rnea_bias(d, p);
    smooth_force(d, p);
    crba(d);
    if (!factor(d, p, 0)) return false;
    for (int i = 0; i < NV; i++) d->qacc[i] = d->smooth[i];
    solve(d, d->qacc);
#ifdef ARM_CONSTRAINTS
    /* constraint.cl: replaces the smooth acceleration by the constrained one */
#ifdef ARM_CONTACTS
    if (!constrain(d, p, h, &con, st, rec)) return false;
#else
    if (!constrain(d, p, h, 0, st, 0)) return false;
#endif
#endif
    return true;
}

/* Simulator.integratePositions: q = q0 (+) dt v, quaternions by the body rate; q may be q0 */
void integrate_positions(const real* q0, const real* v, real dt, real* q) {
    if (q != q0) {
        for (int i = 0; i < NQ; i++) q[i] = q0[i];
    }
    for (int j = 0; j < NJNT; j++) {
        int qa = JNT_QPOS_ADR[j], da = JNT_DOF_ADR[j];
        int type = JNT_TYPE[j];
        if (type == JT_HINGE || type == JT_SLIDE) {
            q[qa] += dt * v[da];
        } else if (type == JT_BALL) {
            integrate_body_rate(q + qa, v[da], v[da + 1], v[da + 2], dt);
        } else {
            q[qa] += dt * v[da];
            q[qa + 1] += dt * v[da + 1];
            q[qa + 2] += dt * v[da + 2];
            integrate_body_rate(q + qa + 3, v[da + 3], v[da + 4], v[da + 5], dt);
        }
    }
}

bool state_finite(const Data* d) {
    bool finite = true;
    for (int i = 0; i < NV; i++) finite &= isfinite(d->v[i]);
    for (int i = 0; i < NQ; i++) finite &= isfinite(d->q[i]);
    return finite;
}

#ifdef ARM_RK4
/* Simulator.rk4: classic fourth-order Runge-Kutta, joint damping explicit (a passive force), the
 * constraints solved at every stage (the warm start carried from stage to stage, as the
 * reference's solver carries it). Each stage's positions use the previous stage's velocity. The
 * contacts reported and recorded are the last stage's; contacts and rows dropped, the most any
 * stage dropped. */
bool substep(Data* d, const Params* p, real h, Stats* st, __global real* rec,
             __global int* recGeom) {
    real q0[NQ], v0[NV], acc[NV], vsum[NV], vprev[NV];
    for (int i = 0; i < NQ; i++) q0[i] = d->q[i];
    for (int i = 0; i < NV; i++) {
        v0[i] = d->v[i];
        acc[i] = 0;
        vsum[i] = 0;
    }
    int dropped = 0, rowsDropped = 0;
    for (int s = 0; s < 4; s++) {
        if (s > 0) {
            real dt = s == 3 ? h : (real)0.5 * h;
            for (int i = 0; i < NV; i++) d->v[i] = v0[i] + dt * d->qacc[i];
            integrate_positions(q0, vprev, dt, d->q);
        }
        if (!acceleration(d, p, h, st, rec, recGeom)) return false;
        dropped = max(dropped, st->dropped);
        rowsDropped = max(rowsDropped, st->rowsDropped);
        for (int i = 0; i < NV; i++) vprev[i] = d->v[i];
        real wgt = s == 0 || s == 3 ? 1 : 2;
        for (int i = 0; i < NV; i++) {
            acc[i] += wgt * d->qacc[i];
            vsum[i] += wgt * d->v[i];
        }
    }
    st->dropped = dropped;
    st->rowsDropped = rowsDropped;
    for (int i = 0; i < NV; i++) {
        d->v[i] = v0[i] + h / 6 * acc[i];
        vsum[i] /= 6;
    }
    integrate_positions(q0, vsum, h, d->q);
    return state_finite(d);
}
#else
/* one timestep with semi-implicit Euler (Simulator.step); false when the state is not finite
 * or a matrix is not positive definite */
bool substep(Data* d, const Params* p, real h, Stats* st, __global real* rec,
             __global int* recGeom) {
    if (!acceleration(d, p, h, st, rec, recGeom)) return false;
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
    integrate_positions(d->q, d->v, h, d->q);
    return state_finite(d);
}
#endif

