package armature.physics.reference.dynamics;

import armature.physics.model.MultibodyModel;

/**
 * Everything one world computes and integrates, preallocated at construction so stepping never
 * allocates (MuJoCo's {@code mjData}). Fields are packed like the model's; spatial vectors are 6
 * entries (angular, linear) at the world origin, spatial inertias 10 entries (see {@link
 * armature.physics.math.Spatial}).
 */
public final class MultibodyData {
    public final MultibodyModel model;

    // ---- state
    public final double[] qpos, qvel, ctrl;
    public double time;

    /**
     * Mocap bodies' world positions (3 each) and orientations (4 each, w x y z; normalised when
     * used), in mocap order (MuJoCo's mocap_pos, mocap_quat). Initially the bodies' model poses.
     */
    public final double[] mocapPos, mocapQuat;

    // ---- per-world overrides (domain randomization), initialised from the model
    public final double[] bodyMassKg, bodyInertia, geomFriction, dofDamping, actGain, gravity;

    // ---- kinematics
    public final double[] xpos, xquat, xmat, xipos, cinert, cdof, jntAnchor, jntAxisWorld;
    public final double[] geomXpos, geomXmat, siteXpos;
    public final double[] tendonLength;

    // ---- dynamics
    public final double[] cvel, cacc, cfrc, crb;
    public final double[] qM, qLD, qDiagInv;
    public final double[] qfrcBias, qfrcPassive, qfrcActuator, qfrcSmooth, qfrcConstraint, qacc;
    public final double[] actuatorForce;

    /** Scratch (6-vectors, quaternion work). */
    public final double[] tmp6 = new double[6], tmp6b = new double[6], tmpq = new double[8];

    /** Scratch for {@link Dynamics#solveSparse}: dofs whose result may be nonzero. */
    final boolean[] dofLive;

    public MultibodyData(MultibodyModel m) {
        model = m;
        qpos = m.qpos0.clone();
        qvel = new double[m.nv];
        ctrl = new double[m.nu];
        mocapPos = new double[3 * m.nmocap];
        mocapQuat = new double[4 * m.nmocap];
        resetMocap();
        bodyMassKg = m.bodyMassKg.clone();
        bodyInertia = m.bodyInertia.clone();
        geomFriction = m.geomFriction.clone();
        dofDamping = m.dofDamping.clone();
        actGain = m.actGain.clone();
        gravity = m.gravityMPerS2.clone();
        xpos = new double[3 * m.nbody];
        xquat = new double[4 * m.nbody];
        xmat = new double[9 * m.nbody];
        xipos = new double[3 * m.nbody];
        cinert = new double[10 * m.nbody];
        cdof = new double[6 * m.nv];
        jntAnchor = new double[3 * m.njnt];
        jntAxisWorld = new double[3 * m.njnt];
        geomXpos = new double[3 * m.ngeom];
        geomXmat = new double[9 * m.ngeom];
        siteXpos = new double[3 * m.nsite];
        tendonLength = new double[m.ntendon];
        cvel = new double[6 * m.nbody];
        cacc = new double[6 * m.nbody];
        cfrc = new double[6 * m.nbody];
        crb = new double[10 * m.nbody];
        qM = new double[m.nv * m.nv];
        qLD = new double[m.nv * m.nv];
        qDiagInv = new double[m.nv];
        qfrcBias = new double[m.nv];
        qfrcPassive = new double[m.nv];
        qfrcActuator = new double[m.nv];
        qfrcSmooth = new double[m.nv];
        qfrcConstraint = new double[m.nv];
        qacc = new double[m.nv];
        actuatorForce = new double[m.nu];
        dofLive = new boolean[m.nv];
    }

    /** Puts every mocap body back at its pose in the model (its parent is the world). */
    public void resetMocap() {
        for (int b = 0; b < model.nbody; b++) {
            int k = model.bodyMocapId[b];
            if (k >= 0) {
                System.arraycopy(model.bodyPos, 3 * b, mocapPos, 3 * k, 3);
                System.arraycopy(model.bodyQuat, 4 * b, mocapQuat, 4 * k, 4);
            }
        }
    }

    /** Restores all overrides to the model's values. */
    public void clearOverrides() {
        System.arraycopy(model.bodyMassKg, 0, bodyMassKg, 0, bodyMassKg.length);
        System.arraycopy(model.bodyInertia, 0, bodyInertia, 0, bodyInertia.length);
        System.arraycopy(model.geomFriction, 0, geomFriction, 0, geomFriction.length);
        System.arraycopy(model.dofDamping, 0, dofDamping, 0, dofDamping.length);
        System.arraycopy(model.actGain, 0, actGain, 0, actGain.length);
        System.arraycopy(model.gravityMPerS2, 0, gravity, 0, 3);
    }

    /** Approximate heap bytes held by this object's arrays. */
    public long arrayBytes() {
        long doubles =
                qpos.length
                        + qvel.length
                        + ctrl.length
                        + bodyMassKg.length
                        + bodyInertia.length
                        + geomFriction.length
                        + dofDamping.length
                        + actGain.length
                        + 3
                        + xpos.length
                        + xquat.length
                        + xmat.length
                        + xipos.length
                        + cinert.length
                        + cdof.length
                        + jntAnchor.length
                        + jntAxisWorld.length
                        + geomXpos.length
                        + geomXmat.length
                        + siteXpos.length
                        + tendonLength.length
                        + 7L * model.nmocap
                        + cvel.length
                        + cacc.length
                        + cfrc.length
                        + crb.length
                        + qM.length
                        + qLD.length
                        + qDiagInv.length
                        + 7L * model.nv
                        + actuatorForce.length
                        + 20;
        return 8 * doubles;
    }
}
