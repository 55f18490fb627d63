package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.control.api.SimTopics.Operation;
import java.nio.charset.StandardCharsets;
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
