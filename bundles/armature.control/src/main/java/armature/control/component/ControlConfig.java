package armature.control.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one control loop (PID {@code armature.control}); arrays are in joint order. */
@ObjectClassDefinition(
        name = "Armature control loop",
        description =
                "Fixed-rate loop: driver state to the bus, bus commands through the safety"
                        + " supervisor to the driver")
public @interface ControlConfig {
    @AttributeDefinition(
            name = "Loop name",
            description = "Topic level: armature/v1/<container>/control/<loop name>/...")
    String loopName() default "main";

    @AttributeDefinition(name = "Rate [Hz]", min = "50", max = "1000")
    double rateHz() default 500;

    @AttributeDefinition(
            name = "Spin before each tick [us]",
            description = "Busy-wait before each start; lowers jitter, costs CPU",
            min = "0",
            max = "1000")
    long spinMicros() default 0;

    @AttributeDefinition(
            name = "Real-time priority",
            description =
                    "SCHED_FIFO priority of the loop thread, 1-99 (0: normal scheduling). Needs"
                            + " root, CAP_SYS_NICE or an rtprio limit; without them the loop runs"
                            + " with normal scheduling and its log and statistics say why"
                            + " (ADR 0116)",
            min = "0",
            max = "99")
    int realtimePriority() default 50;

    @AttributeDefinition(
            name = "Joint names",
            description =
                    "Must equal the driver's joints; with a robot description, each names an"
                            + " actuator or a joint of it")
    String[] jointNames();

    @AttributeDefinition(
            name = "Robot description",
            description =
                    "MJCF or URDF file (relative to the container home) whose joint ranges,"
                            + " URDF velocity/effort limits and MJCF actuator ctrlrange/forcerange"
                            + " bound the loop; empty = none (ADR 0041)")
    String descriptionPath() default "";

    @AttributeDefinition(
            name = "Description package path",
            description = "Roots for package:// URIs in a URDF description")
    String[] descriptionPackagePath() default {};

    // Limit arrays: empty = take the robot description's (and driver's) value, one value = every
    // joint, otherwise one per joint. A configured value may only tighten (ADR 0041).

    @AttributeDefinition(name = "Min position [rad]", required = false)
    double[] minPositionRad() default {};

    @AttributeDefinition(name = "Max position [rad]", required = false)
    double[] maxPositionRad() default {};

    @AttributeDefinition(name = "Max velocity [rad/s]", required = false)
    double[] maxVelocityRadPerSec() default {};

    @AttributeDefinition(
            name = "Max acceleration [rad/s^2]",
            description = "Required: no robot description states accelerations")
    double[] maxAccelerationRadPerSec2();

    @AttributeDefinition(
            name = "Max jerk [rad/s^3]",
            description = "Empty = no jerk bound; else at least 2 x max acceleration",
            required = false)
    double[] maxJerkRadPerSec3() default {};

    @AttributeDefinition(name = "Max effort [effort unit]", required = false)
    double[] maxEffort() default {};

    @AttributeDefinition(name = "Effort unit", description = "NEWTON_METRE or AMPERE")
    String effortUnit() default "NEWTON_METRE";

    @AttributeDefinition(name = "Hold timeout [ms]", min = "1", max = "60000")
    long holdTimeoutMillis() default 100;

    @AttributeDefinition(name = "Safe-state timeout [ms]", min = "1", max = "600000")
    long safeStateTimeoutMillis() default 2000;

    @AttributeDefinition(name = "Safe-state action", description = "TORQUE_OFF or BRAKE")
    String safeStateAction() default "TORQUE_OFF";

    @AttributeDefinition(
            name = "Thermal: derating starts [degC]",
            description = "Estimated winding temperature where the effort limit starts to fall")
    double thermalWarnTemperatureDegC() default 55.0;

    @AttributeDefinition(
            name = "Thermal: effort zero [degC]",
            description = "Estimated winding temperature where the effort limit reaches zero")
    double thermalLimitTemperatureDegC() default 68.0;

    @AttributeDefinition(
            name = "Thermal: servo shutdown [degC]",
            description = "The servo's own shutdown threshold; must be above the zero-effort one")
    double thermalServoShutdownTemperatureDegC() default 72.0;

    @AttributeDefinition(
            name = "Thermal: winding rise [degC/A^2]",
            description = "Steady-state winding rise above the sensor per A^2 of current")
    double thermalWindingRiseDegCPerAmp2() default 6.0;

    @AttributeDefinition(name = "Thermal: winding time constant [s]")
    double thermalWindingTimeConstantSeconds() default 30.0;

    @AttributeDefinition(
            name = "Uncertainty velocity scale",
            description =
                    "Points uncertainty:scale of a piecewise-linear curve: while the loop follows"
                            + " a command with the armature-uncertainty property, every joint's"
                            + " velocity limit is multiplied by the curve's scale (in (0, 1], never"
                            + " rising with uncertainty; flat before the first and after the last"
                            + " point). Empty = no scaling (ADR 0093)")
    String uncertaintyVelocityScale() default armature.safety.UncertaintyCurve.DEFAULT_POINTS;

    @AttributeDefinition(
            name = "Sensor limits",
            description =
                    "Bounds on sensor fields, clauses separated by ';': TARGET OP BOUND"
                            + " [hold|trip] [hysteresis=NUMBER] [maxAge=NUMBER(ms|s)], e.g."
                            + " 'ft1.forceN[2] <= 40; norm(ft1.forceN) <= 60 trip'. hold refuses"
                            + " motion and holds position, trip asserts the e-stop, while the"
                            + " bound is broken or the sensor stale. Empty = none (ADR 0099)")
    String sensorLimits() default "";

    @AttributeDefinition(name = "Statistics interval [ms]", min = "100", max = "60000")
    long statisticsIntervalMillis() default 1000;

    @AttributeDefinition(
            name = "Wear file",
            description =
                    "JSON file for wear counts: a .json file inside the container home"
                            + " (relative to it), outside its config/ and deploy/ folders; empty ="
                            + " <armature.runtime>/control/<loop name>/wear.json. Wear is always"
                            + " counted and saved")
    String wearFile() default "";

    @AttributeDefinition(
            name = "Wear save interval [s]",
            description = "A crash loses at most this much wear counting",
            min = "1",
            max = "86400")
    long wearSaveIntervalSeconds() default 10;

    @AttributeDefinition(
            name = "Driver filter",
            description =
                    "LDAP filter selecting the JointDriver service, e.g. (armature.driver.name=hand)")
    String driver_target() default "(objectClass=armature.driver.api.JointDriver)";
}
