/*
 * Test only (ContactRowsMatchReferenceTest): the constraint stage for given states and given
 * contacts, the reference engine's, so contact rows are checked before the device detects its own.
 * One work-item per case, inputs world-major: q (NQ), v (NV), ctrl (NU_PAD), warm start (NV) and
 * its flag; contacts as ints (n, then geom1, geom2, condim per contact) and reals (per contact:
 * pos 3, frame 9, dist, friction 3, solref 2, solimp 5, margin: 24). Output: the constrained
 * acceleration (NV, NaN when the solve failed), the Newton iterations and the dropped rows;
 * nominal parameters (no randomization).
 */
#define CT_REALS 24
__kernel void test_constrain(int cases, real h, __global const real* qIn, __global const real* vIn,
                             __global const real* ctrlIn, __global const real* warmIn,
                             __global const int* warmOkIn, __global const int* conInts,
                             __global const real* conReals, __global const real* invWeight,
                             __global real* qaccOut, __global int* itOut) {
    int k = get_global_id(0);
    if (k >= cases) return;
    Data d;
    Params p;
    for (int b = 0; b < NBODY; b++) p.massScale[b] = 1;
    for (int i = 0; i < NV; i++) {
        p.damping[i] = DOF_DAMPING[i];
        p.armature[i] = DOF_ARMATURE[i];
    }
    for (int u = 0; u < NU_PAD; u++) {
        p.gain[u] = ACT_GAIN[u];
        p.forceLo[u] = ACT_FORCE_RANGE[2 * u];
        p.forceHi[u] = ACT_FORCE_RANGE[2 * u + 1];
    }
    for (int c = 0; c < 3; c++) p.gravity[c] = GRAVITY[c];
    for (int i = 0; i < NQ; i++) d.q[i] = qIn[k * NQ + i];
    for (int i = 0; i < NV; i++) {
        d.v[i] = vIn[k * NV + i];
        d.warm[i] = warmIn[k * NV + i];
    }
    for (int u = 0; u < NU_PAD; u++) d.ctrl[u] = ctrlIn[k * NU_PAD + u];
    d.hasWarm = warmOkIn[k];
    d.invWeight = invWeight;
    Contacts con;
    __global const int* ci = conInts + k * (1 + 3 * MAXCON);
    __global const real* cr = conReals + k * CT_REALS * MAXCON;
    con.n = ci[0];
    con.dropped = 0;
    for (int c = 0; c < con.n; c++) {
        con.geom1[c] = ci[1 + 3 * c];
        con.geom2[c] = ci[2 + 3 * c];
        con.condim[c] = ci[3 + 3 * c];
        __global const real* r = cr + CT_REALS * c;
        for (int j = 0; j < 3; j++) con.pos[3 * c + j] = r[j];
        for (int j = 0; j < 9; j++) con.frame[9 * c + j] = r[3 + j];
        con.dist[c] = r[12];
        for (int j = 0; j < 3; j++) con.friction[3 * c + j] = r[13 + j];
        for (int j = 0; j < 2; j++) con.solref[2 * c + j] = r[16 + j];
        for (int j = 0; j < 5; j++) con.solimp[5 * c + j] = r[18 + j];
        con.margin[c] = r[23];
    }
    Stats st = {0, 0, 0, 0};
    mocap_from_model(d.mocap);
    kinematics(&d, &p);
    rnea_bias(&d, &p);
    smooth_force(&d, &p);
    crba(&d);
    bool ok = factor(&d, &p, 0);
    for (int i = 0; i < NV; i++) d.qacc[i] = d.smooth[i];
    solve(&d, d.qacc);
    ok = ok && constrain(&d, &p, h, &con, &st, 0);
    for (int i = 0; i < NV; i++) qaccOut[k * NV + i] = ok ? d.qacc[i] : NAN;
    itOut[2 * k] = st.iterations;
    itOut[2 * k + 1] = st.rowsDropped;
}
