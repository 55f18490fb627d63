package armature.physics.reference.constraint;

import armature.physics.model.JointType;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.MultibodyData;

/**
 * The constraint rows of one step (ADR 0020): contact normals with their friction rows, joint and
 * tendon limits, joint frictionloss. Each row is a dense Jacobian row plus the ascending list of
 * its nonzero dofs; a product with a row runs over that list, which leaves each sum bit-identical
 * to the dense loop (a zero term adds a signed zero, which never changes a sum that started at +0).
 * Sized for the model's worst case when created, so building rows never allocates.
 */
final class RowSet {
    static final int NORMAL = 0, LIMIT = 1, FRICTIONLOSS = 2;

    private final MultibodyModel m;
    private final int nv;

    /** Capacity in rows, and the most dofs one row can reach (the stride of nzDof). */
    final int maxRows, stride;

    final double[] jac, mu, solTc, solZ, posViolation;
    final int[] kind, groupSize, contactOfRow;

    /** Row r's nonzero dofs, ascending, at [r * stride, r * stride + nzCount[r]). */
    final int[] nzDof, nzCount;

    private int rows;

    RowSet(MultibodyModel model) {
        m = model;
        nv = m.nv;
        int limitRows = 0;
        for (int j = 0; j < m.njnt; j++) {
            if (m.jntLimited[j]) {
                limitRows += 2;
            }
        }
        for (int t = 0; t < m.ntendon; t++) {
            if (m.tendonLimited[t]) {
                limitRows += 2;
            }
        }
        int fl = 0;
        for (int i = 0; i < nv; i++) {
            if (m.dofFrictionLoss[i] > 0) {
                fl++;
            }
        }
        maxRows = 4 * m.maxContacts + limitRows + fl;
        stride = longestRowChain(m);
        jac = new double[maxRows * nv];
        mu = new double[maxRows];
        solTc = new double[maxRows];
        solZ = new double[maxRows];
        posViolation = new double[maxRows];
        kind = new int[maxRows];
        groupSize = new int[maxRows];
        contactOfRow = new int[maxRows];
        nzDof = new int[maxRows * stride];
        nzCount = new int[maxRows];
    }

    /** Builds the rows for the current kinematics and contacts; returns their number. */
    int build(MultibodyData d, ContactSet contacts, double h) {
        rows = 0;
        buildContactRows(d, contacts);
        buildLimitRows(d, h);
        for (int r = 0; r < rows; r++) {
            indexNonzeros(r);
        }
        return rows;
    }

    /**
     * The most dofs a row's chain closure can hold: a contact joins two bodies' chains, a limit or
     * frictionloss row one chain, a tendon row the chains of its joints. Sizing the per-row buffers
     * by this instead of nv keeps them small on wide trees (hands: 14 of 36).
     */
    static int longestRowChain(MultibodyModel m) {
        int deepest = 0;
        for (int b = 0; b < m.nbody; b++) {
            deepest = Math.max(deepest, chainLength(m, m.bodyLastDof[b]));
        }
        int longest = 2 * deepest;
        for (int t = 0; t < m.ntendon; t++) {
            int sum = 0;
            for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                sum += chainLength(m, m.jntDofAdr[m.tendonJoint[a]]);
            }
            longest = Math.max(longest, sum);
        }
        return Math.min(m.nv, longest);
    }

    private static int chainLength(MultibodyModel m, int dof) {
        int n = 0;
        for (int k = dof; k >= 0; k = m.dofParent[k]) {
            n++;
        }
        return n;
    }

    /** Lists row r's nonzero dofs in ascending order. */
    private void indexNonzeros(int r) {
        int ro = r * nv, so = r * stride, n = 0;
        for (int k = 0; k < nv; k++) {
            if (jac[ro + k] != 0) {
                nzDof[so + n++] = k;
            }
        }
        nzCount[r] = n;
    }

    private int newRow(int k, int group, int contact, double solrefTc, double solrefZ, double pos) {
        int r = rows++;
        kind[r] = k;
        groupSize[r] = group;
        contactOfRow[r] = contact;
        mu[r] = 0;
        solTc[r] = solrefTc;
        solZ[r] = solrefZ;
        posViolation[r] = pos;
        java.util.Arrays.fill(jac, r * nv, (r + 1) * nv, 0);
        return r;
    }

    private void buildContactRows(MultibodyData d, ContactSet cs) {
        for (int c = 0; c < cs.count; c++) {
            if (cs.dist[c] >= cs.margin[c]) {
                continue; // within the gap: detected, no force (MuJoCo's "in gap")
            }
            int dim = cs.condim[c];
            int b1 = m.geomBody[cs.geom1[c]], b2 = m.geomBody[cs.geom2[c]];
            double px = cs.pos[3 * c], py = cs.pos[3 * c + 1], pz = cs.pos[3 * c + 2];
            int rn =
                    newRow(
                            NORMAL,
                            dim,
                            c,
                            cs.solref[2 * c],
                            cs.solref[2 * c + 1],
                            cs.dist[c] - cs.margin[c]);
            pointRow(d, rn, b1, b2, px, py, pz, cs.frame, 9 * c);
            if (dim >= 3) {
                int r1 = newRow(-1, 0, c, 0, 0, 0);
                pointRow(d, r1, b1, b2, px, py, pz, cs.frame, 9 * c + 3);
                int r2 = newRow(-1, 0, c, 0, 0, 0);
                pointRow(d, r2, b1, b2, px, py, pz, cs.frame, 9 * c + 6);
                mu[r1] = cs.friction[3 * c];
                mu[r2] = cs.friction[3 * c];
            }
            if (dim == 4) {
                int r3 = newRow(-1, 0, c, 0, 0, 0);
                angularRow(d, r3, b1, b2, cs.frame, 9 * c);
                mu[r3] = cs.friction[3 * c + 1];
            }
        }
    }

    private void buildLimitRows(MultibodyData d, double h) {
        for (int j = 0; j < m.njnt; j++) {
            if (m.jntLimited[j] && m.jntType[j] == JointType.BALL) {
                ballLimitRow(d, j);
                continue;
            }
            if (!m.jntLimited[j]
                    || (m.jntType[j] != JointType.HINGE && m.jntType[j] != JointType.SLIDE)) {
                continue;
            }
            double q = d.qpos[m.jntQposAdr[j]];
            int dof = m.jntDofAdr[j];
            double margin = m.jntMargin[j];
            double lower = q - m.jntRange[2 * j], upper = m.jntRange[2 * j + 1] - q;
            if (lower < margin) {
                int r =
                        newRow(
                                LIMIT,
                                1,
                                -1,
                                m.jntSolref[2 * j],
                                m.jntSolref[2 * j + 1],
                                lower - margin);
                jac[r * nv + dof] = 1;
            }
            if (upper < margin) {
                int r =
                        newRow(
                                LIMIT,
                                1,
                                -1,
                                m.jntSolref[2 * j],
                                m.jntSolref[2 * j + 1],
                                upper - margin);
                jac[r * nv + dof] = -1;
            }
        }
        for (int t = 0; t < m.ntendon; t++) {
            if (!m.tendonLimited[t]) {
                continue;
            }
            double len = d.tendonLength[t];
            double lower = len - m.tendonRange[2 * t], upper = m.tendonRange[2 * t + 1] - len;
            for (int side = 0; side < 2; side++) {
                double pos = side == 0 ? lower : upper;
                if (pos >= 0) {
                    continue;
                }
                int r = newRow(LIMIT, 1, -1, m.defaultSolref[0], m.defaultSolref[1], pos);
                double sign = side == 0 ? 1 : -1;
                for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                    jac[r * nv + m.jntDofAdr[m.tendonJoint[a]]] += sign * m.tendonCoef[a];
                }
            }
        }
        for (int i = 0; i < nv; i++) {
            if (m.dofFrictionLoss[i] > 0) {
                int r = newRow(FRICTIONLOSS, 1, -1, 0, 0, 0);
                jac[r * nv + i] = 1;
                mu[r] = m.dofFrictionLoss[i] * h;
            }
        }
    }

    /**
     * A ball joint's cone limit, as MJCF defines it: the rotation angle of the joint's quaternion
     * may not exceed range[1]. The angle's rate is the rotation axis dotted with the joint's
     * angular velocity (its three dofs, in the child frame; the axis is the same in both frames),
     * so the row is -axis on those dofs.
     */
    private void ballLimitRow(MultibodyData d, int j) {
        int qa = m.jntQposAdr[j];
        double w = d.qpos[qa], x = d.qpos[qa + 1], y = d.qpos[qa + 2], z = d.qpos[qa + 3];
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        double s = Math.sqrt(x * x + y * y + z * z) / norm;
        if (s < 1e-12) {
            return; // at the identity: no direction, and far from any positive limit
        }
        double angle = 2 * Math.atan2(s, w / norm);
        if (angle > Math.PI) {
            angle -= 2 * Math.PI; // the same rotation the short way round, about -axis
        }
        double dist = m.jntRange[2 * j + 1] - Math.abs(angle);
        double margin = m.jntMargin[j];
        if (dist >= margin) {
            return;
        }
        int r = newRow(LIMIT, 1, -1, m.jntSolref[2 * j], m.jntSolref[2 * j + 1], dist - margin);
        double k = -Math.signum(angle) / (s * norm);
        int dof = m.jntDofAdr[j];
        jac[r * nv + dof] = k * x;
        jac[r * nv + dof + 1] = k * y;
        jac[r * nv + dof + 2] = k * z;
    }

    /**
     * Row for the relative velocity of body b2 with respect to b1 at world point p along the
     * direction dir[o..o+3): J_k = sign * (dir . lin_k + (p x dir) . ang_k) over each body's dofs.
     */
    private void pointRow(
            MultibodyData d,
            int r,
            int b1,
            int b2,
            double px,
            double py,
            double pz,
            double[] dir,
            int o) {
        double dx = dir[o], dy = dir[o + 1], dz = dir[o + 2];
        double cx = py * dz - pz * dy, cy = pz * dx - px * dz, cz = px * dy - py * dx;
        double[] s = d.cdof;
        int ro = r * nv;
        for (int k = m.bodyLastDof[b2]; k >= 0; k = m.dofParent[k]) {
            int so = 6 * k;
            jac[ro + k] +=
                    dx * s[so + 3]
                            + dy * s[so + 4]
                            + dz * s[so + 5]
                            + cx * s[so]
                            + cy * s[so + 1]
                            + cz * s[so + 2];
        }
        for (int k = m.bodyLastDof[b1]; k >= 0; k = m.dofParent[k]) {
            int so = 6 * k;
            jac[ro + k] -=
                    dx * s[so + 3]
                            + dy * s[so + 4]
                            + dz * s[so + 5]
                            + cx * s[so]
                            + cy * s[so + 1]
                            + cz * s[so + 2];
        }
    }

    /** Row for the relative angular velocity of b2 with respect to b1 about dir. */
    private void angularRow(MultibodyData d, int r, int b1, int b2, double[] dir, int o) {
        double[] s = d.cdof;
        int ro = r * nv;
        for (int k = m.bodyLastDof[b2]; k >= 0; k = m.dofParent[k]) {
            jac[ro + k] +=
                    dir[o] * s[6 * k] + dir[o + 1] * s[6 * k + 1] + dir[o + 2] * s[6 * k + 2];
        }
        for (int k = m.bodyLastDof[b1]; k >= 0; k = m.dofParent[k]) {
            jac[ro + k] -=
                    dir[o] * s[6 * k] + dir[o + 1] * s[6 * k + 1] + dir[o + 2] * s[6 * k + 2];
        }
    }

    long arrayBytes() {
        return 8L * (jac.length + 4L * maxRows)
                + 4L * (3L * maxRows + nzDof.length + nzCount.length);
    }
}
