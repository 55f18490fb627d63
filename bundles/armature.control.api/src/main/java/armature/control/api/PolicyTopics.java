package armature.control.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The topics of one running policy (a component of {@code armature.policy}), under {@code
 * armature/v1/<container>/policy/<policy>}. A policy commands a loop through the loop's own command
 * path ({@link LoopTopics#command(String)}, sender level = the policy's sender name); these topics
 * say what it is doing and let an operator stop and restart it.
 *
 * @param container the container's topics
 * @param policyName the policy's name (its factory configuration name)
 */
public record PolicyTopics(ContainerTopics container, String policyName) {
    /**
     * What an operator may ask of a policy on {@link #request(String)}: {@code {"action": ...}}.
     */
    public enum Action {
        /** Stop publishing commands until {@link #RESUME}; the loop's watchdog then holds. */
        HOLD,
        /**
         * Start publishing again after a hold, an operator command stream or an e-stop; refused
         * while the e-stop is not CLEAR. Begins a new episode (recurrent state reset).
         */
        RESUME,
        /** Episode start: the policy's recurrent state back to zero, without pausing it. */
        RESET;

        /** The lower-case name used in requests and on the command line. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses {@code hold}, {@code resume} or {@code reset}.
         *
         * @throws IllegalArgumentException naming the value and the allowed ones
         */
        public static Action parse(String s) {
            for (Action a : values()) {
                if (a.wireName().equals(s)) {
                    return a;
                }
            }
            throw new IllegalArgumentException(
                    "action '" + s + "' is unknown; allowed: hold, resume, reset");
        }
    }

    public PolicyTopics {
        Objects.requireNonNull(container, "container");
        Names.require(policyName, "policy name");
    }

    /** {@code armature/v1/<container>/policy/<policy>}. */
    public String base() {
        return container.root() + "/policy/" + policyName;
    }

    /** Retained status document: state, reason, counters. */
    public String status() {
        return base() + "/status";
    }

    /** Filter for the status of every policy of the container. */
    public String statusFilter() {
        return container.root() + "/policy/+/status";
    }

    /** The policy's events (paused, resumed, stale observations, resets), JSON, one each. */
    public String events() {
        return base() + "/events";
    }

    /**
     * A shadow policy's actions, one JSON document per tick, with the running mean and the largest
     * absolute difference from the active policy's; never a command (docs/policy.md).
     */
    public String shadow() {
        return base() + "/shadow";
    }

    /** Requests of an operator ({@link Action}); the sender level is the operator's user name. */
    public String request(String sender) {
        return base() + "/request/" + Names.require(sender, "sender");
    }

    /** What the policy subscribes to for requests. */
    public String requestFilter() {
        return base() + "/request/+";
    }

    /**
     * The sender level of a topic built by {@link #request}.
     *
     * @throws IllegalArgumentException when the topic is not a request of this policy
     */
    public String senderOf(String topic) {
        String prefix = base() + "/request/";
        if (!topic.startsWith(prefix)) {
            throw new IllegalArgumentException(
                    "topic '" + topic + "' is not a request of policy " + base());
        }
        return Names.require(topic.substring(prefix.length()), "sender level of " + topic);
    }
}
