package armature.bus.api;

/** MQTT delivery guarantee of a publication or subscription. */
public enum Qos {
    /** Fire and forget (MQTT QoS 0). */
    AT_MOST_ONCE(0),
    /** Acknowledged, may be delivered more than once (MQTT QoS 1). */
    AT_LEAST_ONCE(1),
    /** Acknowledged in four steps, delivered once (MQTT QoS 2). */
    EXACTLY_ONCE(2);

    private final int level;

    Qos(int level) {
        this.level = level;
    }

    /** The MQTT QoS number, 0 to 2. */
    public int level() {
        return level;
    }

    /**
     * The QoS with the given MQTT number.
     *
     * @throws IllegalArgumentException naming the value when it is not 0, 1 or 2
     */
    public static Qos of(int level) {
        for (Qos q : values()) {
            if (q.level == level) {
                return q;
            }
        }
        throw new IllegalArgumentException("qos must be 0, 1 or 2, was " + level);
    }
}
