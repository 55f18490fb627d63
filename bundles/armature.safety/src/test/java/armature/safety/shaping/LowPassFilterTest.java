package armature.safety.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LowPassFilterTest {
    @Test
    void stepResponseReachesOneMinusOneOverEAfterOneTimeConstant() {
        LowPassFilter f = new LowPassFilter(0.2);
        f.reset(0);
        for (int k = 0; k < 200; k++) {
            f.step(1.0, 0.001);
        }
        assertThat(f.value()).isCloseTo(1 - Math.exp(-1), within(1e-12));
    }

    @Test
    void resultDoesNotDependOnHowTheIntervalIsSplit() {
        LowPassFilter coarse = new LowPassFilter(0.05);
        LowPassFilter fine = new LowPassFilter(0.05);
        coarse.step(2.0, 0.1);
        for (int k = 0; k < 100; k++) {
            fine.step(2.0, 0.001);
        }
        assertThat(coarse.value()).isCloseTo(fine.value(), within(1e-12));
    }

    @Test
    void zeroTimeConstantPassesThroughAndNegativeIsRejected() {
        LowPassFilter f = new LowPassFilter(0);
        assertThat(f.step(3.5, 0.001)).isEqualTo(3.5);
        assertThatThrownBy(() -> new LowPassFilter(-1))
                .hasMessageContaining("timeConstantSeconds = -1.0");
    }
}
