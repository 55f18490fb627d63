package armature.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tick's side of the sensor limits: once per tick it reads every {@link SensorGuard}, reports
 * changes as events, asserts or releases the e-stop for tripping limits, and says whether a holding
 * limit is in force. Allocates only when a condition changes. Runs under the supervisor's lock.
 */
final class SensorInterlock {
    /** How the interlock acts on the e-stop latch (the supervisor's, inside its tick). */
    interface Latch {
        void assertSource(String source, String reason);

        void releaseSource(String source);

        /** The sources asserted now (a copy). */
        Set<String> assertedSources();
    }

    private final SensorGuard[] guards;
    private final SensorGuard.Condition[] last;
    private final String[] reasons;
    private final long[] exceeded;
    private final long[] stale;
    private final long[] cleared;
    private boolean firstPoll = true;
    private String holdReason;

    SensorInterlock(List<SensorLimit> limits, NanoClock clock) {
        int n = limits.size();
        guards = new SensorGuard[n];
        last = new SensorGuard.Condition[n];
        reasons = new String[n];
        exceeded = new long[n];
        stale = new long[n];
        cleared = new long[n];
        for (int i = 0; i < n; i++) {
            guards[i] = new SensorGuard(limits.get(i), clock);
            last[i] = SensorGuard.Condition.OK;
        }
    }

    List<SensorGuard> guards() {
        return List.of(guards);
    }

    /**
     * Reads every guard. On the first call, sources of tripping limits that the persisted latch
     * still lists are taken over (released when their value is back), and those of limits no longer
     * configured are released, so a removed limit never blocks a reset for good.
     *
     * @return whether a holding limit is in force
     */
    boolean poll(long now, List<SafetyEvent> events, Latch latch) {
        if (firstPoll) {
            firstPoll = false;
            adoptPersisted(latch.assertedSources(), latch);
        }
        int holding = -1;
        for (int i = 0; i < guards.length; i++) {
            SensorGuard g = guards[i];
            SensorGuard.Condition c = g.condition(now);
            if (c != last[i]) {
                changed(now, i, c, events, latch);
            }
            if (c != SensorGuard.Condition.OK
                    && holding < 0
                    && g.limit().action() == SensorLimit.Action.HOLD) {
                holding = i;
            }
        }
        // A field assignment, no allocation: the reason text was made when the condition changed.
        holdReason = holding < 0 ? null : reasons[holding];
        return holding >= 0;
    }

    private void adoptPersisted(Set<String> asserted, Latch latch) {
        for (String source : asserted) {
            if (!source.startsWith(SensorLimit.SOURCE_PREFIX)) {
                continue;
            }
            boolean configured = false;
            for (int i = 0; i < guards.length; i++) {
                SensorLimit l = guards[i].limit();
                if (l.action() == SensorLimit.Action.TRIP && l.source().equals(source)) {
                    configured = true;
                    // Released once it reads OK: from a valid sample inside the bound only, as
                    // the grace for a first sample does not apply to a source already asserted.
                    guards[i].waiveGrace();
                    last[i] = SensorGuard.Condition.STALE;
                    reasons[i] = "asserted before the restart";
                }
            }
            if (!configured) {
                latch.releaseSource(source);
            }
        }
    }

    private void changed(
            long now, int i, SensorGuard.Condition c, List<SafetyEvent> events, Latch latch) {
        SensorGuard g = guards[i];
        SensorLimit l = g.limit();
        SensorGuard.Condition before = last[i];
        last[i] = c;
        String action = l.action() == SensorLimit.Action.HOLD ? "holding" : "e-stop asserted";
        SafetyEvent e;
        switch (c) {
            case EXCEEDED -> {
                exceeded[i]++;
                reasons[i] = l.target() + " = " + g.lastValue() + " breaks " + l.condition();
                e =
                        new SafetyEvent(
                                now,
                                SafetyEvent.Type.SENSOR_LIMIT_EXCEEDED,
                                l.target(),
                                g.lastValue(),
                                l.comparison().symbol() + " " + l.bound(),
                                "sensor limit broken: " + reasons[i] + "; " + action);
            }
            case STALE -> {
                stale[i]++;
                reasons[i] = l.target() + " stale: " + g.staleReason(now);
                e =
                        new SafetyEvent(
                                now,
                                SafetyEvent.Type.SENSOR_STALE,
                                l.target(),
                                g.lastValue(),
                                "a valid sample at most " + g.maxAgeNanos() / 1_000_000 + " ms old",
                                "sensor limit "
                                        + l.condition()
                                        + ": "
                                        + reasons[i]
                                        + "; "
                                        + action);
            }
            default -> {
                cleared[i]++;
                reasons[i] = null;
                e =
                        new SafetyEvent(
                                now,
                                SafetyEvent.Type.SENSOR_LIMIT_CLEARED,
                                l.target(),
                                g.lastValue(),
                                l.comparison().symbol() + " " + l.bound(),
                                "sensor limit "
                                        + l.condition()
                                        + " satisfied again ("
                                        + l.target()
                                        + " = "
                                        + g.lastValue()
                                        + ", was "
                                        + before
                                        + ")"
                                        + (l.action() == SensorLimit.Action.HOLD
                                                ? "; motion resumes with the next fresh command"
                                                : "; e-stop source released, the latch stays"
                                                        + " until acknowledged and reset"));
            }
        }
        events.add(e);
        if (l.action() == SensorLimit.Action.TRIP) {
            if (c == SensorGuard.Condition.OK) {
                latch.releaseSource(l.source());
            } else if (before == SensorGuard.Condition.OK) {
                latch.assertSource(l.source(), reasons[i]);
            }
        }
    }

    /** Why motion is held, or {@code null} when no holding limit is in force. */
    String holdReason() {
        return holdReason;
    }

    /**
     * Clause, action, condition and reason of each limit, without values and counters: what the
     * retained supervisor document shows, which changes only when a condition does.
     */
    List<SensorLimitStatus> conditions() {
        List<SensorLimitStatus> out = new ArrayList<>(guards.length);
        for (int i = 0; i < guards.length; i++) {
            SensorLimit l = guards[i].limit();
            out.add(
                    new SensorLimitStatus(
                            l.text(),
                            l.action().name(),
                            last[i].name(),
                            null,
                            reasons[i],
                            0,
                            0,
                            0,
                            0,
                            0));
        }
        return out;
    }

    /**
     * The statistics' view, made off the tick: a stale limit's reason is its guard's current one
     * (the sensor may have gone from a wrong field to no descriptor at all meanwhile), not the one
     * of the moment it became stale.
     */
    List<SensorLimitStatus> status(long nowNanos) {
        List<SensorLimitStatus> out = new ArrayList<>(guards.length);
        for (int i = 0; i < guards.length; i++) {
            SensorGuard g = guards[i];
            double v = g.lastValue();
            String reason =
                    last[i] == SensorGuard.Condition.STALE
                            ? g.limit().target() + " stale: " + g.staleReason(nowNanos)
                            : reasons[i];
            out.add(
                    new SensorLimitStatus(
                            g.limit().text(),
                            g.limit().action().name(),
                            last[i].name(),
                            Double.isNaN(v) ? null : v,
                            reason,
                            g.samples(),
                            g.invalidSamples(),
                            exceeded[i],
                            stale[i],
                            cleared[i]));
        }
        return out;
    }
}
