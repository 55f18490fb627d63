package armature.control.api;

import java.util.Objects;

/**
 * The topics of one control loop, under {@code armature/v1/<container>/control/<loop>}.
 *
 * <p>Inputs that act on the robot carry the sender as their last level: {@code command/<sender>},
 * {@code estop/request/<sender>}, {@code estop/trip/<sender>}. The sender is the publishing
 * client's broker user name, which the broker enforces ({@link AccessPolicy}), so the loop knows
 * who sent each frame without trusting the payload. A container's own components publish with their
 * own names (the container is trusted for its whole tree).
 *
 * @param container the container's topics
 * @param loopName the loop name (configuration {@code loopName})
 */
public record LoopTopics(ContainerTopics container, String loopName) {
    public LoopTopics {
        Objects.requireNonNull(container, "container");
        Names.require(loopName, "loop name");
    }

    /** {@code armature/v1/<container>/control/<loop>}. */
    public String base() {
        return container.root() + "/control/" + loopName;
    }

    /** Measured joint state, one binary JOINT_STATE frame per tick. */
    public String state() {
        return base() + "/state";
    }

    /** Retained frame schema of {@link #state()}. */
    public String stateSchema() {
        return state() + "/schema";
    }

    /** Joint command frames from one sender. */
    public String command(String sender) {
        return base() + "/command/" + Names.require(sender, "sender");
    }

    /** What the loop subscribes to: commands from every sender. */
    public String commandFilter() {
        return base() + "/command/+";
    }

    /** Safety and loop events, JSON, one message each. */
    public String events() {
        return base() + "/events";
    }

    /** Timing and command counters, JSON, at the statistics interval. */
    public String statistics() {
        return base() + "/statistics";
    }

    /**
     * Retained supervisor state: epoch, watchdog, e-stop and, per sender, the last applied sequence
     * number (the floor a restarted sender continues above).
     */
    public String supervisor() {
        return base() + "/supervisor";
    }

    /**
     * Retained joint limits the loop enforces (the tightest of description, driver and
     * configuration, ADR 0041), in the state schema's joint order: what a command source such as a
     * policy keeps its targets inside.
     */
    public String limits() {
        return base() + "/limits";
    }

    /** Retained e-stop latch state. */
    public String eStop() {
        return base() + "/estop";
    }

    /** E-stop requests of an operator: every {@link EStopAction}. */
    public String eStopRequest(String sender) {
        return base() + "/estop/request/" + Names.require(sender, "sender");
    }

    /** What the loop subscribes to for operator e-stop requests. */
    public String eStopRequestFilter() {
        return base() + "/estop/request/+";
    }

    /** E-stop trips of any authenticated client (observers and devices included). */
    public String eStopTrip(String sender) {
        return base() + "/estop/trip/" + Names.require(sender, "sender");
    }

    /** What the loop subscribes to for trips. */
    public String eStopTripFilter() {
        return base() + "/estop/trip/+";
    }

    /**
     * The sender level of a topic built by {@link #command}, {@link #eStopRequest} or {@link
     * #eStopTrip}.
     *
     * @throws IllegalArgumentException when the topic is not one of those of this loop
     */
    public String senderOf(String topic) {
        for (String prefix :
                new String[] {
                    base() + "/command/", base() + "/estop/request/", base() + "/estop/trip/"
                }) {
            if (topic.startsWith(prefix)) {
                return Names.require(topic.substring(prefix.length()), "sender level of " + topic);
            }
        }
        throw new IllegalArgumentException(
                "topic '" + topic + "' is not a command or e-stop input of loop " + base());
    }
}
