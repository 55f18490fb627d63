package armature.driver.dynamixel.chain;

/**
 * Something noteworthy that happened on the bus during one call: a fault on the wire, a servo that
 * did not answer, a hardware alert, or the port going away and coming back.
 *
 * @param kind what happened
 * @param id the servo id concerned, or -1 when the event is not about one servo
 * @param detail human-readable explanation (bytes, expected vs received)
 */
public record BusEvent(Kind kind, int id, String detail) {

    /** The named faults the driver distinguishes. */
    public enum Kind {
        /** A servo in the request did not reply before the deadline. */
        NO_REPLY,
        /** Bytes of a packet had arrived but the rest did not come before the deadline. */
        TRUNCATED,
        /** A frame arrived whose CRC did not match. */
        CRC_MISMATCH,
        /** Bytes that were not part of any packet were skipped. */
        GARBAGE,
        /** A header carried an impossible length. */
        INVALID_LENGTH,
        /** A valid status packet came from an id that was not asked (or answered twice). */
        WRONG_ID,
        /** A valid packet arrived that was not a status packet (e.g. an echo of our request). */
        NOT_A_STATUS_PACKET,
        /** The servo answered with a processing error (see the detail). */
        STATUS_ERROR,
        /** The servo set the alert bit; the detail names the decoded hardware errors. */
        HARDWARE_ALERT,
        /** A servo's Return Delay Time or Status Return Level differs from the chain's config. */
        CONFIG_MISMATCH,
        /**
         * Setting a servo up at open (indirect addresses, limits) failed; the detail says which
         * step.
         */
        SETUP_FAILED,
        /** A servo's operating mode could not be changed; the detail says which step and why. */
        MODE_SWITCH_FAILED,
        /** The serial device failed or vanished. */
        PORT_LOST,
        /** The serial device was reopened after being lost. */
        PORT_REOPENED
    }

    /** True for the kinds that mean bytes on the wire were wrong or missing. */
    public boolean isWireFault() {
        return switch (kind) {
            case NO_REPLY,
                            TRUNCATED,
                            CRC_MISMATCH,
                            GARBAGE,
                            INVALID_LENGTH,
                            WRONG_ID,
                            NOT_A_STATUS_PACKET ->
                    true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return kind + (id >= 0 ? "(id " + id + ")" : "") + ": " + detail;
    }
}
