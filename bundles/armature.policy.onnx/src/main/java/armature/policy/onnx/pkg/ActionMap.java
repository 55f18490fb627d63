package armature.policy.onnx.pkg;

import armature.policy.api.ActionMode;
import armature.policy.api.JointRange;
import armature.policy.api.PolicyContext;
import armature.policy.onnx.pkg.PolicyDescriptor.Actions;
import armature.policy.onnx.pkg.PolicyDescriptor.ScalingType;
import java.util.List;

/**
 * Network output to action value, per action joint: scaled ({@code range}: y clipped to [-1, 1]
 * onto the joint's limits; {@code linear}: scale * y + offset), then clipped to the limits the loop
 * enforces (position range for POSITION, +-max velocity for VELOCITY; efforts are limited by the
 * loop itself). Also the width of each joint's limits, the unit of the ensemble disagreement.
 */
final class ActionMap {
    private final boolean range;
    private final double[] scale;
    private final double[] offset;
    private final double[] lower;
    private final double[] upper;
    private final double[] width;

    ActionMap(Actions actions, PolicyContext context, String origin) {
        int n = actions.joints().size();
        range = actions.scaling().type() == ScalingType.RANGE;
        scale = new double[n];
        offset = new double[n];
        lower = new double[n];
        upper = new double[n];
        width = new double[n];
        List<String> loopJoints = context.joints().stream().map(JointRange::name).toList();
        for (int k = 0; k < n; k++) {
            String name = actions.joints().get(k);
            int j = loopJoints.indexOf(name);
            if (j < 0) {
                throw PolicyPackageException.value(
                        origin,
                        "actions.joints[" + k + "]",
                        "\"" + name + "\"",
                        "a joint of loop '" + context.loopName() + "': " + loopJoints);
            }
            JointRange r = context.joints().get(j);
            if (actions.mode() == ActionMode.POSITION) {
                lower[k] = r.minPositionRad();
                upper[k] = r.maxPositionRad();
            } else if (actions.mode() == ActionMode.VELOCITY) {
                lower[k] = -r.maxVelocityRadPerSec();
                upper[k] = r.maxVelocityRadPerSec();
            } else {
                lower[k] = Double.NEGATIVE_INFINITY;
                upper[k] = Double.POSITIVE_INFINITY;
            }
            width[k] = upper[k] - lower[k];
            if (range) {
                if (!Double.isFinite(width[k])) {
                    throw PolicyPackageException.value(
                            origin,
                            "actions.scaling.type",
                            "\"range\"",
                            "range only where every action joint has finite "
                                    + (actions.mode() == ActionMode.POSITION
                                            ? "position"
                                            : "velocity")
                                    + " limits; joint '"
                                    + name
                                    + "' has ["
                                    + lower[k]
                                    + ", "
                                    + upper[k]
                                    + "] on loop '"
                                    + context.loopName()
                                    + "' ("
                                    + ("offline".equals(context.loopName())
                                            ? "offline, pass --limits FILE.json: the loop's limits"
                                                    + " document, e.g. from `armature echo"
                                                    + " armature/v1/<id>/control/<loop>/limits"
                                                    + " --count 1`"
                                            : "use linear")
                                    + ")");
                }
                scale[k] = width[k] / 2;
                offset[k] = (upper[k] + lower[k]) / 2;
            } else {
                scale[k] = actions.scaling().scale()[k];
                offset[k] = actions.scaling().offset()[k];
            }
        }
    }

    /** The action value of joint {@code k} for network output {@code y}, inside the limits. */
    double action(int k, float y) {
        double v = range ? Math.max(-1, Math.min(1, y)) : y;
        double a = scale[k] * v + offset[k];
        return Math.max(lower[k], Math.min(upper[k], a));
    }

    /** Width of joint {@code k}'s limits (infinite where it has none). */
    double width(int k) {
        return width[k];
    }

    int size() {
        return scale.length;
    }
}
