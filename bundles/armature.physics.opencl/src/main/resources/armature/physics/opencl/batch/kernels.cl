/* The kernels the host calls. */

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
                   __global int* status, __global long* steps, __global real* actForce,
                   __global int* contactCount, __global int* droppedContacts,
                   __global int* solverIterations, __global const real* invWeight,
                   __global real* warm, __global int* warmOk, __global int* droppedRows,
                   int record, __global real* recReals, __global int* recGeoms,
                   __global const real* mocap) {
    int w = get_global_id(0);
    if (w >= nw || status[w] != 0) return;
    Data d;
    Params p;
    load_params(&p, prm, nw, w);
    for (int i = 0; i < NQ; i++) d.q[i] = AT(qpos, i);
    for (int i = 0; i < NV; i++) d.v[i] = AT(qvel, i);
    for (int k = 0; k < 7 * NMOCAP; k++) d.mocap[k] = AT(mocap, k);
#ifdef ARM_CONSTRAINTS
    d.invWeight = invWeight;
    d.hasWarm = warmOk[w];
    for (int i = 0; i < NV; i++) d.warm[i] = AT(warm, i);
#endif
    int head = (ringHead[w] + 1) % RING;
    ringHead[w] = head;
    for (int u = 0; u < NU; u++) AT(ctrlRing, head * NU_PAD + u) = AT(ctrlIn, u);
    int slot = (head - latency[w] + RING) % RING;
    for (int u = 0; u < NU; u++) d.ctrl[u] = AT(ctrlRing, slot * NU_PAD + u);
    int done = 0;
    Stats st = {0, 0, 0, 0};
    int dropped = 0, rowsDropped = 0;
    for (; done < substeps; done++) {
        real q0[NQ], v0[NV];
        for (int i = 0; i < NQ; i++) q0[i] = d.q[i];
        for (int i = 0; i < NV; i++) v0[i] = d.v[i];
        /* the timestep's contacts, only where the host asked for them: each timestep overwrites
         * the last, so the buffer always matches contactCount, also after a timestep that failed */
        bool ok = substep(&d, &p, h, &st, record ? recReals + (long)w * MAXCON * REC_REALS : 0,
                          record ? recGeoms + (long)w * MAXCON * 2 : 0);
        dropped += st.dropped;
        rowsDropped += st.rowsDropped;
        if (!ok) {
            for (int i = 0; i < NQ; i++) d.q[i] = q0[i];
            for (int i = 0; i < NV; i++) d.v[i] = v0[i];
            status[w] = 1;
            break;
        }
    }
    steps[w] += done;
    contactCount[w] = st.contacts;
    droppedContacts[w] += dropped;
    solverIterations[w] = st.iterations;
    droppedRows[w] += rowsDropped;
#ifdef ARM_CONSTRAINTS
    warmOk[w] = d.hasWarm;
    for (int i = 0; i < NV; i++) AT(warm, i) = d.warm[i];
#endif
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
                    __global int* episode, __global real* actForce, __global int* contactCount,
                    __global int* droppedContacts, __global int* solverIterations,
                    __global int* warmOk, __global int* droppedRows, __global int* obsCount,
                    __global real* mocap) {
    int i = get_global_id(0);
    if (i >= count) return;
    int w = which[i];
    for (int k = 0; k < NQ; k++) AT(qpos, k) = QPOS0[k];
    real m0[7 * NMOCAP_PAD];
    mocap_from_model(m0);
    for (int k = 0; k < 7 * NMOCAP; k++) AT(mocap, k) = m0[k];
    for (int k = 0; k < NV; k++) AT(qvel, k) = 0;
    for (int u = 0; u < NU_PAD; u++) {
        AT(ctrlIn, u) = 0;
        AT(actForce, u) = 0;
        for (int r = 0; r < RING; r++) AT(ctrlRing, r * NU_PAD + u) = 0;
    }
    ringHead[w] = 0;
    contactCount[w] = 0;
    droppedContacts[w] = 0;
    solverIterations[w] = 0;
    warmOk[w] = 0; /* a new episode starts cold, as the reference's reset drops its warm start */
    droppedRows[w] = 0;
    obsCount[w] = 0; /* noise draws are keyed by (world, episode, read): restart with the episode */
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
                      __global int* obsCount, __global real* out,
                      __global const real* mocap) {
    int w = get_global_id(0);
    if (w >= nw) return;
    Data d;
    for (int i = 0; i < NQ; i++) d.q[i] = AT(qpos, i);
    for (int i = 0; i < NV; i++) d.v[i] = AT(qvel, i);
    /* poses only where bodies or sites are observed (a preprocessor test for the sites: a
       constant operand of || is a compiler warning that PoCL prints on the host's stderr) */
#if NSITE > 0
    const bool posed = true;
#else
    const bool posed = nobsBodies > 0;
#endif
    if (posed) {
        Params p;
        load_params(&p, prm, nw, w);
        for (int k = 0; k < 7 * NMOCAP; k++) d.mocap[k] = AT(mocap, k);
        kinematics(&d, &p);
    }
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

/* Sizes of one world's working structures in this program (bytes): Data, Params, Contacts (0
 * without contacts), Efc (0 without constraints). OpenClBatch reports them per world. */
__kernel void batch_sizes(__global long* out) {
    if (get_global_id(0) != 0) return;
    out[0] = sizeof(Data);
    out[1] = sizeof(Params);
#ifdef ARM_CONTACTS
    out[2] = sizeof(Contacts);
#else
    out[2] = 0;
#endif
#ifdef ARM_CONSTRAINTS
    out[3] = sizeof(Efc);
#else
    out[3] = 0;
#endif
}
