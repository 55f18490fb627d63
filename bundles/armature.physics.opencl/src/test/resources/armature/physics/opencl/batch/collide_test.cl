/* Test only: kinematics and collide() for given states, contacts written out per state.
 * ints: geom1, geom2, condim per contact; reals: pos 3, frame 9, dist, friction 3, solref 2,
 * solimp 5, margin (24 per contact); counts: n, dropped per state; friction: the geoms' friction
 * per state (3 * NGEOM_PAD); poses: the colliding geoms' poses collide() worked with (position 3,
 * rotation 9 per geom, 12 * NGEOM_PAD per state; other geoms' left unwritten). */
#define CT_REALS 24
__kernel void collide_test(int nw, __global const real* qpos, __global const real* friction,
                           __global int* counts, __global int* ints, __global real* reals,
                           __global real* poses) {
    int w = get_global_id(0);
    if (w >= nw) return;
    Data d;
    Params p;
    for (int b = 0; b < NBODY; b++) p.massScale[b] = 1;
    for (int k = 0; k < 3 * NGEOM_PAD; k++) p.friction[k] = friction[w * 3 * NGEOM_PAD + k];
    for (int i = 0; i < NQ; i++) d.q[i] = qpos[w * NQ + i];
    for (int i = 0; i < NV; i++) d.v[i] = 0;
    mocap_from_model(d.mocap);
    kinematics(&d, &p);
    Contacts con;
    collide(&d, &p, &con);
    Geoms G;
    geom_poses(&d, &G);
    for (int i = 0; i < NCOLGEOM; i++) {
        int g = COL_GEOMS[i];
        __global real* o = poses + 12 * (w * NGEOM_PAD + g);
        for (int e = 0; e < 3; e++) o[e] = G.xpos[3 * g + e];
        for (int e = 0; e < 9; e++) o[3 + e] = G.xmat[9 * g + e];
    }
    counts[2 * w] = con.n;
    counts[2 * w + 1] = con.dropped;
    for (int c = 0; c < con.n; c++) {
        __global int* o = ints + 3 * (w * MAXCON + c);
        o[0] = con.geom1[c];
        o[1] = con.geom2[c];
        o[2] = con.condim[c];
        __global real* r = reals + CT_REALS * (w * MAXCON + c);
        int k = 0;
        for (int e = 0; e < 3; e++) r[k++] = con.pos[3 * c + e];
        for (int e = 0; e < 9; e++) r[k++] = con.frame[9 * c + e];
        r[k++] = con.dist[c];
        for (int e = 0; e < 3; e++) r[k++] = con.friction[3 * c + e];
        for (int e = 0; e < 2; e++) r[k++] = con.solref[2 * c + e];
        for (int e = 0; e < 5; e++) r[k++] = con.solimp[5 * c + e];
        r[k++] = con.margin[c];
    }
}
