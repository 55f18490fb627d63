/*
 * Records a MuJoCo trajectory as a CSV fixture for the reference engine's parity tests.
 *
 *   record MODEL OUT.csv SECONDS [options]
 *     --no-contact      set mjDSBL_CONTACT after loading (MJCF <flag contact="disable"/>)
 *     --rk4             switch the integrator to RK4 after loading
 *     --bodies A,B,...  also record the world position of these bodies (body:NAME:x,y,z)
 *     --digits N        significant digits of the values (default 17)
 *     --no-velocities   leave out the v: columns (keeps the RK4 companion fixtures small)
 *     --label TEXT      the command line to write into the header (record.sh passes its own)
 *     --source TEXT     the model file to name in the header (default MODEL)
 *
 * Controls need no random generator, so the Java replay reproduces them exactly: before each step,
 * with t = d->time, ctrl[u] = lo + (hi - lo) * (0.5 + 0.5 * sin(2 pi (0.7 + 0.13 u) t + u)),
 * lo/hi the actuator's ctrlrange (written into the header per actuator, by name).
 *
 * Rows: after each of the first 10 steps, then after every 10th step. Columns are named so the
 * reader maps them by name: time, step, ncon (contacts found in the step), mindist (smallest
 * contact distance of the step, negative = penetration, NaN without contacts), then per joint
 * q:NAME / v:NAME for hinge and slide, q:NAME:x,y,z,qw,qx,qy,qz and v:NAME:vx,vy,vz,wx,wy,wz for
 * free joints, q:NAME:qw,qx,qy,qz and v:NAME:wx,wy,wz for ball joints, then body:NAME:x,y,z.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mujoco/mujoco.h>

#define MAX_BODIES 16

static void fail(const char *msg, const char *arg) {
    fprintf(stderr, "record: %s%s\n", msg, arg ? arg : "");
    exit(2);
}

static const char *joint_name(const mjModel *m, int j, char *buf, size_t n) {
    const char *name = mj_id2name(m, mjOBJ_JOINT, j);
    if (name && *name) {
        return name;
    }
    snprintf(buf, n, "joint%d", j); /* the Java compiler's label for an unnamed joint */
    return buf;
}

static void header_columns(FILE *out, const mjModel *m, int velocities, int nbodies,
                           char **bodies) {
    static const char *free_q[] = {"x", "y", "z", "qw", "qx", "qy", "qz"};
    static const char *free_v[] = {"vx", "vy", "vz", "wx", "wy", "wz"};
    char buf[32];
    fprintf(out, "time,step,ncon,mindist");
    for (int j = 0; j < m->njnt; j++) {
        const char *name = joint_name(m, j, buf, sizeof buf);
        switch (m->jnt_type[j]) {
        case mjJNT_FREE:
            for (int k = 0; k < 7; k++) fprintf(out, ",q:%s:%s", name, free_q[k]);
            break;
        case mjJNT_BALL:
            for (int k = 3; k < 7; k++) fprintf(out, ",q:%s:%s", name, free_q[k]);
            break;
        default:
            fprintf(out, ",q:%s", name);
        }
    }
    for (int j = 0; velocities && j < m->njnt; j++) {
        const char *name = joint_name(m, j, buf, sizeof buf);
        switch (m->jnt_type[j]) {
        case mjJNT_FREE:
            for (int k = 0; k < 6; k++) fprintf(out, ",v:%s:%s", name, free_v[k]);
            break;
        case mjJNT_BALL:
            for (int k = 3; k < 6; k++) fprintf(out, ",v:%s:%s", name, free_v[k]);
            break;
        default:
            fprintf(out, ",v:%s", name);
        }
    }
    for (int b = 0; b < nbodies; b++) {
        fprintf(out, ",body:%s:x,body:%s:y,body:%s:z", bodies[b], bodies[b], bodies[b]);
    }
    fprintf(out, "\n");
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fail("usage: record MODEL OUT.csv SECONDS [--no-contact] [--rk4] [--bodies A,B]"
             " [--digits N] [--label TEXT] [--source TEXT]", NULL);
    }
    const char *model_file = argv[1], *out_file = argv[2];
    double seconds = atof(argv[3]);
    int no_contact = 0, rk4 = 0, velocities = 1, digits = 17, nbodies = 0;
    char *bodies[MAX_BODIES];
    const char *label = "", *source = model_file;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "--no-contact")) {
            no_contact = 1;
        } else if (!strcmp(argv[i], "--no-velocities")) {
            velocities = 0;
        } else if (!strcmp(argv[i], "--rk4")) {
            rk4 = 1;
        } else if (!strcmp(argv[i], "--bodies") && i + 1 < argc) {
            for (char *s = strtok(argv[++i], ","); s; s = strtok(NULL, ",")) {
                if (nbodies == MAX_BODIES) fail("too many bodies", NULL);
                bodies[nbodies++] = s;
            }
        } else if (!strcmp(argv[i], "--digits") && i + 1 < argc) {
            digits = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--label") && i + 1 < argc) {
            label = argv[++i];
        } else if (!strcmp(argv[i], "--source") && i + 1 < argc) {
            source = argv[++i];
        } else {
            fail("unknown option ", argv[i]);
        }
    }
    char error[1000] = "";
    mjModel *m = mj_loadXML(model_file, NULL, error, sizeof error);
    if (!m) fail("cannot load model: ", error);
    if (no_contact) m->opt.disableflags |= mjDSBL_CONTACT;
    if (rk4) m->opt.integrator = mjINT_RK4;
    int body_id[MAX_BODIES];
    for (int b = 0; b < nbodies; b++) {
        body_id[b] = mj_name2id(m, mjOBJ_BODY, bodies[b]);
        if (body_id[b] < 0) fail("no such body: ", bodies[b]);
    }
    mjData *d = mj_makeData(m);
    FILE *out = fopen(out_file, "w");
    if (!out) fail("cannot write ", out_file);

    char date[32];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    fprintf(out, "# MuJoCo %s (mj_version %d) trajectory recorded %s\n", mj_versionString(),
            mj_version(), date);
    fprintf(out, "# model: %s\n", source);
    fprintf(out, "# integrator: %s, timestep %.17g s, contacts %s, %g s\n",
            m->opt.integrator == mjINT_RK4 ? "RK4" : m->opt.integrator == mjINT_EULER ? "Euler"
                                                                                     : "implicit",
            m->opt.timestep, (m->opt.disableflags & mjDSBL_CONTACT) ? "disabled" : "enabled",
            seconds);
    fprintf(out, "# command: %s\n", label);
    fprintf(out, "# controls: ctrl = lo + (hi - lo) * (0.5 + 0.5 * sin(2 pi (0.7 + 0.13 u) t + u)),"
                 " t = time before the step\n");
    for (int u = 0; u < m->nu; u++) {
        const char *name = mj_id2name(m, mjOBJ_ACTUATOR, u);
        fprintf(out, "# ctrl %d %s %.17g %.17g\n", u, name ? name : "", m->actuator_ctrlrange[2 * u],
                m->actuator_ctrlrange[2 * u + 1]);
    }
    header_columns(out, m, velocities, nbodies, bodies);

    int steps = (int)lround(seconds / m->opt.timestep);
    for (int s = 1; s <= steps; s++) {
        double t = d->time;
        for (int u = 0; u < m->nu; u++) {
            double lo = m->actuator_ctrlrange[2 * u], hi = m->actuator_ctrlrange[2 * u + 1];
            d->ctrl[u] = lo + (hi - lo) * (0.5 + 0.5 * sin(2 * M_PI * (0.7 + 0.13 * u) * t + u));
        }
        mj_step(m, d);
        if (s > 10 && s % 10 != 0) {
            continue;
        }
        double mindist = NAN;
        for (int c = 0; c < d->ncon; c++) {
            if (isnan(mindist) || d->contact[c].dist < mindist) mindist = d->contact[c].dist;
        }
        fprintf(out, "%.10g,%d,%d,", d->time, s, d->ncon);
        if (isnan(mindist)) {
            fprintf(out, "NaN");
        } else {
            fprintf(out, "%.*g", digits, mindist);
        }
        for (int i = 0; i < m->nq; i++) fprintf(out, ",%.*g", digits, d->qpos[i]);
        for (int i = 0; velocities && i < m->nv; i++) fprintf(out, ",%.*g", digits, d->qvel[i]);
        for (int b = 0; b < nbodies; b++) {
            /* mj_step leaves xpos at the start of the step: recompute for the recorded state */
            if (b == 0) mj_kinematics(m, d);
            for (int k = 0; k < 3; k++) fprintf(out, ",%.*g", digits, d->xpos[3 * body_id[b] + k]);
        }
        fprintf(out, "\n");
    }
    fclose(out);
    mj_deleteData(d);
    mj_deleteModel(m);
    return 0;
}
