package armature.policy.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One control policy: a function from an observation vector to an action vector, possibly with
 * recurrent state carried from one step to the next. The runtime calls it from a single thread (its
 * own, never the control loop's), once per tick at {@link PolicySpec#controlRateHz()}, and only
 * with fresh observations; implementations need not be thread-safe.
 */
@ConsumerType
public interface Policy extends AutoCloseable {
    /** What this policy reads and writes; constant for the policy's life. */
    PolicySpec spec();

    /**
     * One step: reads {@code observation} (length {@link PolicySpec#observationSize()}, slots in
     * {@link PolicySpec#observations()} order) and writes {@code action} (length {@link
     * PolicySpec#actionSize()}, one value per {@link PolicySpec#actionJoints()} entry, in the unit
     * of {@link PolicySpec#actionMode()}). Recurrent state advances. Must not keep either array.
     *
     * @throws IllegalArgumentException when an array has the wrong length
     */
    void act(float[] observation, float[] action);

    /**
     * How unsure the policy was about its last {@link #act} action, or NaN when it has no measure
     * of that (a single network, the scripted baseline). An ensemble reports the disagreement of
     * its members: over the action joints, the largest standard deviation of the members' values
     * divided by that joint's range width (upper minus lower limit, from the {@link
     * PolicyContext}), so 0 means full agreement and the value is unit-free. The runtime sends it
     * with the action, and the loop's supervisor slows the robot down as it rises.
     */
    default double uncertainty() {
        return Double.NaN;
    }

    /** Episode start: recurrent state back to its initial value (zero for a network). */
    void reset();

    /** Releases what the policy holds (native memory, files); further calls are not allowed. */
    @Override
    void close();
}
