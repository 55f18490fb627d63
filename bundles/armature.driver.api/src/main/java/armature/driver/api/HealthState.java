package armature.driver.api;

/** Coarse health of a driver, worst last. */
public enum HealthState {
    /** Every joint answers and reports no error. */
    OK,
    /** Usable, but some joints report errors or missed a read; see the message and error flags. */
    DEGRADED,
    /** The device is not reachable (port lost, connection closed); readings are NaN. */
    DISCONNECTED,
    /** The driver stopped working and needs operator action (reboot, new configuration). */
    FAULT
}
