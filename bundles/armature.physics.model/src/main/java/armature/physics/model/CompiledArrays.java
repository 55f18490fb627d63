package armature.physics.model;

import armature.physics.model.Specs.Actuator;
import armature.physics.model.Specs.Body;
import armature.physics.model.Specs.Geom;
import armature.physics.model.Specs.Joint;
import armature.physics.model.Specs.Pair;
import armature.physics.model.Specs.Tendon;
import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Flat arrays handed to {@link MultibodyModel}. */
final class CompiledArrays {
    final String name;
    final double timestep, tolerance, impratio;
    final double[] gravity, defaultSolref, defaultSolimp;
    final Integrator integrator;
    final Cone cone;
    final int iterations, maxContacts, disableFlags;
    int[] bodyParent, bodyJointStart, bodyJointCount, bodyLastDof;
    double[] bodyPos, bodyQuat, bodyMass, bodyCom, bodyInertia;
    JointType[] jntType;
    int[] jntBody, jntQposAdr, jntDofAdr;
    double[] jntPos, jntAxis, jntRange, jntStiffness, jntSpringRef, jntSolref, jntSolimp, jntMargin;
    double[] dofSolref, dofSolimp;
    boolean[] jntLimited;
    int[] dofJnt, dofBody, dofParent;
    double[] dofDamping, dofArmature, dofFrictionLoss, qpos0;
    GeomType[] geomType;
    int[] geomBody, geomCondim, geomContype, geomConaffinity, geomMesh;
    double[] geomPos, geomQuat, geomSize, geomFriction, geomMargin, geomSolref, geomRbound;
    double[] geomSolimp, geomSolmix, geomGap;
    int[] geomPriority;
    int[] meshVertStart, meshVertCount;
    double[] meshVert;
    int[] meshTriStart, meshTriCount, meshTri;
    int[] siteBody;
    double[] sitePos;
    int[] tendonAdr, tendonNum, tendonJoint;
    double[] tendonCoef, tendonRange, tendonSolref, tendonSolimp, tendonMargin;
    boolean[] tendonLimited;
    ActuatorType[] actType;
    boolean[] actOnTendon, actCtrlLimited, actForceLimited;
    int[] actTarget;
    double[] actGear, actGain, actKv, actCtrlRange, actForceRange;
    int[] pairGeom1, pairGeom2, pairCondim;
    double[] pairFriction, pairMargin, pairSolref, pairSolimp, pairGap;
    long[] pairKeys, excludeBodyPairs;
    double[] keyQpos, keyQvel;
    EqualityArrays equality;
    List<String> bodyNames = new ArrayList<>(),
            jointNames = new ArrayList<>(),
            geomNames = new ArrayList<>(),
            siteNames = new ArrayList<>(),
            actuatorNames = new ArrayList<>(),
            tendonNames = new ArrayList<>(),
            keyNames;

    CompiledArrays(ModelBuilder b) {
        name = b.name;
        timestep = b.timestep;
        tolerance = b.tolerance;
        gravity = b.gravity.clone();
        defaultSolref = b.defaultSolref.clone();
        defaultSolimp = b.defaultSolimp.clone();
        impratio = b.impratio;
        cone = b.cone;
        disableFlags = b.disableFlags;
        integrator = b.integrator;
        iterations = b.iterations;
        maxContacts = b.maxContacts;
        for (int i = 0; i < b.bodies.size(); i++) {
            if (b.bodies.get(i).fromGeoms) {
                MassFromGeoms.apply(b.bodies.get(i), i, b.geoms);
            }
        }
        compileBodiesAndJoints(b);
        compileGeoms(b);
        compileRest(b);
        equality = new EqualityArrays(b, this);
    }

    private void compileBodiesAndJoints(ModelBuilder b) {
        int nb = b.bodies.size();
        bodyParent = new int[nb];
        bodyPos = new double[3 * nb];
        bodyQuat = new double[4 * nb];
        bodyMass = new double[nb];
        bodyCom = new double[3 * nb];
        bodyInertia = new double[6 * nb];
        bodyJointStart = new int[nb];
        bodyJointCount = new int[nb];
        bodyLastDof = new int[nb];
        for (int i = 0; i < nb; i++) {
            Body body = b.bodies.get(i);
            bodyNames.add(body.name);
            bodyParent[i] = body.parent;
            System.arraycopy(body.pos, 0, bodyPos, 3 * i, 3);
            System.arraycopy(body.quat, 0, bodyQuat, 4 * i, 4);
            bodyMass[i] = body.mass;
            System.arraycopy(body.com, 0, bodyCom, 3 * i, 3);
            System.arraycopy(body.inertia, 0, bodyInertia, 6 * i, 6);
            bodyJointStart[i] = -1;
        }
        int nj = b.joints.size();
        jntType = new JointType[nj];
        jntBody = new int[nj];
        jntQposAdr = new int[nj];
        jntDofAdr = new int[nj];
        jntPos = new double[3 * nj];
        jntAxis = new double[3 * nj];
        jntRange = new double[2 * nj];
        jntStiffness = new double[nj];
        jntSpringRef = new double[nj];
        jntSolref = new double[2 * nj];
        jntSolimp = new double[5 * nj];
        jntMargin = new double[nj];
        jntLimited = new boolean[nj];
        int nq = 0, nv = 0;
        for (int j = 0; j < nj; j++) {
            Joint jt = b.joints.get(j);
            nq += jt.type.nq();
            nv += jt.type.nv();
        }
        qpos0 = new double[nq];
        dofJnt = new int[nv];
        dofBody = new int[nv];
        dofParent = new int[nv];
        dofDamping = new double[nv];
        dofArmature = new double[nv];
        dofFrictionLoss = new double[nv];
        dofSolref = new double[2 * nv];
        dofSolimp = new double[5 * nv];
        int qa = 0, da = 0;
        for (int j = 0; j < nj; j++) {
            Joint jt = b.joints.get(j);
            if (jt.type == JointType.FREE
                    && (b.bodies.get(jt.body).parent != 0 || countJoints(b, jt.body) != 1)) {
                throw new IllegalArgumentException(
                        "free joint '"
                                + jt.name
                                + "' must be the only joint of a direct child of the world");
            }
            jointNames.add(jt.name);
            jntType[j] = jt.type;
            jntBody[j] = jt.body;
            jntQposAdr[j] = qa;
            jntDofAdr[j] = da;
            System.arraycopy(jt.pos, 0, jntPos, 3 * j, 3);
            System.arraycopy(jt.axis, 0, jntAxis, 3 * j, 3);
            jntLimited[j] = jt.limited;
            jntRange[2 * j] = jt.lower;
            jntRange[2 * j + 1] = jt.upper;
            jntStiffness[j] = jt.stiffness;
            jntSpringRef[j] = jt.springRef;
            double[] sr = jt.solref != null ? jt.solref : b.defaultSolref;
            jntSolref[2 * j] = sr[0];
            jntSolref[2 * j + 1] = sr[1];
            System.arraycopy(
                    jt.solimp != null ? jt.solimp : b.defaultSolimp, 0, jntSolimp, 5 * j, 5);
            jntMargin[j] = jt.margin;
            if (bodyJointStart[jt.body] < 0) {
                bodyJointStart[jt.body] = j;
            }
            bodyJointCount[jt.body]++;
            switch (jt.type) {
                case FREE -> {
                    double[] p = b.bodies.get(jt.body).pos, q = b.bodies.get(jt.body).quat;
                    System.arraycopy(p, 0, qpos0, qa, 3);
                    System.arraycopy(q, 0, qpos0, qa + 3, 4);
                }
                case BALL -> qpos0[qa] = 1;
                default -> qpos0[qa] = jt.ref;
            }
            for (int k = 0; k < jt.type.nv(); k++) {
                dofJnt[da + k] = j;
                dofBody[da + k] = jt.body;
                dofDamping[da + k] = jt.damping;
                dofArmature[da + k] = jt.armature;
                dofFrictionLoss[da + k] = jt.frictionLoss;
                System.arraycopy(
                        jt.solrefFriction != null ? jt.solrefFriction : b.defaultSolref,
                        0,
                        dofSolref,
                        2 * (da + k),
                        2);
                System.arraycopy(
                        jt.solimpFriction != null ? jt.solimpFriction : b.defaultSolimp,
                        0,
                        dofSolimp,
                        5 * (da + k),
                        5);
            }
            qa += jt.type.nq();
            da += jt.type.nv();
        }
        for (int i = 0; i < nb; i++) {
            if (bodyJointStart[i] < 0) {
                bodyJointStart[i] = 0;
            }
        }
        // Dof tree: each dof's parent is the previous dof of its body, or the last dof on the
        // path to the parent body. bodyLastDof[i] is the deepest dof moving body i.
        bodyLastDof[0] = -1;
        int d = 0;
        for (int i = 1; i < nb; i++) {
            int prev = bodyLastDof[bodyParent[i]];
            for (int k = 0; k < bodyJointCount[i]; k++) {
                int j = bodyJointStart[i] + k;
                for (int s = 0; s < jntType[j].nv(); s++) {
                    dofParent[d] = prev;
                    prev = d;
                    d++;
                }
            }
            bodyLastDof[i] = prev;
        }
    }

    private static int countJoints(ModelBuilder b, int body) {
        int n = 0;
        for (Joint j : b.joints) {
            if (j.body == body) {
                n++;
            }
        }
        return n;
    }

    private void compileGeoms(ModelBuilder b) {
        int ng = b.geoms.size();
        geomType = new GeomType[ng];
        geomBody = new int[ng];
        geomCondim = new int[ng];
        geomContype = new int[ng];
        geomConaffinity = new int[ng];
        geomMesh = new int[ng];
        geomPos = new double[3 * ng];
        geomQuat = new double[4 * ng];
        geomSize = new double[3 * ng];
        geomFriction = new double[3 * ng];
        geomMargin = new double[ng];
        geomSolref = new double[2 * ng];
        geomSolimp = new double[5 * ng];
        geomSolmix = new double[ng];
        geomGap = new double[ng];
        geomPriority = new int[ng];
        geomRbound = new double[ng];
        int nm = b.meshes.size();
        meshVertStart = new int[nm];
        meshVertCount = new int[nm];
        int total = 0;
        for (int m = 0; m < nm; m++) {
            meshVertStart[m] = total;
            meshVertCount[m] = b.meshes.get(m).length / 3;
            total += meshVertCount[m];
        }
        meshVert = new double[3 * total];
        for (int m = 0; m < nm; m++) {
            System.arraycopy(
                    b.meshes.get(m), 0, meshVert, 3 * meshVertStart[m], 3 * meshVertCount[m]);
        }
        meshTriStart = new int[nm];
        meshTriCount = new int[nm];
        int tris = 0;
        for (int m = 0; m < nm; m++) {
            meshTriStart[m] = tris;
            meshTriCount[m] = b.meshTriangles.get(m).length / 3;
            tris += meshTriCount[m];
        }
        meshTri = new int[3 * tris];
        for (int m = 0; m < nm; m++) {
            System.arraycopy(
                    b.meshTriangles.get(m), 0, meshTri, 3 * meshTriStart[m], 3 * meshTriCount[m]);
        }
        for (int g = 0; g < ng; g++) {
            Geom geom = b.geoms.get(g);
            geomNames.add(geom.name);
            geomType[g] = geom.type;
            geomBody[g] = geom.body;
            geomCondim[g] = geom.condim;
            geomContype[g] = geom.contype;
            geomConaffinity[g] = geom.conaffinity;
            geomMesh[g] = geom.mesh;
            System.arraycopy(geom.pos, 0, geomPos, 3 * g, 3);
            System.arraycopy(geom.quat, 0, geomQuat, 4 * g, 4);
            System.arraycopy(geom.size, 0, geomSize, 3 * g, 3);
            System.arraycopy(geom.friction, 0, geomFriction, 3 * g, 3);
            geomMargin[g] = geom.margin;
            double[] sr = geom.solref != null ? geom.solref : b.defaultSolref;
            geomSolref[2 * g] = sr[0];
            geomSolref[2 * g + 1] = sr[1];
            System.arraycopy(
                    geom.solimp != null ? geom.solimp : b.defaultSolimp, 0, geomSolimp, 5 * g, 5);
            geomSolmix[g] = geom.solmix;
            geomGap[g] = geom.gap;
            geomPriority[g] = geom.priority;
            double[] s = geom.size;
            geomRbound[g] =
                    switch (geom.type) {
                        case PLANE -> Double.POSITIVE_INFINITY;
                        case SPHERE -> s[0];
                        case CAPSULE -> s[0] + s[1];
                        case CYLINDER -> Math.hypot(s[0], s[1]);
                        case BOX -> Math.sqrt(s[0] * s[0] + s[1] * s[1] + s[2] * s[2]);
                        case MESH ->
                                meshRadius(
                                        meshVert,
                                        meshVertStart[geom.mesh],
                                        meshVertCount[geom.mesh]);
                        case ELLIPSOID -> Math.max(s[0], Math.max(s[1], s[2])); // never built
                    };
        }
    }

    private static double meshRadius(double[] v, int start, int count) {
        double r = 0;
        for (int i = start; i < start + count; i++) {
            r =
                    Math.max(
                            r,
                            Math.sqrt(
                                    v[3 * i] * v[3 * i]
                                            + v[3 * i + 1] * v[3 * i + 1]
                                            + v[3 * i + 2] * v[3 * i + 2]));
        }
        return r;
    }

    private void compileRest(ModelBuilder b) {
        int ns = b.sites.size();
        siteBody = new int[ns];
        sitePos = new double[3 * ns];
        for (int s = 0; s < ns; s++) {
            siteNames.add(b.sites.get(s).name);
            siteBody[s] = b.sites.get(s).body;
            System.arraycopy(b.sites.get(s).pos, 0, sitePos, 3 * s, 3);
        }
        int nt = b.tendons.size();
        tendonAdr = new int[nt];
        tendonNum = new int[nt];
        tendonLimited = new boolean[nt];
        tendonRange = new double[2 * nt];
        tendonSolref = new double[2 * nt];
        tendonSolimp = new double[5 * nt];
        tendonMargin = new double[nt];
        int total = 0;
        for (Tendon t : b.tendons) {
            total += t.joints.size();
        }
        tendonJoint = new int[total];
        tendonCoef = new double[total];
        int a = 0;
        for (int t = 0; t < nt; t++) {
            Tendon tn = b.tendons.get(t);
            if (tn.joints.isEmpty()) {
                throw new IllegalArgumentException("tendon '" + tn.name + "' has no joints");
            }
            tendonNames.add(tn.name);
            tendonAdr[t] = a;
            tendonNum[t] = tn.joints.size();
            tendonLimited[t] = tn.limited;
            tendonRange[2 * t] = tn.lower;
            tendonRange[2 * t + 1] = tn.upper;
            System.arraycopy(
                    tn.solref != null ? tn.solref : b.defaultSolref, 0, tendonSolref, 2 * t, 2);
            System.arraycopy(
                    tn.solimp != null ? tn.solimp : b.defaultSolimp, 0, tendonSolimp, 5 * t, 5);
            tendonMargin[t] = tn.margin;
            for (int k = 0; k < tn.joints.size(); k++) {
                tendonJoint[a] = tn.joints.get(k);
                tendonCoef[a] = tn.coefs.get(k);
                a++;
            }
        }
        int nu = b.actuators.size();
        actType = new ActuatorType[nu];
        actOnTendon = new boolean[nu];
        actCtrlLimited = new boolean[nu];
        actForceLimited = new boolean[nu];
        actTarget = new int[nu];
        actGear = new double[nu];
        actGain = new double[nu];
        actKv = new double[nu];
        actCtrlRange = new double[2 * nu];
        actForceRange = new double[2 * nu];
        for (int u = 0; u < nu; u++) {
            Actuator ac = b.actuators.get(u);
            actuatorNames.add(ac.name);
            actType[u] = ac.type;
            actOnTendon[u] = ac.onTendon;
            actCtrlLimited[u] = ac.ctrlLimited;
            actForceLimited[u] = ac.forceLimited;
            actTarget[u] = ac.target;
            actGear[u] = ac.gear;
            actGain[u] = ac.gain;
            actKv[u] = ac.kv;
            System.arraycopy(ac.ctrlRange, 0, actCtrlRange, 2 * u, 2);
            System.arraycopy(ac.forceRange, 0, actForceRange, 2 * u, 2);
        }
        int ng = b.geoms.size();
        List<Pair> sorted = new ArrayList<>(b.pairs);
        sorted.sort((p, q) -> Long.compare((long) p.g1 * ng + p.g2, (long) q.g1 * ng + q.g2));
        int np = sorted.size();
        pairGeom1 = new int[np];
        pairGeom2 = new int[np];
        pairCondim = new int[np];
        pairFriction = new double[3 * np];
        pairMargin = new double[np];
        pairSolref = new double[2 * np];
        pairSolimp = new double[5 * np];
        pairGap = new double[np];
        pairKeys = new long[np];
        for (int p = 0; p < np; p++) {
            Pair pr = sorted.get(p);
            pairGeom1[p] = pr.g1;
            pairGeom2[p] = pr.g2;
            pairCondim[p] = pr.condim;
            System.arraycopy(pr.friction, 0, pairFriction, 3 * p, 3);
            pairMargin[p] = pr.margin;
            System.arraycopy(
                    pr.solref != null ? pr.solref : b.defaultSolref, 0, pairSolref, 2 * p, 2);
            System.arraycopy(
                    pr.solimp != null ? pr.solimp : b.defaultSolimp, 0, pairSolimp, 5 * p, 5);
            pairGap[p] = pr.gap;
            // A pair listed twice stays twice (MuJoCo evaluates it twice: twice the contacts).
            pairKeys[p] = (long) pr.g1 * ng + pr.g2;
        }
        int nb = bodyParent.length;
        excludeBodyPairs = new long[b.excludes.size()];
        for (int e = 0; e < excludeBodyPairs.length; e++) {
            int[] ex = b.excludes.get(e);
            excludeBodyPairs[e] = (long) Math.min(ex[0], ex[1]) * nb + Math.max(ex[0], ex[1]);
        }
        Arrays.sort(excludeBodyPairs);
        keyNames = new ArrayList<>(b.keyNames);
        int nk = keyNames.size();
        int nq = qpos0.length, nv = dofJnt.length;
        keyQpos = new double[nk * nq];
        keyQvel = new double[nk * nv];
        for (int k = 0; k < nk; k++) {
            double[] q = b.keyQpos.get(k), v = b.keyQvel.get(k);
            if (q.length != nq || (v != null && v.length != nv)) {
                throw new IllegalArgumentException(
                        "keyframe '"
                                + keyNames.get(k)
                                + "': qpos length "
                                + q.length
                                + " (expected "
                                + nq
                                + "), qvel length "
                                + (v == null ? 0 : v.length)
                                + " (expected "
                                + nv
                                + ")");
            }
            System.arraycopy(q, 0, keyQpos, k * nq, nq);
            if (v != null) {
                System.arraycopy(v, 0, keyQvel, k * nv, nv);
            }
        }
    }
}
