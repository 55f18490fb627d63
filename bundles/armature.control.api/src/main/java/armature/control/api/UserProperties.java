package armature.control.api;

import armature.bus.api.BusProperties;

/** The MQTT 5 user properties of Armature's wire contract. */
public final class UserProperties {
    /** The publishing container's id, on everything a container publishes. */
    public static final String SENDER = BusProperties.SENDER_PROPERTY;

    /** On replies: {@code ok} or {@code error}. */
    public static final String STATUS = BusProperties.STATUS_PROPERTY;

    /**
     * The publishing container's boot id (random per start), on everything a container publishes.
     * Retained state is live only while the container's retained {@code state} says {@code online}
     * with the same boot id; anything else is a leftover of an earlier run.
     */
    public static final String BOOT = "armature-boot";

    /** On joint command frames: {@code position} (default), {@code velocity} or {@code effort}. */
    public static final String COMMAND_MODE = "armature-command-mode";

    /**
     * On joint command frames, optional: how unsure the sender was about this command, a finite
     * decimal number {@code >= 0} such as {@code 0.12} ({@link CommandContract#parseUncertainty}).
     * For a policy ensemble it is the members' disagreement: over the commanded joints, the largest
     * standard deviation of the members' values divided by that joint's range width. The loop's
     * safety supervisor scales every joint's velocity limit down as it rises (its configured
     * curve). Absent: the sender has no measure. A malformed value refuses the frame.
     */
    public static final String UNCERTAINTY = "armature-uncertainty";

    private UserProperties() {}
}
