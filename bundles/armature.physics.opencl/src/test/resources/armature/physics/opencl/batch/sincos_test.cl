/* Test only (SinCosTest): arm_sincos of every input. */
__kernel void test_sincos(int n, __global const real* x, __global real* s, __global real* c) {
    int k = get_global_id(0);
    if (k >= n) return;
    real co;
    s[k] = arm_sincos(x[k], &co);
    c[k] = co;
}
