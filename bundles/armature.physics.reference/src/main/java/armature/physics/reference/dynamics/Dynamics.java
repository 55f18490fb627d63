package armature.physics.reference.dynamics;

import armature.physics.math.Spatial;
import armature.physics.model.MultibodyModel;
import armature.robot.model.JointType;

/**
 * Featherstone's algorithms in world coordinates: recursive Newton-Euler (RNEA) inverse dynamics,
 * composite-rigid-body (CRBA) mass matrix, and the tree-sparse L^T D L factorisation of the mass
 * matrix, whose fill-in is confined to each dof's ancestors (RBDA, section 6.5). Requires {@link
 * Kinematics#forward} to have run for the current qpos.
 */
public final class Dynamics {
    private Dynamics() {}

    /**
     * Inverse dynamics: {@code tau = M(q) qacc + c(q, qvel)} (+ armature * qacc when {@code
     * withArmature}), where c includes gravity from {@code d.gravity}. Also leaves body velocities
     * in {@code d.cvel}.
     */
    public static void rnea(MultibodyData d, double[] qacc, boolean withArmature, double[] tau) {
        MultibodyModel m = d.model;
        double[] v = d.cvel, a = d.cacc, f = d.cfrc, s = d.cdof, t6 = d.tmp6, t6b = d.tmp6b;
        for (int k = 0; k < 6; k++) {
            v[k] = 0;
            a[k] = 0;
        }
        // gravity as an upward acceleration of the world
        a[3] = -d.gravity[0];
        a[4] = -d.gravity[1];
        a[5] = -d.gravity[2];
        for (int b = 1; b < m.nbody; b++) {
            int p = m.bodyParent[b];
            System.arraycopy(v, 6 * p, v, 6 * b, 6);
            System.arraycopy(a, 6 * p, a, 6 * b, 6);
            int j0 = m.bodyJointStart[b], jn = j0 + m.bodyJointCount[b];
            for (int j = j0; j < jn; j++) {
                if (m.jntType[j] == JointType.FREE) {
                    // translation (world-fixed axes) then rotation about the moving body origin
                    jointStep(d, s, j, m.jntDofAdr[j], 3, qacc, b);
                    jointStep(d, s, j, m.jntDofAdr[j] + 3, 3, qacc, b);
                } else {
                    jointStep(d, s, j, m.jntDofAdr[j], m.jntType[j].nv(), qacc, b);
                }
            }
            // f = I a + v x* (I v)
            Spatial.mulInertia(d.cinert, 10 * b, a, 6 * b, f, 6 * b);
            Spatial.mulInertia(d.cinert, 10 * b, v, 6 * b, t6, 0);
            Spatial.crossForce(v, 6 * b, t6, 0, t6b, 0);
            for (int k = 0; k < 6; k++) {
                f[6 * b + k] += t6b[k];
            }
        }
        for (int b = m.nbody - 1; b >= 1; b--) {
            int j0 = m.bodyJointStart[b], jn = j0 + m.bodyJointCount[b];
            for (int j = j0; j < jn; j++) {
                int da = m.jntDofAdr[j];
                for (int k = 0; k < m.jntType[j].nv(); k++) {
                    int dof = da + k;
                    tau[dof] = Spatial.dot6(s, 6 * dof, f, 6 * b);
                    if (withArmature) {
                        tau[dof] += m.dofArmature[dof] * qacc[dof];
                    }
                }
            }
            int p = m.bodyParent[b];
            for (int k = 0; k < 6; k++) {
                f[6 * p + k] += f[6 * b + k];
            }
        }
    }

    /**
     * Adds a joint's (or half free joint's) motion to body b's running velocity and acceleration.
     * The joint's columns move with the frame before it, so their rate is v_before x (S qd).
     */
    private static void jointStep(
            MultibodyData d, double[] s, int j, int dof0, int n, double[] qacc, int b) {
        double[] v = d.cvel, a = d.cacc, vj = d.tmp6, c = d.tmp6b;
        for (int k = 0; k < 6; k++) {
            vj[k] = 0;
        }
        for (int k = 0; k < n; k++) {
            int dof = dof0 + k;
            Spatial.addScaled(vj, 0, s, 6 * dof, d.qvel[dof], 6);
            Spatial.addScaled(a, 6 * b, s, 6 * dof, qacc[dof], 6);
        }
        Spatial.crossMotion(v, 6 * b, vj, 0, c, 0);
        for (int k = 0; k < 6; k++) {
            a[6 * b + k] += c[k];
            v[6 * b + k] += vj[k];
        }
    }

    /**
     * Joint-space inertia M(q) into {@code d.qM} (dense storage, only ancestor entries touched).
     */
    public static void crba(MultibodyData d) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double[] crb = d.crb, s = d.cdof, f6 = d.tmp6, qM = d.qM;
        System.arraycopy(d.cinert, 0, crb, 0, crb.length);
        for (int b = m.nbody - 1; b >= 1; b--) {
            int p = m.bodyParent[b];
            if (p > 0) {
                for (int k = 0; k < 10; k++) {
                    crb[10 * p + k] += crb[10 * b + k];
                }
            }
        }
        java.util.Arrays.fill(qM, 0);
        for (int i = 0; i < nv; i++) {
            int b = m.dofBody[i];
            Spatial.mulInertia(crb, 10 * b, s, 6 * i, f6, 0);
            for (int j = i; j >= 0; j = m.dofParent[j]) {
                double val = Spatial.dot6(s, 6 * j, f6, 0);
                qM[i * nv + j] = val;
                qM[j * nv + i] = val;
            }
        }
    }

    /**
     * Factorises {@code qM + diag(armature + extraDiagonalScale * damping)} into {@code d.qLD}: on
     * return qLD holds L (strictly lower, on ancestor positions) and D on the diagonal, with M =
     * L^T D L.
     */
    public static void factor(MultibodyData d, double dampingScale) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double[] h = d.qLD;
        System.arraycopy(d.qM, 0, h, 0, nv * nv);
        for (int i = 0; i < nv; i++) {
            h[i * nv + i] += m.dofArmature[i] + dampingScale * d.dofDamping[i];
        }
        for (int k = nv - 1; k >= 0; k--) {
            double hkk = h[k * nv + k];
            if (!(hkk > 0)) {
                throw new IllegalStateException(
                        "mass matrix not positive definite at dof "
                                + k
                                + " (diagonal "
                                + hkk
                                + "): a moving body without mass or inertia?");
            }
            for (int i = m.dofParent[k]; i >= 0; i = m.dofParent[i]) {
                double a = h[k * nv + i] / hkk;
                for (int j = i; j >= 0; j = m.dofParent[j]) {
                    h[i * nv + j] -= a * h[k * nv + j];
                }
                h[k * nv + i] = a;
            }
        }
        for (int i = 0; i < nv; i++) {
            d.qDiagInv[i] = 1 / h[i * nv + i];
        }
    }

    /**
     * out = M v with the armature on the diagonal ({@code d.qM} holds the rigid-body part, dense,
     * from {@link #crba}): the mass matrix MuJoCo's constraint solve and implicit damping use.
     */
    public static void mulM(MultibodyData d, double[] v, double[] out) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double[] qm = d.qM;
        for (int i = 0; i < nv; i++) {
            double s = m.dofArmature[i] * v[i];
            int o = i * nv;
            for (int j = 0; j < nv; j++) {
                s += qm[o + j] * v[j];
            }
            out[i] = s;
        }
    }

    /** Solves (L^T D L) x = x in place using the factor in {@code d.qLD}. */
    public static void solve(MultibodyData d, double[] x, int xo) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double[] h = d.qLD;
        int[] par = m.dofParent;
        for (int i = nv - 1; i >= 0; i--) {
            double xi = x[xo + i];
            if (xi == 0) {
                continue; // sparse right-hand sides (constraint rows): nothing to propagate
            }
            for (int j = par[i]; j >= 0; j = par[j]) {
                x[xo + j] -= h[i * nv + j] * xi;
            }
        }
        for (int i = 0; i < nv; i++) {
            x[xo + i] *= d.qDiagInv[i];
        }
        for (int i = 0; i < nv; i++) {
            double acc = x[xo + i];
            for (int j = par[i]; j >= 0; j = par[j]) {
                acc -= h[i * nv + j] * x[xo + j];
            }
            x[xo + i] = acc;
        }
    }

    /**
     * {@link #solve} for a sparse right-hand side (a constraint row): in the forward pass a dof
     * whose own entry and all of whose ancestors' entries are zero keeps its zero, so the chain
     * walk is skipped for it (other subtrees, other free bodies). Bit-identical to {@link #solve}.
     */
    public static void solveSparse(MultibodyData d, double[] x, int xo) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double[] h = d.qLD;
        int[] par = m.dofParent;
        boolean[] live = d.dofLive;
        for (int i = nv - 1; i >= 0; i--) {
            double xi = x[xo + i];
            if (xi == 0) {
                continue;
            }
            for (int j = par[i]; j >= 0; j = par[j]) {
                x[xo + j] -= h[i * nv + j] * xi;
            }
        }
        for (int i = 0; i < nv; i++) {
            int p = par[i];
            boolean nz = x[xo + i] != 0 || (p >= 0 && live[p]);
            live[i] = nz;
            if (!nz) {
                continue;
            }
            double acc = x[xo + i] * d.qDiagInv[i];
            for (int j = p; j >= 0; j = par[j]) {
                acc -= h[i * nv + j] * x[xo + j];
            }
            x[xo + i] = acc;
        }
    }

    /** Kinetic plus gravitational potential energy (J); requires kinematics and crba. */
    public static double energy(MultibodyData d) {
        MultibodyModel m = d.model;
        int nv = m.nv;
        double ke = 0;
        for (int i = 0; i < nv; i++) {
            double row = 0;
            for (int j = 0; j < nv; j++) {
                row += (d.qM[i * nv + j] + (i == j ? m.dofArmature[i] : 0)) * d.qvel[j];
            }
            ke += 0.5 * d.qvel[i] * row;
        }
        double pe = 0;
        for (int b = 1; b < m.nbody; b++) {
            pe -=
                    d.bodyMassKg[b]
                            * (d.gravity[0] * d.xipos[3 * b]
                                    + d.gravity[1] * d.xipos[3 * b + 1]
                                    + d.gravity[2] * d.xipos[3 * b + 2]);
        }
        return ke + pe;
    }
}
