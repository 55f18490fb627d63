/*
 * Records MuJoCo's contacts for the box-contact parity test (ADR 0087). The model has two free
 * bodies (and maybe a plane). For POSES poses drawn from a fixed seed it sets both free joints,
 * runs mj_forward and prints every contact: geoms, distance, position and normal. A third of the
 * poses use uniform random orientations, a third orientations near the box axes (a quarter turn
 * about a random axis plus a 1e-3 wobble) and a third exact quarter turns about z, so that faces
 * lie flat on faces as in a stack. Bodies are placed so that about half the poses touch.
 *
 * Usage: box_contacts LABEL MODEL_FILE POSES >> out.csv   (built by box_contacts.sh)
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

static double gauss(void) {
  double u = uniform() + 1e-300, v = uniform();
  return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void orientation(int mode, double* q) {
  if (mode == 0) {
    for (int i = 0; i < 4; i++) q[i] = gauss();
  } else {
    double turn = 0.5 * M_PI * floor(4 * uniform());
    int axis = mode == 1 ? (int)floor(3 * uniform()) : 2;
    q[0] = cos(turn / 2);
    q[1] = q[2] = q[3] = 0;
    q[1 + axis] = sin(turn / 2);
    if (mode == 1)
      for (int i = 0; i < 4; i++) q[i] += 1e-3 * gauss();
  }
  mju_normalize4(q);
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
  int poses = atoi(argv[3]);
  int plane = m->ngeom == 3;
  int ga = plane ? 1 : 0, gb = plane ? 2 : 1;
  double reach = m->geom_rbound[ga] + m->geom_rbound[gb];
  for (int k = 0; k < poses; k++) {
    int mode = k % 3;
    double* qa = d->qpos;
    double* qb = d->qpos + 7;
    if (plane) {
      qa[0] = 0;
      qa[1] = 0;
      qa[2] = m->geom_rbound[ga] * (2 * uniform() - 0.5);
      qb[0] = 0.3;
      qb[1] = 0;
      qb[2] = m->geom_rbound[gb] * (2 * uniform() - 0.5);
    } else {
      double dir[3] = {gauss(), gauss(), gauss()};
      mju_normalize3(dir);
      double r = reach * (0.2 + 0.8 * uniform());
      for (int i = 0; i < 3; i++) {
        qa[i] = 0;
        qb[i] = r * dir[i];
      }
    }
    orientation(mode, qa + 3);
    orientation(mode, qb + 3);
    mju_zero(d->qvel, m->nv);
    mj_forward(m, d);
    printf("%s,%d,qpos", label, k);
    for (int i = 0; i < m->nq; i++) printf(" %.17g", d->qpos[i]);
    printf("\n%s,%d,ncon %d\n", label, k, d->ncon);
    for (int c = 0; c < d->ncon; c++) {
      mjContact* con = d->contact + c;
      printf("%s,%d,contact %d %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", label, k, con->geom1,
             con->geom2, con->dist, con->pos[0], con->pos[1], con->pos[2], con->frame[0],
             con->frame[1], con->frame[2]);
    }
  }
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
