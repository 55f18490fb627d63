package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.persist.EStopStore;
import armature.safety.wear.WearSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensor limits in the supervisor with a fake clock: a broken bound holds, hysteresis and a fresh
 * command resume, a stale or vanished sensor acts like a broken bound, a trip latches and is
 * persisted.
 */
class SensorLimitSupervisorTest {
    private static final long MS = Rig.MS;

    private static Rig rig(String limits) {
        return new Rig(b -> b.sensorLimits(SensorLimits.parse("sensorLimits", limits)));
    }

    private static SensorGuard guard(Rig r) {
        SensorGuard g = r.supervisor.sensorGuards().get(0);
        g.described(100); // default maxAge: 5 periods = 50 ms -> 100 ms floor
        return g;
    }

    @Test
    void aBrokenForceLimitHoldsUntilTheValueIsBackByTheHysteresisAndAFreshCommandArrives() {
        Rig r = rig("ft1.forceN[2] <= 40 hysteresis=5");
        SensorGuard g = guard(r);
        r.tickAtMs(0, null);
        assertThat(r.supervisor.snapshot().sensorHold())
                .as("no valid sample yet: fail safe")
                .contains("no valid sample yet");
        g.sample(new double[] {0, 0, 10});
        Output o = r.activate(1);
        assertThat(Rig.types(o)).contains(SafetyEvent.Type.SENSOR_LIMIT_CLEARED);
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.ACTIVE);

        r.nowNanos = 2 * MS;
        g.sample(new double[] {0, 0, 45});
        o = r.tickAtMs(2, r.position(0.1, 0.5, 0.2));
        assertThat(Rig.types(o))
                .containsSequence(
                        SafetyEvent.Type.SENSOR_LIMIT_EXCEEDED,
                        SafetyEvent.Type.ENTERED_HOLDING,
                        SafetyEvent.Type.COMMAND_REFUSED_SENSOR_HOLD);
        SafetyEvent exceeded = o.events().get(0);
        assertThat(exceeded.field()).isEqualTo("ft1.forceN[2]");
        assertThat(exceeded.value()).isEqualTo(45.0);
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.HOLDING);

        // Back below the bound, but not by the hysteresis: still held.
        r.nowNanos = 10 * MS;
        g.sample(new double[] {0, 0, 38});
        o = r.tickAtMs(10, r.position(0.1, 0.5, 0.2));
        assertThat(Rig.types(o)).containsExactly(SafetyEvent.Type.COMMAND_REFUSED_SENSOR_HOLD);

        // Back by the hysteresis: cleared, but a tick without a command does not move.
        r.nowNanos = 20 * MS;
        g.sample(new double[] {0, 0, 34});
        o = r.tickAtMs(20, null);
        assertThat(Rig.types(o)).containsExactly(SafetyEvent.Type.SENSOR_LIMIT_CLEARED);
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.HOLDING);

        o = r.tickAtMs(21, r.position(0.1, 0.5, 0.2));
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        SupervisorStatistics s = r.supervisor.statistics();
        assertThat(s.refusedSensorHold()).isEqualTo(2);
        assertThat(s.commandsReceived()).isEqualTo(s.commandsApplied() + s.commandsRejected());
        assertThat(s.sensorLimits().get(0).exceeded()).isEqualTo(1);
        assertThat(s.sensorLimits().get(0).samples()).isEqualTo(4);
        assertThat(s.sensorHold()).isNull();
    }

    @Test
    void aSensorThatFallsSilentOrGoesOfflineHolds() {
        Rig r = rig("ft1.forceN abs<= 60");
        SensorGuard g = guard(r);
        r.nowNanos = 0;
        g.sample(new double[] {1, 2, 3});
        r.activate(0);
        for (int ms = 1; ms <= 100; ms++) {
            r.nowNanos = ms * MS;
            g.sample(new double[] {1, 2, 3});
            assertThat(r.tickAtMs(ms, r.position(0, 0.5, 0.2)).watchdogState())
                    .isEqualTo(WatchdogState.ACTIVE);
        }
        // Silence: within 100 ms nothing happens, after it the guard is stale and holds.
        Output o = r.tickAtMs(200, r.position(0, 0.5, 0.2));
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        o = r.tickAtMs(201, r.position(0, 0.5, 0.2));
        assertThat(Rig.types(o))
                .containsSequence(
                        SafetyEvent.Type.SENSOR_STALE,
                        SafetyEvent.Type.ENTERED_HOLDING,
                        SafetyEvent.Type.COMMAND_REFUSED_SENSOR_HOLD);
        assertThat(o.events().get(0).message()).contains("ms old; allowed: at most 100 ms");

        r.nowNanos = 202 * MS;
        g.sample(new double[] {1, 2, 3});
        assertThat(r.tickAtMs(202, r.position(0, 0.5, 0.2)).watchdogState())
                .isEqualTo(WatchdogState.ACTIVE);

        g.unavailable("sensor ft1 is offline");
        o = r.tickAtMs(203, r.position(0, 0.5, 0.2));
        assertThat(Rig.types(o)).contains(SafetyEvent.Type.SENSOR_STALE);
        assertThat(o.events().get(0).message()).contains("sensor ft1 is offline");
        assertThat(o.watchdogState()).isEqualTo(WatchdogState.HOLDING);

        // Still stale, for another reason now: the statistics say the current one.
        g.unavailable("descriptor of sensor ft1 refused: no such thing");
        r.tickAtMs(204, r.position(0, 0.5, 0.2));
        assertThat(r.supervisor.statistics().sensorLimits().get(0).reason())
                .isEqualTo("ft1.forceN stale: descriptor of sensor ft1 refused: no such thing");
    }

    @Test
    void aTripLatchesTheEStopIsPersistedAndReleasesOnlyItsSourceWhenTheValueIsBack(
            @TempDir Path dir) throws Exception {
        Clock wall = Clock.fixed(Instant.parse("2026-12-05T20:00:00Z"), ZoneOffset.UTC);
        EStopStore store = new EStopStore(dir.resolve("estop.json"), wall);
        long[] now = {0};
        List<EStopSnapshot> saved = new ArrayList<>();
        SafetyConfig config =
                SafetyConfig.builder(Rig.JOINTS)
                        .sensorLimits(SensorLimits.parse("k", "ft1.forceN[2] <= 40 trip"))
                        .build();
        SafetySupervisor s =
                new SafetySupervisor(
                        config,
                        () -> now[0],
                        new SafetySupervisor.Restored(
                                WearSnapshot.empty(), EStopSnapshot.CLEAR, "test"),
                        1,
                        snap -> {
                            saved.add(snap);
                            try {
                                store.save(snap);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
        SensorGuard g = s.sensorGuards().get(0);
        g.described(100);
        JointState m = new JointState(3).set(0, 0, 0, 0, 0, 30).set(1, 0.5, 0, 0, 0, 30);
        m.set(2, 0.2, 0, 0, 0, 30);

        g.sample(new double[] {0, 0, 10});
        assertThat(s.tick(0, m.timestampNanos(0), null).eStopState()).isEqualTo(EStopState.CLEAR);

        now[0] = 5 * MS;
        g.sample(new double[] {0, 0, 41});
        Output o = s.tick(5 * MS, m.timestampNanos(5 * MS), null);
        assertThat(Rig.types(o))
                .contains(SafetyEvent.Type.SENSOR_LIMIT_EXCEEDED, SafetyEvent.Type.ESTOP_LATCHED);
        assertThat(o.eStopState()).isEqualTo(EStopState.LATCHED);
        assertThat(store.load().snapshot().state()).isEqualTo(EStopState.LATCHED);
        assertThat(store.load().snapshot().assertedSources())
                .containsExactly("sensor ft1.forceN[2] <= 40.0");

        // Still above: an acknowledged latch cannot be reset.
        s.acknowledgeEStop("op");
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);

        now[0] = 10 * MS;
        g.sample(new double[] {0, 0, 20});
        o = s.tick(10 * MS, m.timestampNanos(10 * MS), null);
        assertThat(Rig.types(o))
                .contains(
                        SafetyEvent.Type.SENSOR_LIMIT_CLEARED,
                        SafetyEvent.Type.ESTOP_SOURCE_RELEASED);
        assertThat(o.eStopState()).as("the latch stays").isEqualTo(EStopState.ACKNOWLEDGED);
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET);
        assertThat(store.load().snapshot()).isEqualTo(EStopSnapshot.CLEAR);
    }

    @Test
    void aPersistedTripSourceIsReleasedAfterARestartOnlyByASampleInsideNotByTheGrace(
            @TempDir Path dir) throws Exception {
        Clock wall = Clock.fixed(Instant.parse("2026-12-05T20:00:00Z"), ZoneOffset.UTC);
        EStopStore store = new EStopStore(dir.resolve("estop.json"), wall);
        SafetyConfig config =
                SafetyConfig.builder(Rig.JOINTS)
                        .sensorLimits(SensorLimits.parse("k", "ft1.forceN[2] <= 40 trip"))
                        .build();
        long[] now = {0};
        SafetySupervisor first = persisting(config, now, store, EStopSnapshot.CLEAR);
        SensorGuard g = first.sensorGuards().get(0);
        g.described(100);
        g.sample(new double[] {0, 0, 80});
        assertThat(first.tick(0, null, null).eStopState()).isEqualTo(EStopState.LATCHED);
        assertThat(store.load().snapshot().assertedSources())
                .containsExactly("sensor ft1.forceN[2] <= 40.0");

        // The restart: same limit, same store, no sample yet (the force may still be 80 N).
        now[0] = 0;
        SafetySupervisor s = persisting(config, now, store, store.load().snapshot());
        SensorGuard fresh = s.sensorGuards().get(0);
        fresh.described(100);
        for (long ms = 0; ms <= 12_000; ms += 1_000) {
            now[0] = ms * MS;
            s.tick(now[0], null, null);
            assertThat(s.assertedEStopSources())
                    .as("no sample at %d ms: the source stays", ms)
                    .containsExactly("sensor ft1.forceN[2] <= 40.0");
        }
        assertThat(store.load().snapshot().assertedSources())
                .containsExactly("sensor ft1.forceN[2] <= 40.0");
        s.acknowledgeEStop("op");
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET_REFUSED);

        now[0] = 12_001 * MS;
        fresh.sample(new double[] {0, 0, 10});
        Output o = s.tick(now[0], null, null);
        assertThat(Rig.types(o)).contains(SafetyEvent.Type.ESTOP_SOURCE_RELEASED);
        assertThat(s.assertedEStopSources()).isEmpty();
        assertThat(s.resetEStop("op").type()).isEqualTo(SafetyEvent.Type.ESTOP_RESET);
    }

    private static SafetySupervisor persisting(
            SafetyConfig config, long[] now, EStopStore store, EStopSnapshot restored) {
        return new SafetySupervisor(
                config,
                () -> now[0],
                new SafetySupervisor.Restored(WearSnapshot.empty(), restored, "test"),
                1,
                snap -> {
                    try {
                        store.save(snap);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    @Test
    void aPersistedSensorSourceOfALimitNoLongerConfiguredIsReleasedAtTheFirstTick() {
        EStopSnapshot restored =
                new EStopSnapshot(
                        EStopState.LATCHED,
                        List.of("sensor old.forceN <= 1.0", "operator-console"));
        SafetySupervisor s =
                new SafetySupervisor(
                        SafetyConfig.builder(Rig.JOINTS).build(),
                        () -> 0,
                        new SafetySupervisor.Restored(WearSnapshot.empty(), restored, "test"),
                        1,
                        snap -> {});
        s.tick(0, null, null);
        assertThat(s.assertedEStopSources()).containsExactly("operator-console");
    }

    @Test
    void aTrippingLimitGivesASensorThatConnectsAfterTheLoopAGraceThenTrips() {
        long[] early = {0};
        SafetySupervisor quick =
                new SafetySupervisor(
                        SafetyConfig.builder(Rig.JOINTS)
                                .sensorLimits(
                                        SensorLimits.parse("k", "t.tempC <= 80 trip maxAge=300ms"))
                                .build(),
                        () -> early[0],
                        WearSnapshot.empty());
        assertThat(quick.tick(10_000 * MS, null, null).eStopState())
                .as("at least 10 s of grace")
                .isEqualTo(EStopState.CLEAR);
        assertThat(quick.tick(10_001 * MS, null, null).eStopState()).isEqualTo(EStopState.LATCHED);

        long[] now = {0};
        SafetySupervisor s =
                new SafetySupervisor(
                        SafetyConfig.builder(Rig.JOINTS)
                                .sensorLimits(
                                        SensorLimits.parse("k", "t.tempC <= 80 trip maxAge=12s"))
                                .build(),
                        () -> now[0],
                        WearSnapshot.empty());
        assertThat(s.tick(12_000 * MS, null, null).eStopState()).isEqualTo(EStopState.CLEAR);
        Output o = s.tick(12_001 * MS, null, null);
        assertThat(Rig.types(o)).contains(SafetyEvent.Type.SENSOR_STALE);
        assertThat(o.eStopState()).isEqualTo(EStopState.LATCHED);
    }

    @Test
    void steadyTicksWithSensorLimitsEmitNoEvents() {
        Rig r = rig("ft1.forceN[2] <= 40; norm(ft1.forceN) <= 60");
        SensorGuard a = guard(r);
        SensorGuard b = r.supervisor.sensorGuards().get(1);
        b.described(100);
        a.sample(new double[] {0, 0, 1});
        b.sample(new double[] {0, 0, 1});
        r.activate(0);
        assertThat(r.tickAtMs(1, null).events()).isEmpty();
        assertThat(r.supervisor.snapshot().sensorLimits())
                .extracting(SensorLimitStatus::condition)
                .containsExactly("OK", "OK");
    }

    @Test
    void ticksAndSamplesOfGuardedSensorsAllocateNothingInSteadyState() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        Rig r = rig("ft1.forceN[2] <= 40; norm(ft1.forceN) <= 60 trip; ft1.forceN abs<= 50");
        for (SensorGuard g : r.supervisor.sensorGuards()) {
            g.described(100);
        }
        double[] force = {1, 2, 3};
        r.nowNanos = 0;
        r.supervisor.sensorGuards().forEach(g -> g.sample(force));
        r.activate(0);
        Command[] commands = new Command[200_000];
        for (int k = 0; k < commands.length; k += 10) {
            commands[k] = r.position(0.1 * Math.sin(k * 1e-3), 0.6, 0.3);
        }
        List<SensorGuard> guards = r.supervisor.sensorGuards();
        long thread = Thread.currentThread().getId();
        long before = 0;
        for (int k = 1; k < 200_000; k++) {
            if (k == 100_000) {
                before = threads.getThreadAllocatedBytes(thread);
            }
            r.nowNanos = k * MS;
            force[2] = 3 + (k % 7);
            for (int i = 0; i < guards.size(); i++) {
                guards.get(i).sample(force);
            }
            r.measured.timestampNanos(r.nowNanos);
            r.supervisor.tick(r.nowNanos, r.measured, commands[k]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(r.supervisor.statistics().commandsRejected()).isZero();
        assertThat(r.supervisor.watchdogState()).isEqualTo(WatchdogState.ACTIVE);
        // 100 000 ticks and 300 000 samples; one boxed value each would be megabytes.
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
