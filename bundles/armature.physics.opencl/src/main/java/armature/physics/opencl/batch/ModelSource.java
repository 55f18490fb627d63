package armature.physics.opencl.batch;

import armature.physics.model.MultibodyModel;
import armature.robot.model.ActuatorType;
import armature.robot.model.JointType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The OpenCL C program for one model: the model's sizes as macros and its constants as {@code
 * __constant} arrays, in front of the kernels ({@code batch.cl}). Baking the model into the program
 * lets the compiler size every per-world working array at compile time and keeps the kernels'
 * argument lists to state and parameters; a model is compiled once per engine instance.
 */
final class ModelSource {
    private final StringBuilder out = new StringBuilder();
    private final boolean float64;

    ModelSource(boolean float64) {
        this.float64 = float64;
    }

    /** The program with the model's own contact bound ({@code maxContacts}) as the capacity. */
    static String of(MultibodyModel m, boolean float64, int ring) {
        return of(m, float64, ring, m.maxContacts);
    }

    /**
     * @param ring slots of the per-world control ring: the largest action latency in control steps
     *     plus one
     * @param contactCapacity contacts per world per timestep ({@code MAXCON})
     */
    static String of(MultibodyModel m, boolean float64, int ring, int contactCapacity) {
        ModelSource s = new ModelSource(float64);
        s.header(m, ring, contactCapacity);
        return s.out + kernels();
    }

    /** Build options for the program: precision and the model's disable flags. */
    static String options(MultibodyModel m, boolean float64) {
        StringBuilder o = new StringBuilder();
        if (Unsupported.disabled(m, armature.physics.model.DisableFlags.PASSIVE)) {
            o.append(" -DARM_NO_PASSIVE");
        }
        if (Unsupported.disabled(m, armature.physics.model.DisableFlags.ACTUATION)) {
            o.append(" -DARM_NO_ACTUATION");
        }
        if (Unsupported.disabled(m, armature.physics.model.DisableFlags.EULERDAMP)) {
            o.append(" -DARM_NO_EULERDAMP");
        }
        if (m.integrator == armature.physics.model.Integrator.RK4) {
            o.append(" -DARM_RK4");
        }
        o.append(ConstraintSource.options(m));
        if (ContactPairs.contactsOn(m) && new ContactPairs(m).count() > 0) {
            o.append(" -DARM_CONTACTS");
        }
        return o.toString().strip();
    }

    private void header(MultibodyModel m, int ring, int contactCapacity) {
        define("NBODY", m.nbody);
        define("NJNT", m.njnt);
        define("NJNT_PAD", Math.max(1, m.njnt));
        define("NQ", m.nq);
        define("NV", m.nv);
        define("NU", m.nu);
        define("NU_PAD", Math.max(1, m.nu));
        define("NSITE", m.nsite);
        define("NMOCAP", m.nmocap);
        define("NMOCAP_PAD", Math.max(1, m.nmocap));
        define("NTENDON", m.ntendon);
        define("NTENDON_PAD", Math.max(1, m.ntendon));
        define("NGEOM_PAD", Math.max(1, m.ngeom));
        define("RING", ring);
        define("MAXCON", Math.max(1, contactCapacity));
        define("JT_FREE", 0);
        define("JT_BALL", 1);
        define("JT_SLIDE", 2);
        define("JT_HINGE", 3);
        out.append(float64 ? "#define ARM_DOUBLE 1\n" : "");
        out.append(
                """
                #ifdef ARM_DOUBLE
                #pragma OPENCL EXTENSION cl_khr_fp64 : enable
                typedef double real_c;
                #else
                typedef float real_c;
                #endif
                """);
        ints("BODY_PARENT", m.bodyParent);
        int[] root = new int[m.nbody];
        for (int b = 1; b < m.nbody; b++) {
            root[b] = m.bodyParent[b] == 0 ? b : root[m.bodyParent[b]];
        }
        ints("BODY_ROOT", root);
        ints("BODY_MOCAP", m.bodyMocapId);
        int[] mocapBody = new int[Math.max(1, m.nmocap)];
        for (int b = 0; b < m.nbody; b++) {
            if (m.bodyMocapId[b] >= 0) {
                mocapBody[m.bodyMocapId[b]] = b;
            }
        }
        ints("MOCAP_BODY", mocapBody);
        reals("BODY_POS", m.bodyPos);
        reals("BODY_QUAT", m.bodyQuat);
        ints("BODY_JNT_START", m.bodyJointStart);
        ints("BODY_JNT_COUNT", m.bodyJointCount);
        reals("BODY_COM", m.bodyComM);
        reals("BODY_MASS", m.bodyMassKg);
        reals("BODY_INERTIA", m.bodyInertia);
        int[] type = new int[m.njnt];
        for (int j = 0; j < m.njnt; j++) {
            type[j] = jointCode(m.jntType[j]);
        }
        ints("JNT_TYPE", type);
        ints("JNT_QPOS_ADR", m.jntQposAdr);
        ints("JNT_DOF_ADR", m.jntDofAdr);
        reals("JNT_POS", m.jntPos);
        reals("JNT_AXIS", m.jntAxis);
        reals("JNT_STIFFNESS", m.jntStiffness);
        reals("JNT_SPRING_REF", m.jntSpringRef);
        reals("QPOS0", m.qpos0);
        ints("DOF_BODY", m.dofBody);
        ints("DOF_PARENT", m.dofParent);
        NewtonOrder order = NewtonOrder.of(m.dofParent);
        ints("NEWTON_PERM", order.perm());
        ints("NEWTON_POS", order.pos());
        ints("NEWTON_ENV", order.envelope());
        reals("DOF_DAMPING", m.dofDamping);
        reals("DOF_ARMATURE", m.dofArmature);
        ints("TENDON_ADR", m.tendonAdr);
        ints("TENDON_NUM", m.tendonNum);
        ints("TENDON_JOINT", m.tendonJoint);
        reals("TENDON_COEF", m.tendonCoef);
        int[] onTendon = new int[m.nu], position = new int[m.nu], ctrlLim = new int[m.nu];
        int[] forceLim = new int[m.nu];
        for (int u = 0; u < m.nu; u++) {
            onTendon[u] = m.actOnTendon[u] ? 1 : 0;
            position[u] = m.actType[u] == ActuatorType.POSITION ? 1 : 0;
            ctrlLim[u] = m.actCtrlLimited[u] ? 1 : 0;
            forceLim[u] = m.actForceLimited[u] ? 1 : 0;
        }
        ints("ACT_ON_TENDON", onTendon);
        ints("ACT_POSITION", position);
        ints("ACT_CTRL_LIMITED", ctrlLim);
        ints("ACT_FORCE_LIMITED", forceLim);
        ints("ACT_TARGET", m.actTarget);
        reals("ACT_GEAR", m.actGear);
        // the reset kernel reads these up to the padded counts (NU_PAD, NGEOM_PAD)
        reals("ACT_GAIN", java.util.Arrays.copyOf(m.actGain, Math.max(1, m.nu)));
        reals("ACT_KV", m.actKv);
        reals("ACT_CTRL_RANGE", m.actCtrlRange);
        reals("ACT_FORCE_RANGE", java.util.Arrays.copyOf(m.actForceRange, 2 * Math.max(1, m.nu)));
        reals("GEOM_FRICTION", java.util.Arrays.copyOf(m.geomFriction, 3 * Math.max(1, m.ngeom)));
        ints("SITE_BODY", m.siteBody);
        reals("SITE_POS", m.sitePos);
        double[] g = m.gravityMPerS2.clone();
        if (Unsupported.disabled(m, armature.physics.model.DisableFlags.GRAVITY)) {
            java.util.Arrays.fill(g, 0);
        }
        reals("GRAVITY", g);
        ConstraintSource.header(this, m, contactCapacity);
        new ContactPairs(m).writeTo(this);
        HullSource.header(this, m, float64 ? 8 : 4);
    }

    static int jointCode(JointType t) {
        return switch (t) {
            case FREE -> 0;
            case BALL -> 1;
            case SLIDE -> 2;
            case HINGE -> 3;
        };
    }

    /** The header text appended so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** Appends raw header text (a line of C). */
    void append(String text) {
        out.append(text);
    }

    void define(String name, int value) {
        out.append("#define ").append(name).append(' ').append(value).append('\n');
    }

    /** A constant int array; an empty one gets one unused 0 (C has no empty arrays). */
    void ints(String name, int[] v) {
        out.append("__constant int ").append(name).append("[] = {");
        if (v.length == 0) {
            out.append('0');
        }
        for (int i = 0; i < v.length; i++) {
            out.append(i == 0 ? "" : ",").append(v[i]);
        }
        out.append("};\n");
    }

    void reals(String name, double[] v) {
        out.append("__constant real_c ").append(name).append("[] = {");
        if (v.length == 0) {
            out.append('0');
        }
        for (int i = 0; i < v.length; i++) {
            out.append(i == 0 ? "" : ",").append(literal(v[i]));
        }
        out.append("};\n");
    }

    /** Java's shortest round-trip decimal, valid C; infinities as the C macro. */
    String literal(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("the model holds a NaN constant");
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "INFINITY" : "-INFINITY";
        }
        String s = String.format(Locale.ROOT, "%s", Double.toString(x));
        return float64 ? s : s + "f";
    }

    /**
     * The program's parts in dependency order: shared types and algebra, the smooth dynamics,
     * collision and constraints (compiled in only when {@link #options} switches them on), one
     * timestep, the kernels.
     */
    static final String[] PARTS = {
        "common.cl",
        "philox.cl",
        "smooth.cl",
        "contacts.cl",
        "hull.cl",
        "collision.cl",
        "constraint.cl",
        "substep.cl",
        "kernels.cl"
    };

    private static String kernels() {
        StringBuilder all = new StringBuilder();
        for (String part : PARTS) {
            try (InputStream in = ModelSource.class.getResourceAsStream(part)) {
                if (in == null) {
                    throw new IllegalStateException(part + " is missing from the bundle");
                }
                all.append("\n/* ---- ")
                        .append(part)
                        .append(" ---- */\n")
                        .append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
