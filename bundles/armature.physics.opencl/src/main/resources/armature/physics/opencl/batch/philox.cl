/* Counter-based random numbers for domain randomization and observation noise. Needs only
 * `real` (common.cl defines it before this part); no model constants, so tests build it alone. */

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

