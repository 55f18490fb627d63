/*
 * Records MuJoCo's contact set for the contact-set parity test (ADR 0084): for each model, its
 * sizes and body masses, then for qpos0 and three configurations drawn uniformly inside the joint
 * ranges (unlimited hinges in [-pi, pi], free and ball joints left at qpos0), the joint positions,
 * every body's world position, each geom's body and, per distinct geom pair in contact, the number
 * of contacts and the smallest distance. Geometry only: mj_forward, no stepping.
 *
 * Usage: contact_set LABEL MODEL_FILE >> out.csv   (built by contact_set.sh)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <mujoco/mujoco.h>

static unsigned long long rng = 88172645463325252ULL;

static double uniform(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (double)(rng >> 11) / 9007199254740992.0;
}

static void row(const char* label, int state, const char* field, const double* v, int n) {
  printf("%s,%d,%s,", label, state, field);
  for (int i = 0; i < n; i++) printf(i ? " %.17g" : "%.17g", v[i]);
  printf("\n");
}

int main(int argc, char** argv) {
  char err[1000];
  mjModel* m = mj_loadXML(argv[2], 0, err, sizeof(err));
  if (!m) {
    fprintf(stderr, "%s: %s\n", argv[2], err);
    return 1;
  }
  mjData* d = mj_makeData(m);
  const char* label = argv[1];
  double sizes[3] = {m->nbody, m->ngeom, m->nsite};
  row(label, 0, "sizes", sizes, 3);
  row(label, 0, "body_mass", m->body_mass, m->nbody);
  double* geombody = malloc(sizeof(double) * (m->ngeom + 1));
  for (int g = 0; g < m->ngeom; g++) geombody[g] = m->geom_bodyid[g];
  row(label, 0, "geom_body", geombody, m->ngeom);
  for (int state = 0; state < 4; state++) {
    mju_copy(d->qpos, m->qpos0, m->nq);
    for (int j = 0; state > 0 && j < m->njnt; j++) {
      int t = m->jnt_type[j];
      if (t != mjJNT_HINGE && t != mjJNT_SLIDE) continue;
      double lo = -M_PI, hi = M_PI;
      if (m->jnt_limited[j]) {
        lo = m->jnt_range[2 * j];
        hi = m->jnt_range[2 * j + 1];
      }
      d->qpos[m->jnt_qposadr[j]] = lo + (hi - lo) * uniform();
    }
    mju_zero(d->qvel, m->nv);
    mj_forward(m, d);
    row(label, state, "qpos", d->qpos, m->nq);
    row(label, state, "xpos", d->xpos, 3 * m->nbody);
    /* distinct pairs (lower geom id first), in order of first appearance: g1 g2 count mindist */
    double* pairs = malloc(sizeof(double) * 4 * (d->ncon + 1));
    int np = 0;
    for (int c = 0; c < d->ncon; c++) {
      int a = d->contact[c].geom1, b = d->contact[c].geom2;
      int g1 = a < b ? a : b, g2 = a < b ? b : a;
      int k = 0;
      while (k < np && !(pairs[4 * k] == g1 && pairs[4 * k + 1] == g2)) k++;
      if (k == np) {
        pairs[4 * k] = g1;
        pairs[4 * k + 1] = g2;
        pairs[4 * k + 2] = 0;
        pairs[4 * k + 3] = INFINITY;
        np++;
      }
      pairs[4 * k + 2] += 1;
      if (d->contact[c].dist < pairs[4 * k + 3]) pairs[4 * k + 3] = d->contact[c].dist;
    }
    row(label, state, "contact_pairs", pairs, 4 * np);
    free(pairs);
  }
  free(geombody);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
