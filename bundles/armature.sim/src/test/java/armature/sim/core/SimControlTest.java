package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void pauseSpeedResumeAndResetChangeTheReportedStatus() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(System::nanoTime);
        robot.advance(50);
        stepper = new RealTimeStepper(robot, 1.0, System::nanoTime, "sim-control-test");
        SimControl control = new SimControl("hand", robot, stepper);

        assertThat(control.apply("pause", "")).contains("\"paused\":true");
        assertThat(control.apply("speed", "{\"realTimeFactor\": 2.5}"))
                .contains("\"realTimeFactor\":2.5");
        assertThat(control.apply("resume", "")).contains("\"paused\":false");
        assertThat(control.apply("reset", ""))
                .startsWith("{\"name\":\"hand\",\"timeSeconds\":0.0,")
                .endsWith("\"health\":\"OK\"}");
    }

    @Test
    void errorsNameTheProblem() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(System::nanoTime);
        SimControl lockStep = new SimControl("hand", robot, null);
        assertThat(lockStep.apply("status", "")).contains("\"lockStep\":true");
        assertThatThrownBy(() -> lockStep.apply("pause", ""))
                .hasMessageContaining("'pause' needs real-time mode");
        assertThatThrownBy(() -> lockStep.apply("jump", ""))
                .hasMessageContaining("unknown operation 'jump'; allowed: reset, pause");
        assertThatThrownBy(() -> SimControl.parseFactor("{}"))
                .hasMessageContaining("{\"realTimeFactor\": x}");
        assertThatThrownBy(() -> SimControl.parseFactor("{\"realTimeFactor\":\"fast\"}"))
                .hasMessageContaining("realTimeFactor = \"fast\"");
        assertThatThrownBy(
                        () ->
                                new SimControl(
                                                "h",
                                                robot,
                                                new RealTimeStepper(
                                                        robot, 1, System::nanoTime, "x"))
                                        .apply("speed", "{\"realTimeFactor\":-1}"))
                .hasMessageContaining("realTimeFactor = -1.0");
    }
}
