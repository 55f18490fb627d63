package armature.physics.reference.constraint;

import armature.physics.model.DisableFlags;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * One world's constraint stage (ADR 0082): builds the rows for the current positions and contacts,
 * then finds the constrained acceleration with {@link NewtonSolver}. Everything is allocated here,
 * so a step does not allocate.
 */
public final class ConstraintSolver {
    private final MultibodyModel m;
    private final Efc efc;
    private final RowBuilder rows;
    private final NewtonSolver newton;
    private final InvWeights weights;
    private final double[] armature;

    /** The inverse weights are taken at qpos0 with {@code data}'s masses, as MuJoCo does. */
    public ConstraintSolver(MultibodyData data) {
        m = data.model;
        EqualityRows equality = new EqualityRows(m);
        weights = new InvWeights(data);
        efc = new Efc(m, equality.maxRows());
        rows = new RowBuilder(m, weights, equality);
        armature = m.dofArmature.clone();
        newton = new NewtonSolver(m.nv, efc.capacity, armature);
    }

    /**
     * Computes {@code d.qacc} and {@code d.qfrcConstraint}. The kinematics, the contacts and the
     * mass matrix {@code d.qM} must be current; {@code qaccSmooth} is M^-1 {@code qfrcSmooth}.
     */
    public void solve(
            MultibodyData d, ContactSet contacts, double[] qfrcSmooth, double[] qaccSmooth) {
        rows.build(d, contacts, efc);
        newton.solve(
                d,
                efc,
                qfrcSmooth,
                qaccSmooth,
                m.solverTolerance,
                m.solverIterations,
                weights.meanInertia,
                !DisableFlags.disabled(m.disableFlags, DisableFlags.WARMSTART));
    }

    /**
     * Normal force of contact c in the last solve (N): a pyramid's edge forces summed, an elliptic
     * contact's first row.
     */
    public double contactNormalForce(int c) {
        double f = 0;
        for (int row = efc.ne + efc.nf; row < efc.n; row++) {
            if (efc.contact[row] != c) {
                continue;
            }
            f += efc.force[row];
            if (efc.type[row] == Efc.CONTACT_ELLIPTIC) {
                break; // the first row is the normal; the others are tangential
            }
        }
        return f;
    }

    /** The rows of the last solve. */
    public Efc rows() {
        return efc;
    }

    /** Newton iterations of the last solve. */
    public int iterations() {
        return newton.iterations();
    }

    /** Forgets the warm start, after the state was changed from outside. */
    public void resetWarmstart() {
        newton.resetWarmstart();
    }

    /** Mean diagonal inertia at qpos0 (MuJoCo's stat.meaninertia). */
    public double meanInertia() {
        return weights.meanInertia;
    }

    public long arrayBytes() {
        return efc.arrayBytes() + 8L * (m.nv * (long) m.nv + 8L * m.nv + 2L * efc.capacity);
    }
}
