/**
 * The safety supervisor: the one mandatory stage between every command source (policies, teleop,
 * scripts) and every motor driver.
 *
 * <p>The control loop owns one {@link armature.safety.SafetySupervisor} per robot and calls {@link
 * armature.safety.SafetySupervisor#tick} once per control period with the newest measured {@link
 * armature.safety.JointState} and the newest {@link armature.safety.Command} (or {@code null}). The
 * returned {@link armature.safety.Output} is the only thing a driver may write to motors.
 * Everything in this package is plain Java without OSGi imports so it can be unit-tested with
 * {@code new}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package armature.safety;
