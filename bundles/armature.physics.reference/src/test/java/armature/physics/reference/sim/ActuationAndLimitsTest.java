package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import org.junit.jupiter.api.Test;

/** Position and motor actuators, joint and tendon limits, frictionloss, damping. */
class ActuationAndLimitsTest {
    static final double INERTIA = 0.01;

    /** A rotor about z (gravity has no torque) with inertia 0.01 kg m^2 and one actuator. */
    static ModelBuilder rotor(double dt) {
        ModelBuilder b = new ModelBuilder("rotor").timestep(dt).gravity(0, 0, 0);
        int body = b.addBody(0, "rotor", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(body, 1, Robots.ORIGIN, new double[] {INERTIA, INERTIA, INERTIA, 0, 0, 0});
        b.addHinge(body, "axle", Robots.ORIGIN, Robots.Z);
        return b;
    }

    @Test
    void undampedPositionServoReachesTheTargetAfterAQuarterPeriod() {
        double kp = 1;
        ModelBuilder b = rotor(1e-4);
        b.addPositionActuator("servo", false, 0, kp);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[0] = 0.5;
        double omega = Math.sqrt(kp / INERTIA);
        double crossing = Double.NaN, peak = 0;
        while (sim.data.time < 2 * Math.PI / omega) {
            double before = sim.data.qpos[0];
            sim.step();
            if (Double.isNaN(crossing) && before < 0.5 && sim.data.qpos[0] >= 0.5) {
                crossing = sim.data.time;
            }
            peak = Math.max(peak, sim.data.qpos[0]);
        }
        // time constant implied by kp and inertia: quarter period pi / (2 omega) = 0.157 s
        assertThat(crossing).isCloseTo(Math.PI / (2 * omega), within(0.01 * Math.PI / (2 * omega)));
        assertThat(peak).isCloseTo(1.0, within(0.01));
    }

    @Test
    void criticallyDampedServoFollowsTheClosedFormStepResponse() {
        double kp = 1, kv = 2 * Math.sqrt(kp * INERTIA);
        ModelBuilder b = rotor(1e-3);
        int a = b.addPositionActuator("servo", false, 0, kp);
        b.actuatorKv(a, kv);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[0] = 0.5;
        double omega = Math.sqrt(kp / INERTIA), maxErr = 0;
        for (int i = 0; i < 1000; i++) {
            sim.step();
            double t = sim.data.time;
            double expected = 0.5 * (1 - (1 + omega * t) * Math.exp(-omega * t));
            maxErr = Math.max(maxErr, Math.abs(sim.data.qpos[0] - expected));
        }
        assertThat(maxErr).as("max deviation from closed form (rad)").isLessThan(0.01 * 0.5);
    }

    @Test
    void implicitJointDampingMatchesExponentialDecay() {
        double damping = 0.05; // time constant I / b = 0.2 s
        ModelBuilder b = rotor(1e-3);
        b.jointDamping(0, damping);
        Simulator sim = new Simulator(b.build());
        sim.data.qvel[0] = 2;
        for (int i = 0; i < 400; i++) {
            sim.step();
        }
        // implicit Euler: v_n = v0 / (1 + h b / I)^n
        assertThat(sim.data.qvel[0])
                .isCloseTo(2 / Math.pow(1 + 1e-3 * damping / INERTIA, 400), within(1e-12));
        assertThat(sim.data.qvel[0]).isCloseTo(2 * Math.exp(-0.4 / 0.2), within(0.01));
    }

    @Test
    void controlAndForceRangesClamp() {
        ModelBuilder b = rotor(1e-3);
        int a = b.addPositionActuator("servo", false, 0, 1);
        b.actuatorKv(a, 0.2);
        b.actuatorCtrlRange(a, -0.2, 0.2);
        b.actuatorForceRange(a, -0.05, 0.05);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[0] = 3;
        double maxForce = 0;
        for (int i = 0; i < 5000; i++) {
            sim.step();
            maxForce = Math.max(maxForce, Math.abs(sim.data.actuatorForce[0]));
        }
        assertThat(maxForce).isLessThanOrEqualTo(0.05);
        assertThat(sim.data.qpos[0]).isCloseTo(0.2, within(1e-3));
    }

    @Test
    void motorWithGearAppliesGearTimesControl() {
        ModelBuilder b = rotor(1e-3);
        int a = b.addMotor("motor", false, 0);
        b.actuatorGear(a, 2);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[0] = 0.01;
        sim.step();
        assertThat(sim.data.qacc[0]).isCloseTo(2 * 0.01 / INERTIA, within(1e-9));
    }

    @Test
    void frictionLossHoldsBelowItsThresholdAndSubtractsAbove() {
        ModelBuilder b = rotor(1e-3);
        b.jointFrictionLoss(0, 0.02);
        b.addMotor("motor", false, 0);
        MultibodyModel m = b.build();
        Simulator below = new Simulator(m);
        below.data.ctrl[0] = 0.015;
        for (int i = 0; i < 500; i++) {
            below.step();
        }
        // MuJoCo's frictionloss is a soft constraint: below the threshold the joint creeps at
        // the rate its regularisation allows (measured 7.8e-4 rad in 1 s, against 0.75 rad free)
        assertThat(Math.abs(below.data.qpos[0])).isLessThan(2e-3);
        Simulator above = new Simulator(m);
        above.data.ctrl[0] = 0.05;
        for (int i = 0; i < 500; i++) {
            above.step();
        }
        // (tau - f) / I = 3 rad/s^2 after 0.5 s
        assertThat(above.data.qvel[0]).isCloseTo(3 * 0.5, within(1e-6));
    }

    @Test
    void pendulumStopsAtItsJointLimit() {
        ModelBuilder b = new ModelBuilder("limited").timestep(0.002);
        int link = b.addBody(0, "link", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(link, 1, new double[] {0.5, 0, 0}, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        int j = b.addHinge(link, "hinge", Robots.ORIGIN, Robots.Y);
        b.jointRange(j, -0.5, 0.6); // gravity pulls q towards +pi/2
        Simulator sim = new Simulator(b.build());
        double maxQ = 0;
        for (int i = 0; i < 1500; i++) {
            sim.step();
            maxQ = Math.max(maxQ, sim.data.qpos[0]);
        }
        // MuJoCo's limit is a critically damped spring with a 0.02 s time constant (ADR 0082):
        // the arm arriving at about 3 rad/s presses in by a few hundredths (measured 0.034)
        assertThat(maxQ).as("overshoot past the limit (rad)").isLessThan(0.6 + 0.05);
        assertThat(sim.data.qpos[0]).isCloseTo(0.6, within(2e-3));
        assertThat(Math.abs(sim.data.qvel[0])).isLessThan(1e-3);
    }

    @Test
    void ballJointStopsAtItsConeLimit() {
        ModelBuilder b = new ModelBuilder("cone").timestep(0.002);
        int link = b.addBody(0, "link", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(link, 1, new double[] {0.5, 0, 0}, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        int j = b.addBall(link, "ball", Robots.ORIGIN);
        b.jointRange(j, 0, 0.5); // the arm starts horizontal; gravity would swing it pi/2 down
        Simulator sim = new Simulator(b.build());
        double maxAngle = 0;
        for (int i = 0; i < 1500; i++) {
            sim.step();
            maxAngle = Math.max(maxAngle, rotationAngle(sim.data.qpos));
        }
        // MuJoCo 2.2.2 on the same arm (<compiler angle="radian"/>, a body with the inertial
        // above and <joint type="ball" limited="true" range="0 0.5"/>, 1500 Euler steps of 2 ms):
        // largest angle 0.628928241, final 0.528464160 (the soft limit's steady state)
        assertThat(maxAngle)
                .as("overshoot past the cone (rad)")
                .isCloseTo(0.628928241, within(1e-8));
        assertThat(rotationAngle(sim.data.qpos)).isCloseTo(0.528464160, within(1e-8));
        for (int k = 0; k < 3; k++) {
            assertThat(Math.abs(sim.data.qvel[k])).isLessThan(1e-3);
        }

        // Without the limit the same arm swings through the cone (the row is what stopped it).
        ModelBuilder free = new ModelBuilder("cone_free").timestep(0.002);
        int l2 = free.addBody(0, "link", Robots.ORIGIN, Robots.IDENTITY);
        free.inertial(l2, 1, new double[] {0.5, 0, 0}, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        free.addBall(l2, "ball", Robots.ORIGIN);
        Simulator unlimited = new Simulator(free.build());
        double maxFree = 0;
        for (int i = 0; i < 500; i++) {
            unlimited.step();
            maxFree = Math.max(maxFree, rotationAngle(unlimited.data.qpos));
        }
        assertThat(maxFree).isGreaterThan(1.4);
    }

    /** Rotation angle of a (not necessarily unit) quaternion, the short way round. */
    private static double rotationAngle(double[] quatWxyz) {
        double w = quatWxyz[0], x = quatWxyz[1], y = quatWxyz[2], z = quatWxyz[3];
        return 2 * Math.atan2(Math.sqrt(x * x + y * y + z * z), Math.abs(w));
    }

    @Test
    void fixedTendonLimitCouplesTwoJoints() {
        ModelBuilder b = new ModelBuilder("tendon").timestep(0.002).gravity(0, 0, 0);
        int l1 = b.addBody(0, "l1", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(l1, 1, Robots.ORIGIN, new double[] {0.01, 0.01, 0.01, 0, 0, 0});
        int j1 = b.addHinge(l1, "j1", Robots.ORIGIN, Robots.Z);
        int l2 = b.addBody(l1, "l2", new double[] {0.1, 0, 0}, Robots.IDENTITY);
        b.inertial(l2, 1, Robots.ORIGIN, new double[] {0.01, 0.01, 0.01, 0, 0, 0});
        int j2 = b.addHinge(l2, "j2", Robots.ORIGIN, Robots.Z);
        int t = b.addFixedTendon("coupling");
        b.tendonJoint(t, j1, 1).tendonJoint(t, j2, 1).tendonRange(t, -1, 0.3);
        int a = b.addMotor("m1", false, j1);
        int a2 = b.addMotor("m2", false, j2);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[a] = 0.05;
        sim.data.ctrl[a2] = 0.05;
        for (int i = 0; i < 1000; i++) {
            sim.step();
        }
        assertThat(sim.data.qpos[0] + sim.data.qpos[1]).isCloseTo(0.3, within(5e-3));
    }

    @Test
    void tendonPositionActuatorDrivesTheCoupledLength() {
        ModelBuilder b = new ModelBuilder("tendon_servo").timestep(0.001).gravity(0, 0, 0);
        int l1 = b.addBody(0, "l1", Robots.ORIGIN, Robots.IDENTITY);
        b.inertial(l1, 1, Robots.ORIGIN, new double[] {0.01, 0.01, 0.01, 0, 0, 0});
        int j1 = b.addHinge(l1, "j1", Robots.ORIGIN, Robots.Z);
        b.jointDamping(j1, 0.05);
        int l2 = b.addBody(l1, "l2", new double[] {0.1, 0, 0}, Robots.IDENTITY);
        b.inertial(l2, 1, Robots.ORIGIN, new double[] {0.01, 0.01, 0.01, 0, 0, 0});
        int j2 = b.addHinge(l2, "j2", Robots.ORIGIN, Robots.Z);
        b.jointDamping(j2, 0.05);
        int t = b.addFixedTendon("coupling");
        b.tendonJoint(t, j1, 1).tendonJoint(t, j2, 1);
        b.addPositionActuator("servo", true, t, 1);
        Simulator sim = new Simulator(b.build());
        sim.data.ctrl[0] = 0.4;
        for (int i = 0; i < 5000; i++) {
            sim.step();
        }
        assertThat(sim.data.tendonLength[0]).isCloseTo(0.4, within(1e-3));
    }

    @Test
    void rk4AndEulerAgreeOnAFreeSwingingArm() {
        Simulator euler = new Simulator(Robots.panda(Integrator.SEMI_IMPLICIT_EULER, 1e-4));
        Simulator rk4 = new Simulator(Robots.panda(Integrator.RK4, 1e-3));
        // a configuration inside every joint range, so only gravity and inertia act
        double[] home = {0, -0.3, 0, -2.0, 0, 1.8, 0.8};
        System.arraycopy(home, 0, euler.data.qpos, 0, 7);
        System.arraycopy(home, 0, rk4.data.qpos, 0, 7);
        for (int i = 0; i < 2000; i++) {
            euler.step();
            assertThat(euler.constraintRows()).isZero();
        }
        for (int i = 0; i < 200; i++) {
            rk4.step();
        }
        // Euler is first order: 1e-4 s steps leave about 1e-3 rad of error after 0.2 s
        for (int k = 0; k < 7; k++) {
            assertThat(euler.data.qpos[k]).as("q%d", k).isCloseTo(rk4.data.qpos[k], within(2e-3));
        }
        assertThat(Math.abs(rk4.data.qpos[1] - home[1]))
                .as("the arm really moved")
                .isGreaterThan(0.01);
    }

    @Test
    void divergenceStopsWithAMessageNamingTheJoint() {
        ModelBuilder b = rotor(1e-3);
        b.addMotor("motor", false, 0);
        Simulator sim = new Simulator(b.build());
        // a torque of Double.MAX_VALUE on 0.01 kg m^2 overflows the velocity in one step
        sim.data.ctrl[0] = Double.MAX_VALUE;
        org.assertj.core.api.Assertions.assertThatThrownBy(sim::step)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("diverged")
                .hasMessageContaining("joint 'axle'");
    }
}
