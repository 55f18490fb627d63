package armature.safety;

/** Unit of a joint's effort values: torque for torque-controlled joints, current for servos. */
public enum EffortUnit {
    NEWTON_METRE("Nm"),
    AMPERE("A");

    private final String symbol;

    EffortUnit(String symbol) {
        this.symbol = symbol;
    }

    /** Short unit symbol used in messages, e.g. {@code "Nm"}. */
    public String symbol() {
        return symbol;
    }
}
