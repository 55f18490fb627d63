package armature.sensor.api;

/** Where a sensor stands, as the registry sees it. */
public enum SensorState {
    /** Described and announced online (or sending valid samples). */
    ONLINE,
    /** Described, but its last will (or its own announcement) said offline. */
    OFFLINE,
    /** Described; no state announced yet and no valid sample yet. */
    UNKNOWN,
    /** Traffic under its name, but no valid descriptor: every sample is refused. */
    UNDESCRIBED
}
