package armature.safety;

/**
 * Configuration tried to loosen a limit stated by the robot description. Limits may only be
 * tightened; a wider range or a higher bound than the hardware allows is a configuration error.
 */
public final class LimitLoosenedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String jointName;
    private final String field;
    private final double requested;
    private final double robotLimit;

    public LimitLoosenedException(
            String jointName, String field, double requested, double robotLimit) {
        super(
                "joint '"
                        + jointName
                        + "' "
                        + field
                        + ": configured "
                        + requested
                        + " loosens the robot description's "
                        + robotLimit
                        + "; configuration may only tighten limits");
        this.jointName = jointName;
        this.field = field;
        this.requested = requested;
        this.robotLimit = robotLimit;
    }

    public String jointName() {
        return jointName;
    }

    public String field() {
        return field;
    }

    public double requested() {
        return requested;
    }

    public double robotLimit() {
        return robotLimit;
    }
}
