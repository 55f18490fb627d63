package armature.safety;

/**
 * Configuration tried to loosen a limit stated by the robot description or by a driver. Limits may
 * only be tightened; a wider range or a higher bound than the hardware allows is a configuration
 * error.
 */
public final class LimitLoosenedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String jointName;
    private final String field;
    private final double requested;
    private final double robotLimit;
    private final String source;

    public LimitLoosenedException(
            String jointName, String field, double requested, double robotLimit) {
        this(jointName, field, requested, robotLimit, "the robot description");
    }

    /**
     * @param source what stated the tighter limit, e.g. {@code "driver 'hand'"}
     */
    public LimitLoosenedException(
            String jointName, String field, double requested, double robotLimit, String source) {
        super(
                "joint '"
                        + jointName
                        + "' "
                        + field
                        + ": configured "
                        + requested
                        + " loosens "
                        + robotLimit
                        + " stated by "
                        + source
                        + "; configuration may only tighten limits");
        this.source = source;
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

    /** The limit the configured value loosens. */
    public double robotLimit() {
        return robotLimit;
    }

    /** What stated that limit. */
    public String source() {
        return source;
    }
}
