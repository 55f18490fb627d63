package armature.physics.benchmark;

import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;

/**
 * A scene shaped like Gymnasium-Robotics' {@code hand/manipulate_block.xml}: a palm-up Shadow-like
 * hand with 24 hinge joints (wrist 2, first/middle/ring finger 4 each, little finger 5, thumb 5),
 * 20 position actuators (the distal J1+J2 pairs of the four fingers driven through fixed tendons,
 * as in the Shadow hand), capsule phalanges, a box palm, a convex-mesh forearm and a free 5 cm
 * block resting on the palm. Dimensions and masses are rounded Shadow-hand values, not a
 * transcription; the point is the same tree shape, joint count and contact load.
 */
final class ShadowLikeHand {
    private ShadowLikeHand() {}

    static final double[] O = {0, 0, 0},
            I = {1, 0, 0, 0},
            X = {1, 0, 0},
            Y = {0, 1, 0},
            Z = {0, 0, 1};

    static MultibodyModel build(double timestepSeconds) {
        return build(timestepSeconds, true);
    }

    /**
     * With {@code contacts} false every geom gets contype = conaffinity = 0 (smooth dynamics only).
     */
    static MultibodyModel build(double timestepSeconds, boolean contacts) {
        return build(timestepSeconds, contacts, Integrator.SEMI_IMPLICIT_EULER);
    }

    static MultibodyModel build(double timestepSeconds, boolean contacts, Integrator integrator) {
        ModelBuilder b =
                new ModelBuilder("shadow_like_block")
                        .timestep(timestepSeconds)
                        .integrator(integrator)
                        .solverIterations(50);
        // palm up, fingers along +x: rotate -90 deg about x, then -90 deg about z
        double[] palmUp = {0.5, -0.5, 0.5, -0.5};
        int forearm = b.addBody(0, "forearm", new double[] {-0.06, 0, 0.3}, palmUp);
        b.inertial(
                forearm,
                1.8,
                new double[] {0, 0, -0.09},
                new double[] {0.0138, 0.0138, 0.0024, 0, 0, 0});
        int mesh = b.addMesh("forearm_hull", prism(0.045, 0.035, -0.2, 0.02), prismTriangles());
        int fg = b.addMeshGeom(forearm, "forearm_geom", mesh, O, I);
        b.geomContactBits(fg, 1, 2); // like the Shadow model: the forearm only meets the object
        int wrist = b.addBody(forearm, "wrist", new double[] {0, -0.01, 0.021}, I);
        b.inertial(
                wrist,
                0.1,
                new double[] {0, 0, 0.029},
                new double[] {6.4e-5, 4.4e-5, 5.3e-5, 0, 0, 0});
        hinge(b, wrist, "WRJ1", O, Y, -0.489, 0.14, 2.0);
        int palm = b.addBody(wrist, "palm", new double[] {0, 0, 0.034}, I);
        b.inertial(
                palm,
                0.3,
                new double[] {0.006, 0, 0.036},
                new double[] {3e-4, 3e-4, 1.5e-4, 0, 0, 0});
        hinge(b, palm, "WRJ0", O, X, -0.698, 0.489, 2.0);
        b.addGeom(
                palm,
                "palm_geom",
                GeomType.BOX,
                new double[] {0.032, 0.0111, 0.049},
                new double[] {0.011, 0, 0.038},
                I);
        b.addGeom(
                palm,
                "palm_side",
                GeomType.BOX,
                new double[] {0.011, 0.0111, 0.025},
                new double[] {-0.032, 0, 0.014},
                I);
        double[] fingerX = {0.033, 0.011, -0.011};
        String[] names = {"FF", "MF", "RF"};
        for (int f = 0; f < 3; f++) {
            finger(b, palm, names[f], new double[] {fingerX[f], 0, 0.095}, false);
        }
        int lfMeta = b.addBody(palm, "lfmetacarpal", new double[] {-0.017, 0, 0.044}, I);
        b.inertial(
                lfMeta,
                0.075,
                new double[] {-0.014, 0.001, 0.014},
                new double[] {1.6e-5, 1.6e-5, 1.6e-5, 0, 0, 0});
        hinge(b, lfMeta, "LFJ5", O, new double[] {0.571, 0, 0.821}, 0, 0.785, 0.9);
        b.addGeom(
                lfMeta,
                "lfmetacarpal_geom",
                GeomType.BOX,
                new double[] {0.011, 0.012, 0.025},
                new double[] {-0.016, 0, 0.014},
                I);
        finger(b, lfMeta, "LF", new double[] {-0.017, 0, 0.044}, true);
        thumb(b, palm);
        // as in the Shadow model, hand geoms only collide with the object (contype 1, conaffinity
        // 0)
        for (int g = 0; g < b.geomCount(); g++) {
            if (g != fg) {
                b.geomContactBits(g, 1, 0);
            }
        }
        int block = b.addBody(0, "object", new double[] {0.03, 0.0, 0.35}, I);
        b.inertial(block, 0.16, O, new double[] {6.7e-5, 6.7e-5, 6.7e-5, 0, 0, 0});
        b.addFree(block, "object:joint");
        int bg =
                b.addGeom(
                        block,
                        "object_geom",
                        GeomType.BOX,
                        new double[] {0.025, 0.025, 0.025},
                        O,
                        I);
        b.geomContactBits(bg, 3, 3);
        if (!contacts) {
            for (int g = 0; g < b.geomCount(); g++) {
                b.geomContactBits(g, 0, 0);
            }
        }
        b.addSite(block, "object:center", O);
        return b.build();
    }

    private static int hinge(
            ModelBuilder b,
            int body,
            String name,
            double[] pos,
            double[] axis,
            double lo,
            double hi,
            double kp) {
        int j = b.addHinge(body, name, pos, axis);
        b.jointRange(j, lo, hi).jointDamping(j, 0.1).jointArmature(j, 1e-4);
        boolean coupled =
                (name.endsWith("J1") || name.endsWith("J2"))
                        && !name.startsWith("TH")
                        && !name.startsWith("WR");
        if (!coupled) {
            int a = b.addPositionActuator("A_" + name, false, j, kp);
            b.actuatorCtrlRange(a, lo, hi).actuatorForceRange(a, -2, 2);
        }
        return j;
    }

    /**
     * Proximal (J3 + abduction J4), middle (J2) and distal (J1); J1 and J2 coupled by a tendon
     * actuator.
     */
    private static void finger(
            ModelBuilder b, int parent, String n, double[] base, boolean little) {
        int knuckle =
                b.addBody(
                        parent,
                        n.toLowerCase() + "knuckle",
                        little ? new double[] {-0.017, 0, 0.044} : base,
                        I);
        b.inertial(knuckle, 0.008, O, new double[] {2.6e-7, 2.6e-7, 2.6e-7, 0, 0, 0});
        int j4 = hinge(b, knuckle, n + "J4", O, new double[] {0, -1, 0}, -0.349, 0.349, 1.0);
        int prox = b.addBody(knuckle, n.toLowerCase() + "proximal", O, I);
        b.inertial(
                prox,
                0.014,
                new double[] {0, 0, 0.0225},
                new double[] {1e-5, 9.8e-6, 1.8e-6, 0, 0, 0});
        hinge(b, prox, n + "J3", O, X, 0, 1.571, 1.0);
        b.addGeom(
                prox,
                n.toLowerCase() + "proximal_geom",
                GeomType.CAPSULE,
                new double[] {0.01, 0.0225},
                new double[] {0, 0, 0.0225},
                I);
        int middle = b.addBody(prox, n.toLowerCase() + "middle", new double[] {0, 0, 0.045}, I);
        b.inertial(
                middle,
                0.012,
                new double[] {0, 0, 0.0125},
                new double[] {2.7e-6, 2.6e-6, 8.7e-7, 0, 0, 0});
        int j2 = hinge(b, middle, n + "J2", O, X, 0, 1.571, 1.0);
        b.addGeom(
                middle,
                n.toLowerCase() + "middle_geom",
                GeomType.CAPSULE,
                new double[] {0.00805, 0.0125},
                new double[] {0, 0, 0.0125},
                I);
        int distal = b.addBody(middle, n.toLowerCase() + "distal", new double[] {0, 0, 0.025}, I);
        b.inertial(
                distal,
                0.01,
                new double[] {0, 0, 0.013},
                new double[] {1.1e-6, 9.5e-7, 4.7e-7, 0, 0, 0});
        int j1 = hinge(b, distal, n + "J1", O, X, 0, 1.571, 1.0);
        b.addGeom(
                distal,
                n.toLowerCase() + "distal_geom",
                GeomType.CAPSULE,
                new double[] {0.00705, 0.012},
                new double[] {0, 0, 0.013},
                I);
        int tendon = b.addFixedTendon(n + "T0");
        b.tendonJoint(tendon, j1, 1).tendonJoint(tendon, j2, 1);
        int a = b.addPositionActuator("A_" + n + "J0", true, tendon, 1.0);
        b.actuatorCtrlRange(a, 0, 3.1415).actuatorForceRange(a, -2, 2);
        if (j4 < 0) {
            throw new IllegalStateException();
        }
    }

    private static void thumb(ModelBuilder b, int palm) {
        double[] q = {0.923956, 0, 0.382499, 0};
        int base = b.addBody(palm, "thbase", new double[] {0.034, -0.009, 0.029}, q);
        b.inertial(base, 0.01, O, new double[] {1.6e-7, 1.6e-7, 1.6e-7, 0, 0, 0});
        hinge(b, base, "THJ4", O, new double[] {0, 0, -1}, -1.047, 1.047, 1.0);
        int prox = b.addBody(base, "thproximal", O, I);
        b.inertial(
                prox,
                0.016,
                new double[] {0, 0, 0.017},
                new double[] {1.7e-6, 1.7e-6, 8e-7, 0, 0, 0});
        hinge(b, prox, "THJ3", O, new double[] {1, 0, 0}, 0, 1.222, 1.0);
        b.addGeom(
                prox,
                "thproximal_geom",
                GeomType.CAPSULE,
                new double[] {0.013, 0.019},
                new double[] {0, 0, 0.019},
                I);
        int hub = b.addBody(prox, "thhub", new double[] {0, 0, 0.038}, I);
        b.inertial(hub, 0.002, O, new double[] {1e-7, 1e-7, 1e-7, 0, 0, 0});
        hinge(b, hub, "THJ2", O, new double[] {1, 0, 0}, -0.209, 0.209, 1.0);
        int middle = b.addBody(hub, "thmiddle", O, I);
        b.inertial(
                middle,
                0.016,
                new double[] {0, 0, 0.016},
                new double[] {1.6e-6, 1.6e-6, 5e-7, 0, 0, 0});
        hinge(b, middle, "THJ1", O, new double[] {0, -1, 0}, -0.524, 0.524, 1.0);
        b.addGeom(
                middle,
                "thmiddle_geom",
                GeomType.CAPSULE,
                new double[] {0.011, 0.016},
                new double[] {0, 0, 0.016},
                I);
        int distal = b.addBody(middle, "thdistal", new double[] {0, 0, 0.032}, I);
        b.inertial(
                distal,
                0.016,
                new double[] {0, 0, 0.016},
                new double[] {1.3e-6, 1.3e-6, 4e-7, 0, 0, 0});
        hinge(b, distal, "THJ0", O, new double[] {0, -1, 0}, -1.571, 0, 1.0);
        b.addGeom(
                distal,
                "thdistal_geom",
                GeomType.CAPSULE,
                new double[] {0.00918, 0.013},
                new double[] {0, 0, 0.013},
                I);
    }

    /** Vertices of an octagonal prism (a convex forearm stand-in) along z from z0 to z1. */
    static double[] prism(double rx, double ry, double z0, double z1) {
        double[] v = new double[8 * 2 * 3];
        for (int i = 0; i < 8; i++) {
            double a = Math.PI * 2 * i / 8;
            for (int e = 0; e < 2; e++) {
                int o = 3 * (2 * i + e);
                v[o] = rx * Math.cos(a);
                v[o + 1] = ry * Math.sin(a);
                v[o + 2] = e == 0 ? z0 : z1;
            }
        }
        return v;
    }

    /**
     * Outward triangles of {@link #prism}: vertex 2i is bottom corner i, 2i + 1 top corner i (z0 <
     * z1); two per side, and the two octagons fanned from corner 0.
     */
    static int[] prismTriangles() {
        int[] t = new int[3 * (16 + 2 * 6)];
        int n = 0;
        for (int i = 0; i < 8; i++) {
            int b0 = 2 * i, t0 = b0 + 1, b1 = 2 * ((i + 1) % 8), t1 = b1 + 1;
            int[] side = {b0, b1, t1, b0, t1, t0};
            System.arraycopy(side, 0, t, n, 6);
            n += 6;
        }
        for (int i = 1; i < 7; i++) {
            int[] caps = {1, 2 * i + 1, 2 * i + 3, 0, 2 * i + 2, 2 * i};
            System.arraycopy(caps, 0, t, n, 6);
            n += 6;
        }
        return t;
    }
}
