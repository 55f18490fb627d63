package armature.physics.reference.constraint;

import armature.physics.math.Quat;
import armature.physics.math.Vec3;
import armature.physics.model.EqualityType;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * Equality-constraint rows as MuJoCo builds them (ADR 0086): a connect's 3 rows hold the offset
 * between the anchor as carried by body1 and as carried by body2; a weld's 6 add the rotation
 * error, the vector part of {@code q2^-1 q1 relpose}, with its Jacobian {@code 0.5 (q2^-1 (w1 - w2)
 * q1 relpose)} per dof, both scaled by torquescale; a joint or tendon coupling's single row is
 * {@code x1 - x1_0 - poly(x2 - x2_0)} with the Jacobian {@code J1 - poly'(x2 - x2_0) J2}. A group
 * whose Jacobian is zero throughout (two bodies without dofs) adds no rows, as in MuJoCo.
 */
final class EqualityRows {
    private static final double[] AXES = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    private final MultibodyModel m;
    private final int nv;

    /** One group's rows before they are added: Jacobian (6 x nv) and positions. */
    private final double[] jac, pos = new double[6];

    private final double[] p1 = new double[3], p2 = new double[3], q = new double[16];

    EqualityRows(MultibodyModel model) {
        m = model;
        nv = model.nv;
        jac = new double[6 * nv];
    }

    /** The most rows the model's equalities can add in one step. */
    int maxRows() {
        int rows = 0;
        for (int i = 0; i < m.neq; i++) {
            rows += dim(m.eqType[i]);
        }
        return rows;
    }

    private static int dim(EqualityType t) {
        return switch (t) {
            case CONNECT -> 3;
            case WELD -> 6;
            case JOINT, TENDON -> 1;
        };
    }

    /** Adds the rows of the active equalities. */
    void instantiate(MultibodyData d, Efc efc) {
        for (int i = 0; i < m.neq; i++) {
            if (!m.eqActive[i]) {
                continue;
            }
            int size = dim(m.eqType[i]);
            java.util.Arrays.fill(jac, 0, size * nv, 0);
            switch (m.eqType[i]) {
                case CONNECT -> connect(d, i);
                case WELD -> weld(d, i);
                case JOINT, TENDON -> coupling(d, i);
            }
            if (allZero(size)) {
                continue;
            }
            for (int k = 0; k < size; k++) {
                int row = efc.add(Efc.EQUALITY, i, pos[k], 0, 0);
                System.arraycopy(jac, k * nv, efc.jac, row * nv, nv);
                efc.params(row, m.eqSolref, 2 * i, m.eqSolimp, 5 * i);
            }
        }
    }

    private boolean allZero(int size) {
        for (int k = 0; k < size * nv; k++) {
            if (jac[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Point {@code local} of body b in the world. */
    private static void worldPoint(MultibodyData d, int b, double[] local, int lo, double[] out) {
        Vec3.mulMat(d.xmat, 9 * b, local, lo, out, 0);
        for (int k = 0; k < 3; k++) {
            out[k] += d.xpos[3 * b + k];
        }
    }

    /** Rows 0..2: p1 - p2 and the Jacobian of body1's point minus body2's. */
    private void translation(MultibodyData d, int b1, int b2) {
        for (int k = 0; k < 3; k++) {
            pos[k] = p1[k] - p2[k];
            Jacobians.point(d, m, jac, k * nv, 1, 0, b1, p1, 0, AXES, 3 * k);
            Jacobians.point(d, m, jac, k * nv, -1, 0, b2, p2, 0, AXES, 3 * k);
        }
    }

    private void connect(MultibodyData d, int i) {
        int b1 = m.eqObj1[i], b2 = m.eqObj2[i], o = 11 * i;
        worldPoint(d, b1, m.eqData, o, p1);
        worldPoint(d, b2, m.eqData, o + 3, p2);
        translation(d, b1, b2);
    }

    private void weld(MultibodyData d, int i) {
        int b1 = m.eqObj1[i], b2 = m.eqObj2[i], o = 11 * i;
        double torquescale = m.eqData[o + 10];
        worldPoint(d, b1, m.eqData, o + 3, p1);
        worldPoint(d, b2, m.eqData, o, p2);
        translation(d, b1, b2);
        // q[0..4) = q1 relpose, q[4..8) = q2^-1, q[8..12) = q2^-1 q1 relpose
        Quat.mul(d.xquat, 4 * b1, m.eqData, o + 6, q, 0);
        q[4] = d.xquat[4 * b2];
        q[5] = -d.xquat[4 * b2 + 1];
        q[6] = -d.xquat[4 * b2 + 2];
        q[7] = -d.xquat[4 * b2 + 3];
        Quat.mul(q, 4, q, 0, q, 8);
        for (int k = 0; k < 3; k++) {
            pos[3 + k] = q[9 + k] * torquescale;
            Jacobians.angular(d, m, jac, (3 + k) * nv, 1, 0, b1, AXES, 3 * k);
            Jacobians.angular(d, m, jac, (3 + k) * nv, -1, 0, b2, AXES, 3 * k);
        }
        int r = 3 * nv;
        for (int j = 0; j < nv; j++) {
            double ax = jac[r + j], ay = jac[r + nv + j], az = jac[r + 2 * nv + j];
            // q2^-1 (0, axis), then times q1 relpose
            q[8] = -q[5] * ax - q[6] * ay - q[7] * az;
            q[9] = q[4] * ax + q[6] * az - q[7] * ay;
            q[10] = q[4] * ay + q[7] * ax - q[5] * az;
            q[11] = q[4] * az + q[5] * ay - q[6] * ax;
            Quat.mul(q, 8, q, 0, q, 12);
            jac[r + j] = 0.5 * q[13] * torquescale;
            jac[r + nv + j] = 0.5 * q[14] * torquescale;
            jac[r + 2 * nv + j] = 0.5 * q[15] * torquescale;
        }
    }

    private void coupling(MultibodyData d, int i) {
        boolean joint = m.eqType[i] == EqualityType.JOINT;
        int o1 = m.eqObj1[i], o2 = m.eqObj2[i], o = 11 * i;
        double[] c = m.eqData;
        double x1 = value(d, joint, o1), ref1 = reference(joint, o1);
        addJacobian(joint, o1, 1);
        if (o2 >= 0) {
            double dif = value(d, joint, o2) - reference(joint, o2);
            pos[0] =
                    x1
                            - ref1
                            - c[o]
                            - (c[o + 1] * dif
                                    + c[o + 2] * dif * dif
                                    + c[o + 3] * dif * dif * dif
                                    + c[o + 4] * dif * dif * dif * dif);
            double deriv =
                    c[o + 1]
                            + 2 * c[o + 2] * dif
                            + 3 * c[o + 3] * dif * dif
                            + 4 * c[o + 4] * dif * dif * dif;
            addJacobian(joint, o2, -deriv);
        } else {
            pos[0] = x1 - ref1 - c[o];
        }
    }

    private double value(MultibodyData d, boolean joint, int id) {
        return joint ? d.qpos[m.jntQposAdr[id]] : d.tendonLength[id];
    }

    private double reference(boolean joint, int id) {
        return joint ? m.qpos0[m.jntQposAdr[id]] : m.tendonLength0[id];
    }

    private void addJacobian(boolean joint, int id, double scale) {
        if (joint) {
            jac[m.jntDofAdr[id]] += scale;
            return;
        }
        for (int a = m.tendonAdr[id]; a < m.tendonAdr[id] + m.tendonNum[id]; a++) {
            jac[m.jntDofAdr[m.tendonJoint[a]]] += scale * m.tendonCoef[a];
        }
    }

    /**
     * diagApprox of equality row {@code row}: the two bodies' translation weights (connect, and all
     * six weld rows: MuJoCo 2.2.2 does not use the rotation weight for a weld's rotation rows,
     * later versions do), or the dofs' or tendons' weights summed.
     */
    double diagApprox(Efc efc, int row, InvWeights weights) {
        int i = efc.id[row];
        int o1 = m.eqObj1[i], o2 = m.eqObj2[i];
        return switch (m.eqType[i]) {
            case CONNECT, WELD -> weights.body[2 * o1] + weights.body[2 * o2];
            case JOINT ->
                    weights.dof[m.jntDofAdr[o1]] + (o2 >= 0 ? weights.dof[m.jntDofAdr[o2]] : 0);
            case TENDON -> weights.tendon[o1] + (o2 >= 0 ? weights.tendon[o2] : 0);
        };
    }

    /**
     * How many rows starting at {@code row} share its impedance ({@code dim} when not equality).
     */
    int rowsSharingImpedance(Efc efc, int row, int dim) {
        if (efc.type[row] != Efc.EQUALITY) {
            return dim;
        }
        EqualityType t = m.eqType[efc.id[row]];
        return t == EqualityType.WELD ? 6 : t == EqualityType.CONNECT ? 3 : 1;
    }

    /** The position at which the impedance of the rows starting at {@code row} is evaluated. */
    double impedancePosition(Efc efc, int row, int dim) {
        if (efc.type[row] != Efc.EQUALITY || dim == 1) {
            return efc.pos[row];
        }
        double s = 0;
        for (int k = row; k < row + dim; k++) {
            s += efc.pos[k] * efc.pos[k];
        }
        return Math.sqrt(s);
    }
}
