package armature.policy.runtime;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.Policy;
import armature.policy.api.PolicyEventType;
import armature.policy.api.PolicySpec;
import armature.policy.api.PolicyState;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One tick of a running policy, free of bus and OSGi types: asks the {@link OperatorGate} whether
 * it may act, assembles fresh observations, runs the policy, keeps position targets inside the
 * loop's limits, and hands one command frame to the {@link Sink} with the policy's {@link
 * Policy#uncertainty()} about it (ADR 0093). Joints of the loop the policy does not command are
 * held at their measured position. Ticks and resets are serialised (synchronized), so the policy
 * itself is only ever called by one thread at a time.
 */
public final class PolicyRunner {
    /** Where the runner's output goes. */
    public interface Sink {
        /**
         * Publish one JOINT_COMMAND frame on the loop's command topic for this sender.
         *
         * @param uncertainty the policy's uncertainty about this action, finite and {@code >= 0},
         *     to send as the user property {@code armature-uncertainty}; NaN when the policy has no
         *     measure (then the property is left out)
         */
        void command(byte[] frame, double uncertainty);

        /** One event. */
        void event(PolicyEventType type, String field, String message);

        /** The state changed (the status document follows). */
        void state(PolicyState state, String reason);

        /**
         * The shadow policy's action for this tick (valid during the call only) beside the active
         * one's: never a command.
         */
        default void shadow(float[] action, Shadow stats) {}
    }

    /**
     * How far a shadow policy's actions are from the active policy's: the mean absolute difference
     * over the joints of the newest tick, its running mean over the shadow's ticks, and the largest
     * absolute difference of any joint in any tick; and in how many ticks an action of the shadow
     * was not a finite number (a shadow that cannot act must not be promoted).
     */
    public record Shadow(
            long ticks,
            double meanAbsDiff,
            double runningMeanAbsDiff,
            double maxAbsDiff,
            long invalidActions) {}

    /** Counters for the status document. */
    public record Counters(
            long ticks,
            long actions,
            long skippedPaused,
            long skippedObservations,
            long invalidActions,
            long resets,
            long swaps) {}

    private Policy policy; // replaced only by swap(), between two ticks
    private final PolicySpec spec;
    private final ObservationAssembler observations;
    private final OperatorGate gate;
    private final LoopView loop;
    private final Sink sink;
    private final LongSupplier clock;
    private final int[] actionIndex;
    private final double[] minRad;
    private final double[] maxRad;
    private final float[] observation;
    private final float[] action;
    private final CommandFrames frames = new CommandFrames();
    private final float[] shadowAction;
    private Policy shadow; // never commands; null when none
    private long shadowTicks;
    private long shadowInvalid;
    private double shadowSum;
    private double shadowMax;
    private double shadowLast;
    private final UncertaintyWindow uncertainties = new UncertaintyWindow();
    private PolicyState state = PolicyState.STARTING;
    private String reason = "";
    private String gapSlot;
    private boolean failed;
    private boolean closed;
    private long ticks;
    private long actions;
    private long skippedPaused;
    private long skippedObservations;
    private long invalidActions;
    private long resets;
    private long swaps;

    /**
     * @param loopJoints the loop's joints in frame order, with its limits
     * @throws IllegalArgumentException when an action joint is not a joint of the loop, or a
     *     velocity or effort policy leaves some joint of the loop without a value
     */
    public PolicyRunner(
            Policy policy,
            List<JointRange> loopJoints,
            ObservationAssembler observations,
            OperatorGate gate,
            LoopView loop,
            Sink sink,
            LongSupplier clock) {
        this.policy = policy;
        this.spec = policy.spec();
        this.observations = observations;
        this.gate = gate;
        this.loop = loop;
        this.sink = sink;
        this.clock = clock;
        List<String> names = loopJoints.stream().map(JointRange::name).toList();
        actionIndex = new int[spec.actionSize()];
        for (int k = 0; k < actionIndex.length; k++) {
            actionIndex[k] = names.indexOf(spec.actionJoints().get(k));
            if (actionIndex[k] < 0) {
                throw new IllegalArgumentException(
                        "action joint '"
                                + spec.actionJoints().get(k)
                                + "' is not a joint of the loop; its joints: "
                                + names);
            }
        }
        if (spec.actionMode() != ActionMode.POSITION && actionIndex.length != names.size()) {
            throw new IllegalArgumentException(
                    "a "
                            + spec.actionMode()
                            + " policy must command every joint of the loop ("
                            + names.size()
                            + "), it names "
                            + actionIndex.length
                            + "; only position policies hold the others");
        }
        minRad = loopJoints.stream().mapToDouble(JointRange::minPositionRad).toArray();
        maxRad = loopJoints.stream().mapToDouble(JointRange::maxPositionRad).toArray();
        observation = new float[spec.observationSize()];
        action = new float[spec.actionSize()];
        shadowAction = new float[spec.actionSize()];
    }

    /** The policy's spec. */
    public PolicySpec spec() {
        return spec;
    }

    /** One tick at the policy's rate. */
    public synchronized void tick() {
        if (failed || closed) {
            return;
        }
        ticks++;
        String blocked = gate.blocked();
        if (blocked != null) {
            skippedPaused++;
            enter(gate.paused() ? PolicyState.PAUSED : PolicyState.STARTING, blocked);
            return;
        }
        LoopView.Snapshot view = loop.snapshot();
        ObservationAssembler.Gap gap =
                view == null
                        ? new ObservationAssembler.Gap(
                                "loopState", "missing", "no state frame from the loop yet")
                        : observations.assemble(observation);
        if (gap != null) {
            skippedObservations++;
            if (state != PolicyState.WAITING_FOR_OBSERVATIONS || !gap.slot().equals(gapSlot)) {
                gapSlot = gap.slot();
                sink.event(
                        gap.kind().equals("stale")
                                ? PolicyEventType.OBSERVATION_STALE
                                : PolicyEventType.OBSERVATION_MISSING,
                        gap.slot(),
                        gap.message() + "; no action");
            }
            enter(PolicyState.WAITING_FOR_OBSERVATIONS, gap.message());
            return;
        }
        if (state == PolicyState.WAITING_FOR_OBSERVATIONS) {
            sink.event(PolicyEventType.OBSERVATIONS_FRESH, null, "every observation is fresh");
        }
        gapSlot = null;
        double uncertainty;
        try {
            policy.act(observation, action);
            uncertainty = policy.uncertainty();
        } catch (RuntimeException e) {
            failed = true;
            String m = "the policy threw " + e + "; it acts no more until restarted";
            sink.event(PolicyEventType.POLICY_FAILED, null, m);
            enter(PolicyState.FAILED, m);
            return;
        }
        if (!Double.isNaN(uncertainty) && !(uncertainty >= 0 && !Double.isInfinite(uncertainty))) {
            // Sent as it is, the loop would refuse the frame; sent as 0 or left out, the robot
            // would move at full speed on a policy that cannot say how unsure it is.
            invalidActions++;
            sink.event(
                    PolicyEventType.ACTION_INVALID,
                    "uncertainty",
                    "the policy's uncertainty is "
                            + uncertainty
                            + "; allowed: a finite number >= 0, or NaN for no measure; nothing"
                            + " published this tick");
            return;
        }
        double[] targets = view.positionRad();
        for (int k = 0; k < action.length; k++) {
            float a = action[k];
            if (!Float.isFinite(a)) {
                invalidActions++;
                sink.event(
                        PolicyEventType.ACTION_INVALID,
                        spec.actionJoints().get(k),
                        "action for "
                                + spec.actionJoints().get(k)
                                + " is "
                                + a
                                + "; nothing published this tick");
                return;
            }
            int j = actionIndex[k];
            targets[j] =
                    spec.actionMode() == ActionMode.POSITION
                            ? Math.max(minRad[j], Math.min(maxRad[j], a))
                            : a;
        }
        sink.command(
                frames.next(view.epoch(), view.floor(), targets, clock.getAsLong()), uncertainty);
        if (!Double.isNaN(uncertainty)) {
            uncertainties.add(uncertainty);
        }
        actions++;
        enter(PolicyState.RUNNING, "");
        if (shadow != null) {
            shadowTick();
        }
    }

    /** After the command went out: the shadow acts on the same observation, for comparison. */
    private void shadowTick() {
        try {
            shadow.act(observation, shadowAction);
        } catch (RuntimeException e) {
            sink.event(
                    PolicyEventType.SHADOW_FAILED,
                    null,
                    "the shadow policy threw " + e + "; it is dropped");
            try {
                shadow.close();
            } catch (RuntimeException ignored) {
                // dropped either way
            }
            shadow = null;
            return;
        }
        double sum = 0;
        double max = 0;
        boolean invalid = false;
        for (int k = 0; k < action.length; k++) {
            invalid |= !Float.isFinite(shadowAction[k]);
            double d = Math.abs((double) shadowAction[k] - action[k]);
            if (!(d <= Double.MAX_VALUE)) {
                d = Double.POSITIVE_INFINITY; // NaN in the shadow: as far off as it gets
            }
            sum += d;
            max = Math.max(max, d);
        }
        shadowLast = sum / action.length;
        shadowTicks++;
        if (invalid) {
            shadowInvalid++;
        }
        shadowSum += shadowLast;
        shadowMax = Math.max(shadowMax, max);
        sink.shadow(shadowAction, shadowStats());
    }

    /**
     * Sets (or with null removes) the shadow policy: it acts after every command on the same
     * observations, and its actions only reach {@link Sink#shadow}. Its statistics start over.
     *
     * @return the shadow replaced, for the caller to close outside this lock, or null
     * @throws IllegalArgumentException when it reads other observations or writes other actions
     */
    public synchronized Policy shadow(Policy next) {
        if (next != null) {
            String difference = SpecDifference.of(spec, next.spec());
            if (difference != null) {
                throw new IllegalArgumentException(difference);
            }
        }
        Policy old = shadow;
        shadow = closed ? null : next;
        shadowTicks = 0;
        shadowInvalid = 0;
        shadowSum = 0;
        shadowMax = 0;
        shadowLast = 0;
        return closed ? next : old;
    }

    /** The shadow's statistics, or null when there is no shadow. */
    public synchronized Shadow shadowStats() {
        return shadow == null
                ? null
                : new Shadow(
                        shadowTicks,
                        shadowLast,
                        shadowTicks == 0 ? 0 : shadowSum / shadowTicks,
                        shadowMax,
                        shadowInvalid);
    }

    /** Episode start: the policy's recurrent state back to zero. */
    public synchronized void reset(String why) {
        if (closed) {
            return;
        }
        policy.reset();
        if (shadow != null) {
            shadow.reset();
        }
        resets++;
        sink.event(PolicyEventType.STATE_RESET, null, "recurrent state reset: " + why);
    }

    /**
     * Replaces the policy between two ticks (this runner's lock excludes a tick in progress), so
     * every action comes wholly from the old policy or wholly from {@code next}; the observation
     * vector, the command stream's epoch and sequence numbers and the operator gate carry on, so no
     * tick is lost. {@code next} starts a new episode (its recurrent state is its initial one).
     *
     * @return the replaced policy, for the caller to close outside this lock
     * @throws IllegalArgumentException when {@code next} reads other observations or writes other
     *     actions (then nothing changed), naming the difference
     * @throws IllegalStateException when this runner is closed
     */
    public synchronized Policy swap(Policy next) {
        String difference = SpecDifference.of(spec, next.spec());
        if (difference != null) {
            throw new IllegalArgumentException(difference);
        }
        if (closed) {
            throw new IllegalStateException("the runner is closed");
        }
        Policy old = policy;
        policy = next;
        failed = false;
        swaps++;
        return old;
    }

    /**
     * Closes the policy; later ticks and resets do nothing. Under this runner's lock, so it never
     * overlaps a tick or a reset on another thread.
     */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            policy.close();
            if (shadow != null) {
                shadow.close();
                shadow = null;
            }
        }
    }

    /** The current state and why. */
    public synchronized PolicyState state() {
        return state;
    }

    public synchronized String reason() {
        return reason;
    }

    public synchronized Counters counters() {
        return new Counters(
                ticks, actions, skippedPaused, skippedObservations, invalidActions, resets, swaps);
    }

    /**
     * The uncertainty of the newest actions (newest, recent mean and maximum), or {@code null} when
     * the policy has sent none (it has no measure).
     */
    public synchronized UncertaintyWindow.Summary uncertainty() {
        return uncertainties.summary();
    }

    /** Epoch and sequence number of the newest command. */
    public synchronized long[] lastCommand() {
        return new long[] {frames.epoch(), frames.sequence()};
    }

    private void enter(PolicyState s, String why) {
        if (s != state || !why.equals(reason)) {
            boolean changed = s != state;
            state = s;
            reason = why;
            if (changed) {
                sink.state(s, why);
            }
        }
    }
}
