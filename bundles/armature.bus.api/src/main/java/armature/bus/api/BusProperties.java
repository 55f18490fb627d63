package armature.bus.api;

/** Service property names and user property names shared by the bus and its users. */
public final class BusProperties {
    /** Service property of handlers: a topic filter (String) or several (String[]). */
    public static final String TOPIC = "armature.bus.topic";

    /** Service property of handlers: subscription QoS as an Integer 0-2 (default 1). */
    public static final String QOS = "armature.bus.qos";

    /** User property on replies: {@code ok} or {@code error}. */
    public static final String STATUS_PROPERTY = "armature-status";

    /** User property carrying the sender's container id on everything Armature publishes. */
    public static final String SENDER_PROPERTY = "armature-sender";

    /**
     * User property on a retained message published on behalf of another client (the sensor
     * registry restoring a device's descriptor), naming that client: the bus does not keep it as
     * its own retained state, so it is not sent again after a reconnect, not cleared when the bus
     * closes and not swept as a leftover of an earlier run.
     */
    public static final String RETAINED_FOR = "armature-retained-for";

    private BusProperties() {}
}
