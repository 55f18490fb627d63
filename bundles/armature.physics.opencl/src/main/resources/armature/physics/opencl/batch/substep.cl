/* One timestep of one world (Simulator.step with semi-implicit Euler). */

/* one timestep with semi-implicit Euler (Simulator.step); false when the state is not finite
 * or the mass matrix is not positive definite. rec (0: not recorded) receives the timestep's
 * contacts, REC_REALS reals each (position, normal, distance, normal force), recGeom their geom
 * pairs: what OpenClBatch.contacts reads back when asked. */
bool substep(Data* d, const Params* p, real h, Stats* st, __global real* rec,
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

