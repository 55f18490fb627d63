/*
 * MuJoCo 2.2.2 under ShadowHandRandomActionsTest's protocol, for that test's bounds: SEEDS episodes
 * of 10 s on hand/manipulate_block.xml, random position targets uniform in each actuator's
 * ctrlrange held for 20 steps, drawn with java.util.Random(seed) (reimplemented here, so the
 * controls equal the Java test's), the goal marker pinned after every step. Prints each episode's
 * worst penetration, then the worst over all episodes (with the geoms of that contact) and the
 * number of steps with a contact deeper than 5 mm.
 *
 * Build and run from the repository root:
 *   gcc -O2 benchmarks/physics/mujoco/shadow_random.c -o /tmp/shadow_random -lmujoco -lm
 *   /tmp/shadow_random examples/models/gymnasium-robotics/hand/manipulate_block.xml 50
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mujoco/mujoco.h>

static uint64_t java_state;

static void java_seed(int64_t s) { java_state = ((uint64_t)s ^ 0x5DEECE66DULL) & ((1ULL << 48) - 1); }

static uint32_t java_next(int bits) {
  java_state = (java_state * 0x5DEECE66DULL + 0xBULL) & ((1ULL << 48) - 1);
  return (uint32_t)(java_state >> (48 - bits));
}

static double java_next_double(void) {
  int64_t hi = java_next(26), lo = java_next(27);
  return (double)((hi << 27) + lo) * 0x1.0p-53;
}

int main(int argc, char** argv) {
  char err[1000];
  mjModel* m = mj_loadXML(argv[1], 0, err, sizeof(err));
  if (!m) {
    fprintf(stderr, "%s: %s\n", argv[1], err);
    return 1;
  }
  int seeds = argc > 2 ? atoi(argv[2]) : 50;
  const double seconds = 10, deep_m = 0.005;
  int target = mj_name2id(m, mjOBJ_JOINT, "target:joint");
  int tq = m->jnt_qposadr[target], tv = m->jnt_dofadr[target];
  int steps = (int)lround(seconds / m->opt.timestep);
  double worst = 0;
  long deep = 0, total = 0;
  const char *g1 = "", *g2 = "";
  for (int seed = 0; seed < seeds; seed++) {
    mjData* d = mj_makeData(m);
    mj_forward(m, d);
    double pinned[7];
    memcpy(pinned, d->qpos + tq, sizeof(pinned));
    java_seed(seed);
    double episode = 0;
    for (int s = 0; s < steps; s++) {
      if (s % 20 == 0) {
        for (int u = 0; u < m->nu; u++) {
          double lo = m->actuator_ctrlrange[2 * u], hi = m->actuator_ctrlrange[2 * u + 1];
          d->ctrl[u] = lo + (hi - lo) * java_next_double();
        }
      }
      mj_step(m, d);
      double pen = 0;
      for (int c = 0; c < d->ncon; c++) {
        if (-d->contact[c].dist > pen) {
          pen = -d->contact[c].dist;
          if (pen > worst) {
            worst = pen;
            g1 = mj_id2name(m, mjOBJ_GEOM, d->contact[c].geom1);
            g2 = mj_id2name(m, mjOBJ_GEOM, d->contact[c].geom2);
          }
        }
      }
      episode = fmax(episode, pen);
      deep += pen > deep_m;
      total++;
      memcpy(d->qpos + tq, pinned, sizeof(pinned));
      mju_zero(d->qvel + tv, 6);
    }
    printf("seed %d worst penetration %.5f m\n", seed, episode);
    mj_deleteData(d);
  }
  printf("MuJoCo %d, %d x %.0f s: worst penetration %.5f m (%s / %s), steps deeper than %.3f m: %ld of %ld"
         " (%.3f %%)\n",
         mj_version(), seeds, seconds, worst, g1 ? g1 : "?", g2 ? g2 : "?", deep_m, deep, total,
         100.0 * deep / total);
  mj_deleteModel(m);
  return 0;
}
