package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code sensorLimits} grammar: what it reads, and how it refuses what it cannot. */
class SensorLimitsTest {
    private static final String KEY = "sensorLimits";

    @Test
    void readsTheDocumentedExample() {
        List<SensorLimit> limits =
                SensorLimits.parse(
                        KEY,
                        "ft1.forceN[2] <= 40; ft1.forceN abs<= 60 trip;"
                                + " thermo1.temperatureC <= 80 hold maxAge=200ms");
        assertThat(limits).hasSize(3);

        SensorLimit z = limits.get(0);
        assertThat(z.sensorId()).isEqualTo("ft1");
        assertThat(z.field()).isEqualTo("forceN");
        assertThat(z.selector()).isEqualTo(SensorLimit.Selector.ELEMENT);
        assertThat(z.index()).isEqualTo(2);
        assertThat(z.comparison()).isEqualTo(SensorLimit.Comparison.AT_MOST);
        assertThat(z.bound()).isEqualTo(40.0);
        assertThat(z.hysteresis()).as("5 %% of the bound by default").isEqualTo(2.0);
        assertThat(z.action()).isEqualTo(SensorLimit.Action.HOLD);
        assertThat(z.maxAgeNanos()).isZero();

        SensorLimit all = limits.get(1);
        assertThat(all.selector()).isEqualTo(SensorLimit.Selector.VALUE);
        assertThat(all.comparison()).isEqualTo(SensorLimit.Comparison.ABS_AT_MOST);
        assertThat(all.action()).isEqualTo(SensorLimit.Action.TRIP);
        assertThat(all.source()).isEqualTo("sensor ft1.forceN abs<= 60.0");

        assertThat(limits.get(2).maxAgeNanos()).isEqualTo(200_000_000L);
    }

    @Test
    void readsNormsDottedIdsLowerBoundsAndOptions() {
        List<SensorLimit> limits =
                SensorLimits.parse(
                        KEY,
                        "norm(ft.left.forceN)<=55.5 trip hysteresis=0.5 maxAge=1.5s;"
                                + " air.pressureBar >= 1 ;");
        assertThat(limits.get(0).sensorId()).isEqualTo("ft.left");
        assertThat(limits.get(0).selector()).isEqualTo(SensorLimit.Selector.NORM);
        assertThat(limits.get(0).hysteresis()).isEqualTo(0.5);
        assertThat(limits.get(0).maxAgeNanos()).isEqualTo(1_500_000_000L);
        assertThat(limits.get(1).comparison()).isEqualTo(SensorLimit.Comparison.AT_LEAST);
        assertThat(SensorLimits.parse(KEY, " ")).isEmpty();
    }

    @Test
    void theCanonicalTextReadsBackAsTheSameLimit() {
        List<SensorLimit> limits =
                SensorLimits.parse(
                        KEY,
                        "ft1.forceN[2] <= 40 maxAge=1s; norm(a.b.f) abs<= 0.5 trip hysteresis=0"
                                + " maxAge=2.5ms; t.c >= -3");
        assertThat(limits.get(0).text())
                .isEqualTo("ft1.forceN[2] <= 40.0 hold hysteresis=2.0 maxAge=1000ms");
        for (SensorLimit l : limits) {
            assertThat(SensorLimits.parse(KEY, l.text())).containsExactly(l);
        }
    }

    @Test
    void reducesArraysAndAppliesHysteresis() {
        SensorLimit every = SensorLimits.parse(KEY, "f.forceN abs<= 10").get(0);
        assertThat(every.reduce(new double[] {3, -12, 5})).isEqualTo(-12);
        assertThat(every.breaks(-12)).isTrue();
        SensorLimit norm = SensorLimits.parse(KEY, "norm(f.forceN) <= 10").get(0);
        assertThat(norm.reduce(new double[] {3, 4, 0})).isEqualTo(5.0);
        SensorLimit low = SensorLimits.parse(KEY, "p.bar >= 2 hysteresis=0.5").get(0);
        assertThat(low.breaks(1.9)).isTrue();
        assertThat(low.clears(2.2)).as("inside, but not by the hysteresis").isFalse();
        assertThat(low.clears(2.5)).isTrue();
        assertThat(low.breaks(Double.NaN)).isTrue();
    }

    @Test
    void refusesBadClausesNamingTheKeyTheClauseAndWhatIsAllowed() {
        assertRefused("ft1.forceN < 40", "'ft1.forceN < 40'", "TARGET OP BOUND");
        assertRefused("ft1 <= 40", "'ft1 <= 40'", "sensor.field");
        assertRefused("ft1.forceN <= NaN", "bound 'NaN'", "a finite decimal number");
        assertRefused("ft1.forceN <= 1e999", "not finite", "a finite number");
        assertRefused("ft1.forceN <= 40 stop", "action 'stop' is unknown", "hold or trip");
        assertRefused("ft1.forceN <= 40 maxAge=0ms", "maxAge 0ms", "from 1ms to 3600s");
        assertRefused("ft1.forceN <= 40 maxAge=-5ms", "maxAge '-5ms'", "200ms or 1.5s");
        assertRefused("ft1.forceN <= 40 maxAge=200", "maxAge '200'", "200ms or 1.5s");
        assertRefused("ft1.forceN <= 40 hysteresis=-1", "hysteresis -1", "a number >= 0");
        assertRefused("ft1.forceN <= 40 colour=red", "option 'colour'", "maxAge=");
        assertRefused("ft1.forceN abs<= -1", "bound -1", ">= 0 after abs<=");
        assertRefused("ft1.forceN <= 40 hold trip", "'action' given twice", "each option once");
        assertRefused("a.x <= 1; a.x <= 1 trip", "appears twice", "each condition once");
    }

    private static void assertRefused(String text, String... parts) {
        assertThatThrownBy(() -> SensorLimits.parse(KEY, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(KEY + " clause '")
                .hasMessageContaining("; allowed: ")
                .hasMessageContainingAll(parts);
    }

    @Test
    void theDefaultMaxAgeIsFivePeriodsFrom100MsTo1SAndAnExplicitOneIsNeverLengthened() {
        SensorLimit byDefault = SensorLimits.parse(KEY, "t.tempC <= 80").get(0);
        assertThat(byDefault.maxAgeNanos(100)).as("50 ms: the floor").isEqualTo(100_000_000L);
        assertThat(byDefault.maxAgeNanos(10)).isEqualTo(500_000_000L);
        assertThat(byDefault.maxAgeNanos(0.01)).as("500 s: the cap").isEqualTo(1_000_000_000L);

        SensorGuard g = new SensorGuard(byDefault, () -> 0);
        g.described(0.01);
        g.sample(20);
        assertThat(g.maxAgeNanos()).isEqualTo(1_000_000_000L);
        assertThat(g.condition(1_000_000_000L)).isEqualTo(SensorGuard.Condition.OK);
        assertThat(g.condition(1_000_000_001L)).isEqualTo(SensorGuard.Condition.STALE);

        SensorLimit slow = SensorLimits.parse(KEY, "t.tempC <= 80 maxAge=300ms").get(0);
        SensorGuard h = new SensorGuard(slow, () -> 0);
        h.described(100);
        h.described(0.01); // re-published with a slower rate
        assertThat(h.maxAgeNanos()).isEqualTo(300_000_000L);
        SensorLimit verySlow = SensorLimits.parse(KEY, "t.tempC <= 80 maxAge=600s").get(0);
        assertThat(verySlow.maxAgeNanos(0.01))
                .as("explicit: not capped")
                .isEqualTo(600_000_000_000L);
    }

    @Test
    void anAbsLimitWhoseHysteresisReachesTheBoundIsRefusedAsItCouldNeverClear() {
        assertThatThrownBy(() -> SensorLimits.parse(KEY, "ft1.forceN abs<= 5 hysteresis=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KEY + " clause 'ft1.forceN abs<= 5 hysteresis=5'")
                .hasMessageContaining("hysteresis 5.0 is not below the bound 5.0 of abs<=")
                .hasMessageContaining("allowed: a hysteresis below the bound");
        assertThatThrownBy(
                        () ->
                                new SensorLimit(
                                        "ft1",
                                        "forceN",
                                        SensorLimit.Selector.VALUE,
                                        -1,
                                        SensorLimit.Comparison.ABS_AT_MOST,
                                        5,
                                        6,
                                        SensorLimit.Action.HOLD,
                                        0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hysteresis = 6.0 with abs<= 5.0; allowed: below the bound");
        assertThat(SensorLimits.parse(KEY, "ft1.forceN abs<= 5 hysteresis=4.9").get(0).clears(0.05))
                .isTrue();
        assertThat(SensorLimits.parse(KEY, "ft1.forceN <= 5 hysteresis=5")).hasSize(1);
    }
}
