package armature.policy.baseline;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.ObservationSlot;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline that needs no training: PD through a cycle of hand poses. Pose {@code k} puts every
 * commanded joint at fraction {@code f_k} of its range (the loop's limits, shrunk by a margin on
 * each side); a reference walks to the next pose at a fraction of each joint's speed limit, dwells
 * there, and moves on. The action is a position target {@code q + kp (r - q) - kd qdot} kept inside
 * the range, so the supervisor has nothing to reject and its shaping little to do.
 *
 * <p>The reference, the pose index and the dwell clock are the policy's state: {@link #reset()}
 * starts the cycle again from wherever the joints are measured next.
 */
public final class ScriptedPolicy implements Policy {
    /** Settings keys ({@code settings} of the runtime configuration, {@code key=value}). */
    public static final String RATE_HZ = "rateHz";

    public static final String SPEED_FRACTION = "speedFraction";
    public static final String DWELL_SECONDS = "dwellSeconds";
    public static final String MARGIN_FRACTION = "marginFraction";
    public static final String KP = "kp";
    public static final String KD_SECONDS = "kdSeconds";
    public static final String POSES = "poseFractions";

    /** Speed used for a joint whose loop sets no finite speed limit. */
    static final double UNLIMITED_SPEED_RAD_PER_SEC = 1.0;

    private final PolicySpec spec;
    private final double[] lowRad;
    private final double[] highRad;
    private final double[] stepRad; // per tick
    private final double[] poses;
    private final int dwellTicks;
    private final double kp;
    private final double kdSeconds;
    private final double[] referenceRad;
    private boolean started;
    private int pose;
    private int dwelt;

    public ScriptedPolicy(PolicyContext context) {
        double rateHz = context.number(RATE_HZ, 50, 1, 1000);
        double speed = context.number(SPEED_FRACTION, 0.25, 0.01, 1);
        double margin = context.number(MARGIN_FRACTION, 0.1, 0, 0.45);
        dwellTicks = (int) Math.round(context.number(DWELL_SECONDS, 0.5, 0, 60) * rateHz);
        kp = context.number(KP, 1.0, 0, 2);
        // kd x rate is how much of last tick's motion is taken back: at 1 the target alternates
        // around the reference with a stiff servo, so it is kept well below.
        kdSeconds = context.number(KD_SECONDS, 0.1 / rateHz, 0, 0.5 / rateHz);
        poses = poses(context);
        List<JointRange> commanded = new ArrayList<>();
        for (JointRange j : context.joints()) {
            if (j.bounded() && j.maxPositionRad() > j.minPositionRad()) {
                commanded.add(j); // a continuous or fixed joint has no poses to cycle through
            }
        }
        if (commanded.isEmpty()) {
            throw new IllegalArgumentException(
                    "loop " + context.loopName() + " has no joint with a finite position range");
        }
        int n = commanded.size();
        lowRad = new double[n];
        highRad = new double[n];
        stepRad = new double[n];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JointRange j = commanded.get(i);
            double span = j.maxPositionRad() - j.minPositionRad();
            lowRad[i] = j.minPositionRad() + margin * span;
            highRad[i] = j.maxPositionRad() - margin * span;
            double v =
                    Double.isFinite(j.maxVelocityRadPerSec())
                            ? j.maxVelocityRadPerSec()
                            : UNLIMITED_SPEED_RAD_PER_SEC;
            stepRad[i] = speed * v / rateHz;
            names.add(j.name());
        }
        referenceRad = new double[n];
        spec =
                new PolicySpec(
                        List.of(
                                new ObservationSlot(
                                        "jointPositionRad",
                                        n,
                                        context.jointStateTopic(),
                                        "positionRad",
                                        names),
                                new ObservationSlot(
                                        "jointVelocityRadPerSec",
                                        n,
                                        context.jointStateTopic(),
                                        "velocityRadPerSec",
                                        names)),
                        names,
                        ActionMode.POSITION,
                        rateHz,
                        true);
    }

    private static double[] poses(PolicyContext context) {
        String text = context.settings().getOrDefault(POSES, "0.15 0.5 0.85 0.5");
        String[] parts = text.trim().split("[\\s,;]+");
        double[] p = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                p[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                p[i] = Double.NaN;
            }
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException(
                        "setting "
                                + POSES
                                + " = '"
                                + text
                                + "': '"
                                + parts[i]
                                + "'; allowed: fractions of each joint's range in [0, 1],"
                                + " separated by spaces");
            }
        }
        if (p.length < 2) {
            throw new IllegalArgumentException(
                    "setting " + POSES + " = '" + text + "'; allowed: at least two poses");
        }
        return p;
    }

    @Override
    public PolicySpec spec() {
        return spec;
    }

    /** The pose the reference walks to, for tests. */
    int pose() {
        return pose;
    }

    @Override
    public void act(float[] observation, float[] action) {
        int n = referenceRad.length;
        if (observation.length != 2 * n || action.length != n) {
            throw new IllegalArgumentException(
                    "observation has "
                            + observation.length
                            + " values (needs "
                            + 2 * n
                            + "), action "
                            + action.length
                            + " (needs "
                            + n
                            + ")");
        }
        if (!started) {
            for (int i = 0; i < n; i++) {
                referenceRad[i] = clamp(observation[i], i);
            }
            started = true;
        }
        boolean arrived = true;
        for (int i = 0; i < n; i++) {
            double goal = lowRad[i] + poses[pose] * (highRad[i] - lowRad[i]);
            double d = goal - referenceRad[i];
            referenceRad[i] += Math.max(-stepRad[i], Math.min(stepRad[i], d));
            arrived &= Math.abs(goal - referenceRad[i]) < 1e-9;
        }
        if (arrived && ++dwelt > dwellTicks) {
            pose = (pose + 1) % poses.length;
            dwelt = 0;
        }
        for (int i = 0; i < n; i++) {
            double q = observation[i];
            double qd = observation[n + i];
            action[i] = (float) clamp(q + kp * (referenceRad[i] - q) - kdSeconds * qd, i);
        }
    }

    private double clamp(double v, int i) {
        return Math.max(lowRad[i], Math.min(highRad[i], v));
    }

    @Override
    public void reset() {
        started = false;
        pose = 0;
        dwelt = 0;
    }

    @Override
    public void close() {}
}
