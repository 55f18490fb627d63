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

    private UserProperties() {}
}
