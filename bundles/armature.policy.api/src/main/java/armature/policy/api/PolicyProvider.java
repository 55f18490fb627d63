package armature.policy.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes policies of one kind. Registered as a service with {@link #KIND_PROPERTY}; a runtime
 * component whose configuration names that kind (its {@code kind}) asks it for one policy when it
 * knows the loop it will command, and closes the policy when it stops.
 */
@ConsumerType
public interface PolicyProvider {
    /** Service property: the kind name a runtime configuration selects, e.g. {@code scripted}. */
    String KIND_PROPERTY = "armature.policy.kind";

    /**
     * A new policy for {@code context}.
     *
     * @throws IllegalArgumentException when the context does not fit (a missing joint, an
     *     unreadable source, a bad setting), naming what and why
     */
    Policy create(PolicyContext context);
}
