package armature.physics.reference.constraint;

import armature.physics.model.Cone;
import armature.physics.model.DisableFlags;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.JointType;

/**
 * Builds one step's constraint rows the way MuJoCo does (ADR 0082): rows in the order equality,
 * frictionloss, limits, contacts, each with MuJoCo's position and margin; then each row's diagonal
 * approximation from the inverse weights at qpos0, and MuJoCo's impedance law: {@code R =
 * (1-imp)/imp * diagApprox}, {@code D = 1/R}, stiffness and damping from solref in either form (the
 * time constant raised to twice the timestep unless refsafe is off), and the reference acceleration
 * {@code aref = -B vel - K imp (pos - margin)}. Pyramidal friction rows share the normal's
 * impedance, with {@code R = 2 mu^2 R_normal / impratio}.
 */
final class RowBuilder {
    /** Smallest positive value MuJoCo allows in divisions, and its impedance clamps. */
    static final double MINVAL = 1e-15, MINIMP = 0.0001, MAXIMP = 0.9999;

    private final MultibodyModel m;
    private final int nv;
    final InvWeights weights;
    private final EqualityRows equality;

    /** The contact's MuJoCo friction (slide, slide, spin, roll, roll). */
    private final double[] friction5 = new double[5];

    private final double[] ref = new double[2], impParams = new double[5];

    RowBuilder(MultibodyModel model, InvWeights weights, EqualityRows equality) {
        m = model;
        nv = model.nv;
        this.weights = weights;
        this.equality = equality;
    }

    /** Instantiates the rows for the current kinematics and contacts, then their impedance. */
    void build(MultibodyData d, ContactSet contacts, Efc efc) {
        efc.clear();
        int flags = m.disableFlags;
        if (nv == 0 || DisableFlags.disabled(flags, DisableFlags.CONSTRAINT)) {
            return;
        }
        if (!DisableFlags.disabled(flags, DisableFlags.EQUALITY)) {
            equality.instantiate(d, efc);
        }
        if (!DisableFlags.disabled(flags, DisableFlags.FRICTIONLOSS)) {
            frictionRows(efc);
        }
        if (!DisableFlags.disabled(flags, DisableFlags.LIMIT)) {
            limitRows(d, efc);
        }
        if (!DisableFlags.disabled(flags, DisableFlags.CONTACT)) {
            contactRows(d, contacts, efc);
        }
        for (int row = 0; row < efc.n; row++) {
            efc.index(row);
        }
        diagApprox(contacts, efc);
        impedance(contacts, efc);
        for (int row = 0; row < efc.n; row++) {
            double v = efc.dot(row, d.qvel);
            efc.vel[row] = v;
            efc.aref[row] =
                    -efc.b[row] * v - efc.k[row] * efc.imp[row] * (efc.pos[row] - efc.margin[row]);
        }
    }

    private void frictionRows(Efc efc) {
        for (int i = 0; i < nv; i++) {
            if (m.dofFrictionLoss[i] > 0) {
                int row = efc.add(Efc.FRICTION_DOF, i, 0, 0, m.dofFrictionLoss[i]);
                efc.jac[row * nv + i] = 1;
                efc.params(row, m.dofSolref, 2 * i, m.dofSolimp, 5 * i);
            }
        }
    }

    private void limitRows(MultibodyData d, Efc efc) {
        for (int j = 0; j < m.njnt; j++) {
            if (!m.jntLimited[j]) {
                continue;
            }
            double margin = m.jntMargin[j];
            int dof = m.jntDofAdr[j];
            if (m.jntType[j] == JointType.HINGE || m.jntType[j] == JointType.SLIDE) {
                double q = d.qpos[m.jntQposAdr[j]];
                for (int side = -1; side <= 1; side += 2) {
                    double dist = side * (m.jntRange[2 * j + (side + 1) / 2] - q);
                    if (dist < margin) {
                        int row = efc.add(Efc.LIMIT_JOINT, j, dist, margin, 0);
                        efc.jac[row * nv + dof] = -side;
                        efc.params(row, m.jntSolref, 2 * j, m.jntSolimp, 5 * j);
                    }
                }
            } else if (m.jntType[j] == JointType.BALL) {
                ballLimitRow(d, efc, j, margin, dof);
            }
        }
        for (int t = 0; t < m.ntendon; t++) {
            if (!m.tendonLimited[t]) {
                continue;
            }
            double length = d.tendonLength[t], margin = m.tendonMargin[t];
            for (int side = -1; side <= 1; side += 2) {
                double dist = side * (m.tendonRange[2 * t + (side + 1) / 2] - length);
                if (dist < margin) {
                    int row = efc.add(Efc.LIMIT_TENDON, t, dist, margin, 0);
                    for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                        efc.jac[row * nv + m.jntDofAdr[m.tendonJoint[a]]] +=
                                -side * m.tendonCoef[a];
                    }
                    efc.params(row, m.tendonSolref, 2 * t, m.tendonSolimp, 5 * t);
                }
            }
        }
    }

    /**
     * A ball joint's limit on its rotation angle: distance max(range) - angle, Jacobian minus the
     * unit rotation axis on the joint's three dofs (MuJoCo's quaternion-to-rotation-vector map).
     */
    private void ballLimitRow(MultibodyData d, Efc efc, int j, double margin, int dof) {
        int qa = m.jntQposAdr[j];
        double w = d.qpos[qa], x = d.qpos[qa + 1], y = d.qpos[qa + 2], z = d.qpos[qa + 3];
        double norm = Math.sqrt(w * w + x * x + y * y + z * z);
        w /= norm;
        x /= norm;
        y /= norm;
        z /= norm;
        double s = Math.sqrt(x * x + y * y + z * z);
        double angle = 0, ax = 0, ay = 0, az = 0;
        if (s > 0) {
            angle = 2 * Math.atan2(s, w);
            if (angle > Math.PI) {
                angle -= 2 * Math.PI;
            }
            ax = x / s * angle;
            ay = y / s * angle;
            az = z / s * angle;
            double len = Math.sqrt(ax * ax + ay * ay + az * az);
            if (len > 0) {
                ax /= len;
                ay /= len;
                az /= len;
            }
            angle = len;
        }
        double dist = Math.max(m.jntRange[2 * j], m.jntRange[2 * j + 1]) - angle;
        if (dist < margin) {
            int row = efc.add(Efc.LIMIT_JOINT, j, dist, margin, 0);
            efc.jac[row * nv + dof] = -ax;
            efc.jac[row * nv + dof + 1] = -ay;
            efc.jac[row * nv + dof + 2] = -az;
            efc.params(row, m.jntSolref, 2 * j, m.jntSolimp, 5 * j);
        }
    }

    private void contactRows(MultibodyData d, ContactSet cs, Efc efc) {
        boolean pyramidal = m.cone == Cone.PYRAMIDAL;
        for (int c = 0; c < cs.count; c++) {
            if (cs.dist[c] >= cs.margin[c]) {
                continue; // in the gap: detected, not constrained
            }
            int dim = cs.condim[c];
            int b1 = m.geomBody[cs.geom1[c]], b2 = m.geomBody[cs.geom2[c]];
            mujocoFriction(cs, c);
            if (dim == 1) {
                int row = efc.add(Efc.CONTACT_FRICTIONLESS, c, cs.dist[c], cs.margin[c], 0);
                efc.contact[row] = c;
                efc.params(row, cs.solref, 2 * c, cs.solimp, 5 * c);
                Jacobians.point(d, m, efc.jac, row * nv, 1, b1, b2, cs.pos, 3 * c, cs.frame, 9 * c);
            } else if (pyramidal) {
                for (int k = 1; k < dim; k++) {
                    double mu = friction5[k - 1];
                    for (int sign = 1; sign >= -1; sign -= 2) {
                        int row = efc.add(Efc.CONTACT_PYRAMIDAL, c, cs.dist[c], cs.margin[c], 0);
                        efc.contact[row] = c;
                        efc.params(row, cs.solref, 2 * c, cs.solimp, 5 * c);
                        int o = row * nv;
                        Jacobians.point(
                                d, m, efc.jac, o, 1, b1, b2, cs.pos, 3 * c, cs.frame, 9 * c);
                        if (k < 3) {
                            Jacobians.point(
                                    d,
                                    m,
                                    efc.jac,
                                    o,
                                    sign * mu,
                                    b1,
                                    b2,
                                    cs.pos,
                                    3 * c,
                                    cs.frame,
                                    9 * c + 3 * k);
                        } else {
                            Jacobians.angular(
                                    d,
                                    m,
                                    efc.jac,
                                    o,
                                    sign * mu,
                                    b1,
                                    b2,
                                    cs.frame,
                                    9 * c + 3 * (k - 3));
                        }
                    }
                }
            } else {
                // elliptic: one row per contact dimension, the normal's position only
                for (int k = 0; k < dim; k++) {
                    int row =
                            efc.add(
                                    Efc.CONTACT_ELLIPTIC,
                                    c,
                                    k == 0 ? cs.dist[c] : 0,
                                    k == 0 ? cs.margin[c] : 0,
                                    0);
                    efc.contact[row] = c;
                    efc.params(row, cs.solref, 2 * c, cs.solimp, 5 * c);
                    int o = row * nv;
                    if (k < 3) {
                        Jacobians.point(
                                d,
                                m,
                                efc.jac,
                                o,
                                1,
                                b1,
                                b2,
                                cs.pos,
                                3 * c,
                                cs.frame,
                                9 * c + 3 * k);
                    } else {
                        Jacobians.angular(
                                d, m, efc.jac, o, 1, b1, b2, cs.frame, 9 * c + 3 * (k - 3));
                    }
                }
            }
        }
    }

    /** The contact's three friction values as MuJoCo's five: slide, slide, spin, roll, roll. */
    private void mujocoFriction(ContactSet cs, int c) {
        friction5[0] = friction5[1] = Math.max(1e-5, cs.friction[3 * c]);
        friction5[2] = Math.max(1e-5, cs.friction[3 * c + 1]);
        friction5[3] = friction5[4] = Math.max(1e-5, cs.friction[3 * c + 2]);
    }

    private void diagApprox(ContactSet cs, Efc efc) {
        double[] bw = weights.body;
        for (int row = 0; row < efc.n; row++) {
            int id = efc.id[row];
            switch (efc.type[row]) {
                case Efc.EQUALITY -> efc.diagApprox[row] = equality.diagApprox(efc, row, weights);
                case Efc.FRICTION_DOF -> efc.diagApprox[row] = weights.dof[id];
                case Efc.LIMIT_JOINT -> efc.diagApprox[row] = weights.dof[m.jntDofAdr[id]];
                case Efc.FRICTION_TENDON, Efc.LIMIT_TENDON ->
                        efc.diagApprox[row] = weights.tendon[id];
                default -> {
                    int b1 = m.geomBody[cs.geom1[id]], b2 = m.geomBody[cs.geom2[id]];
                    double tran = bw[2 * b1] + bw[2 * b2], rot = bw[2 * b1 + 1] + bw[2 * b2 + 1];
                    if (efc.type[row] == Efc.CONTACT_FRICTIONLESS) {
                        efc.diagApprox[row] = tran;
                    } else if (efc.type[row] == Efc.CONTACT_ELLIPTIC) {
                        int dim = cs.condim[id];
                        for (int j = 0; j < dim; j++) {
                            efc.diagApprox[row + j] = j < 3 ? tran : rot;
                        }
                        row += dim - 1;
                    } else {
                        mujocoFriction(cs, id);
                        int dim = cs.condim[id];
                        for (int j = 0; j < dim - 1; j++) {
                            double f = friction5[j];
                            double v = tran + f * f * (j < 2 ? tran : rot);
                            efc.diagApprox[row + 2 * j] = v;
                            efc.diagApprox[row + 2 * j + 1] = v;
                        }
                        row += 2 * dim - 3;
                    }
                }
            }
        }
    }

    private void impedance(ContactSet cs, Efc efc) {
        double h = m.timestepSeconds;
        boolean refsafe = !DisableFlags.disabled(m.disableFlags, DisableFlags.REFSAFE);
        for (int row = 0; row < efc.n; row++) {
            int t = efc.type[row];
            int dim =
                    t == Efc.CONTACT_PYRAMIDAL
                            ? 2 * (cs.condim[efc.id[row]] - 1)
                            : t == Efc.CONTACT_ELLIPTIC ? cs.condim[efc.id[row]] : 1;
            dim = equality.rowsSharingImpedance(efc, row, dim);
            ref[0] = efc.solref[2 * row];
            ref[1] = efc.solref[2 * row + 1];
            System.arraycopy(efc.solimp, 5 * row, impParams, 0, 5);
            if ((ref[0] > 0) != (ref[1] > 0)) {
                ref[0] = 0.02;
                ref[1] = 1;
            }
            if (refsafe && ref[0] > 0) {
                ref[0] = Math.max(ref[0], 2 * h);
            }
            impParams[0] = clamp(impParams[0], MINIMP, MAXIMP);
            impParams[1] = clamp(impParams[1], MINIMP, MAXIMP);
            impParams[2] = Math.max(0, impParams[2]);
            impParams[3] = clamp(impParams[3], MINIMP, MAXIMP);
            impParams[4] = Math.max(1, impParams[4]);
            double position = equality.impedancePosition(efc, row, dim);
            double imp = impedance(impParams, position, efc.margin[row]);
            double dmax = impParams[1];
            for (int j = row; j < row + dim; j++) {
                efc.r[j] = Math.max(MINVAL, (1 - imp) * efc.diagApprox[j] / imp);
                boolean friction =
                        efc.type[j] == Efc.FRICTION_DOF
                                || efc.type[j] == Efc.FRICTION_TENDON
                                || (efc.type[j] == Efc.CONTACT_ELLIPTIC && j > row);
                if (friction) {
                    efc.k[j] = 0;
                } else if (ref[0] > 0) {
                    efc.k[j] =
                            1 / Math.max(MINVAL, dmax * dmax * ref[0] * ref[0] * ref[1] * ref[1]);
                } else {
                    efc.k[j] = -ref[0] / Math.max(MINVAL, dmax * dmax);
                }
                efc.b[j] =
                        ref[1] > 0
                                ? 2 / Math.max(MINVAL, dmax * ref[0])
                                : -ref[1] / Math.max(MINVAL, dmax);
                efc.imp[j] = imp;
            }
            row += dim - 1;
        }
        for (int row = efc.ne + efc.nf; row < efc.n; row++) {
            if (efc.type[row] == Efc.CONTACT_ELLIPTIC) {
                int c = efc.id[row], dim = cs.condim[c];
                mujocoFriction(cs, c);
                efc.r[row + 1] = efc.r[row] / Math.max(MINVAL, m.impratio);
                efc.mu[c] = friction5[0] * Math.sqrt(efc.r[row + 1] / efc.r[row]);
                for (int j = 1; j < dim - 1; j++) {
                    efc.r[row + j + 1] =
                            efc.r[row + 1]
                                    * friction5[0]
                                    * friction5[0]
                                    / (friction5[j] * friction5[j]);
                }
                for (int j = 0; j < dim; j++) {
                    efc.friction[6 * c + j] = j == 0 ? 0 : friction5[j - 1];
                }
                efc.dim[c] = dim;
                row += dim - 1;
            } else if (efc.type[row] == Efc.CONTACT_PYRAMIDAL) {
                int c = efc.id[row], dim = cs.condim[c];
                mujocoFriction(cs, c);
                double r1 = efc.r[row] / Math.max(MINVAL, m.impratio);
                double mu = friction5[0] * Math.sqrt(r1 / efc.r[row]);
                double rpy = 2 * mu * mu * efc.r[row];
                for (int j = row; j < row + 2 * (dim - 1); j++) {
                    efc.r[j] = rpy;
                }
                row += 2 * (dim - 1) - 1;
            }
        }
        for (int row = 0; row < efc.n; row++) {
            efc.dInv[row] = 1 / efc.r[row];
        }
    }

    /** MuJoCo's impedance curve: from dmin at zero violation to dmax at the width. */
    static double impedance(double[] s, double pos, double margin) {
        if (s[0] == s[1] || s[2] <= MINVAL) {
            return 0.5 * (s[0] + s[1]);
        }
        double x = Math.abs((pos - margin) / s[2]);
        if (x >= 1 || x <= 0) {
            return x >= 1 ? s[1] : s[0];
        }
        double y;
        if (s[4] == 1) {
            y = x;
        } else if (x <= s[3]) {
            y = (1 / power(s[3], s[4] - 1)) * power(x, s[4]);
        } else {
            y = 1 - (1 / power(1 - s[3], s[4] - 1)) * power(1 - x, s[4]);
        }
        return s[0] + y * (s[1] - s[0]);
    }

    /** a^b with MuJoCo's exact shortcuts for the common powers 1 and 2. */
    private static double power(double a, double b) {
        return b == 1 ? a : b == 2 ? a * a : Math.pow(a, b);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.min(hi, Math.max(lo, v));
    }
}
