package armature.safety;

/** What the motors do in the safe state (watchdog SAFE_STATE or latched e-stop). */
public enum SafeStateAction {
    /** Disable torque: joints go limp. Safest for a hand that holds nothing. */
    TORQUE_OFF,
    /**
     * Hold the position at safe-state entry with a reduced effort limit, so a grasped object is not
     * dropped but a collision cannot be pushed through at full force.
     */
    BRAKE
}
