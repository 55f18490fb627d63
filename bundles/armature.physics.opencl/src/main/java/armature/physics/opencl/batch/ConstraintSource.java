package armature.physics.opencl.batch;

import armature.physics.model.Cone;
import armature.physics.model.DisableFlags;
import armature.physics.model.EqualityType;
import armature.physics.model.MultibodyModel;

/**
 * The constraint stage's part of the generated program (constraint.cl): whether the model needs it,
 * its build options, and the model arrays and capacities it reads. The row capacity {@code NEFC} is
 * the reference engine's (Efc): every enabled equality's rows, one per dof with friction loss, two
 * per limited joint and tendon, and {@code MAXCON} contacts (the batch's contact capacity) at the
 * model's largest condim; it bounds what one substep can add, so overflow means a bug, and is
 * counted, never silent.
 */
final class ConstraintSource {
    private ConstraintSource() {}

    /** True when the reference engine would build constraint rows for this model. */
    static boolean needed(MultibodyModel m) {
        return m.nv > 0
                && !off(m, DisableFlags.CONSTRAINT)
                && (limits(m) > 0 || equalities(m) > 0 || frictionLoss(m) > 0 || contactRows(m));
    }

    /** Build options, each with a leading space; empty when the stage is not needed. */
    static String options(MultibodyModel m) {
        if (!needed(m)) {
            return "";
        }
        StringBuilder o = new StringBuilder(" -DARM_CONSTRAINTS");
        flag(o, m, DisableFlags.EQUALITY, " -DARM_NO_EQUALITY");
        flag(o, m, DisableFlags.FRICTIONLOSS, " -DARM_NO_FRICTIONLOSS");
        flag(o, m, DisableFlags.LIMIT, " -DARM_NO_LIMIT");
        flag(o, m, DisableFlags.WARMSTART, " -DARM_NO_WARMSTART");
        flag(o, m, DisableFlags.REFSAFE, " -DARM_NO_REFSAFE");
        if (contactRows(m)) {
            o.append(" -DARM_CONTACTS_ROWS");
            // the cones' working arrays only where contacts can make rows (43 reals per contact)
            if (m.cone == Cone.ELLIPTIC) {
                o.append(" -DARM_ELLIPTIC");
            }
        }
        return o.toString();
    }

    private static void flag(StringBuilder o, MultibodyModel m, int flag, String option) {
        if (off(m, flag)) {
            o.append(option);
        }
    }

    private static boolean off(MultibodyModel m, int flag) {
        return DisableFlags.disabled(m.disableFlags, flag);
    }

    /** Limited joints and tendons, 0 when limits are disabled. */
    static int limits(MultibodyModel m) {
        if (off(m, DisableFlags.LIMIT)) {
            return 0;
        }
        int n = 0;
        for (boolean b : m.jntLimited) {
            n += b ? 1 : 0;
        }
        for (boolean b : m.tendonLimited) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Rows of the active equalities, 0 when equalities are disabled. */
    static int equalities(MultibodyModel m) {
        if (off(m, DisableFlags.EQUALITY)) {
            return 0;
        }
        int rows = 0;
        for (int i = 0; i < m.neq; i++) {
            if (m.eqActive[i]) {
                rows += rows(m.eqType[i]);
            }
        }
        return rows;
    }

    private static int rows(EqualityType t) {
        return switch (t) {
            case CONNECT -> 3;
            case WELD -> 6;
            case JOINT, TENDON -> 1;
        };
    }

    /** Dofs with friction loss, 0 when friction loss is disabled. */
    static int frictionLoss(MultibodyModel m) {
        if (off(m, DisableFlags.FRICTIONLOSS)) {
            return 0;
        }
        int n = 0;
        for (double f : m.dofFrictionLoss) {
            n += f > 0 ? 1 : 0;
        }
        return n;
    }

    /** Contacts become rows: contacts enabled and some geoms may touch. */
    static boolean contactRows(MultibodyModel m) {
        return !off(m, DisableFlags.CONTACT) && Unsupported.mayCollide(m);
    }

    /** Efc.rowsPerContact: 2 (condim - 1) pyramid edges, at least 1. */
    static int rowsPerContact(MultibodyModel m) {
        int most = 1;
        for (int g = 0; g < m.ngeom; g++) {
            most = Math.max(most, m.geomCondim[g]);
        }
        for (int c : m.pairCondim) {
            most = Math.max(most, c);
        }
        return Math.max(1, 2 * (most - 1));
    }

    /** The row capacity NEFC (at least 1) with the model's own contact bound. */
    static int capacity(MultibodyModel m) {
        return capacity(m, m.maxContacts);
    }

    /** The row capacity NEFC (at least 1) for {@code contacts} contacts per timestep. */
    static int capacity(MultibodyModel m, int contacts) {
        int rows = equalities(m) + frictionLoss(m) + 2 * limits(m);
        if (contactRows(m)) {
            rows += Math.max(1, contacts) * rowsPerContact(m);
        }
        return Math.max(1, rows);
    }

    /**
     * An upper bound on one row's nonzero dofs: a contact or a connect/weld row touches the dofs on
     * two bodies' paths to the root, a tendon row its joints' dofs, a ball limit three.
     */
    static int maxNonzeros(MultibodyModel m) {
        int chain = 0;
        for (int b = 0; b < m.nbody; b++) {
            int c = 0;
            for (int k = m.bodyLastDof[b]; k >= 0; k = m.dofParent[k]) {
                c++;
            }
            chain = Math.max(chain, c);
        }
        int tendon = 0;
        for (int t = 0; t < m.ntendon; t++) {
            tendon = Math.max(tendon, m.tendonNum[t]);
        }
        return Math.max(1, Math.min(m.nv, Math.max(3, Math.max(2 * chain, 2 * tendon))));
    }

    static void header(ModelSource s, MultibodyModel m, int contacts) {
        // overridable by a build option (-DNEFC=n), so a test can make the capacity overflow
        s.append("#ifndef NEFC\n#define NEFC " + capacity(m, contacts) + "\n#endif\n");
        s.define("MAXNZ", maxNonzeros(m));
        s.define("NEQ", m.neq);
        s.define("EQ_CONNECT", 0);
        s.define("EQ_WELD", 1);
        s.define("EQ_JOINT", 2);
        s.define("EQ_TENDON", 3);
        s.define("SOLVER_ITERATIONS", m.solverIterations);
        s.append("#define SOLVER_TOLERANCE " + Double.toString(m.solverTolerance) + "\n");
        s.append("#define IMPRATIO " + Double.toString(m.impratio) + "\n");
        s.ints("BODY_LAST_DOF", m.bodyLastDof);
        s.ints("CON_GEOM_BODY", m.geomBody);
        s.ints("JNT_LIMITED", bits(m.jntLimited));
        s.reals("JNT_RANGE", m.jntRange);
        s.reals("JNT_MARGIN", m.jntMargin);
        s.reals("JNT_SOLREF", m.jntSolref);
        s.reals("JNT_SOLIMP", m.jntSolimp);
        s.reals("DOF_FRICTIONLOSS", m.dofFrictionLoss);
        s.reals("DOF_SOLREF", m.dofSolref);
        s.reals("DOF_SOLIMP", m.dofSolimp);
        s.ints("TENDON_LIMITED", bits(m.tendonLimited));
        s.reals("TENDON_RANGE", m.tendonRange);
        s.reals("TENDON_MARGIN", m.tendonMargin);
        s.reals("TENDON_SOLREF", m.tendonSolref);
        s.reals("TENDON_SOLIMP", m.tendonSolimp);
        s.reals("TENDON_LENGTH0", m.tendonLength0);
        int[] type = new int[m.neq];
        for (int i = 0; i < m.neq; i++) {
            type[i] =
                    switch (m.eqType[i]) {
                        case CONNECT -> 0;
                        case WELD -> 1;
                        case JOINT -> 2;
                        case TENDON -> 3;
                    };
        }
        s.ints("EQ_TYPE", type);
        s.ints("EQ_OBJ1", m.eqObj1);
        s.ints("EQ_OBJ2", m.eqObj2);
        s.ints("EQ_ACTIVE", bits(m.eqActive));
        s.reals("EQ_DATA", m.eqData);
        s.reals("EQ_SOLREF", m.eqSolref);
        s.reals("EQ_SOLIMP", m.eqSolimp);
    }

    private static int[] bits(boolean[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            v[i] = b[i] ? 1 : 0;
        }
        return v;
    }
}
