package armature.physics.reference.constraint;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.MultibodyData;

/** Jacobian rows of relative motion between two bodies, accumulated into a dense row. */
final class Jacobians {
    private Jacobians() {}

    /**
     * Adds {@code scale * dir . (v2(p) - v1(p))} to the row at {@code out[o..o+nv)}: the velocity
     * of body b2's point at p relative to body b1's, along dir (MuJoCo's jacDifPair, geom 1 to 2).
     */
    static void point(
            MultibodyData d,
            MultibodyModel m,
            double[] out,
            int o,
            double scale,
            int b1,
            int b2,
            double[] p,
            int po,
            double[] dir,
            int dOff) {
        double dx = scale * dir[dOff], dy = scale * dir[dOff + 1], dz = scale * dir[dOff + 2];
        double px = p[po], py = p[po + 1], pz = p[po + 2];
        double cx = py * dz - pz * dy, cy = pz * dx - px * dz, cz = px * dy - py * dx;
        double[] s = d.cdof;
        for (int k = m.bodyLastDof[b2]; k >= 0; k = m.dofParent[k]) {
            int so = 6 * k;
            out[o + k] +=
                    dx * s[so + 3]
                            + dy * s[so + 4]
                            + dz * s[so + 5]
                            + cx * s[so]
                            + cy * s[so + 1]
                            + cz * s[so + 2];
        }
        for (int k = m.bodyLastDof[b1]; k >= 0; k = m.dofParent[k]) {
            int so = 6 * k;
            out[o + k] -=
                    dx * s[so + 3]
                            + dy * s[so + 4]
                            + dz * s[so + 5]
                            + cx * s[so]
                            + cy * s[so + 1]
                            + cz * s[so + 2];
        }
    }

    /** Adds {@code scale * dir . (w2 - w1)}: relative angular velocity of b2 about dir. */
    static void angular(
            MultibodyData d,
            MultibodyModel m,
            double[] out,
            int o,
            double scale,
            int b1,
            int b2,
            double[] dir,
            int dOff) {
        double dx = scale * dir[dOff], dy = scale * dir[dOff + 1], dz = scale * dir[dOff + 2];
        double[] s = d.cdof;
        for (int k = m.bodyLastDof[b2]; k >= 0; k = m.dofParent[k]) {
            out[o + k] += dx * s[6 * k] + dy * s[6 * k + 1] + dz * s[6 * k + 2];
        }
        for (int k = m.bodyLastDof[b1]; k >= 0; k = m.dofParent[k]) {
            out[o + k] -= dx * s[6 * k] + dy * s[6 * k + 1] + dz * s[6 * k + 2];
        }
    }
}
