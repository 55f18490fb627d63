package armature.robot.model;

import java.util.List;

/**
 * An actuator with a joint or tendon transmission, without activation dynamics. Its scalar force is
 * {@code gain[0] * ctrl + bias[0] + bias[1] * length + bias[2] * velocity}, where length and
 * velocity are those of the transmission (the joint coordinate times {@code gear[0]}, or the tendon
 * length), clamped to the force range when force-limited; the generalized force is that force times
 * {@code gear[0]}. Units follow the transmission: for a hinge joint ctrl of a position actuator is
 * in rad and the force in N m.
 *
 * @param name actuator name, empty if unnamed
 * @param type how it was written
 * @param transmission what it drives
 * @param target joint or tendon name
 * @param gear six gear values (only the first matters for joint and tendon transmissions)
 * @param ctrlLimited whether the control is clamped to the control range
 * @param ctrlLower lower control limit (transmission units)
 * @param ctrlUpper upper control limit
 * @param forceLimited whether the force is clamped to the force range
 * @param forceLowerNmOrN lower force limit
 * @param forceUpperNmOrN upper force limit
 * @param gainPrm gain parameters (at least 3; first is the fixed gain)
 * @param biasPrm bias parameters (at least 3)
 */
public record Actuator(
        String name,
        ActuatorType type,
        Transmission transmission,
        String target,
        List<Double> gear,
        boolean ctrlLimited,
        double ctrlLower,
        double ctrlUpper,
        boolean forceLimited,
        double forceLowerNmOrN,
        double forceUpperNmOrN,
        List<Double> gainPrm,
        List<Double> biasPrm) {

    /** Transmission kinds. */
    public enum Transmission {
        /** Drives one joint. */
        JOINT,
        /** Drives a fixed tendon. */
        TENDON
    }

    /** Validates values and copies lists. */
    public Actuator {
        gear = Checks.finiteList("gear of actuator '" + name + "'", gear, 6);
        gainPrm = Checks.finiteList("gainprm of actuator '" + name + "'", gainPrm, -1);
        biasPrm = Checks.finiteList("biasprm of actuator '" + name + "'", biasPrm, -1);
        if (gainPrm.size() < 3 || biasPrm.size() < 3) {
            throw new IllegalArgumentException(
                    "gainprm and biasprm of actuator '" + name + "' need at least 3 values");
        }
        Checks.finite("ctrlLower of actuator '" + name + "'", ctrlLower);
        Checks.finite("ctrlUpper of actuator '" + name + "'", ctrlUpper);
        Checks.finite("forceLowerNmOrN of actuator '" + name + "'", forceLowerNmOrN);
        Checks.finite("forceUpperNmOrN of actuator '" + name + "'", forceUpperNmOrN);
        if (ctrlLimited && ctrlLower > ctrlUpper) {
            throw new IllegalArgumentException(
                    "ctrlrange of actuator '" + name + "' has lower > upper");
        }
        if (forceLimited && forceLowerNmOrN > forceUpperNmOrN) {
            throw new IllegalArgumentException(
                    "forcerange of actuator '" + name + "' has lower > upper");
        }
    }

    /**
     * @return the position gain kp for position servos (gain[0]), else 0
     */
    public double kp() {
        return type == ActuatorType.POSITION ? gainPrm.get(0) : 0;
    }
}
