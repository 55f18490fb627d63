/*
 * MuJoCo's own numbers for the equality-constraint models (EqualityMujocoTest): eq_data after
 * compilation, every constraint row of the first mj_forward (type, id, position, diagApprox, R,
 * aref, force, dense Jacobian), and qpos after steps 1, 10, 100 and 250 (Euler, no controls).
 * Usage: equality MODEL.xml [mocap_x mocap_y mocap_z mocap_qw mocap_qx mocap_qy mocap_qz]
 * The optional pose replaces mocap body 0's before the first step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <mujoco/mujoco.h>

static void row(const char* label, const mjtNum* v, int n) {
  printf("%s", label);
  for (int k = 0; k < n; k++) printf(" %.17g", v[k]);
  printf("\n");
}

int main(int argc, char** argv) {
  char err[1000];
  if (argc != 2 && argc != 9) {
    fprintf(stderr, "usage: %s MODEL.xml [x y z qw qx qy qz]\n", argv[0]);
    return 2;
  }
  mjModel* m = mj_loadXML(argv[1], 0, err, sizeof(err));
  if (!m) {
    fprintf(stderr, "%s\n", err);
    return 1;
  }
  mjData* d = mj_makeData(m);
  if (argc == 9) {
    for (int k = 0; k < 3; k++) d->mocap_pos[k] = atof(argv[2 + k]);
    for (int k = 0; k < 4; k++) d->mocap_quat[k] = atof(argv[5 + k]);
  }
  printf("# MuJoCo %d, %s%s\n", mj_version(), argv[1], argc == 9 ? " with mocap 0 moved" : "");
  for (int i = 0; i < m->neq; i++) {
    char label[32];
    snprintf(label, sizeof(label), "eq %d", i);
    row(label, m->eq_data + mjNEQDATA * i, mjNEQDATA);
  }
  mj_forward(m, d);
  printf("rows %d %d\n", d->nefc, d->ne);
  for (int r = 0; r < d->nefc; r++) {
    mjtNum v[7 + 64];
    v[0] = d->efc_type[r];
    v[1] = d->efc_id[r];
    v[2] = d->efc_pos[r];
    v[3] = d->efc_diagApprox[r];
    v[4] = d->efc_R[r];
    v[5] = d->efc_aref[r];
    v[6] = d->efc_force[r];
    for (int c = 0; c < m->nv && c < 64; c++) v[7 + c] = d->efc_J[r * m->nv + c];
    row("row", v, 7 + (m->nv < 64 ? m->nv : 64));
  }
  int marks[] = {1, 10, 100, 250}, next = 0;
  for (int s = 1; s <= 250; s++) {
    mj_step(m, d);
    if (s == marks[next]) {
      char label[32];
      snprintf(label, sizeof(label), "qpos %d", s);
      row(label, d->qpos, m->nq);
      next++;
    }
  }
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
