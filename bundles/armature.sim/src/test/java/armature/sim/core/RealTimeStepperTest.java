package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RealTimeStepperTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private RealTimeStepper stepper;

    @AfterEach
    void stop() {
        if (stepper != null) {
            stepper.close();
        }
    }

    /** A frozen fake clock: simulated time moves exactly as far as the test moves the clock. */
    @Test
    void simulatedTimeFollowsTheClockTimesTheFactor() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SimulatedRobot robot = ShadowHand.robot(clock::get);
        stepper = new RealTimeStepper(robot, 1.0, clock::get, "sim-test");
        stepper.start();
        await(() -> stepper.anchors() == 1, "schedule anchored");
        awaitParked(Thread.State.TIMED_WAITING);
        assertThat(robot.stepCount()).isZero();

        clock.addAndGet(50_000_000L); // 50 ms at factor 1 = 25 steps of 2 ms
        await(() -> robot.stepCount() == 25, "25 steps after 50 ms");
        awaitParked(Thread.State.TIMED_WAITING);
        assertThat(robot.stepCount()).isEqualTo(25);

        long anchors = stepper.anchors();
        stepper.setRealTimeFactor(2.0);
        await(() -> stepper.anchors() > anchors, "new schedule after the speed change");
        awaitParked(Thread.State.TIMED_WAITING);
        long before = robot.stepCount();
        clock.addAndGet(10_000_000L); // 10 ms at factor 2 = 20 ms = 10 steps
        await(() -> robot.stepCount() == before + 10, "10 more steps at factor 2");
        assertThat(stepper.lagResets()).isZero();
    }

    /**
     * A stepper 225 timesteps behind catches up one lock hold per timestep and lets a waiting
     * caller in between them: a reader sees the time advance step by step during the catch-up. With
     * one hold for the whole batch it could only see the time before and after it.
     */
    @Test
    void aReaderWhileTheStepperCatchesUpWaitsForOneTimestepNotTheBatch() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        SimulatedRobot robot = ShadowHand.robot(clock::get);
        stepper = new RealTimeStepper(robot, 5.0, clock::get, "sim-test");
        stepper.start();
        await(() -> stepper.anchors() == 1, "schedule anchored");
        awaitParked(Thread.State.TIMED_WAITING);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean reading = new AtomicBoolean(true);
        double dt = robot.timestepSeconds();
        Thread reader =
                new Thread(
                        () -> {
                            while (reading.get()) {
                                seen.add(Math.round(robot.timeSeconds() / dt));
                            }
                        },
                        "reader-test");
        reader.start();
        clock.addAndGet(90_000_000L); // 90 ms at factor 5: 225 steps of 2 ms behind
        await(() -> robot.stepCount() == 225, "225 steps after 90 ms at factor 5");
        reading.set(false);
        reader.join(TIMEOUT.toMillis());
        long between = seen.stream().filter(s -> s > 0 && s < 225).count();
        assertThat(between)
                .as("steps the reader saw during the catch-up: %s", new TreeSet<>(seen))
                .isGreaterThanOrEqualTo(5);
        assertThat(stepper.lagResets()).isZero();
    }

    @Test
    void pauseStopsTimeAndResumeRestartsIt() throws Exception {
        SimulatedRobot robot = ShadowHand.robot(System::nanoTime);
        stepper = new RealTimeStepper(robot, 0, System::nanoTime, "sim-test");
        stepper.start();
        await(() -> robot.timeSeconds() > 0.05, "time runs");

        stepper.pause();
        double paused = robot.timeSeconds();
        long steps = robot.stepCount();
        awaitParked(Thread.State.WAITING);
        assertThat(robot.timeSeconds()).isEqualTo(paused);
        assertThat(robot.stepCount()).isEqualTo(steps);

        stepper.resume();
        await(() -> robot.timeSeconds() > paused, "time runs again");
    }

    @Test
    void rejectsBadFactors() {
        assertThatThrownBy(() -> RealTimeStepper.checkFactor(Double.NaN))
                .hasMessageContaining("realTimeFactor = NaN");
        assertThatThrownBy(() -> RealTimeStepper.checkFactor(-1))
                .hasMessageContaining("allowed: 0 (as fast as possible) or (0, 1000]");
    }

    private void awaitParked(Thread.State state) {
        await(() -> stepper.thread().getState() == state, "stepper thread " + state);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
