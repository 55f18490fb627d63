package armature.launcher.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The steady-state window and rates, on a fake clock that the test advances per step. */
class StepTimerTest {
    /** A clock the loop below advances by a chosen number of nanoseconds per step. */
    private long now = 1_000_000;

    private StepTimer.Rates run(long steps, java.util.function.LongUnaryOperator nanosOfStep) {
        StepTimer t = new StepTimer(steps, () -> now);
        t.start();
        for (long s = 0; s < steps; s++) {
            now += nanosOfStep.applyAsLong(s);
            t.stepped(s + 1);
        }
        return t.rates();
    }

    @Test
    void aConstantRateIsTheSameWholeAndSteady() {
        StepTimer.Rates r = run(5000, s -> 50_000);

        assertThat(r.steps()).isEqualTo(5000);
        assertThat(r.wallSeconds()).isCloseTo(0.25, within(1e-12));
        assertThat(r.wholeStepsPerSecond()).isCloseTo(20_000, within(1e-6));
        assertThat(r.steadyStepsPerSecond()).isCloseTo(20_000, within(1e-6));
        assertThat(r.steadySeconds()).isCloseTo(0.125, within(50_000 * 5 * 1e-9));
        assertThat(r.stillRising()).isFalse();
    }

    @Test
    void aSlowStartIsLeftOutOfTheSteadyWindow() {
        // 1000 warm-up steps at 200 us, then 9000 at 25 us: 0.2 s + 0.225 s of wall time. The
        // midpoint (0.2125 s) lies in the fast part, so the window holds only fast steps.
        StepTimer.Rates r = run(10_000, s -> s < 1000 ? 200_000 : 25_000);

        assertThat(r.wholeStepsPerSecond()).isCloseTo(10_000 / 0.425, within(1e-6));
        assertThat(r.steadyStepsPerSecond()).isCloseTo(40_000, within(1e-6));
        assertThat(r.steadySeconds()).isGreaterThanOrEqualTo(r.wallSeconds() / 2 - 1e-12);
        assertThat(r.steadySeconds()).isLessThan(r.wallSeconds() / 2 + 10 * 25e-6 * 2);
        assertThat(r.stillRising()).isFalse();
    }

    @Test
    void aRateStillRisingInTheWindowIsSaid() {
        // every step a little faster than the one before: never steady
        StepTimer.Rates r = run(4000, s -> 100_000 - 24L * s);

        assertThat(r.stillRising()).isTrue();
        assertThat(r.steadyStepsPerSecond()).isGreaterThan(r.wholeStepsPerSecond());
    }

    @Test
    void everyStepIsCountedWhenTheStrideDoesNotDivideTheSteps() {
        StepTimer.Rates r = run(123_457, s -> 1000);

        assertThat(r.steps()).isEqualTo(123_457);
        assertThat(r.wallSeconds()).isCloseTo(123_457e-6, within(1e-12));
        assertThat(r.steadySteps()).isBetween(123_457L / 2, 123_457L / 2 + 2 * 124);
    }

    @Test
    void oneStepAndNoStepsGiveFiguresNotErrors() {
        StepTimer.Rates one = run(1, s -> 40_000);
        assertThat(one.wholeStepsPerSecond()).isCloseTo(25_000, within(1e-6));
        assertThat(one.steadyStepsPerSecond()).isCloseTo(25_000, within(1e-6));

        StepTimer.Rates none = run(0, s -> 0);
        assertThat(none.steps()).isZero();
        assertThat(none.wholeStepsPerSecond()).isZero();
        assertThat(none.steadyStepsPerSecond()).isZero();
    }

    @Test
    void negativeStepsAndRatesBeforeStartAreRejected() {
        assertThatThrownBy(() -> new StepTimer(-1, () -> 0))
                .hasMessageContaining("totalSteps -1")
                .hasMessageContaining("allowed: 0 or more");
        assertThatThrownBy(() -> new StepTimer(10, () -> 0).rates())
                .hasMessageContaining("before start()");
    }
}
