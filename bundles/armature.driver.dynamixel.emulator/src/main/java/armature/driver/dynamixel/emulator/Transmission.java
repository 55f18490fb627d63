package armature.driver.dynamixel.emulator;

/**
 * Bytes the emulator puts on the wire after waiting {@code delayNanos} from the previous
 * transmission (or from the end of the instruction for the first one).
 */
public record Transmission(long delayNanos, byte[] bytes) {}
