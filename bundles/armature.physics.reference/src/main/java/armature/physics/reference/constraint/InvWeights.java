package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.JointType;

/**
 * MuJoCo's inverse weights at qpos0 ({@code body_invweight0}, {@code dof_invweight0}, {@code
 * tendon_invweight0}) and mean diagonal inertia: the constraint law's diagonal approximation and
 * the solver's scale come from these, not from the current state (ADR 0082). A body's pair is the
 * mean diagonal of {@code J M^-1 J^T} for the translation and the rotation of its centre of mass; a
 * dof's is the diagonal of {@code M^-1} (averaged over a ball's three or a free joint's translation
 * and rotation); a tendon's is {@code J M^-1 J^T} of its length.
 */
final class InvWeights {
    final double[] body, dof, tendon;
    final double meanInertia;

    /** Computes the weights in a scratch world at the model's qpos0 with {@code data}'s masses. */
    InvWeights(MultibodyData data) {
        MultibodyModel m = data.model;
        int nv = m.nv;
        MultibodyData d = new MultibodyData(m);
        System.arraycopy(data.bodyMassKg, 0, d.bodyMassKg, 0, m.nbody);
        System.arraycopy(data.bodyInertia, 0, d.bodyInertia, 0, d.bodyInertia.length);
        Kinematics.forward(d);
        Dynamics.crba(d);
        Dynamics.factor(d, 0);
        body = new double[2 * m.nbody];
        dof = new double[nv];
        tendon = new double[m.ntendon];
        double[] row = new double[nv], x = new double[nv];
        for (int bi = 1; bi < m.nbody && nv > 0; bi++) {
            if (m.bodyLastDof[bi] < 0) {
                continue;
            }
            double px = d.xipos[3 * bi], py = d.xipos[3 * bi + 1], pz = d.xipos[3 * bi + 2];
            double tran = 0, rot = 0;
            for (int axis = 0; axis < 6; axis++) {
                java.util.Arrays.fill(row, 0);
                for (int k = m.bodyLastDof[bi]; k >= 0; k = m.dofParent[k]) {
                    row[k] = jacobianEntry(d.cdof, 6 * k, axis, px, py, pz);
                }
                double a = quadratic(d, row, x);
                if (axis < 3) {
                    tran += a;
                } else {
                    rot += a;
                }
            }
            body[2 * bi] = tran / 3;
            body[2 * bi + 1] = rot / 3;
        }
        for (int j = 0; j < m.njnt; j++) {
            int da = m.jntDofAdr[j], width = m.jntType[j].nv();
            double[] diag = new double[width];
            for (int c = 0; c < width; c++) {
                java.util.Arrays.fill(row, 0);
                row[da + c] = 1;
                diag[c] = quadratic(d, row, x);
            }
            if (m.jntType[j] == JointType.FREE) {
                double t = (diag[0] + diag[1] + diag[2]) / 3, r = (diag[3] + diag[4] + diag[5]) / 3;
                for (int c = 0; c < 3; c++) {
                    dof[da + c] = t;
                    dof[da + 3 + c] = r;
                }
            } else if (m.jntType[j] == JointType.BALL) {
                double r = (diag[0] + diag[1] + diag[2]) / 3;
                for (int c = 0; c < 3; c++) {
                    dof[da + c] = r;
                }
            } else {
                dof[da] = diag[0];
            }
        }
        for (int t = 0; t < m.ntendon; t++) {
            java.util.Arrays.fill(row, 0);
            for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                row[m.jntDofAdr[m.tendonJoint[a]]] += m.tendonCoef[a];
            }
            tendon[t] = quadratic(d, row, x);
        }
        double trace = 0;
        for (int i = 0; i < nv; i++) {
            trace += d.qM[i * nv + i] + m.dofArmature[i];
        }
        meanInertia = nv > 0 ? trace / nv : 1;
    }

    /**
     * Column k of the 6-row Jacobian of a point p: rows 0..2 the translation (linear part of the
     * dof's motion at the world origin plus angular cross p), rows 3..5 the rotation.
     */
    private static double jacobianEntry(
            double[] s, int o, int axis, double px, double py, double pz) {
        double wx = s[o], wy = s[o + 1], wz = s[o + 2];
        return switch (axis) {
            case 0 -> s[o + 3] + wy * pz - wz * py;
            case 1 -> s[o + 4] + wz * px - wx * pz;
            case 2 -> s[o + 5] + wx * py - wy * px;
            default -> s[o + axis - 3];
        };
    }

    /** row . M^-1 row, with the factor in d. */
    private static double quadratic(MultibodyData d, double[] row, double[] x) {
        System.arraycopy(row, 0, x, 0, row.length);
        Dynamics.solve(d, x, 0);
        double a = 0;
        for (int i = 0; i < row.length; i++) {
            a += row[i] * x[i];
        }
        return a;
    }
}
