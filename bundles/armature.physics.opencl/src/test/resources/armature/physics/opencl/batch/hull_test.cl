/*
 * Test only (HullContactsMatchReferenceTest): hull_collide for given geom poses. One work-item per
 * case; inputs: ints (g1, g2, contacts already in the buffer) and reals (pos1 3, mat1 9, pos2 3, mat2 9, margin: 25) per case.
 * Output per case: ints (return value, count, dropped, then geom1 and geom2 per contact) and reals
 * per contact (pos 3, frame 9, dist: 13), from the first contact added (the slots of the
 * pretended earlier contacts are left unwritten). The hull buffers are read when the program is
 * built with -DHULL_GLOBAL.
 */
#define HT_IN 25
#define HT_OUT 13
__kernel void test_hull(int cases, __global const int* gIn, __global const real* rIn,
                        __global int* iOut, __global real* rOut,
                        __global const real* hullReals, __global const int* hullInts) {
    int k = get_global_id(0);
    if (k >= cases) return;
#ifdef HULL_GLOBAL
    HullData hd = {hullReals, hullInts};
#endif
    __global const real* r = rIn + HT_IN * k;
    real p1[3], m1[9], p2[3], m2[9];
    for (int i = 0; i < 3; i++) p1[i] = r[i];
    for (int i = 0; i < 9; i++) m1[i] = r[3 + i];
    for (int i = 0; i < 3; i++) p2[i] = r[12 + i];
    for (int i = 0; i < 9; i++) m2[i] = r[15 + i];
    Contacts con;
    int pre = gIn[3 * k + 2];
    con.n = pre;
    con.dropped = 0;
    int ret = hull_collide(p1, m1, p2, m2, gIn[3 * k], gIn[3 * k + 1], r[24], &con HULL_A);
    __global int* io = iOut + k * (3 + 2 * MAXCON);
    io[0] = ret;
    io[1] = con.n;
    io[2] = con.dropped;
    for (int c = pre; c < con.n; c++) {
        io[3 + 2 * c] = con.geom1[c];
        io[4 + 2 * c] = con.geom2[c];
        __global real* o = rOut + (k * MAXCON + c) * HT_OUT;
        for (int i = 0; i < 3; i++) o[i] = con.pos[3 * c + i];
        for (int i = 0; i < 9; i++) o[3 + i] = con.frame[9 * c + i];
        o[12] = con.dist[c];
    }
}
