package armature.physics.compiler;

import armature.physics.model.ModelBuilder;
import armature.robot.model.Actuator;
import armature.robot.model.ActuatorType;
import armature.robot.model.Joint;
import armature.robot.model.Model;
import armature.robot.model.Tendon;
import java.util.List;

/** Fixed tendons and actuators in MuJoCo's uniform gain/bias form, index for index. */
final class TransmissionMapping {
    private final Model src;
    private final ModelBuilder b;
    private final Notes notes;

    TransmissionMapping(Model src, ModelBuilder b, Notes notes) {
        this.src = src;
        this.b = b;
        this.notes = notes;
    }

    void map() {
        tendons();
        actuators();
    }

    private void tendons() {
        for (int t = 0; t < src.tendons().size(); t++) {
            Tendon tendon = src.tendons().get(t);
            String name = Notes.label(tendon.name(), "tendon" + t);
            int index = b.addFixedTendon(name);
            for (Tendon.TendonJoint tj : tendon.joints()) {
                b.tendonJoint(index, jointIndex(tj.joint(), "tendon '" + name + "'"), tj.coef());
            }
            if (tendon.limited()) {
                b.tendonRange(index, tendon.rangeLower(), tendon.rangeUpper());
            }
            double[] solref = tendon.limitSoftness().solrefArray();
            b.tendonSolref(index, solref[0], solref[1]);
            b.tendonSolimp(index, tendon.limitSoftness().solimpArray());
            b.tendonMargin(index, tendon.marginM());
            if (tendon.frictionLoss() > 0) {
                // The engine model has no tendon frictionloss rows (solreffriction goes with it).
                notes.add("tendon frictionloss (not applied)", name);
            }
            if (tendon.stiffness() > 0 || tendon.damping() > 0) {
                notes.add("tendon stiffness/damping", name);
            }
        }
    }

    private void actuators() {
        for (int u = 0; u < src.actuators().size(); u++) {
            Actuator a = src.actuators().get(u);
            String name = Notes.label(a.name(), "actuator" + u);
            String who = "actuator '" + name + "'";
            boolean onTendon = a.transmission() == Actuator.Transmission.TENDON;
            int target = onTendon ? tendonIndex(a.target(), who) : jointIndex(a.target(), who);
            double gain = a.gainPrm().get(0);
            double b0 = a.biasPrm().get(0);
            double b1 = a.biasPrm().get(1);
            double b2 = a.biasPrm().get(2);
            int index;
            // MuJoCo's uniform form: force = gain * ctrl + b0 + b1 * length + b2 * velocity.
            if (b0 == 0 && b1 == -gain && b2 <= 0 && a.type() != ActuatorType.VELOCITY) {
                index = b.addPositionActuator(name, onTendon, target, gain);
                if (b2 < 0) {
                    b.actuatorKv(index, -b2);
                }
            } else if (b0 == 0 && b1 == 0 && b2 == 0 && gain == 1) {
                index = b.addMotor(name, onTendon, target);
            } else {
                // Keeping the actuator (as a motor) keeps nu and the control layout intact.
                notes.add(
                        "actuator dynamics other than motor/position (mapped to a unit-gain"
                                + " motor)",
                        name);
                index = b.addMotor(name, onTendon, target);
            }
            List<Double> gear = a.gear();
            b.actuatorGear(index, gear.isEmpty() ? 1 : gear.get(0));
            for (int k = 1; k < gear.size(); k++) {
                if (gear.get(k) != 0) {
                    notes.add("multi-component actuator gear", name);
                    break;
                }
            }
            if (a.ctrlLimited()) {
                b.actuatorCtrlRange(index, a.ctrlLower(), a.ctrlUpper());
            }
            if (a.forceLimited()) {
                b.actuatorForceRange(index, a.forceLowerNmOrN(), a.forceUpperNmOrN());
            }
        }
    }

    private int jointIndex(String jointName, String who) {
        List<Joint> joints = src.joints();
        for (int i = 0; i < joints.size(); i++) {
            if (joints.get(i).name().equals(jointName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(who + " names unknown joint '" + jointName + "'");
    }

    private int tendonIndex(String tendonName, String who) {
        for (int i = 0; i < src.tendons().size(); i++) {
            if (src.tendons().get(i).name().equals(tendonName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(who + " names unknown tendon '" + tendonName + "'");
    }
}
