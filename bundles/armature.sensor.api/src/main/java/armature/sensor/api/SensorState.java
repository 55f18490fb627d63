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
    UNDESCRIBED,
    /**
     * Described and not offline, yet no valid sample for five of its nominal periods (at least one
     * second) since its last valid sample or its online announcement: connected but not measuring
     * (a frozen program, an unplugged probe, or every sample refused). Plain MQTT sensors only: a
     * Homie device may publish only on change.
     */
    SILENT
}
