package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The safety row names the velocity scale only while a policy's uncertainty lowers it. */
class LoopStatsTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLoweredVelocityScaleIsShownWithItsBandAndFullSpeedIsNot() throws Exception {
        assertThat(
                        LoopStatsText.velocityScale(
                                JSON.readTree(
                                        "{\"velocityScale\": 0.1,"
                                                + " \"velocityScaleBand\": \"uncertainty above 0.4\"}")))
                .isEqualTo(", velocity 10 % (uncertainty above 0.4)");
        assertThat(LoopStatsText.velocityScale(JSON.readTree("{\"velocityScale\": 1.0}")))
                .isEmpty();
        assertThat(LoopStatsText.velocityScale(JSON.readTree("{}")))
                .as("a loop from before the curve")
                .isEmpty();
    }

    @Test
    void aSensorHoldIsShownWithItsReasonAndItsRefusalsAreCounted() throws Exception {
        String stats =
                "{\"supervisor\": {\"watchdogState\": \"HOLDING\", \"eStopState\": \"CLEAR\","
                        + " \"epoch\": 3, \"commandsApplied\": 10, \"refusedSensorHold\": 4,"
                        + " \"sensorHold\": \"ft1.forceN[2] = 45.0 breaks ft1.forceN[2] <= 40.0\"}}";
        String text = LoopStatsText.render("hand", 500, JSON.readTree(stats));
        assertThat(text)
                .contains(
                        "watchdog HOLDING, e-stop CLEAR, epoch 3, held by sensor limit:"
                                + " ft1.forceN[2] = 45.0 breaks ft1.forceN[2] <= 40.0")
                .contains("4 rejected (sensor hold 4)");
        assertThat(LoopStatsText.sensorHold(JSON.readTree("{\"sensorHold\": null}"))).isEmpty();
    }
}
