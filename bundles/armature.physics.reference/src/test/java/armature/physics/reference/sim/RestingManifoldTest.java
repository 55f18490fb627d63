package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.ConvexFaces;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

/**
 * Resting contacts that need a manifold (ADR 0023): a shape dropped from 5 mm with a small tilt
 * onto a static base, 1 s to settle, then 5 s observed. Over those 5 s the penetration stays within
 * {@value #MAX_PENETRATION_M} m and the body neither rocks nor jitters: its linear speed stays
 * below {@value #MAX_SPEED_M_PER_S} m/s and its angular speed below {@value #MAX_SPIN_RAD_PER_S}
 * rad/s. Measured: penetration 0.04 mm (cubes) and 0.06 mm (cylinder, capsule), speeds about 1e-10
 * m/s and spins about 1e-9 rad/s; the bounds leave five orders of magnitude for solver changes and
 * still fail a body that rocks on a single contact point (the box on a box is held to MuJoCo's own
 * one-step kick instead; see its test). 2 ms steps, semi-implicit Euler, default contact softness.
 */
class RestingManifoldTest {
    static final double MAX_PENETRATION_M = 1e-3;
    static final double MAX_SPEED_M_PER_S = 1e-5;
    static final double MAX_SPIN_RAD_PER_S = 1e-4;

    record Rest(
            double penetrationM,
            double speedMPerS,
            double spinRadPerS,
            int contacts,
            double lastSpeedMPerS,
            double lastSpinRadPerS) {}

    /** Static base (box or mesh slab, top face at z = 0) and one free body above it. */
    static Rest settle(boolean meshBase, GeomType type, double[] size, double[] quat, double h) {
        ModelBuilder b = new ModelBuilder("rest").timestep(0.002);
        int cube = b.addMesh("cube", corners(0.05, 0.05, 0.05), ConvexFaces.boxTriangles());
        int slab = b.addMesh("slab", corners(0.3, 0.3, 0.02), ConvexFaces.boxTriangles());
        if (meshBase) {
            b.addMeshGeom(0, "base", slab, new double[] {0, 0, -0.02}, Robots.IDENTITY);
        } else {
            b.addGeom(
                    0,
                    "base",
                    GeomType.BOX,
                    new double[] {0.3, 0.3, 0.02},
                    new double[] {0, 0, -0.02},
                    Robots.IDENTITY);
        }
        double[] tilt = new double[4];
        double[] diagonal = {Math.sqrt(0.5), Math.sqrt(0.5), 0};
        armature.physics.math.Quat.mul(Robots.about(diagonal, 0.02), 0, quat, 0, tilt, 0);
        int body = b.addBody(0, "body", new double[] {0.01, -0.02, h + 0.005}, tilt);
        double i = 0.5 * 0.1 * 0.1 / 6;
        b.inertial(body, 0.5, Robots.ORIGIN, new double[] {i, i, i, 0, 0, 0});
        b.addFree(body, "free");
        if (type == GeomType.MESH) {
            b.addMeshGeom(body, "shape", cube, Robots.ORIGIN, Robots.IDENTITY);
        } else {
            b.addGeom(body, "shape", type, size, Robots.ORIGIN, Robots.IDENTITY);
        }
        MultibodyModel m = b.build();
        Simulator sim = new Simulator(m);
        for (int s = 0; s < 500; s++) {
            sim.step();
        }
        double pen = 0, speed = 0, spin = 0;
        int contacts = 0;
        for (int s = 0; s < 2500; s++) {
            sim.step();
            for (int c = 0; c < sim.contacts.count; c++) {
                pen = Math.max(pen, -sim.contacts.dist[c]);
            }
            contacts = Math.max(contacts, sim.contacts.count);
            double[] v = sim.data.qvel;
            speed = Math.max(speed, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
            spin = Math.max(spin, Math.sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]));
        }
        double[] v = sim.data.qvel;
        Rest r =
                new Rest(
                        pen,
                        speed,
                        spin,
                        contacts,
                        Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]),
                        Math.sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]));
        System.out.printf("%s on %s: %s%n", type, meshBase ? "mesh slab" : "box", r);
        return r;
    }

    static void assertResting(Rest r) {
        assertThat(r.penetrationM()).as("penetration (m)").isLessThanOrEqualTo(MAX_PENETRATION_M);
        assertThat(r.speedMPerS()).as("max speed (m/s)").isLessThan(MAX_SPEED_M_PER_S);
        assertThat(r.spinRadPerS()).as("max spin (rad/s)").isLessThan(MAX_SPIN_RAD_PER_S);
    }

    static double[] corners(double hx, double hy, double hz) {
        double[] v = new double[24];
        for (int k = 0; k < 8; k++) {
            v[3 * k] = (k & 1) == 0 ? -hx : hx;
            v[3 * k + 1] = (k & 2) == 0 ? -hy : hy;
            v[3 * k + 2] = (k & 4) == 0 ? -hz : hz;
        }
        return v;
    }

    /**
     * MuJoCo 2.2.2's box-box routine, for a box lying flat to within rounding (relative tilt about
     * 1e-18 rad), can add a far corner of the base as a fifth contact for one step; the engine
     * reproduces it (ADR 0087), here at steps 1206 and 2255 with the base's corner (0.3, -0.3).
     * That contact kicks the cube and it settles again within about 300 steps. MuJoCo 2.2.2 started
     * from the engine's state before step 1206 (qpos and qvel to 17 digits) reports the same five
     * contacts and, over the rest of the run, the same worst speed 5.94733e-5 m/s and spin
     * 1.23369e-3 rad/s; MuJoCo's own run from the drop rounds differently and keeps four contacts
     * (speed 4.2e-8 m/s, penetration 1.0776e-4 m). So the box is held to MuJoCo's kick with about
     * 1.6x headroom, which still fails a cube that rocks on one contact (speeds of cm/s), and must
     * be at rest again at the end. MJCF: box base size .3 .3 .02 at z -0.02 in the world; body at
     * (.01, -.02, .055), quat (0.9999500004166653, 0.007070949961324532, 0.007070949961324532, 0),
     * freejoint, inertial mass .5 diaginertia 1/1200 x3, box size .05 x3, timestep 0.002.
     */
    @Test
    void boxCubeRestsOnABox() {
        Rest r =
                settle(false, GeomType.BOX, new double[] {0.05, 0.05, 0.05}, Robots.IDENTITY, 0.05);
        assertThat(r.penetrationM()).as("penetration (m)").isLessThanOrEqualTo(MAX_PENETRATION_M);
        assertThat(r.speedMPerS()).as("max speed (m/s)").isLessThan(1e-4);
        assertThat(r.spinRadPerS()).as("max spin (rad/s)").isLessThan(2e-3);
        assertThat(r.lastSpeedMPerS()).as("final speed (m/s)").isLessThan(MAX_SPEED_M_PER_S);
        assertThat(r.lastSpinRadPerS()).as("final spin (rad/s)").isLessThan(MAX_SPIN_RAD_PER_S);
        assertThat(r.contacts()).as("most contacts in a step").isBetween(4, 5);
    }

    @Test
    void meshCubeRestsOnABoxAndOnAMeshSlab() {
        Rest onBox = settle(false, GeomType.MESH, null, Robots.IDENTITY, 0.05);
        assertResting(onBox);
        assertThat(onBox.contacts()).isEqualTo(4);
        Rest onMesh = settle(true, GeomType.MESH, null, Robots.IDENTITY, 0.05);
        assertResting(onMesh);
        assertThat(onMesh.contacts()).isEqualTo(4);
    }

    @Test
    void cylinderLyingOnItsSideRestsOnABox() {
        Rest r =
                settle(
                        false,
                        GeomType.CYLINDER,
                        new double[] {0.03, 0.06},
                        Robots.about(Robots.Y, Math.PI / 2),
                        0.03);
        assertResting(r);
        assertThat(r.contacts()).isEqualTo(2);
    }

    @Test
    void capsuleLyingOnABoxRests() {
        Rest r =
                settle(
                        false,
                        GeomType.CAPSULE,
                        new double[] {0.02, 0.06},
                        Robots.about(Robots.Y, Math.PI / 2),
                        0.02);
        assertResting(r);
        assertThat(r.contacts()).isEqualTo(2);
    }
}
