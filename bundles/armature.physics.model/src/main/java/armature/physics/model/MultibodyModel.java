package armature.physics.model;

import armature.physics.api.PhysicsModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.util.List;

/**
 * The compiled, flat multibody model: struct-of-arrays in the spirit of MuJoCo's {@code mjModel}.
 * Built only by {@link ModelBuilder}, which validates everything, so engines can read the arrays
 * without further checks.
 *
 * <p>The public arrays are shared by every world created from the model and MUST NOT be written;
 * per-world changes go through the world's randomization overrides. Vectors are packed: entry
 * {@code i} of a 3-vector field occupies {@code [3i, 3i+3)}. Quaternions are w, x, y, z. Body 0 is
 * the static world; every body's parent has a smaller index; joints are ordered by body, and dofs
 * by joint.
 */
public final class MultibodyModel implements PhysicsModel {

    // ---- options
    public final String name;
    public final double timestepSeconds;
    public final double[] gravityMPerS2;
    public final Integrator integrator;
    public final int solverIterations;
    public final double solverTolerance;

    /** Default soft-constraint time constant (seconds) and damping ratio, see ADR 0020. */
    public final double[] defaultSolref;

    /** solimp used where an element names none (5 values). */
    public final double[] defaultSolimp;

    /** Ratio of frictional to normal contact impedance (MuJoCo impratio). */
    public final double impratio;

    public final Cone cone;

    /** {@link DisableFlags} bits. */
    public final int disableFlags;

    public final int maxContacts;

    // ---- sizes
    public final int nbody, njnt, nq, nv, ngeom, nsite, nu, ntendon, nmesh, nkey;

    // ---- bodies
    public final int[] bodyParent;
    public final double[] bodyPos, bodyQuat;
    public final double[] bodyMassKg;

    /** Centre of mass in the body frame. */
    public final double[] bodyComM;

    /** Rotational inertia about the centre of mass in body axes: xx, yy, zz, xy, xz, yz. */
    public final double[] bodyInertia;

    public final int[] bodyJointStart, bodyJointCount;

    /** Last dof on the path from the world to the body (inclusive), or -1 for none. */
    public final int[] bodyLastDof;

    // ---- joints
    public final JointType[] jntType;
    public final int[] jntBody, jntQposAdr, jntDofAdr;
    public final double[] jntPos, jntAxis;
    public final boolean[] jntLimited;
    public final double[] jntRange;
    public final double[] jntStiffness, jntSpringRef;
    public final double[] jntSolref;

    /** Limit impedance per joint (5 each). */
    public final double[] jntSolimp;

    public final double[] jntMargin;

    // ---- dofs
    public final int[] dofJnt, dofBody, dofParent;
    public final double[] dofDamping, dofArmature, dofFrictionLoss;

    /** Frictionloss softness per dof (2 and 5 each; MJCF solreffriction/solimpfriction). */
    public final double[] dofSolref, dofSolimp;

    public final double[] qpos0;

    // ---- geoms
    public final GeomType[] geomType;
    public final int[] geomBody, geomCondim, geomContype, geomConaffinity, geomMesh;
    public final double[] geomPos, geomQuat, geomSize, geomFriction, geomMargin, geomSolref;

    /** Contact impedance (5 each), solref/solimp mixing weight and gap per geom. */
    public final double[] geomSolimp, geomSolmix, geomGap;

    public final int[] geomPriority;

    /** Radius of a sphere about the geom origin that contains the shape (infinite for planes). */
    public final double[] geomRbound;

    // ---- convex meshes (vertices in the mesh's own frame; the geom pose places it)
    public final int[] meshVertStart, meshVertCount;
    public final double[] meshVert;

    /** Hull triangles per mesh: index triples local to the mesh, counter-clockwise from outside. */
    public final int[] meshTriStart, meshTriCount, meshTri;

    /** Faces, edges and vertex neighbours of each mesh hull, for contact manifolds. */
    public final ConvexFaces meshFaces;

    // ---- sites
    public final int[] siteBody;
    public final double[] sitePos;

    // ---- fixed tendons: length = sum coef * q(joint)
    public final int[] tendonAdr, tendonNum, tendonJoint;
    public final double[] tendonCoef;
    public final boolean[] tendonLimited;
    public final double[] tendonRange;

    /** Limit softness (2 each), impedance (5 each) and activation distance per tendon. */
    public final double[] tendonSolref, tendonSolimp, tendonMargin;

    // ---- actuators
    public final ActuatorType[] actType;

    /** True when the actuator drives a tendon, false when it drives a joint. */
    public final boolean[] actOnTendon;

    public final int[] actTarget;
    public final double[] actGear, actGain, actKv;
    public final boolean[] actCtrlLimited, actForceLimited;
    public final double[] actCtrlRange, actForceRange;

    // ---- explicit contact pairs and exclusions
    public final int[] pairGeom1, pairGeom2, pairCondim;
    public final double[] pairFriction, pairMargin, pairSolref, pairSolimp, pairGap;

    /** Sorted keys {@code min(b1,b2) * nbody + max(b1,b2)} of excluded body pairs. */
    public final long[] excludeBodyPairs;

    /** Sorted keys of geom pairs that have an explicit pair (they bypass bitmask filtering). */
    public final long[] pairKeys;

    // ---- mocap bodies and equality constraints (MuJoCo's body_mocapid and eq_*)

    /** Number of mocap bodies. */
    public final int nmocap;

    /** Mocap index of each body, -1 when the body is not a mocap body. */
    public final int[] bodyMocapId;

    /** Number of equality constraints. */
    public final int neq;

    public final EqualityType[] eqType;

    /**
     * Constrained objects: bodies (connect, weld; body2 0 is the world), joints or tendons; {@code
     * eqObj2} is -1 where a joint or tendon coupling has no second object.
     */
    public final int[] eqObj1, eqObj2;

    /**
     * MuJoCo's eq_data, 11 per equality. Connect: anchor in body1 (3), anchor in body2 (3). Weld:
     * anchor in body2 (3), that point in body1 (3), body2's orientation relative to body1 (4, w x y
     * z), torquescale. Joint and tendon: polycoef (5).
     */
    public final double[] eqData;

    /** Each equality's solref (2) and solimp (5). */
    public final double[] eqSolref, eqSolimp;

    /** Whether each equality is active. */
    public final boolean[] eqActive;

    /** Each tendon's length at qpos0 (MuJoCo's tendon_length0). */
    public final double[] tendonLength0;

    // ---- keyframes
    public final double[] keyQpos, keyQvel;
    private final List<String> bodyNames,
            jointNames,
            geomNames,
            siteNames,
            actuatorNames,
            tendonNames,
            keyNames;

    MultibodyModel(CompiledArrays c) {
        name = c.name;
        timestepSeconds = c.timestep;
        gravityMPerS2 = c.gravity;
        integrator = c.integrator;
        solverIterations = c.iterations;
        solverTolerance = c.tolerance;
        defaultSolref = c.defaultSolref;
        defaultSolimp = c.defaultSolimp;
        impratio = c.impratio;
        cone = c.cone;
        disableFlags = c.disableFlags;
        maxContacts = c.maxContacts;
        nbody = c.bodyParent.length;
        njnt = c.jntType.length;
        nq = c.qpos0.length;
        nv = c.dofJnt.length;
        ngeom = c.geomType.length;
        nsite = c.siteBody.length;
        nu = c.actType.length;
        ntendon = c.tendonAdr.length;
        nmesh = c.meshVertStart.length;
        nkey = c.keyNames.size();
        bodyParent = c.bodyParent;
        bodyPos = c.bodyPos;
        bodyQuat = c.bodyQuat;
        bodyMassKg = c.bodyMass;
        bodyComM = c.bodyCom;
        bodyInertia = c.bodyInertia;
        bodyJointStart = c.bodyJointStart;
        bodyJointCount = c.bodyJointCount;
        bodyLastDof = c.bodyLastDof;
        jntType = c.jntType;
        jntBody = c.jntBody;
        jntQposAdr = c.jntQposAdr;
        jntDofAdr = c.jntDofAdr;
        jntPos = c.jntPos;
        jntAxis = c.jntAxis;
        jntLimited = c.jntLimited;
        jntRange = c.jntRange;
        jntStiffness = c.jntStiffness;
        jntSpringRef = c.jntSpringRef;
        jntSolref = c.jntSolref;
        jntSolimp = c.jntSolimp;
        jntMargin = c.jntMargin;
        dofJnt = c.dofJnt;
        dofBody = c.dofBody;
        dofParent = c.dofParent;
        dofDamping = c.dofDamping;
        dofArmature = c.dofArmature;
        dofFrictionLoss = c.dofFrictionLoss;
        dofSolref = c.dofSolref;
        dofSolimp = c.dofSolimp;
        qpos0 = c.qpos0;
        geomType = c.geomType;
        geomBody = c.geomBody;
        geomCondim = c.geomCondim;
        geomContype = c.geomContype;
        geomConaffinity = c.geomConaffinity;
        geomMesh = c.geomMesh;
        geomPos = c.geomPos;
        geomQuat = c.geomQuat;
        geomSize = c.geomSize;
        geomFriction = c.geomFriction;
        geomMargin = c.geomMargin;
        geomSolref = c.geomSolref;
        geomSolimp = c.geomSolimp;
        geomSolmix = c.geomSolmix;
        geomGap = c.geomGap;
        geomPriority = c.geomPriority;
        geomRbound = c.geomRbound;
        meshVertStart = c.meshVertStart;
        meshVertCount = c.meshVertCount;
        meshVert = c.meshVert;
        meshTriStart = c.meshTriStart;
        meshTriCount = c.meshTriCount;
        meshTri = c.meshTri;
        meshFaces =
                ConvexFaces.build(
                        meshVertStart,
                        meshVertCount,
                        meshVert,
                        meshTriStart,
                        meshTriCount,
                        meshTri);
        siteBody = c.siteBody;
        sitePos = c.sitePos;
        tendonAdr = c.tendonAdr;
        tendonNum = c.tendonNum;
        tendonJoint = c.tendonJoint;
        tendonCoef = c.tendonCoef;
        tendonLimited = c.tendonLimited;
        tendonRange = c.tendonRange;
        tendonSolref = c.tendonSolref;
        tendonSolimp = c.tendonSolimp;
        tendonMargin = c.tendonMargin;
        actType = c.actType;
        actOnTendon = c.actOnTendon;
        actTarget = c.actTarget;
        actGear = c.actGear;
        actGain = c.actGain;
        actKv = c.actKv;
        actCtrlLimited = c.actCtrlLimited;
        actForceLimited = c.actForceLimited;
        actCtrlRange = c.actCtrlRange;
        actForceRange = c.actForceRange;
        pairGeom1 = c.pairGeom1;
        pairGeom2 = c.pairGeom2;
        pairCondim = c.pairCondim;
        pairFriction = c.pairFriction;
        pairMargin = c.pairMargin;
        pairSolref = c.pairSolref;
        pairSolimp = c.pairSolimp;
        pairGap = c.pairGap;
        pairKeys = c.pairKeys;
        excludeBodyPairs = c.excludeBodyPairs;
        keyQpos = c.keyQpos;
        nmocap = c.equality.nmocap;
        bodyMocapId = c.equality.bodyMocapId;
        neq = c.equality.type.length;
        eqType = c.equality.type;
        eqObj1 = c.equality.obj1;
        eqObj2 = c.equality.obj2;
        eqData = c.equality.data;
        eqSolref = c.equality.solref;
        eqSolimp = c.equality.solimp;
        eqActive = c.equality.active;
        tendonLength0 = c.equality.tendonLength0;
        keyQvel = c.keyQvel;
        bodyNames = List.copyOf(c.bodyNames);
        jointNames = List.copyOf(c.jointNames);
        geomNames = List.copyOf(c.geomNames);
        siteNames = List.copyOf(c.siteNames);
        actuatorNames = List.copyOf(c.actuatorNames);
        tendonNames = List.copyOf(c.tendonNames);
        keyNames = List.copyOf(c.keyNames);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double timestepSeconds() {
        return timestepSeconds;
    }

    @Override
    public int positionCount() {
        return nq;
    }

    @Override
    public int velocityCount() {
        return nv;
    }

    @Override
    public int actuatorCount() {
        return nu;
    }

    @Override
    public List<String> bodyNames() {
        return bodyNames;
    }

    @Override
    public List<String> jointNames() {
        return jointNames;
    }

    @Override
    public List<String> geomNames() {
        return geomNames;
    }

    @Override
    public List<String> siteNames() {
        return siteNames;
    }

    @Override
    public List<String> actuatorNames() {
        return actuatorNames;
    }

    /** Tendon names. */
    public List<String> tendonNames() {
        return tendonNames;
    }

    @Override
    public List<String> keyframeNames() {
        return keyNames;
    }

    @Override
    public void copyInitialPositions(double[] qpos) {
        if (qpos == null || qpos.length != nq) {
            throw new IllegalArgumentException(
                    "qpos length " + (qpos == null ? "null" : qpos.length) + ", expected " + nq);
        }
        System.arraycopy(qpos0, 0, qpos, 0, nq);
    }

    /** Sorted-array membership test used for pair/exclude lookups (deterministic, no hashing). */
    public static boolean containsKey(long[] sortedKeys, long key) {
        return java.util.Arrays.binarySearch(sortedKeys, key) >= 0;
    }

    /** Index of {@code key} in a sorted key array, or a negative number. */
    public static int indexOfKey(long[] sortedKeys, long key) {
        return java.util.Arrays.binarySearch(sortedKeys, key);
    }
}
