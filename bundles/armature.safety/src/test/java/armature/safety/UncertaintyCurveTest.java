package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UncertaintyCurveTest {
    private static final String KEY = "uncertaintyVelocityScale";

    @Test
    void theDefaultCurveIsFlatThenLinearThenAtItsFloor() {
        UncertaintyCurve c = UncertaintyCurve.defaults();
        assertThat(c).hasToString(UncertaintyCurve.DEFAULT_POINTS);
        assertThat(c.scale(0)).isEqualTo(1.0);
        assertThat(c.scale(0.05)).isEqualTo(1.0);
        // Halfway from 0.05:1 to 0.2:0.25.
        assertThat(c.scale(0.125)).isCloseTo(0.625, within(1e-12));
        assertThat(c.scale(0.2)).isEqualTo(0.25);
        assertThat(c.scale(0.3)).isCloseTo(0.175, within(1e-12));
        assertThat(c.scale(0.4)).isEqualTo(0.1);
        assertThat(c.scale(7)).isEqualTo(0.1);
        assertThat(c.floorScale()).isEqualTo(0.1);
    }

    @Test
    void moreUncertaintyNeverMeansMoreSpeed() {
        UncertaintyCurve c = UncertaintyCurve.parse(KEY, "0.01:0.9, 0.02:0.9 0.5:0.3 0.8:0.05");
        double previous = 1;
        for (double u = 0; u < 2; u += 1e-3) {
            double s = c.scale(u);
            assertThat(s).as("scale at " + u).isLessThanOrEqualTo(previous).isGreaterThan(0);
            previous = s;
        }
    }

    @Test
    void bandsAreTheStretchesBetweenThePoints() {
        UncertaintyCurve c = UncertaintyCurve.defaults();
        assertThat(c.bands()).isEqualTo(4);
        assertThat(c.band(0)).isZero();
        assertThat(c.band(0.05)).as("a point belongs to the band below it").isZero();
        assertThat(c.band(0.051)).isEqualTo(1);
        assertThat(c.band(0.3)).isEqualTo(2);
        assertThat(c.band(0.41)).isEqualTo(3);
        assertThat(c.bandLabel(0)).isEqualTo("uncertainty at most 0.05");
        assertThat(c.bandLabel(1)).isEqualTo("uncertainty 0.05 to 0.2");
        assertThat(c.bandLabel(3)).isEqualTo("uncertainty above 0.4");
        assertThatThrownBy(() -> c.bandLabel(4)).hasMessageContaining("band = 4");
    }

    @Test
    void anEmptyCurveScalesNothing() {
        UncertaintyCurve off = UncertaintyCurve.parse(KEY, "  ");
        assertThat(off).isSameAs(UncertaintyCurve.OFF);
        assertThat(off.isOff()).isTrue();
        assertThat(off.scale(100)).isEqualTo(1.0);
        assertThat(off.floorScale()).isEqualTo(1.0);
        assertThat(off.band(100)).isZero();
        assertThat(off).hasToString("");
    }

    @Test
    void badCurvesAreRefusedNamingTheKeyThePointAndTheRule() {
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.2:0.5 0.1:0.25"))
                .hasMessageContaining(KEY + " point 2 (0.1:0.25)")
                .hasMessageContaining("above the previous point's 0.2");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:0.5 0.2:0.8"))
                .hasMessageContaining("scale 0.8")
                .hasMessageContaining("more uncertainty must never allow more speed");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:0"))
                .hasMessageContaining("scale 0.0; allowed: (0, 1]");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:1.5"))
                .hasMessageContaining("scale 1.5; allowed: (0, 1]");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "-0.1:1"))
                .hasMessageContaining("uncertainty -0.1; allowed: finite, >= 0");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "NaN:1"))
                .hasMessageContaining("uncertainty NaN");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "Infinity:0.5"))
                .hasMessageContaining("uncertainty Infinity");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:NaN"))
                .hasMessageContaining("scale NaN");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1"))
                .hasMessageContaining(KEY + " point '0.1'; allowed: uncertainty:scale");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:"))
                .hasMessageContaining("point '0.1:'");
        assertThatThrownBy(() -> UncertaintyCurve.parse(KEY, "0.1:half"))
                .hasMessageContaining("'half' is not a number");
        assertThatThrownBy(
                        () -> UncertaintyCurve.of(KEY, new double[] {0.1, 0.2}, new double[] {1}))
                .hasMessageContaining("2 uncertainties and 1 scales");
    }
}
