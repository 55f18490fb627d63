/*
 * MuJoCo's single-thread steps/s with the protocol of RealModelBenchmark (benchmarks/physics):
 * controls uniform in each ctrlrange (-1..1 where an actuator has none) redrawn every 20 steps,
 * the data reset every 1000 steps, a 30000-step warm-up, then ROUNDS rounds of STEPS steps;
 * prints the median and best rounds, contacts per step, and the median per CPU-second of this
 * thread (which a loaded machine disturbs less than wall time).
 *
 *   bench MODEL [ROUNDS] [STEPS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mujoco/mujoco.h>

static unsigned long long rng_state = 42;

/* xorshift64*: a uniform double in [0, 1); the draws need not match Java's, only their law */
static double uniform(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return ((rng_state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static long long run(const mjModel *m, mjData *d, int steps) {
    long long contacts = 0;
    for (int s = 0; s < steps; s++) {
        long total = lround(d->time / m->opt.timestep);
        if (total >= 1000) {
            mj_resetData(m, d);
            total = 0;
        }
        if (total % 20 == 0) {
            for (int u = 0; u < m->nu; u++) {
                int limited = m->actuator_ctrllimited[u];
                double lo = limited ? m->actuator_ctrlrange[2 * u] : -1;
                double hi = limited ? m->actuator_ctrlrange[2 * u + 1] : 1;
                d->ctrl[u] = lo + (hi - lo) * uniform();
            }
        }
        mj_step(m, d);
        contacts += d->ncon;
    }
    return contacts;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: bench MODEL [ROUNDS] [STEPS]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    int steps = argc > 3 ? atoi(argv[3]) : 10000;
    if (rounds < 1 || rounds > 1000 || steps < 1) {
        fprintf(stderr, "bench: ROUNDS must be 1..1000 and STEPS >= 1\n");
        return 2;
    }
    char error[1000] = "";
    mjModel *m = mj_loadXML(argv[1], NULL, error, sizeof error);
    if (!m) {
        fprintf(stderr, "bench: cannot load %s: %s\n", argv[1], error);
        return 2;
    }
    mjData *d = mj_makeData(m);
    run(m, d, 30000);
    double rates[1000], cpu[1000];
    long long contacts = 0;
    for (int r = 0; r < rounds; r++) {
        double c0 = seconds(CLOCK_THREAD_CPUTIME_ID), t0 = seconds(CLOCK_MONOTONIC);
        contacts += run(m, d, steps);
        rates[r] = steps / (seconds(CLOCK_MONOTONIC) - t0);
        cpu[r] = steps / (seconds(CLOCK_THREAD_CPUTIME_ID) - c0);
    }
    double best = 0;
    for (int r = 0; r < rounds; r++) best = rates[r] > best ? rates[r] : best;
    qsort(rates, rounds, sizeof rates[0], compare);
    qsort(cpu, rounds, sizeof cpu[0], compare);
    const char *name = strrchr(argv[1], '/');
    printf("%-22s %5d %5d %4d %10.0f %10.0f %8.2f  MuJoCo %s, per cpu-second median %.0f\n",
           name ? name + 1 : argv[1], m->nq, m->nv, m->nu, rates[rounds / 2], best,
           (double)contacts / ((double)rounds * steps), mj_versionString(), cpu[rounds / 2]);
    mj_deleteData(d);
    mj_deleteModel(m);
    return 0;
}
