package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.api.SimTopics.Operation;
import armature.physics.api.World;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimControlTest {
    private RealTimeStepper stepper;

    @AfterEach
    void stop() {
        if (stepper != null) {
            stepper.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String json(SimControl.Status s) {
        return new String(SimControl.json(s), StandardCharsets.UTF_8);
    }

    @Test
    void pauseSpeedResumeAndResetChangeTheReportedStatus() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(System::nanoTime);
        robot.advance(50);
        stepper = new RealTimeStepper(robot, 1.0, System::nanoTime, "sim-control-test");
        SimControl control = new SimControl("hand", robot, stepper);

        assertThat(control.apply(Operation.PAUSE, new byte[0]).paused()).isTrue();
        assertThat(
                        control.apply(Operation.SPEED, utf8("{\"realTimeFactor\": 2.5}"))
                                .realTimeFactor())
                .isEqualTo(2.5);
        assertThat(control.apply(Operation.RESUME, new byte[0]).paused()).isFalse();
        assertThat(json(control.apply(Operation.RESET, new byte[0])))
                .startsWith("{\"name\":\"hand\",\"timeSeconds\":0.0,")
                .contains("\"realTimeFactor\":2.5")
                .endsWith("\"health\":\"OK\"}");
    }

    /**
     * Fetch's gripper is welded to a mocap body (the Gymnasium environments move it that way): a
     * {@code mocap} request 10 cm higher lifts the gripper, and bad requests name what is wrong.
     */
    @Test
    void mocapMovesTheBodiesWeldedToItAndBadRequestsAreRefused() throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(
                                ShadowHand.MODELS.resolve(
                                        "gymnasium-robotics/fetch/pick_and_place.xml"),
                                LoadOptions.defaults().withPackagePath(List.of(ShadowHand.MODELS))),
                        w -> {});
        World world = new ReferencePhysicsEngine().createWorld(m);
        SimulatedRobot robot = new SimulatedRobot(m, world, System::nanoTime, 25.0);
        SimControl control = new SimControl("fetch", robot, null);
        int mocap = m.bodyNames().indexOf("robot0:mocap");
        int gripper = m.bodyNames().indexOf("robot0:gripper_link");
        robot.advance(250);
        double[] poses = new double[7 * m.nbody];
        world.readBodyPoses(poses);
        double before = poses[7 * gripper + 2];
        double[] p = {poses[7 * mocap], poses[7 * mocap + 1], poses[7 * mocap + 2] + 0.1};

        control.apply(
                Operation.MOCAP,
                utf8(
                        String.format(
                                java.util.Locale.ROOT,
                                "{\"body\":\"robot0:mocap\",\"posM\":[%f,%f,%f],"
                                        + "\"quat\":[%f,%f,%f,%f]}",
                                p[0],
                                p[1],
                                p[2],
                                poses[7 * mocap + 3],
                                poses[7 * mocap + 4],
                                poses[7 * mocap + 5],
                                poses[7 * mocap + 6])));
        robot.advance(500);
        world.readBodyPoses(poses);
        assertThat(poses[7 * gripper + 2] - before).as("gripper lift (m)").isGreaterThan(0.05);

        assertThatThrownBy(() -> control.apply(Operation.MOCAP, utf8("{\"body\":\"x\"}")))
                .hasMessageContaining("missing: posM quat");
        assertThatThrownBy(
                        () ->
                                control.apply(
                                        Operation.MOCAP,
                                        utf8(
                                                "{\"body\":\"robot0:gripper_link\","
                                                        + "\"posM\":[0,0,1],\"quat\":[1,0,0,0]}")))
                .hasMessageContaining("not a mocap body");
        assertThat(SimControl.operation("mocap")).isEqualTo(Operation.MOCAP);
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(System::nanoTime);
        SimControl lockStep = new SimControl("hand", robot, null);
        assertThat(lockStep.apply(Operation.STATUS, new byte[0]).lockStep()).isTrue();
        assertThatThrownBy(() -> lockStep.apply(Operation.PAUSE, new byte[0]))
                .hasMessageContaining("'pause' needs real-time mode");
        assertThatThrownBy(() -> SimControl.operation("jump"))
                .hasMessageContaining("unknown operation 'jump'; allowed: reset, pause");
        assertThat(SimControl.operation("speed")).isEqualTo(Operation.SPEED);
        assertThatThrownBy(() -> SimControl.parseFactor(utf8("{}")))
                .hasMessageContaining("{\"realTimeFactor\": x}; realTimeFactor is missing");
        assertThatThrownBy(() -> SimControl.parseFactor(utf8("{\"realTimeFactor\":\"fast\"}")))
                .hasMessageContaining("{\"realTimeFactor\": x}")
                .hasMessageContaining("realTimeFactor");
        assertThatThrownBy(() -> SimControl.parseFactor(utf8("{\"realTimeFactor\":1,\"x\":2}")))
                .hasMessageContaining("\"x\"");
        assertThatThrownBy(
                        () ->
                                new SimControl(
                                                "h",
                                                robot,
                                                new RealTimeStepper(
                                                        robot, 1, System::nanoTime, "x"))
                                        .apply(Operation.SPEED, utf8("{\"realTimeFactor\":-1}")))
                .hasMessageContaining("realTimeFactor = -1.0");
    }
}
