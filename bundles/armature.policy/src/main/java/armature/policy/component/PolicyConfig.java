package armature.policy.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of one running policy (factory PID {@code armature.policy}, e.g. {@code ~hand}).
 */
@ObjectClassDefinition(
        name = "Armature policy",
        description =
                "Runs a control policy on a control loop: observations from the bus, commands"
                        + " through the loop's command path and its safety supervisor")
public @interface PolicyConfig {
    @AttributeDefinition(
            name = "Name",
            description =
                    "Topic level under policy/ and default sender; empty = the factory"
                            + " configuration's name (hand for armature.policy~hand)",
            required = false)
    String name() default "";

    @AttributeDefinition(name = "Loop", description = "The control loop to command (its loopName)")
    String loopName() default "hand";

    @AttributeDefinition(
            name = "Provider",
            description =
                    "Which PolicyProvider makes the policy, as an LDAP filter on its"
                            + " armature.policy.kind (the scripted baseline: scripted)")
    String provider_target() default "(armature.policy.kind=scripted)";

    @AttributeDefinition(
            name = "Source",
            description =
                    "What the provider loads (a policy file for network policies); empty for the"
                            + " scripted baseline",
            required = false)
    String source() default "";

    @AttributeDefinition(
            name = "Revision",
            description =
                    "Changes when the source's content changes under the same name (the deploy"
                            + " folder sets it), so that the policy is loaded again",
            required = false)
    String revision() default "";

    @AttributeDefinition(
            name = "Shadow source",
            description =
                    "A candidate policy (same provider) that acts beside this one on the same"
                            + " observations; its actions go to policy/<name>/shadow, never to the"
                            + " motors. Empty = none",
            required = false)
    String shadowSource() default "";

    @AttributeDefinition(
            name = "Shadow revision",
            description = "Changes when the shadow source's content changes (the deploy folder)",
            required = false)
    String shadowRevision() default "";

    @AttributeDefinition(
            name = "Settings",
            description = "key=value entries for the provider (the baseline: rateHz, kp, ...)",
            required = false)
    String[] settings() default {};

    @AttributeDefinition(
            name = "Rate [Hz]",
            description = "Ticks per second; 0 = the policy's own control rate",
            min = "0",
            max = "1000")
    double rateHz() default 0;

    @AttributeDefinition(
            name = "Max observation age [ms]",
            description = "An observation older than this is stale: no action, a reason instead",
            min = "1",
            max = "10000")
    long maxObservationAgeMillis() default 100;

    @AttributeDefinition(
            name = "Operator quiet time [ms]",
            description =
                    "A resume is refused until other senders have not commanded the loop for this"
                            + " long",
            min = "0",
            max = "60000")
    long operatorQuietMillis() default 500;

    @AttributeDefinition(
            name = "Sender",
            description =
                    "Sender level of the policy's commands; empty = policy-<name>. Must differ"
                            + " from every operator's user name",
            required = false)
    String sender() default "";

    @AttributeDefinition(
            name = "Simulation",
            description =
                    "A simulated robot (armature.sim name) whose reset requests start a new episode"
                            + " (recurrent state reset); empty = none",
            required = false)
    String simulation() default "";
}
