package armature.driver.api;

import java.util.Objects;

/**
 * A driver's health at one moment.
 *
 * @param state coarse state
 * @param message one human-readable sentence naming what is wrong (joint, port), or {@code "ok"}
 */
public record DriverHealth(HealthState state, String message) {
    public DriverHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    /** Healthy. */
    public static DriverHealth ok() {
        return new DriverHealth(HealthState.OK, "ok");
    }
}
