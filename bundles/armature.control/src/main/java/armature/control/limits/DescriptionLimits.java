package armature.control.limits;

import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.Joint;
import armature.robot.model.JointType;
import armature.robot.model.Model;
import armature.robot.model.Tendon;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the limits a robot description states for the loop's joints. A loop joint is matched by
 * name, first against the description's actuators, then against its joints (ADR 0041):
 *
 * <ul>
 *   <li><b>Actuator</b> (MJCF; the coordinate is the actuator's length, as the simulated robot's
 *       driver joints are): position = {@code ctrlrange} when limited, intersected with {@code
 *       gear} times the driven joint's range (or the tendon's range) when limited; effort = the
 *       larger magnitude of {@code forcerange} when limited. No velocity.
 *   <li><b>Joint</b> (URDF or MJCF): position = the joint's range when limited; velocity and effort
 *       = URDF {@code <limit velocity effort>}; for an MJCF joint driven by exactly one actuator,
 *       that actuator's {@code ctrlrange / gear} also bounds the position and {@code |gear| *
 *       forcerange} the effort.
 * </ul>
 *
 * Efforts are in N m (N for slide joints); when the loop counts effort in another unit (servo
 * current) the description's efforts are not used.
 */
public final class DescriptionLimits {
    private DescriptionLimits() {}

    /**
     * @param model the loaded description
     * @param jointNames the loop's joints, in loop order
     * @param effortIsTorque whether the loop's effort unit is the description's (N m)
     * @return one entry per loop joint
     * @throws IllegalArgumentException naming the joint when the description has no actuator or
     *     joint of that name
     */
    public static List<LimitBounds> of(
            Model model, List<String> jointNames, boolean effortIsTorque) {
        String file = String.valueOf(model.sourceFile().getFileName());
        List<LimitBounds> out = new ArrayList<>(jointNames.size());
        for (String name : jointNames) {
            Optional<Actuator> actuator =
                    model.actuators().stream().filter(a -> a.name().equals(name)).findFirst();
            Optional<Joint> joint = model.joint(name);
            LimitBounds b;
            if (actuator.isPresent()) {
                b =
                        forActuator(
                                model,
                                actuator.get(),
                                "description " + file + " actuator '" + name + "'");
            } else if (joint.isPresent()) {
                b = forJoint(model, joint.get(), "description " + file + " joint '" + name + "'");
            } else {
                throw new IllegalArgumentException(
                        "jointNames: '"
                                + name
                                + "' is neither an actuator nor a joint of "
                                + model.sourceFile()
                                + "; allowed: actuators "
                                + shortList(model.actuators().stream().map(Actuator::name).toList())
                                + " or joints "
                                + shortList(model.joints().stream().map(Joint::name).toList()));
            }
            out.add(
                    effortIsTorque
                            ? b
                            : new LimitBounds(
                                    b.source(),
                                    b.minPositionRad(),
                                    b.maxPositionRad(),
                                    b.maxVelocityRadPerSec(),
                                    Double.NaN));
        }
        return out;
    }

    private static LimitBounds forActuator(Model model, Actuator a, String source) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (a.ctrlLimited()) {
            lo = a.ctrlLower();
            hi = a.ctrlUpper();
        }
        double gear = a.gear().get(0);
        double[] range = null;
        if (a.transmission() == Actuator.Transmission.JOINT) {
            Joint j = model.joint(a.target()).orElse(null);
            if (j != null && j.limited() && j.type() != JointType.BALL) {
                range = new double[] {j.rangeLowerRadOrM(), j.rangeUpperRadOrM()};
            }
        } else {
            Tendon t =
                    model.tendons().stream()
                            .filter(x -> x.name().equals(a.target()))
                            .findFirst()
                            .orElse(null);
            if (t != null && t.limited()) {
                range = new double[] {t.rangeLower(), t.rangeUpper()};
            }
        }
        if (range != null && gear != 0) {
            double g0 = gear * range[0];
            double g1 = gear * range[1];
            lo = maxKnown(lo, Math.min(g0, g1));
            hi = minKnown(hi, Math.max(g0, g1));
        }
        double effort =
                a.forceLimited()
                        ? Math.max(Math.abs(a.forceLowerNmOrN()), Math.abs(a.forceUpperNmOrN()))
                        : Double.NaN;
        return new LimitBounds(source, lo, hi, Double.NaN, effort > 0 ? effort : Double.NaN);
    }

    private static LimitBounds forJoint(Model model, Joint j, String source) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (j.limited() && j.type() != JointType.BALL && j.type() != JointType.FREE) {
            lo = j.rangeLowerRadOrM();
            hi = j.rangeUpperRadOrM();
        }
        double velocity = j.velocityLimitRadOrMPerSec().orElse(Double.NaN);
        double effort = j.effortLimitNmOrN().orElse(Double.NaN);
        List<Actuator> drivers =
                model.actuators().stream()
                        .filter(
                                a ->
                                        a.transmission() == Actuator.Transmission.JOINT
                                                && a.target().equals(j.name()))
                        .toList();
        if (drivers.size() == 1) {
            Actuator a = drivers.get(0);
            double gear = a.gear().get(0);
            if (a.ctrlLimited() && gear != 0 && a.type() == ActuatorType.POSITION) {
                double c0 = a.ctrlLower() / gear;
                double c1 = a.ctrlUpper() / gear;
                lo = maxKnown(lo, Math.min(c0, c1));
                hi = minKnown(hi, Math.max(c0, c1));
                source += " (and actuator '" + a.name() + "')";
            }
            if (a.forceLimited()) {
                double f =
                        Math.abs(gear)
                                * Math.max(
                                        Math.abs(a.forceLowerNmOrN()),
                                        Math.abs(a.forceUpperNmOrN()));
                if (f > 0) {
                    effort = minKnown(effort, f);
                }
            }
        }
        return new LimitBounds(
                source,
                lo,
                hi,
                velocity > 0 ? velocity : Double.NaN,
                effort > 0 ? effort : Double.NaN);
    }

    private static double minKnown(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double maxKnown(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static String shortList(List<String> names) {
        List<String> named = names.stream().filter(n -> !n.isEmpty()).toList();
        return named.size() <= 8
                ? named.toString()
                : named.subList(0, 8) + " and " + (named.size() - 8) + " more";
    }
}
