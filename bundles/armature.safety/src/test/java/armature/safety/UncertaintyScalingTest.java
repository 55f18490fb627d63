package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The supervisor scales every joint's velocity limit by the uncertainty curve while it follows a
 * command that carries an uncertainty (ADR 0093). The rig ticks at 1 kHz; commands every 10 ms move
 * joint ffj1 (3 rad/s, 30 rad/s^2) from 0.5 toward 1.5 rad.
 */
class UncertaintyScalingTest {
    private static final UncertaintyCurve CURVE = UncertaintyCurve.defaults();
    private static final double VMAX = 3.0; // ffj1
    private static final double AMAX = 30.0;

    /** Runs ticks {@code fromMs..toMs}; a command every 10 ms from {@code command}; events kept. */
    private static double peakSpeed(
            Rig rig, int fromMs, int toMs, IntFunction<Command> command, List<SafetyEvent> events) {
        double peak = 0;
        for (int k = fromMs; k <= toMs; k++) {
            Output out = rig.tickAtMs(k, k % 10 == 1 ? command.apply(k) : null);
            events.addAll(out.events());
            peak = Math.max(peak, Math.abs(out.velocityRadPerSec(1)));
        }
        return peak;
    }

    private static Command toward(Rig rig, double uncertainty) {
        return rig.position(0, 1.5, 0.2).withUncertainty(uncertainty);
    }

    private static long count(List<SafetyEvent> events, SafetyEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    @Test
    void theCommandedSpeedFallsAsUncertaintyRises() {
        double previous = Double.POSITIVE_INFINITY;
        for (double u : new double[] {0, 0.1, 0.2, 0.3, 0.6}) {
            Rig rig = new Rig();
            rig.activate(0);
            double peak = peakSpeed(rig, 1, 400, k -> toward(rig, u), new ArrayList<>());
            assertThat(peak)
                    .as("peak speed of ffj1 at uncertainty " + u)
                    .isCloseTo(VMAX * CURVE.scale(u), within(1e-9))
                    .isLessThan(previous);
            previous = peak;
            SupervisorStatistics s = rig.supervisor.statistics();
            assertThat(s.velocityScale()).isEqualTo(CURVE.scale(u));
            assertThat(s.uncertainty()).isEqualTo(u);
            assertThat(s.velocityScaleBand()).isEqualTo(CURVE.bandLabel(CURVE.band(u)));
            assertThat(s.commandsWithUncertainty()).isEqualTo(40);
            assertThat(s.commandsScaled()).isEqualTo(u <= 0.05 ? 0 : 40);
        }
        assertThat(previous).as("at the floor").isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aLoweredLimitIsReachedByBrakingAtTheAccelerationBoundNotByAJump() {
        Rig rig = new Rig();
        rig.activate(0);
        assertThat(peakSpeed(rig, 1, 150, k -> toward(rig, 0), new ArrayList<>())).isEqualTo(VMAX);
        double v = rig.tickAtMs(151, toward(rig, 0.6)).velocityRadPerSec(1);
        for (int k = 152; k <= 300; k++) {
            double next =
                    rig.tickAtMs(k, k % 10 == 1 ? toward(rig, 0.6) : null).velocityRadPerSec(1);
            assertThat(Math.abs(next - v))
                    .as("speed change at " + k + " ms")
                    .isLessThanOrEqualTo(AMAX * 0.001 * (1 + 1e-9));
            v = next;
        }
        assertThat(v).isCloseTo(VMAX * 0.1, within(1e-9));
    }

    @Test
    void aMalformedUncertaintyIsRejectedNamingItAndNeverReadAsZero() {
        for (double bad : new double[] {-0.1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Rig rig = new Rig();
            rig.activate(0);
            long applied = rig.supervisor.statistics().commandsApplied();
            Output out = rig.tickAtMs(1, toward(rig, bad));
            SafetyEvent e =
                    out.events().stream()
                            .filter(x -> x.type() == SafetyEvent.Type.COMMAND_REJECTED)
                            .findFirst()
                            .orElseThrow();
            assertThat(e.field()).isEqualTo("uncertainty");
            assertThat(e.allowedRange()).contains("a finite number >= 0");
            assertThat(e.message()).contains("uncertainty = " + bad);
            assertThat(rig.supervisor.statistics().commandsApplied()).isEqualTo(applied);
            assertThat(rig.supervisor.statistics().rejectedInvalid()).isEqualTo(1);
            assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
            assertThat(out.positionRad(1)).as("not moved toward the refused target").isEqualTo(0.5);
        }
    }

    @Test
    void aSenderThatStopsSendingItIsSlowedToTheFloorUntilItSendsOneAgain() {
        Rig rig = new Rig();
        rig.activate(0);
        List<SafetyEvent> events = new ArrayList<>();
        peakSpeed(rig, 1, 100, k -> toward(rig, 0), events);
        double peak = peakSpeed(rig, 101, 300, k -> rig.position(0, 1.5, 0.2), events);
        assertThat(rig.supervisor.statistics().velocityScale()).isEqualTo(CURVE.floorScale());
        assertThat(rig.supervisor.statistics().velocityScaleBand()).isEqualTo("missing");
        assertThat(rig.supervisor.statistics().uncertainty()).isNull();
        assertThat(rig.supervisor.statistics().uncertaintyMissing()).isEqualTo(20);
        assertThat(peak).as("braking from full speed").isLessThan(VMAX);
        assertThat(Math.abs(rig.tickAtMs(301, null).velocityRadPerSec(1)))
                .isCloseTo(VMAX * CURVE.floorScale(), within(1e-9));
        assertThat(count(events, SafetyEvent.Type.UNCERTAINTY_MISSING))
                .as("one event per gap, not per command")
                .isEqualTo(1);
        SafetyEvent missing =
                events.stream()
                        .filter(e -> e.type() == SafetyEvent.Type.UNCERTAINTY_MISSING)
                        .findFirst()
                        .orElseThrow();
        assertThat(missing.field()).isEqualTo(Command.IN_PROCESS);
        assertThat(missing.value()).isEqualTo(CURVE.floorScale());
        assertThat(missing.message()).contains("10 %").contains("armature-uncertainty");

        peakSpeed(rig, 302, 400, k -> toward(rig, 0), events);
        assertThat(rig.supervisor.statistics().velocityScale()).isEqualTo(1.0);
        assertThat(Math.abs(rig.tickAtMs(401, null).velocityRadPerSec(1))).isEqualTo(VMAX);
    }

    @Test
    void aSenderThatNeverSendsItIsNotScaledWhateverOthersSent() {
        Rig rig = new Rig();
        rig.activate(0);
        List<SafetyEvent> events = new ArrayList<>();
        peakSpeed(rig, 1, 100, k -> toward(rig, 0.6), events);
        long[] seq = {0};
        double peak =
                peakSpeed(
                        rig,
                        101,
                        400,
                        k ->
                                Command.of(
                                        "alice",
                                        rig.supervisor.currentEpoch(),
                                        ++seq[0],
                                        CommandMode.POSITION,
                                        0,
                                        1.5,
                                        0.2),
                        events);
        assertThat(peak).isEqualTo(VMAX);
        assertThat(rig.supervisor.statistics().velocityScaleBand()).isEqualTo("none");
        assertThat(count(events, SafetyEvent.Type.UNCERTAINTY_MISSING)).isZero();
    }

    @Test
    void theEndOfAStreamForgetsThatItsSenderMeasured() {
        Rig rig = new Rig();
        rig.activate(0);
        List<SafetyEvent> events = new ArrayList<>();
        peakSpeed(rig, 1, 100, k -> toward(rig, 0.3), events);
        peakSpeed(rig, 101, 300, k -> null, events); // silent: the watchdog holds
        assertThat(rig.supervisor.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(rig.supervisor.statistics().velocityScale()).isEqualTo(1.0);
        double peak = peakSpeed(rig, 301, 700, k -> rig.position(0, 1.5, 0.2), events);
        assertThat(peak).isGreaterThan(VMAX * 0.9);
        assertThat(count(events, SafetyEvent.Type.UNCERTAINTY_MISSING)).isZero();

        // A new epoch (driver swap) ends the stream too.
        peakSpeed(rig, 701, 800, k -> toward(rig, 0.3), events);
        rig.supervisor.beginEpoch();
        rig.tickAtMs(801, null);
        assertThat(rig.supervisor.statistics().velocityScale()).isEqualTo(1.0);
        rig.tickAtMs(811, rig.position(0, 1.5, 0.2));
        assertThat(rig.supervisor.statistics().velocityScaleBand()).isEqualTo("none");
        assertThat(count(events, SafetyEvent.Type.UNCERTAINTY_MISSING)).isZero();
    }

    @Test
    void bandEventsGoOutAtMostOnceASecondAndTheDocumentShowsTheLastOne() {
        Rig rig = new Rig();
        rig.activate(0);
        List<SafetyEvent> events = new ArrayList<>();
        // Hovering at the 0.2 edge: bands 1 and 2 alternate with every command.
        peakSpeed(rig, 1, 3000, k -> toward(rig, (k / 10) % 2 == 0 ? 0.19 : 0.21), events);
        List<SafetyEvent> bands =
                events.stream()
                        .filter(e -> e.type() == SafetyEvent.Type.VELOCITY_SCALE_BAND)
                        .toList();
        assertThat(bands).hasSizeBetween(1, 4);
        for (int i = 1; i < bands.size(); i++) {
            assertThat(bands.get(i).timeNanos() - bands.get(i - 1).timeNanos())
                    .isGreaterThanOrEqualTo(VelocityScaling.BAND_EVENT_INTERVAL_NANOS);
        }
        SafetyEvent first = bands.get(0);
        assertThat(first.field()).isEqualTo(Command.IN_PROCESS);
        assertThat(first.value()).isCloseTo(CURVE.scale(0.19), within(1e-12));
        assertThat(first.message())
                .contains("velocity limits at")
                .contains("from '" + Command.IN_PROCESS + "'")
                .contains("uncertainty 0.05 to 0.2")
                .contains(UncertaintyCurve.DEFAULT_POINTS);
        SupervisorSnapshot doc = rig.supervisor.snapshot();
        assertThat(doc.velocityScaleSender()).isEqualTo(Command.IN_PROCESS);
        assertThat(bands.get(bands.size() - 1).message()).contains(doc.velocityScaleBand());

        // The stream ends: back to none, reported once the second is up.
        peakSpeed(rig, 3001, 4500, k -> null, events);
        assertThat(rig.supervisor.snapshot().velocityScaleBand()).isEqualTo("none");
        assertThat(rig.supervisor.snapshot().velocityScaleSender()).isNull();
        assertThat(events.get(events.size() - 1).message()).contains("no command is followed");
    }

    @Test
    void anEmptyCurveScalesNothing() {
        Rig rig = new Rig(b -> b.velocityScaleCurve(UncertaintyCurve.OFF));
        rig.activate(0);
        List<SafetyEvent> events = new ArrayList<>();
        assertThat(peakSpeed(rig, 1, 200, k -> toward(rig, 5), events)).isEqualTo(VMAX);
        peakSpeed(rig, 201, 300, k -> rig.position(0, 1.5, 0.2), events);
        assertThat(rig.supervisor.statistics().velocityScale()).isEqualTo(1.0);
        assertThat(count(events, SafetyEvent.Type.UNCERTAINTY_MISSING)).isZero();
    }

    @Test
    void theScaleAlsoBoundsVelocityCommands() {
        Rig rig = new Rig();
        rig.activate(0);
        double peak =
                peakSpeed(
                        rig,
                        1,
                        200,
                        k -> rig.velocity(0, 3.0, 0).withUncertainty(0.2),
                        new ArrayList<>());
        assertThat(peak)
                .as("a velocity command within the configured limit, driven at the scaled one")
                .isCloseTo(VMAX * 0.25, within(1e-9));
        assertThat(rig.supervisor.statistics().rejectedInvalid()).isZero();
    }

    @Test
    void theEffortOverspeedGuardUsesTheScaledLimit() {
        for (double u : new double[] {0, 0.2}) {
            Rig rig = new Rig();
            rig.activate(0);
            // ffj1 turns at 1 rad/s: below its 3 rad/s limit, above the 0.75 rad/s of u = 0.2.
            rig.measured.set(1, 0.5, 1.0, 0, 0, 30);
            Output out = rig.tickAtMs(1, rig.effort(0, 0.3, 0).withUncertainty(u));
            assertThat(out.kind()).isEqualTo(OutputKind.EFFORT);
            assertThat(out.effort(1))
                    .as("effort pushing ffj1 on at uncertainty " + u)
                    .isEqualTo(u == 0 ? 0.3 : 0.0);
        }
    }
}
