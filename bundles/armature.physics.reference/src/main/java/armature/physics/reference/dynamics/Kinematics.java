package armature.physics.reference.dynamics;

import armature.physics.math.Quat;
import armature.physics.math.Vec3;
import armature.physics.model.MultibodyModel;
import armature.robot.model.JointType;

/**
 * Forward kinematics with MJCF semantics: a body is placed by its parent pose and its own pos/quat,
 * then its joints are applied in order, each about its anchor in the current body frame. Also
 * computes the world-frame motion subspace of every dof ({@code cdof}), spatial inertias at the
 * world origin ({@code cinert}), geom and site poses and tendon lengths.
 */
public final class Kinematics {
    private Kinematics() {}

    public static void forward(MultibodyData d) {
        MultibodyModel m = d.model;
        double[] q = d.qpos, tmp = d.tmpq;
        d.xquat[0] = 1;
        d.xmat[0] = d.xmat[4] = d.xmat[8] = 1;
        for (int b = 1; b < m.nbody; b++) {
            int p = m.bodyParent[b];
            int mocap = m.bodyMocapId[b];
            if (mocap >= 0) {
                // a mocap body (a child of the world without joints) sits where its mocap says
                System.arraycopy(d.mocapPos, 3 * mocap, d.xpos, 3 * b, 3);
                System.arraycopy(d.mocapQuat, 4 * mocap, d.xquat, 4 * b, 4);
                Quat.normalize(d.xquat, 4 * b);
                Quat.toMatrix(d.xquat, 4 * b, d.xmat, 9 * b);
                continue;
            }
            // xpos = xpos[p] + R[p] * pos ; xquat = xquat[p] * quat
            Vec3.mulMat(d.xmat, 9 * p, m.bodyPos, 3 * b, d.xpos, 3 * b);
            d.xpos[3 * b] += d.xpos[3 * p];
            d.xpos[3 * b + 1] += d.xpos[3 * p + 1];
            d.xpos[3 * b + 2] += d.xpos[3 * p + 2];
            Quat.mul(d.xquat, 4 * p, m.bodyQuat, 4 * b, d.xquat, 4 * b);
            Quat.toMatrix(d.xquat, 4 * b, d.xmat, 9 * b);
            int j0 = m.bodyJointStart[b], jn = j0 + m.bodyJointCount[b];
            for (int j = j0; j < jn; j++) {
                int qa = m.jntQposAdr[j];
                int da = m.jntDofAdr[j];
                // anchor and axis in the world with the joints applied so far
                Vec3.mulMat(d.xmat, 9 * b, m.jntPos, 3 * j, d.jntAnchor, 3 * j);
                for (int k = 0; k < 3; k++) {
                    d.jntAnchor[3 * j + k] += d.xpos[3 * b + k];
                }
                Vec3.mulMat(d.xmat, 9 * b, m.jntAxis, 3 * j, d.jntAxisWorld, 3 * j);
                JointType type = m.jntType[j];
                switch (type) {
                    case FREE -> {
                        d.xpos[3 * b] = q[qa];
                        d.xpos[3 * b + 1] = q[qa + 1];
                        d.xpos[3 * b + 2] = q[qa + 2];
                        System.arraycopy(q, qa + 3, d.xquat, 4 * b, 4);
                        Quat.normalize(d.xquat, 4 * b);
                        Quat.toMatrix(d.xquat, 4 * b, d.xmat, 9 * b);
                        System.arraycopy(d.xpos, 3 * b, d.jntAnchor, 3 * j, 3);
                    }
                    case BALL -> {
                        System.arraycopy(q, qa, tmp, 0, 4);
                        Quat.normalize(tmp, 0);
                        rotateAboutAnchor(d, m, b, j, tmp);
                    }
                    case HINGE -> {
                        Quat.fromAxisAngle(
                                m.jntAxis[3 * j],
                                m.jntAxis[3 * j + 1],
                                m.jntAxis[3 * j + 2],
                                q[qa] - m.qpos0[qa],
                                tmp,
                                0);
                        rotateAboutAnchor(d, m, b, j, tmp);
                    }
                    case SLIDE -> {
                        double s = q[qa] - m.qpos0[qa];
                        for (int k = 0; k < 3; k++) {
                            d.xpos[3 * b + k] += s * d.jntAxisWorld[3 * j + k];
                            d.jntAnchor[3 * j + k] += s * d.jntAxisWorld[3 * j + k];
                        }
                    }
                }
                writeDofs(d, m, b, j, da, type);
            }
        }
        comInertia(d, m);
        geomsSitesTendons(d, m);
    }

    /** Applies the local rotation tmp[0..4) about joint j's anchor to body b's frame. */
    private static void rotateAboutAnchor(
            MultibodyData d, MultibodyModel m, int b, int j, double[] tmp) {
        Quat.mul(d.xquat, 4 * b, tmp, 0, d.xquat, 4 * b);
        Quat.normalize(d.xquat, 4 * b);
        Quat.toMatrix(d.xquat, 4 * b, d.xmat, 9 * b);
        // keep the anchor fixed: xpos = anchor - R_new * jntPos
        Vec3.mulMat(d.xmat, 9 * b, m.jntPos, 3 * j, tmp, 4);
        for (int k = 0; k < 3; k++) {
            d.xpos[3 * b + k] = d.jntAnchor[3 * j + k] - tmp[4 + k];
        }
    }

    private static void writeDofs(
            MultibodyData d, MultibodyModel m, int b, int j, int da, JointType type) {
        double[] c = d.cdof;
        double ax = d.jntAxisWorld[3 * j],
                ay = d.jntAxisWorld[3 * j + 1],
                az = d.jntAxisWorld[3 * j + 2];
        double px = d.jntAnchor[3 * j], py = d.jntAnchor[3 * j + 1], pz = d.jntAnchor[3 * j + 2];
        switch (type) {
            case HINGE -> setRotDof(c, 6 * da, ax, ay, az, px, py, pz);
            case SLIDE -> {
                int o = 6 * da;
                c[o] = c[o + 1] = c[o + 2] = 0;
                c[o + 3] = ax;
                c[o + 4] = ay;
                c[o + 5] = az;
            }
            case BALL, FREE -> {
                int first = da;
                if (type == JointType.FREE) {
                    for (int k = 0; k < 3; k++) {
                        int o = 6 * (da + k);
                        for (int e = 0; e < 6; e++) {
                            c[o + e] = 0;
                        }
                        c[o + 3 + k] = 1;
                    }
                    first = da + 3;
                }
                // angular dofs about the axes of the frame right after this joint
                for (int k = 0; k < 3; k++) {
                    setRotDof(
                            c,
                            6 * (first + k),
                            d.xmat[9 * b + k],
                            d.xmat[9 * b + 3 + k],
                            d.xmat[9 * b + 6 + k],
                            px,
                            py,
                            pz);
                }
            }
        }
    }

    /** Rotation about unit axis a through point p: (a, p x a). */
    private static void setRotDof(
            double[] c, int o, double ax, double ay, double az, double px, double py, double pz) {
        c[o] = ax;
        c[o + 1] = ay;
        c[o + 2] = az;
        c[o + 3] = py * az - pz * ay;
        c[o + 4] = pz * ax - px * az;
        c[o + 5] = px * ay - py * ax;
    }

    private static void comInertia(MultibodyData d, MultibodyModel m) {
        for (int b = 1; b < m.nbody; b++) {
            int o = 9 * b;
            double[] r = d.xmat;
            Vec3.mulMat(r, o, m.bodyComM, 3 * b, d.xipos, 3 * b);
            double cx = d.xipos[3 * b] += d.xpos[3 * b];
            double cy = d.xipos[3 * b + 1] += d.xpos[3 * b + 1];
            double cz = d.xipos[3 * b + 2] += d.xpos[3 * b + 2];
            double mass = d.bodyMassKg[b];
            int io = 6 * b;
            double[] ib = d.bodyInertia;
            double ixx = ib[io],
                    iyy = ib[io + 1],
                    izz = ib[io + 2],
                    ixy = ib[io + 3],
                    ixz = ib[io + 4],
                    iyz = ib[io + 5];
            // world inertia about the com: R I R^T, element (i, j) = sum_kl R_ik I_kl R_jl
            int ci = 10 * b;
            double[] ci10 = d.cinert;
            double[] rr = r;
            double s00 = 0, s11 = 0, s22 = 0, s01 = 0, s02 = 0, s12 = 0;
            for (int k = 0; k < 3; k++) {
                // column k of I times R rows
                double i0k = k == 0 ? ixx : k == 1 ? ixy : ixz;
                double i1k = k == 0 ? ixy : k == 1 ? iyy : iyz;
                double i2k = k == 0 ? ixz : k == 1 ? iyz : izz;
                // t_i = sum_l I_kl R_il  -> (R I)_ik
                double t0 = rr[o] * i0k + rr[o + 1] * i1k + rr[o + 2] * i2k;
                double t1 = rr[o + 3] * i0k + rr[o + 4] * i1k + rr[o + 5] * i2k;
                double t2 = rr[o + 6] * i0k + rr[o + 7] * i1k + rr[o + 8] * i2k;
                double r0 = rr[o + k], r1 = rr[o + 3 + k], r2 = rr[o + 6 + k];
                s00 += t0 * r0;
                s11 += t1 * r1;
                s22 += t2 * r2;
                s01 += t0 * r1;
                s02 += t0 * r2;
                s12 += t1 * r2;
            }
            double cc = cx * cx + cy * cy + cz * cz;
            ci10[ci] = mass;
            ci10[ci + 1] = mass * cx;
            ci10[ci + 2] = mass * cy;
            ci10[ci + 3] = mass * cz;
            ci10[ci + 4] = s00 + mass * (cc - cx * cx);
            ci10[ci + 5] = s11 + mass * (cc - cy * cy);
            ci10[ci + 6] = s22 + mass * (cc - cz * cz);
            ci10[ci + 7] = s01 - mass * cx * cy;
            ci10[ci + 8] = s02 - mass * cx * cz;
            ci10[ci + 9] = s12 - mass * cy * cz;
        }
    }

    private static void geomsSitesTendons(MultibodyData d, MultibodyModel m) {
        double[] tmp = d.tmpq;
        for (int g = 0; g < m.ngeom; g++) {
            int b = m.geomBody[g];
            Vec3.mulMat(d.xmat, 9 * b, m.geomPos, 3 * g, d.geomXpos, 3 * g);
            for (int k = 0; k < 3; k++) {
                d.geomXpos[3 * g + k] += d.xpos[3 * b + k];
            }
            Quat.mul(d.xquat, 4 * b, m.geomQuat, 4 * g, tmp, 0);
            Quat.toMatrix(tmp, 0, d.geomXmat, 9 * g);
        }
        for (int s = 0; s < m.nsite; s++) {
            int b = m.siteBody[s];
            Vec3.mulMat(d.xmat, 9 * b, m.sitePos, 3 * s, d.siteXpos, 3 * s);
            for (int k = 0; k < 3; k++) {
                d.siteXpos[3 * s + k] += d.xpos[3 * b + k];
            }
        }
        for (int t = 0; t < m.ntendon; t++) {
            double len = 0;
            for (int a = m.tendonAdr[t]; a < m.tendonAdr[t] + m.tendonNum[t]; a++) {
                len += m.tendonCoef[a] * d.qpos[m.jntQposAdr[m.tendonJoint[a]]];
            }
            d.tendonLength[t] = len;
        }
    }
}
