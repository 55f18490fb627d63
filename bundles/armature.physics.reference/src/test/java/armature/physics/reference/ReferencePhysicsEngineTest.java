package armature.physics.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.ContactPoint;
import armature.physics.api.PhysicsEngine;
import armature.physics.api.PhysicsModel;
import armature.physics.api.World;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.GeomType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine through its public API only. */
class ReferencePhysicsEngineTest {
    final PhysicsEngine engine = new ReferencePhysicsEngine();

    /** A servo-driven hinge arm with a site at its tip, and a free ball above a floor. */
    static MultibodyModel scene() {
        ModelBuilder b = new ModelBuilder("scene").timestep(0.002);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], Robots.ORIGIN, Robots.IDENTITY);
        int arm = b.addBody(0, "arm", new double[] {0, 0, 1}, Robots.IDENTITY);
        b.inertial(arm, 1, new double[] {0.25, 0, 0}, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        int j = b.addHinge(arm, "shoulder", Robots.ORIGIN, Robots.Y);
        b.jointDamping(j, 1);
        b.addSite(arm, "tip", new double[] {0.5, 0, 0});
        int servo = b.addPositionActuator("servo", false, j, 50);
        b.actuatorCtrlRange(servo, -1, 1);
        int ball = b.addBody(0, "ball", new double[] {2, 0, 0.2}, Robots.IDENTITY);
        b.inertial(ball, 0.5, Robots.ORIGIN, new double[] {5e-4, 5e-4, 5e-4, 0, 0, 0});
        b.addFree(ball, "ball_free");
        b.addGeom(
                ball,
                "ball_geom",
                GeomType.SPHERE,
                new double[] {0.05},
                Robots.ORIGIN,
                Robots.IDENTITY);
        b.addKeyframe("raised", new double[] {0.3, 2, 0, 1, 1, 0, 0, 0}, null);
        return b.build();
    }

    @Test
    void createsIndependentWorldsForItsOwnModelsOnly() {
        MultibodyModel m = scene();
        assertThat(engine.name()).isEqualTo("reference");
        assertThat(engine.supports(m)).isTrue();
        World a = engine.createWorld(m), b = engine.createWorld(m);
        a.setControls(new double[] {0.5});
        a.step(100);
        assertThat(a.timeSeconds()).isCloseTo(0.2, within(1e-12));
        assertThat(b.timeSeconds()).isZero();
        PhysicsModel foreign =
                (PhysicsModel)
                        java.lang.reflect.Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {PhysicsModel.class},
                                (p, method, args) ->
                                        method.getName().equals("name") ? "foreign" : null);
        assertThat(engine.supports(foreign)).isFalse();
        assertThatThrownBy(() -> engine.createWorld(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("foreign");
    }

    @Test
    void stateRoundTripsAndResetsRestoreTheModelOrKeyframe() {
        MultibodyModel m = scene();
        World w = engine.createWorld(m);
        w.setControls(new double[] {0.5});
        w.step(50);
        double[] q = new double[m.nq], v = new double[m.nv];
        w.readState(q, v);
        World copy = engine.createWorld(m);
        copy.writeState(q, v, w.timeSeconds());
        copy.setControls(new double[] {0.5});
        w.step(50);
        copy.step(50);
        double[] q1 = new double[m.nq], q2 = new double[m.nq];
        w.readState(q1, v);
        copy.readState(q2, v);
        assertThat(q2).containsExactly(q1);
        w.resetToKeyframe(0);
        w.readState(q1, v);
        assertThat(q1[0]).isEqualTo(0.3);
        assertThat(w.timeSeconds()).isZero();
        w.reset();
        w.readState(q1, v);
        assertThat(q1).containsExactly(m.qpos0);
    }

    @Test
    void servoTracksAndReadoutsReportPosesSitesForcesAndContacts() {
        MultibodyModel m = scene();
        World w = engine.createWorld(m);
        w.setControls(new double[] {5}); // clamped to ctrlrange 1.0
        w.step(2500);
        double[] q = new double[m.nq], v = new double[m.nv];
        w.readState(q, v);
        // gravity torque m g l cos(q) = 2.45 cos(q) N m pushes +q (down); kp = 50 leaves a static
        // error of about 0.026 rad: solve q = 1 + 2.45 cos(q) / 50 by fixed-point iteration
        double expected = 1;
        for (int i = 0; i < 50; i++) {
            expected = 1 + 9.81 * 0.25 * Math.cos(expected) / 50;
        }
        assertThat(q[0]).isCloseTo(expected, within(1e-4));
        double[] force = new double[1];
        w.readActuatorForces(force);
        assertThat(force[0]).isCloseTo(50 * (1 - q[0]), within(1e-9));
        double[] site = new double[3];
        w.readSitePositions(site);
        // hinge about +y: positive angle turns +x towards -z
        assertThat(site[0]).isCloseTo(0.5 * Math.cos(q[0]), within(1e-9));
        assertThat(site[2]).isCloseTo(1 - 0.5 * Math.sin(q[0]), within(1e-9));
        double[] poses = new double[7 * m.nbody];
        w.readBodyPoses(poses);
        assertThat(poses[7 * 2 + 2]).as("ball resting height").isCloseTo(0.05, within(1e-3));
        List<ContactPoint> contacts = w.contacts();
        assertThat(w.contactCount()).isEqualTo(1);
        assertThat(contacts.get(0).normal()[2]).isCloseTo(1, within(1e-12));
        assertThat(contacts.get(0).normalForceN()).isCloseTo(0.5 * 9.81, within(0.05));
    }

    @Test
    void randomizationOverridesChangeTheDynamicsAndClearRestoresThem() {
        MultibodyModel m = scene();
        World w = engine.createWorld(m);
        w.writeState(new double[] {0, 2, 0, 10, 1, 0, 0, 0}, new double[7], 0);
        w.randomization().setGravity(0, 0, -1);
        w.step(500);
        double[] q = new double[m.nq], v = new double[m.nv];
        w.readState(q, v);
        assertThat(v[3]).as("ball vertical speed under 1 m/s^2").isCloseTo(-1.0, within(1e-9));
        w.randomization().clear();
        w.reset();
        // heavier arm and weaker servo: static error q = 1 + 2 m g l cos(q) / kp with m = 2, kp =
        // 10
        w.randomization().setBodyMassKg(1, 2.0);
        w.randomization().setActuatorGain(0, 10);
        w.randomization().setJointDamping(0, 3);
        w.randomization().setGeomFriction(0, 0.1, 0, 0);
        w.randomization().setGeomFriction(1, 0.2, 0, 0);
        w.setControls(new double[] {1});
        w.step(2500);
        w.readState(q, v);
        double expected = 1;
        for (int i = 0; i < 50; i++) {
            expected = 1 + 2 * 9.81 * 0.25 * Math.cos(expected) / 10;
        }
        assertThat(q[0]).isCloseTo(expected, within(1e-4));
        var contacts = ((armature.physics.reference.sim.ReferenceWorld) w).simulator().contacts;
        assertThat(contacts.friction[0]).as("mixed friction = max of the two geoms").isEqualTo(0.2);
        w.randomization().clear();
        w.step(2500);
        w.readState(q, v);
        assertThat(q[0]).isCloseTo(1 + 9.81 * 0.25 * Math.cos(1.026) / 50, within(1e-3));
    }

    @Test
    void rejectsBadArgumentsNamingTheField() {
        World w = engine.createWorld(scene());
        assertThatThrownBy(() -> w.setControls(new double[2]))
                .hasMessageContaining("controls")
                .hasMessageContaining("expected 1");
        assertThatThrownBy(() -> w.setControls(new double[] {Double.NaN}))
                .hasMessageContaining("controls[0]");
        assertThatThrownBy(() -> w.step(-1)).hasMessageContaining("steps");
        assertThatThrownBy(() -> w.writeState(new double[8], new double[7], 0))
                .hasMessageContaining("quaternion");
        assertThatThrownBy(() -> w.resetToKeyframe(3)).hasMessageContaining("keyframe 3");
        assertThatThrownBy(() -> w.randomization().setBodyMassKg(1, -2))
                .hasMessageContaining("massKg = -2");
        assertThatThrownBy(() -> w.randomization().setGeomFriction(9, 1, 0, 0))
                .hasMessageContaining("geom 9");
        assertThatThrownBy(() -> new ModelBuilder("x").timestep(0))
                .hasMessageContaining("timestepSeconds = 0.0");
        assertThatThrownBy(
                        () -> new ModelBuilder("x").addBody(3, "b", Robots.ORIGIN, Robots.IDENTITY))
                .hasMessageContaining("parent index 3");
    }
}
