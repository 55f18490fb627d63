package armature.driver.dynamixel.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One Dynamixel bus (PID {@code armature.driver.dynamixel}); arrays are in joint order. */
@ObjectClassDefinition(
        name = "Armature Dynamixel driver",
        description = "One Dynamixel Protocol 2.0 bus of X-series servos as a JointDriver")
public @interface DynamixelDriverConfig {
    @AttributeDefinition(
            name = "Driver name",
            description = "Service property armature.driver.name; select it from the control loop")
    String armature_driver_name() default "dynamixel";

    @AttributeDefinition(name = "Serial port", description = "e.g. /dev/ttyUSB0")
    String port();

    @AttributeDefinition(name = "Baud rate [bit/s]", description = "A rate the servos support")
    int baudRate() default 1_000_000;

    @AttributeDefinition(name = "Servo ids", description = "0..252, one per joint")
    int[] ids();

    @AttributeDefinition(name = "Joint names", description = "One per servo id")
    String[] jointNames();

    @AttributeDefinition(
            name = "Directions [+1/-1]",
            description = "Empty = all +1; joint = direction * servo + offset")
    int[] directions() default {};

    @AttributeDefinition(
            name = "Offsets [rad]",
            description = "Joint angle at servo centre; empty = all 0")
    double[] offsetsRad() default {};

    @AttributeDefinition(
            name = "Min position [rad]",
            description = "Lowest goal the driver sends per joint; empty = full servo range")
    double[] minPositionRad() default {};

    @AttributeDefinition(
            name = "Max position [rad]",
            description = "Highest goal the driver sends per joint; empty = full servo range")
    double[] maxPositionRad() default {};

    @AttributeDefinition(name = "Return delay [us]", min = "0", max = "508")
    int returnDelayMicros() default 0;

    @AttributeDefinition(
            name = "Host latency allowance [us]",
            description = "Per-transaction allowance for USB adapter and OS latency",
            min = "0",
            max = "1000000")
    int hostLatencyMicros() default 5_000;

    @AttributeDefinition(
            name = "Bus watchdog [ms]",
            description =
                    "Servos stop when they hear nothing for this long; 0 = off, else a multiple"
                            + " of 20 in 20..2540",
            min = "0",
            max = "2540")
    int watchdogMillis() default 100;

    @AttributeDefinition(
            name = "Command modes",
            description =
                    "Modes the control loop may write: POSITION, VELOCITY, EFFORT. Changing mode"
                            + " briefly turns torque off on each servo (Operating Mode is EEPROM)")
    String[] commandModes() default {"POSITION"};

    @AttributeDefinition(
            name = "Current-based position",
            description =
                    "POSITION uses current-based position mode (5): the write's effort limit caps"
                            + " the current. Off: position mode (3), effort limits are ignored")
    boolean currentBasedPosition() default false;

    @AttributeDefinition(
            name = "Torque constants [Nm/A]",
            description = "One per joint: effort in Nm; empty = effort in A (present current)")
    double[] torqueConstantsNmPerAmp() default {};

    @AttributeDefinition(
            name = "Overheat margin [degC]",
            description =
                    "ERROR_OVERHEATING this far below each servo's Temperature Limit, before the"
                            + " servo shuts down",
            min = "0",
            max = "50")
    int overheatMarginDegC() default 5;
}
