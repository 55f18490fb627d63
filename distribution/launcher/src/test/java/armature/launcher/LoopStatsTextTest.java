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
}
