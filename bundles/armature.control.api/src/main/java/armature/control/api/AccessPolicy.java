package armature.control.api;

import armature.bus.api.Topics;
import java.util.List;
import java.util.Objects;

/**
 * Who may publish and receive which topic: an ordered rule list per {@link Role}, the first rule
 * whose pattern matches decides, and no match means no. Patterns are MQTT filters in which {@code
 * %u} stands for the client's user name, as in Mosquitto's ACL files. The embedded broker enforces
 * these rules per message (publish and delivery); {@code docs/security.md} gives the same rules as
 * a Mosquitto ACL for external brokers.
 *
 * <p>Retained publishes are refused for operators and observers (a retained command or e-stop
 * request would act again on every restart); devices may retain in their own subtree (sensor
 * descriptors, Homie attributes, a camera's model).
 */
public final class AccessPolicy {
    /** Publish or receive. */
    public enum Access {
        PUBLISH,
        RECEIVE
    }

    /**
     * One rule.
     *
     * @param role whose rule it is
     * @param access what it governs
     * @param pattern MQTT filter with {@code %u} for the user name
     * @param allow allow or deny
     */
    public record Rule(Role role, Access access, String pattern, boolean allow) {
        public Rule {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(access, "access");
            Topics.requireValidFilter(pattern.replace("%u", "u"));
        }

        /** Whether the rule's pattern matches {@code topic} for {@code user}. */
        public boolean matches(String user, String topic) {
            return Topics.matches(pattern.replace("%u", user), topic);
        }
    }

    private static final String ANY = ContainerTopics.ROOT + "/+";
    private static final String MGMT = ANY + "/mgmt/#";
    private static final String REPLY = ANY + "/reply/#";
    private static final String TRIP = ANY + "/control/+/estop/trip/%u";

    private static final List<Rule> RULES =
            List.of(
                    // container: its own tree, and what observers see elsewhere
                    allow(Role.CONTAINER, Access.PUBLISH, ContainerTopics.ROOT + "/%u/#"),
                    allow(Role.CONTAINER, Access.RECEIVE, ContainerTopics.ROOT + "/%u/#"),
                    deny(Role.CONTAINER, Access.RECEIVE, MGMT),
                    deny(Role.CONTAINER, Access.RECEIVE, REPLY),
                    allow(Role.CONTAINER, Access.RECEIVE, ContainerTopics.ROOT + "/#"),
                    // Homie 5 devices publish outside Armature's tree; the sensor registry reads
                    // them
                    allow(Role.CONTAINER, Access.RECEIVE, HomieTopics.ROOT + "/#"),
                    // operator
                    allow(Role.OPERATOR, Access.PUBLISH, ANY + "/control/+/command/%u"),
                    allow(Role.OPERATOR, Access.PUBLISH, ANY + "/control/+/estop/request/%u"),
                    allow(Role.OPERATOR, Access.PUBLISH, TRIP),
                    allow(Role.OPERATOR, Access.PUBLISH, ANY + "/sim/+/control/+"),
                    allow(Role.OPERATOR, Access.PUBLISH, ANY + "/policy/+/request/%u"),
                    allow(Role.OPERATOR, Access.PUBLISH, MGMT),
                    allow(Role.OPERATOR, Access.RECEIVE, ANY + "/reply/%u/#"),
                    deny(Role.OPERATOR, Access.RECEIVE, MGMT),
                    deny(Role.OPERATOR, Access.RECEIVE, REPLY),
                    allow(Role.OPERATOR, Access.RECEIVE, ContainerTopics.ROOT + "/#"),
                    // observer
                    allow(Role.OBSERVER, Access.PUBLISH, TRIP),
                    deny(Role.OBSERVER, Access.RECEIVE, MGMT),
                    deny(Role.OBSERVER, Access.RECEIVE, REPLY),
                    allow(Role.OBSERVER, Access.RECEIVE, ContainerTopics.ROOT + "/#"),
                    // device
                    allow(Role.DEVICE, Access.PUBLISH, ANY + "/sensors/%u/#"),
                    allow(Role.DEVICE, Access.PUBLISH, HomieTopics.ROOT + "/%u/#"),
                    allow(Role.DEVICE, Access.PUBLISH, TRIP),
                    // a network camera: the frames and model of the camera named after it; the
                    // markers found in them are the container's (a device must not vouch for
                    // them)
                    allow(Role.DEVICE, Access.PUBLISH, ANY + "/vision/cameras/%u/frames"),
                    allow(Role.DEVICE, Access.PUBLISH, ANY + "/vision/cameras/%u/info"),
                    allow(Role.DEVICE, Access.RECEIVE, ANY + "/sensors/%u/#"),
                    allow(Role.DEVICE, Access.RECEIVE, HomieTopics.ROOT + "/%u/#"),
                    allow(Role.DEVICE, Access.RECEIVE, ANY + "/vision/cameras/%u/#"));

    private AccessPolicy() {}

    private static Rule allow(Role role, Access access, String pattern) {
        return new Rule(role, access, pattern, true);
    }

    private static Rule deny(Role role, Access access, String pattern) {
        return new Rule(role, access, pattern, false);
    }

    /** Every rule, in the order they are tried. */
    public static List<Rule> rules() {
        return RULES;
    }

    /**
     * Whether a client may publish {@code topic}.
     *
     * @param role the client's role
     * @param user the client's user name (a valid {@link Names name})
     * @param topic the topic name
     * @param retained whether the message asks to be retained
     */
    public static boolean mayPublish(Role role, String user, String topic, boolean retained) {
        if (!decide(role, Access.PUBLISH, user, topic)) {
            return false;
        }
        if (!retained) {
            return true;
        }
        return switch (role) {
            case CONTAINER -> true;
            case DEVICE -> !topic.contains("/estop/");
            case OPERATOR, OBSERVER -> false;
        };
    }

    /** Whether a message on {@code topic} may be delivered to the client. */
    public static boolean mayReceive(Role role, String user, String topic) {
        return decide(role, Access.RECEIVE, user, topic);
    }

    /**
     * Whether a client may subscribe to {@code filter}: the filter must be valid and lie inside
     * what the role may receive somewhere; what is delivered is still checked message by message
     * with {@link #mayReceive}.
     */
    public static boolean maySubscribe(Role role, String user, String filter) {
        try {
            Topics.requireValidFilter(filter);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!Names.isValid(user)) {
            return false;
        }
        for (Rule r : RULES) {
            if (r.role() == role && r.access() == Access.RECEIVE && r.allow()) {
                if (overlaps(filter, r.pattern().replace("%u", user))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean decide(Role role, Access access, String user, String topic) {
        Objects.requireNonNull(role, "role");
        if (!Names.isValid(user) || topic == null || topic.isEmpty()) {
            return false;
        }
        for (Rule r : RULES) {
            if (r.role() == role && r.access() == access && r.matches(user, topic)) {
                return r.allow();
            }
        }
        return false;
    }

    /** Whether two MQTT filters can match a common topic. */
    static boolean overlaps(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        int n = Math.max(x.length, y.length);
        for (int i = 0; i < n; i++) {
            String p = i < x.length ? x[i] : null;
            String q = i < y.length ? y[i] : null;
            if ("#".equals(p) || "#".equals(q)) {
                return true;
            }
            if (p == null || q == null) {
                return false;
            }
            if (!p.equals("+") && !q.equals("+") && !p.equals(q)) {
                return false;
            }
        }
        return true;
    }
}
