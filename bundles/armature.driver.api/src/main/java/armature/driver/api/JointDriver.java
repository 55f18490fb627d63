package armature.driver.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One device's joints, as the control loop sees them. One instance is one factory configuration
 * (one serial bus, one simulated robot). Hardware drivers and simulators implement it; the control
 * loop is its only writer and never bypasses its safety supervisor (ADR 0040, 0050).
 *
 * <p><b>Threading.</b> The control loop calls {@link #readState}, {@link #write}, {@link #hold} and
 * {@link #torqueOff} from its single loop thread, never concurrently. {@link #joints()} and {@link
 * #health()} may be called from any thread. Implementations should not allocate in {@code
 * readState} or {@code write} in steady state and must not block longer than one control period
 * (they must bound their own I/O with timeouts).
 *
 * <p><b>Errors.</b> Bus trouble during a cycle is reported through NaN readings, {@link
 * #readState}'s error flags and {@link #health()}, never by throwing: an exception from these
 * methods is treated by the loop as a driver fault (it holds and publishes the message).
 * Programming errors (wrong array length, non-finite command) throw {@link
 * IllegalArgumentException} naming the field.
 *
 * <p><b>Service properties.</b> {@link #NAME_PROPERTY} names the device for logs and events.
 */
@ConsumerType
public interface JointDriver {
    /** Service property: the device name shown in events (e.g. the component's PID). */
    String NAME_PROPERTY = "armature.driver.name";

    /** Error flag: the joint did not answer this cycle; its readings are NaN. */
    int ERROR_NO_REPLY = 1;

    /** Error flag: the joint reports a hardware alert (overload, encoder, electrical). */
    int ERROR_HARDWARE = 1 << 1;

    /** Error flag: the joint reports overheating. */
    int ERROR_OVERHEATING = 1 << 2;

    /** Error flag: the joint is not moving under torque (torque disabled by the device itself). */
    int ERROR_TORQUE_LOST = 1 << 3;

    /** The joints in the order of every array this interface uses; fixed for the instance. */
    List<JointDescription> joints();

    /**
     * Reads the newest measurement of every joint into the caller's arrays (length = joint count).
     * Quantities the device does not measure, and every value of a joint that did not answer, are
     * {@code NaN}.
     *
     * @param positionRad joint positions
     * @param velocityRadPerSec joint velocities
     * @param effort joint efforts in each joint's effort unit
     * @param temperatureDegC motor or driver temperatures
     * @param errorFlags bitwise OR of the {@code ERROR_*} constants per joint, 0 when fine
     * @return when the measurement was taken, on the same monotonic clock as {@link
     *     System#nanoTime()} (simulators: on the clock the control loop was given)
     * @throws IllegalArgumentException when an array has the wrong length
     */
    long readState(
            double[] positionRad,
            double[] velocityRadPerSec,
            double[] effort,
            double[] temperatureDegC,
            int[] errorFlags);

    /**
     * Writes one command to every joint and enables torque where it was off.
     *
     * @param mode what {@code values} mean; must be in every joint's {@link
     *     JointDescription#supportedModes()}
     * @param values one finite value per joint in the mode's unit
     * @param effortLimit one effort limit per joint (in its effort unit) the device should apply,
     *     or {@code NaN} for the device's own limit; drivers that cannot set limits ignore it
     * @throws IllegalArgumentException naming the field for an unsupported mode, a wrong length or
     *     a value outside the joint's range
     */
    void write(DriverCommandMode mode, double[] values, double[] effortLimit);

    /** Holds every joint where it is now, with torque on. */
    void hold();

    /** Disables torque on every joint (limp). Idempotent. */
    void torqueOff();

    /** Current health; cheap, never blocks on I/O. */
    DriverHealth health();
}
