package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.math.Quat;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;

/** Contacts and friction through the whole step: resting, sticking, sliding. */
class ContactDynamicsTest {
    static final double G = 9.81, HALF = 0.05;

    /** A 10 cm, 1 kg cube on a plane tilted by {@code slopeRad} about x, both with friction mu. */
    static MultibodyModel cubeOnIncline(double slopeRad, double mu, double heightAbove) {
        ModelBuilder b = new ModelBuilder("incline").timestep(0.002);
        double[] q = Robots.about(Robots.X, slopeRad);
        int plane = b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, q);
        b.geomFriction(plane, mu, 0.005, 0.0001);
        double[] n = {0, -Math.sin(slopeRad), Math.cos(slopeRad)};
        double c = HALF + heightAbove;
        int cube = b.addBody(0, "cube", new double[] {n[0] * c, n[1] * c, n[2] * c}, q);
        double i = 1.0 / 6 * (2 * HALF) * (2 * HALF);
        b.inertial(cube, 1, Robots.ORIGIN, new double[] {i, i, i, 0, 0, 0});
        b.addFree(cube, "cube_free");
        int g =
                b.addGeom(
                        cube,
                        "cube_geom",
                        GeomType.BOX,
                        new double[] {HALF, HALF, HALF},
                        Robots.ORIGIN,
                        Robots.IDENTITY);
        b.geomFriction(g, mu, 0.005, 0.0001);
        return b.build();
    }

    static double downhillSpeed(Simulator sim, double slopeRad) {
        double[] v = sim.data.qvel;
        return -(v[1] * Math.cos(slopeRad) + v[2] * Math.sin(slopeRad));
    }

    @Test
    void cubeSettlesOnAPlaneWithinOneMillimetreAndStopsJittering() {
        Simulator sim = new Simulator(cubeOnIncline(0, 1, 0.01));
        for (int i = 0; i < 500; i++) {
            sim.step();
        }
        double maxSpeed = 0, maxSpin = 0, minZ = Double.MAX_VALUE;
        for (int i = 0; i < 500; i++) {
            sim.step();
            double[] v = sim.data.qvel;
            maxSpeed = Math.max(maxSpeed, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
            maxSpin = Math.max(maxSpin, Math.sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]));
            minZ = Math.min(minZ, sim.data.qpos[2]);
        }
        assertThat(HALF - minZ)
                .as("penetration (m)")
                .isLessThanOrEqualTo(1e-3)
                .isGreaterThan(-1e-4);
        assertThat(maxSpeed).as("linear speed after settling (m/s)").isLessThan(1e-3);
        assertThat(maxSpin).as("angular speed after settling (rad/s)").isLessThan(1e-2);
        assertThat(sim.contacts.count).isEqualTo(4);
        // the normal forces carry the weight
        double total = 0;
        for (int c = 0; c < sim.contacts.count; c++) {
            total += sim.contactNormalForce(c);
        }
        assertThat(total).isCloseTo(G, within(0.01 * G));
    }

    @Test
    void cubeSticksWhenTheSlopeIsBelowTheFrictionAngle() {
        double slope = Math.toRadians(20), mu = 0.5; // tan 20 deg = 0.364 < 0.5
        Simulator sim = new Simulator(cubeOnIncline(slope, mu, 0));
        double[] start = null;
        for (int i = 0; i < 1000; i++) {
            sim.step();
            if (i == 99) {
                start = sim.data.qpos.clone();
            }
        }
        // MuJoCo's soft friction lets a sticking cube creep (measured 1.8e-3 m/s, against about
        // 1.3 m/s after 1.8 s of sliding at this slope without friction)
        assertThat(Math.abs(downhillSpeed(sim, slope))).as("speed (m/s)").isLessThan(5e-3);
        double moved = Math.hypot(sim.data.qpos[1] - start[1], sim.data.qpos[2] - start[2]);
        assertThat(moved).as("creep over 1.8 s (m, measured 3.2e-3)").isLessThan(5e-3);
    }

    @Test
    void cubeSlidesWithCoulombAccelerationAboveTheFrictionAngle() {
        double slope = Math.toRadians(30), mu = 0.3; // tan 30 deg = 0.577 > 0.3
        Simulator sim = new Simulator(cubeOnIncline(slope, mu, 0));
        for (int i = 0; i < 100; i++) {
            sim.step();
        }
        double v0 = downhillSpeed(sim, slope), t0 = sim.data.time;
        for (int i = 0; i < 250; i++) {
            sim.step();
        }
        double a = (downhillSpeed(sim, slope) - v0) / (sim.data.time - t0);
        double coulomb = G * (Math.sin(slope) - mu * Math.cos(slope));
        // MuJoCo 2.2.2 on the same model, steps 100 to 350: 2.42077599 m/s^2, 2.7 % above rigid
        // Coulomb friction (2.3563) because its soft friction rows give a little. MJCF (option
        // timestep 0.002): plane quat about x by 30 deg with friction .3 .005 .0001; body at
        // 0.05 along the plane normal, same quat, freejoint, inertial mass 1 diaginertia
        // 1/600 x3, box size .05 x3 with the same friction.
        assertThat(a).as("acceleration (m/s^2)").isCloseTo(2.42077599, within(1e-7));
        assertThat(a).as("against Coulomb").isCloseTo(coulomb, within(0.03 * coulomb));
        // it slides flat: no tumbling
        double[] q = {sim.data.qpos[3], sim.data.qpos[4], sim.data.qpos[5], sim.data.qpos[6]};
        double[] plane = Robots.about(Robots.X, slope);
        double[] rel = new double[4], conj = {plane[0], -plane[1], -plane[2], -plane[3]};
        Quat.mul(conj, 0, q, 0, rel, 0);
        assertThat(Math.abs(rel[0])).isCloseTo(1, within(1e-3));
    }

    @Test
    void capsuleAndSphereLandOnABoxOnTheFloorWithoutInterpenetrating() {
        ModelBuilder b = new ModelBuilder("pile").timestep(0.002);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        int box = b.addBody(0, "box", new double[] {0, 0, 0.06}, Robots.IDENTITY);
        b.inertial(box, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addFree(box, "box_free");
        b.addGeom(
                box,
                "box_geom",
                GeomType.BOX,
                new double[] {0.1, 0.1, 0.05},
                Robots.ORIGIN,
                Robots.IDENTITY);
        int cap =
                b.addBody(
                        0,
                        "capsule",
                        new double[] {0, 0, 0.2},
                        Robots.about(Robots.Y, Math.PI / 2));
        b.inertial(cap, 0.2, Robots.ORIGIN, new double[] {2e-4, 2e-4, 1e-4, 0, 0, 0});
        b.addFree(cap, "cap_free");
        b.addGeom(
                cap,
                "cap_geom",
                GeomType.CAPSULE,
                new double[] {0.02, 0.06},
                Robots.ORIGIN,
                Robots.IDENTITY);
        int ball = b.addBody(0, "ball", new double[] {0.02, 0.06, 0.3}, Robots.IDENTITY);
        b.inertial(ball, 0.1, Robots.ORIGIN, new double[] {4e-5, 4e-5, 4e-5, 0, 0, 0});
        b.addFree(ball, "ball_free");
        b.addGeom(
                ball,
                "ball_geom",
                GeomType.SPHERE,
                new double[] {0.03},
                Robots.ORIGIN,
                Robots.IDENTITY);
        Simulator sim = new Simulator(b.build());
        double minDist = 0;
        for (int i = 0; i < 1500; i++) {
            sim.step();
            if (i > 500) {
                for (int c = 0; c < sim.contacts.count; c++) {
                    minDist = Math.min(minDist, sim.contacts.dist[c]);
                }
            }
        }
        assertThat(minDist).as("deepest penetration after landing (m)").isGreaterThan(-1e-3);
        // box rests on the floor, capsule and ball on the box
        assertThat(sim.data.qpos[2]).isCloseTo(0.05, within(1e-3));
        assertThat(sim.data.qpos[9]).isCloseTo(0.12, within(1e-3));
        assertThat(sim.data.qpos[16]).isCloseTo(0.13, within(1e-3));
    }

    @Test
    void frictionlessContactSlidesWithGravityAlongTheSlope() {
        double slope = Math.toRadians(10);
        ModelBuilder b = new ModelBuilder("frictionless").timestep(0.002);
        double[] q = Robots.about(Robots.X, slope);
        int plane = b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, q);
        b.geomCondim(plane, 1);
        double[] n = {0, -Math.sin(slope), Math.cos(slope)};
        int cube = b.addBody(0, "cube", new double[] {0, n[1] * HALF, n[2] * HALF}, q);
        b.inertial(cube, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addFree(cube, "free");
        int g =
                b.addGeom(
                        cube,
                        "cube_geom",
                        GeomType.BOX,
                        new double[] {HALF, HALF, HALF},
                        Robots.ORIGIN,
                        Robots.IDENTITY);
        b.geomCondim(g, 1);
        Simulator sim = new Simulator(b.build());
        for (int i = 0; i < 50; i++) {
            sim.step();
        }
        double v0 = downhillSpeed(sim, slope), t0 = sim.data.time;
        for (int i = 0; i < 250; i++) {
            sim.step();
        }
        double a = (downhillSpeed(sim, slope) - v0) / (sim.data.time - t0);
        assertThat(a).isCloseTo(G * Math.sin(slope), within(0.01 * G * Math.sin(slope)));
    }

    /** A ball spinning about the vertical on a plane: only condim 4 resists the spin. */
    static double spinAfterOneSecond(int condim) {
        ModelBuilder b = new ModelBuilder("spin").timestep(0.002);
        int plane =
                b.addGeom(
                        0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        b.geomFriction(plane, 1, 0.01, 0).geomCondim(plane, condim);
        int ball = b.addBody(0, "ball", new double[] {0, 0, 0.05}, Robots.IDENTITY);
        b.inertial(ball, 1, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addFree(ball, "free");
        b.addGeom(
                ball,
                "ball_geom",
                GeomType.SPHERE,
                new double[] {0.05},
                Robots.ORIGIN,
                Robots.IDENTITY);
        Simulator sim = new Simulator(b.build());
        sim.data.qvel[5] = 10;
        for (int i = 0; i < 500; i++) {
            sim.step();
        }
        return sim.data.qvel[5];
    }

    @Test
    void torsionalFrictionOnlyWithCondimFour() {
        assertThat(spinAfterOneSecond(3)).isCloseTo(10, within(1e-6));
        // torsional torque mu_t * m * g = 0.0981 N m on I = 1e-3: stops within about 0.1 s
        assertThat(Math.abs(spinAfterOneSecond(4))).isLessThan(1e-3);
    }

    @Test
    void cubeStackedOnABoxStaysPutOnItsCornerManifold() {
        ModelBuilder b = new ModelBuilder("stack").timestep(0.002);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        int base = b.addBody(0, "base", new double[] {0, 0, 0.05}, Robots.IDENTITY);
        b.inertial(base, 2, Robots.ORIGIN, new double[] {0.01, 0.01, 0.01, 0, 0, 0});
        b.addFree(base, "base_free");
        b.addGeom(
                base,
                "base_geom",
                GeomType.BOX,
                new double[] {0.15, 0.15, 0.05},
                Robots.ORIGIN,
                Robots.IDENTITY);
        int top =
                b.addBody(0, "top", new double[] {0.04, 0.02, 0.126}, Robots.about(Robots.Z, 0.4));
        double i = 0.16 * 0.05 * 0.05 / 6;
        b.inertial(top, 0.16, Robots.ORIGIN, new double[] {i, i, i, 0, 0, 0});
        b.addFree(top, "top_free");
        b.addGeom(
                top,
                "top_geom",
                GeomType.BOX,
                new double[] {0.025, 0.025, 0.025},
                Robots.ORIGIN,
                Robots.IDENTITY);
        Simulator sim = new Simulator(b.build());
        for (int k = 0; k < 500; k++) {
            sim.step();
        }
        double[] q0 = sim.data.qpos.clone();
        double maxSpeed = 0;
        for (int k = 0; k < 500; k++) {
            sim.step();
            for (int e = 6; e < 12; e++) {
                maxSpeed = Math.max(maxSpeed, Math.abs(sim.data.qvel[e]));
            }
        }
        assertThat(sim.data.qpos[9]).as("top cube height").isCloseTo(0.125, within(5e-4));
        assertThat(maxSpeed).as("top cube speed after settling").isLessThan(1e-3);
        for (int e = 7; e < 14; e++) {
            assertThat(sim.data.qpos[e])
                    .as("top pose[%d] drift over 1 s", e)
                    .isCloseTo(q0[e], within(1e-4));
        }
    }

    @Test
    void cubeAlsoSettlesWithRk4() {
        ModelBuilder b =
                new ModelBuilder("rk4_cube")
                        .timestep(0.002)
                        .integrator(armature.physics.model.Integrator.RK4);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        int cube = b.addBody(0, "cube", new double[] {0, 0, 0.06}, Robots.about(Robots.Z, 0.3));
        b.inertial(cube, 1, Robots.ORIGIN, new double[] {1.0 / 600, 1.0 / 600, 1.0 / 600, 0, 0, 0});
        b.addFree(cube, "free");
        b.addGeom(
                cube,
                "cube_geom",
                GeomType.BOX,
                new double[] {HALF, HALF, HALF},
                Robots.ORIGIN,
                Robots.IDENTITY);
        Simulator sim = new Simulator(b.build());
        for (int i = 0; i < 1000; i++) {
            sim.step();
        }
        assertThat(sim.data.qpos[2]).isCloseTo(HALF, within(1e-3));
        double speed = 0;
        for (int e = 0; e < 6; e++) {
            speed = Math.max(speed, Math.abs(sim.data.qvel[e]));
        }
        assertThat(speed).isLessThan(1e-3);
    }
}
