package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.HealthState;
import armature.driver.api.JointDescription;
import armature.driver.api.JointDriver;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedRobotTest {
    private SimulatedRobot robot;
    private int n;
    private double[] pos, vel, effort, temp;
    private int[] flags;

    @BeforeEach
    void setUp() throws Exception {
        robot = ShadowHand.robot(() -> 42L);
        n = robot.joints().size();
        pos = new double[n];
        vel = new double[n];
        effort = new double[n];
        temp = new double[n];
        flags = new int[n];
    }

    @Test
    void offersOneJointPerPositionActuatorOfTheShadowHand() throws Exception {
        assertThat(ShadowHand.model().nu).isEqualTo(20);
        assertThat(robot.joints()).hasSize(20);
        assertThat(robot.joints().get(0).name())
                .isEqualTo(ShadowHand.model().actuatorNames().get(0));
        assertThat(robot.joints())
                .allSatisfy(
                        j ->
                                assertThat(j.supportedModes())
                                        .containsExactly(DriverCommandMode.POSITION));
        assertThat(robot.health().state()).isEqualTo(HealthState.OK);
    }

    @Test
    void stepsOneSimulatedSecondWithFiniteState() {
        int steps = (int) Math.round(1.0 / robot.timestepSeconds());
        assertThat(robot.advance(steps)).isTrue();
        assertThat(robot.timeSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(robot.readState(pos, vel, effort, temp, flags)).isEqualTo(42L);
        assertThat(Arrays.stream(pos).allMatch(Double::isFinite)).as("finite positions").isTrue();
        assertThat(temp).containsOnly(25.0);
        assertThat(flags).containsOnly(0);
    }

    /** Tolerance 0.05 rad after 1 s: the hand's position servos settle well within that. */
    @Test
    void commandingAJointMovesItTowardTheTarget() {
        robot.readState(pos, vel, effort, temp, flags);
        double[] target = pos.clone();
        int joint = indexOf("robot0:A_FFJ3");
        JointDescription d = robot.joints().get(joint);
        double mid = 0.5 * (d.minPositionRad() + d.maxPositionRad());
        target[joint] = pos[joint] > mid ? d.minPositionRad() + 0.1 : d.maxPositionRad() - 0.1;
        double before = Math.abs(target[joint] - pos[joint]);
        assertThat(before).as("distance to the target").isGreaterThan(0.2);

        double[] noLimit = new double[n];
        Arrays.fill(noLimit, Double.NaN);
        robot.write(DriverCommandMode.POSITION, target, noLimit);
        robot.advance((int) Math.round(1.0 / robot.timestepSeconds()));
        robot.readState(pos, vel, effort, temp, flags);

        assertThat(pos[joint]).isCloseTo(target[joint], within(0.05));
    }

    @Test
    void resetRestoresTheInitialState() throws Exception {
        var m = ShadowHand.model();
        double[] q0 = new double[m.nq], v0 = new double[m.nv];
        robot.readFullState(q0, v0);
        robot.readState(pos, vel, effort, temp, flags);
        double[] target = pos.clone();
        target[0] = robot.joints().get(0).maxPositionRad();
        robot.write(DriverCommandMode.POSITION, target, new double[n]);
        robot.advance(200);

        robot.reset();

        double[] q = new double[m.nq], v = new double[m.nv];
        robot.readFullState(q, v);
        assertThat(robot.timeSeconds()).isZero();
        assertThat(q).containsExactly(q0, within(1e-12));
        assertThat(v).containsOnly(0.0);
    }

    /**
     * A reset moves the joints without motion, and a paused simulation measures nothing: both are
     * reported as no reading, so the control loop restarts its targets from the joints (the
     * supervisor re-syncs when measured state comes back) instead of driving them fast to where its
     * commands had gone.
     */
    @Test
    void aResetAndAPauseAreNoReadingSoTheLoopReSyncs() {
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(flags).containsOnly(0);

        robot.reset();
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(pos).containsOnly(Double.NaN);
        assertThat(flags).containsOnly(JointDriver.ERROR_NO_REPLY);
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(Arrays.stream(pos).allMatch(Double::isFinite)).as("read again").isTrue();
        assertThat(flags).containsOnly(0);

        robot.freeze(true);
        assertThat(robot.health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(robot.health().message()).contains("simulation paused");
        for (int k = 0; k < 3; k++) {
            robot.readState(pos, vel, effort, temp, flags);
            assertThat(pos).containsOnly(Double.NaN);
            assertThat(flags).containsOnly(JointDriver.ERROR_NO_REPLY);
        }
        robot.freeze(false);
        assertThat(robot.health().state()).isEqualTo(HealthState.OK);
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(Arrays.stream(pos).allMatch(Double::isFinite)).as("read again").isTrue();
    }

    @Test
    void torqueOffIsReportedAndAWriteEnablesTorqueAgain() {
        robot.torqueOff();
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(flags).containsOnly(JointDriver.ERROR_TORQUE_LOST);
        robot.write(DriverCommandMode.POSITION, pos.clone(), new double[n]);
        robot.readState(pos, vel, effort, temp, flags);
        assertThat(flags).containsOnly(0);
    }

    @Test
    void rejectsCommandsOutsideTheRangeWrongLengthsAndOtherModes() {
        robot.readState(pos, vel, effort, temp, flags);
        double[] bad = pos.clone();
        bad[3] = Double.NaN;
        String name = robot.joints().get(3).name();
        assertThatThrownBy(() -> robot.write(DriverCommandMode.POSITION, bad, new double[n]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values[3]")
                .hasMessageContaining(name);
        bad[3] = robot.joints().get(3).maxPositionRad() + 1;
        assertThatThrownBy(() -> robot.write(DriverCommandMode.POSITION, bad, new double[n]))
                .hasMessageContaining("allowed: [");
        assertThatThrownBy(
                        () -> robot.write(DriverCommandMode.POSITION, new double[3], new double[n]))
                .hasMessageContaining("values.length = 3");
        assertThatThrownBy(() -> robot.write(DriverCommandMode.VELOCITY, pos, new double[n]))
                .hasMessageContaining("mode = VELOCITY");
        assertThatThrownBy(() -> robot.readState(new double[1], vel, effort, temp, flags))
                .hasMessageContaining("positionRad.length = 1");
    }

    @Test
    void publishesTheBlockPoseAsGroundTruth() {
        ObjectPoses poses = robot.objectPoses();
        assertThat(poses.timeSeconds()).isEqualTo(0.0);
        assertThat(poses.objects())
                .as("the non-colliding goal marker is not an object")
                .extracting(ObjectPoses.Pose::name)
                .containsExactly("object");
        assertThat(poses.objects().get(0).positionM()).containsExactly(1.0, 0.87, 0.2);
        assertThat(poses.objects().get(0).quaternionWxyz()).hasSize(4);
        assertThat(new String(new armature.bus.codec.JsonCodec().encode(poses)))
                .startsWith(
                        "{\"timeSeconds\":0.0,\"objects\":[{\"name\":\"object\","
                                + "\"positionM\":[1.0,0.87,0.2],\"quaternionWxyz\":[");
    }

    private int indexOf(String name) {
        for (int i = 0; i < n; i++) {
            if (robot.joints().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no joint " + name + " in " + robot.joints());
    }
}
