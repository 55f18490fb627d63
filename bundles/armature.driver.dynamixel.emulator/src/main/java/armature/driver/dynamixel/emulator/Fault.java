package armature.driver.dynamixel.emulator;

/** Faults the emulator can inject into a servo's next replies. */
public enum Fault {
    /** The servo stays silent for this reply. */
    DROP_REPLY,
    /** One CRC bit is flipped. */
    CORRUPT_CRC,
    /** Only the first half of the packet is sent. */
    TRUNCATE,
    /** A valid packet, but carrying a different id. */
    WRONG_ID,
    /** The packet is sent in three pieces with gaps between them. */
    SPLIT_WITH_GAPS,
    /** Non-protocol bytes are sent right before the packet. */
    GARBAGE_BEFORE
}
