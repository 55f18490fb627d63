package armature.safety;

import armature.safety.wear.WearSnapshot;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Test harness: a three-joint hand finger, a fake clock stepped by hand and a measured state the
 * test sets explicitly. Times are in milliseconds from zero for readability.
 */
final class Rig {
    static final long MS = 1_000_000L;
    static final List<JointLimits> JOINTS =
            List.of(
                    JointLimits.of("ffj0", -0.35, 0.35, 2.0, 20.0, 0.5, EffortUnit.NEWTON_METRE),
                    JointLimits.of("ffj1", 0.0, 1.57, 3.0, 30.0, 0.5, EffortUnit.NEWTON_METRE),
                    JointLimits.of("ffj2", -0.26, 1.57, 3.0, 30.0, 1.2, EffortUnit.AMPERE));

    long nowNanos;
    final JointState measured = new JointState(3);
    final SafetySupervisor supervisor;
    long sequence;

    Rig() {
        this(b -> b);
    }

    Rig(UnaryOperator<SafetyConfig.Builder> configure) {
        this(configure.apply(SafetyConfig.builder(JOINTS)).build());
    }

    Rig(SafetyConfig config) {
        this(config, WearSnapshot.empty());
    }

    Rig(SafetyConfig config, WearSnapshot wear) {
        supervisor = new SafetySupervisor(config, () -> nowNanos, wear);
        measure(0.0, 0.5, 0.2);
    }

    /** Sets measured positions (fresh timestamp at the current time, cool, no current). */
    Rig measure(double p0, double p1, double p2) {
        measured.set(0, p0, 0, 0, 0, 30)
                .set(1, p1, 0, 0, 0, 30)
                .set(2, p2, 0, 0, 0, 30)
                .timestampNanos(nowNanos);
        return this;
    }

    Output tickAtMs(double ms, Command c) {
        nowNanos = Math.round(ms * MS);
        measured.timestampNanos(nowNanos);
        return supervisor.tick(nowNanos, measured, c);
    }

    Output tickAtNanos(long nanos, Command c) {
        nowNanos = nanos;
        measured.timestampNanos(nowNanos);
        return supervisor.tick(nowNanos, measured, c);
    }

    Command position(double... values) {
        return Command.of(supervisor.currentEpoch(), ++sequence, CommandMode.POSITION, values);
    }

    Command velocity(double... values) {
        return Command.of(supervisor.currentEpoch(), ++sequence, CommandMode.VELOCITY, values);
    }

    Command effort(double... values) {
        return Command.of(supervisor.currentEpoch(), ++sequence, CommandMode.EFFORT, values);
    }

    /**
     * Brings the supervisor to ACTIVE with a first position command at the current measured pose.
     */
    Output activate(double ms) {
        return tickAtMs(
                ms,
                position(
                        measured.positionRad(0), measured.positionRad(1), measured.positionRad(2)));
    }

    static List<SafetyEvent.Type> types(Output out) {
        return out.events().stream().map(SafetyEvent::type).toList();
    }
}
