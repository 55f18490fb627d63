package armature.control.api;

import java.util.Locale;

/**
 * What a broker credential may do, in the spirit of Mosquitto's dynamic-security roles. The exact
 * topics are {@link AccessPolicy}'s rules; {@code docs/security.md} shows them as a Mosquitto ACL.
 */
public enum Role {
    /**
     * A container's own clients. The user name is the container id: full access to its own tree
     * {@code armature/v1/<id>/#}, read access to other containers' trees except management traffic
     * and replies, and read access to Homie 5 devices ({@code homie/5/#}, {@link HomieTopics}).
     */
    CONTAINER,
    /**
     * A person or program that operates robots: publishes joint commands, e-stop requests,
     * simulator control and management requests (each under its own user name where the topic has a
     * sender level), reads everything except other clients' management traffic.
     */
    OPERATOR,
    /** Reads everything except management traffic; may only trip an e-stop. */
    OBSERVER,
    /**
     * A third-party sensor: publishes only under {@code armature/v1/+/sensors/<user>/} and {@code
     * homie/5/<user>/}, reads only there; may trip an e-stop.
     */
    DEVICE;

    /** The lower-case name used in files and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code container}, {@code operator}, {@code observer} or {@code device}.
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "role '" + s + "' is unknown; allowed: container, operator, observer, device");
    }
}
