package armature.safety;

/** What a driver must do with an {@link Output}. */
public enum OutputKind {
    /**
     * Write {@code positionRad} as goal position; {@code velocityRadPerSec} is the profile speed.
     */
    POSITION,
    /** Write {@code velocityRadPerSec} as goal velocity. */
    VELOCITY,
    /** Write {@code effort} as goal effort (torque or current). */
    EFFORT,
    /** Disable torque on every joint. */
    TORQUE_OFF,
    /** Hold {@code positionRad} with the reduced {@code effortLimit}. */
    BRAKE
}
