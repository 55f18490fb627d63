// Prints MuJoCo's solver parameters of a compiled model, one element a line, for
// SolverParamsMujocoTest. Build and run with solver_params.sh (MuJoCo 2.2.2, libmujoco-dev).
// Columns: jnt i name solref[2] solimp[5] margin | dof i joint solref[2] solimp[5] frictionloss |
// geom i name solref[2] solimp[5] solmix gap priority margin condim |
// tendon i name solref_lim[2] solimp_lim[5] solref_fri[2] solimp_fri[5] margin frictionloss |
// pair i name solref[2] solimp[5] margin gap condim friction[5] geom1*1000+geom2 | eq i name solref[2] solimp[5]
#include <stdio.h>
#include <mujoco/mujoco.h>
static void row(const char* what, int i, const char* name, const mjtNum* v, int n) {
  printf("%s %d %s", what, i, name && *name ? name : "-");
  for (int k = 0; k < n; k++) printf(" %.17g", v[k]);
  printf("\n");
}
#define NM(adr) (m->names + (adr))
int main(int argc, char** argv) {
  char err[1000];
  mjModel* m = mj_loadXML(argv[1], 0, err, 1000);
  if (!m) { fprintf(stderr, "%s\n", err); return 1; }
  printf("# MuJoCo %s\n", mj_versionString());
  printf("option impratio %.17g tolerance %.17g iterations %d noslip %d cone %d solver %d disable %d enable %d\n",
         m->opt.impratio, m->opt.tolerance, m->opt.iterations, m->opt.noslip_iterations,
         m->opt.cone, m->opt.solver, m->opt.disableflags, m->opt.enableflags);
  for (int i = 0; i < m->njnt; i++) {
    mjtNum v[9]; for (int k=0;k<2;k++) v[k]=m->jnt_solref[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->jnt_solimp[5*i+k]; v[7]=m->jnt_margin[i];
    row("jnt", i, NM(m->name_jntadr[i]), v, 8);
  }
  for (int i = 0; i < m->nv; i++) {
    mjtNum v[8]; for (int k=0;k<2;k++) v[k]=m->dof_solref[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->dof_solimp[5*i+k]; v[7]=m->dof_frictionloss[i];
    row("dof", i, NM(m->name_jntadr[m->dof_jntid[i]]), v, 8);
  }
  for (int i = 0; i < m->ngeom; i++) {
    mjtNum v[13]; for (int k=0;k<2;k++) v[k]=m->geom_solref[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->geom_solimp[5*i+k];
    v[7]=m->geom_solmix[i]; v[8]=m->geom_gap[i]; v[9]=m->geom_priority[i]; v[10]=m->geom_margin[i]; v[11]=m->geom_condim[i];
    row("geom", i, NM(m->name_geomadr[i]), v, 12);
  }
  for (int i = 0; i < m->ntendon; i++) {
    mjtNum v[17]; for (int k=0;k<2;k++) v[k]=m->tendon_solref_lim[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->tendon_solimp_lim[5*i+k];
    for (int k=0;k<2;k++) v[7+k]=m->tendon_solref_fri[2*i+k]; for(int k=0;k<5;k++) v[9+k]=m->tendon_solimp_fri[5*i+k];
    v[14]=m->tendon_margin[i]; v[15]=m->tendon_frictionloss[i];
    row("tendon", i, NM(m->name_tendonadr[i]), v, 16);
  }
  for (int i = 0; i < m->npair; i++) {
    mjtNum v[16]; for (int k=0;k<2;k++) v[k]=m->pair_solref[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->pair_solimp[5*i+k];
    v[7]=m->pair_margin[i]; v[8]=m->pair_gap[i]; v[9]=m->pair_dim[i]; for(int k=0;k<5;k++) v[10+k]=m->pair_friction[5*i+k];
    v[15]=m->pair_geom1[i]*1000+m->pair_geom2[i];
    row("pair", i, NM(m->name_pairadr[i]), v, 16);
  }
  for (int i = 0; i < m->neq; i++) {
    mjtNum v[7]; for (int k=0;k<2;k++) v[k]=m->eq_solref[2*i+k]; for(int k=0;k<5;k++) v[2+k]=m->eq_solimp[5*i+k];
    row("eq", i, NM(m->name_eqadr[i]), v, 7);
  }
  mj_deleteModel(m);
  return 0;
}
