package armature.control.limits;

/**
 * A driver that must not be driven: its position range does not contain what the loop is commanding
 * now, so attaching it would make the supervisor's target jump or be refused.
 */
public final class DriverRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String driver;
    private final String jointName;
    private final String field;
    private final double value;

    public DriverRefusedException(
            String driver, String jointName, String field, double value, String allowed) {
        super(
                "driver '"
                        + driver
                        + "' joint '"
                        + jointName
                        + "' "
                        + field
                        + ": current command "
                        + value
                        + " rad is outside the effective range "
                        + allowed
                        + "; the driver is not driven");
        this.driver = driver;
        this.jointName = jointName;
        this.field = field;
        this.value = value;
    }

    public String driver() {
        return driver;
    }

    public String jointName() {
        return jointName;
    }

    public String field() {
        return field;
    }

    public double value() {
        return value;
    }
}
