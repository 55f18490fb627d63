package armature.physics.model;

import armature.physics.math.Quat;
import armature.physics.math.Vec3;
import armature.physics.model.Specs.Equality;
import armature.robot.model.JointType;
import java.util.List;

/**
 * Compiles equality constraints and mocap bodies into flat arrays, completing what MuJoCo's
 * compiler derives from the reference configuration qpos0: a connect's anchor in body2's frame, a
 * weld's relative pose when none was given, and each tendon's length at qpos0. At qpos0 every hinge
 * and slide sits at its reference and every ball at identity, and free bodies (children of the
 * world) sit at their model pose, so body poses are the plain composition of the bodies' pos/quat
 * along the tree.
 */
final class EqualityArrays {
    /** MuJoCo's mjNEQDATA: numbers per equality. */
    static final int DATA = 11;

    int[] bodyMocapId;
    int nmocap;
    EqualityType[] type;
    int[] obj1, obj2;
    double[] data, solref, solimp, tendonLength0;
    boolean[] active;

    EqualityArrays(ModelBuilder b, CompiledArrays c) {
        mocap(b, c);
        tendonLength0 = new double[c.tendonAdr.length];
        for (int t = 0; t < tendonLength0.length; t++) {
            for (int a = c.tendonAdr[t]; a < c.tendonAdr[t] + c.tendonNum[t]; a++) {
                tendonLength0[t] += c.tendonCoef[a] * c.qpos0[c.jntQposAdr[c.tendonJoint[a]]];
            }
        }
        int nb = c.bodyParent.length;
        double[] xpos = new double[3 * nb], xquat = new double[4 * nb], xmat = new double[9 * nb];
        referencePoses(c, xpos, xquat, xmat);
        List<Equality> eqs = b.equalities;
        int n = eqs.size();
        type = new EqualityType[n];
        obj1 = new int[n];
        obj2 = new int[n];
        data = new double[DATA * n];
        solref = new double[2 * n];
        solimp = new double[5 * n];
        active = new boolean[n];
        double[] tmp = new double[8];
        for (int i = 0; i < n; i++) {
            Equality e = eqs.get(i);
            type[i] = e.type;
            obj1[i] = e.obj1;
            obj2[i] = e.obj2;
            active[i] = e.active;
            System.arraycopy(e.solref != null ? e.solref : b.defaultSolref, 0, solref, 2 * i, 2);
            System.arraycopy(e.solimp != null ? e.solimp : b.defaultSolimp, 0, solimp, 5 * i, 5);
            int o = DATA * i;
            System.arraycopy(e.data, 0, data, o, DATA);
            switch (e.type) {
                case CONNECT ->
                        // anchor in body2's frame: R2^T (x1 + R1 a - x2)
                        pointInFrame(xpos, xmat, e.obj1, e.obj2, data, o, data, o + 3, tmp);
                case WELD -> {
                    if (e.relposeFromQpos0) {
                        // the weld point (anchor in body2) in body1's frame, and q1^-1 q2
                        pointInFrame(xpos, xmat, e.obj2, e.obj1, data, o, data, o + 3, tmp);
                        tmp[0] = xquat[4 * e.obj1];
                        tmp[1] = -xquat[4 * e.obj1 + 1];
                        tmp[2] = -xquat[4 * e.obj1 + 2];
                        tmp[3] = -xquat[4 * e.obj1 + 3];
                        Quat.mul(tmp, 0, xquat, 4 * e.obj2, data, o + 6);
                    }
                }
                case JOINT -> checkScalarJoints(c, e);
                case TENDON -> {
                    // fixed tendons need no further data
                }
            }
        }
    }

    private void mocap(ModelBuilder b, CompiledArrays c) {
        int nb = b.bodies.size();
        bodyMocapId = new int[nb];
        for (int i = 0; i < nb; i++) {
            Specs.Body body = b.bodies.get(i);
            bodyMocapId[i] = -1;
            if (!body.mocap) {
                continue;
            }
            if (body.parent != 0) {
                throw new IllegalArgumentException(
                        "mocap body '" + body.name + "' must be a child of the world body");
            }
            if (c.bodyJointCount[i] > 0) {
                throw new IllegalArgumentException(
                        "mocap body '" + body.name + "' must not have joints");
            }
            bodyMocapId[i] = nmocap++;
        }
    }

    /** World poses of all bodies at qpos0. */
    private static void referencePoses(
            CompiledArrays c, double[] xpos, double[] xquat, double[] xmat) {
        xquat[0] = 1;
        xmat[0] = xmat[4] = xmat[8] = 1;
        for (int i = 1; i < c.bodyParent.length; i++) {
            int p = c.bodyParent[i];
            Vec3.mulMat(xmat, 9 * p, c.bodyPos, 3 * i, xpos, 3 * i);
            for (int k = 0; k < 3; k++) {
                xpos[3 * i + k] += xpos[3 * p + k];
            }
            Quat.mul(xquat, 4 * p, c.bodyQuat, 4 * i, xquat, 4 * i);
            Quat.normalize(xquat, 4 * i);
            Quat.toMatrix(xquat, 4 * i, xmat, 9 * i);
        }
    }

    /** out = R_to^T (x_from + R_from p - x_to): a point of body {@code from} in body to's frame. */
    private static void pointInFrame(
            double[] xpos,
            double[] xmat,
            int from,
            int to,
            double[] p,
            int po,
            double[] out,
            int oo,
            double[] tmp) {
        Vec3.mulMat(xmat, 9 * from, p, po, tmp, 0);
        for (int k = 0; k < 3; k++) {
            tmp[k] += xpos[3 * from + k] - xpos[3 * to + k];
        }
        Vec3.mulMatT(xmat, 9 * to, tmp, 0, out, oo);
    }

    private static void checkScalarJoints(CompiledArrays c, Equality e) {
        for (int j : new int[] {e.obj1, e.obj2}) {
            if (j >= 0 && c.jntType[j] != JointType.HINGE && c.jntType[j] != JointType.SLIDE) {
                throw new IllegalArgumentException(
                        "joint equality on '"
                                + c.jointNames.get(j)
                                + "': only hinge and slide joints can be coupled, not "
                                + c.jntType[j]);
            }
        }
    }
}
