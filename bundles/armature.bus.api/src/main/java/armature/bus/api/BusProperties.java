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

    private BusProperties() {}
}
