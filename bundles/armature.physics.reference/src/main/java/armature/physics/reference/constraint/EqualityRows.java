package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * Equality-constraint rows (MuJoCo's connect, weld, joint and tendon equalities). The model has no
 * equality constraints yet, so this instantiates none; the hooks say how equality rows take part in
 * the impedance law: a connect's three and a weld's six rows share one impedance, evaluated at the
 * norm of their positions.
 */
final class EqualityRows {
    private final MultibodyModel m;

    EqualityRows(MultibodyModel model) {
        m = model;
    }

    /** The most rows the model's equalities can add in one step. */
    int maxRows() {
        return 0;
    }

    /** Adds the rows of the active equalities. */
    void instantiate(MultibodyData d, Efc efc) {
        // none in this model
    }

    /** diagApprox of equality row {@code row}. */
    double diagApprox(Efc efc, int row, InvWeights weights) {
        throw new IllegalStateException(
                "equality row " + row + " without an equality in " + m.name);
    }

    /**
     * How many rows starting at {@code row} share its impedance ({@code dim} when not equality).
     */
    int rowsSharingImpedance(Efc efc, int row, int dim) {
        return dim;
    }

    /** The position at which the impedance of the rows starting at {@code row} is evaluated. */
    double impedancePosition(Efc efc, int row, int dim) {
        return efc.pos[row];
    }
}
