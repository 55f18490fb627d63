package armature.driver.dynamixel.protocol;

/**
 * One result of {@link PacketParser#next()}: either a packet or a named reason why bytes were
 * discarded.
 *
 * @param kind what happened
 * @param packet the packet for {@link Kind#PACKET}, else null
 * @param byteCount bytes consumed or discarded by this event
 * @param detail a human-readable explanation for logs and exceptions
 */
public record ParseEvent(Kind kind, RawPacket packet, int byteCount, String detail) {

    /** Why the parser produced this event. */
    public enum Kind {
        /** A complete packet with a matching CRC. */
        PACKET,
        /** Bytes that could not start a header were skipped. */
        GARBAGE_BEFORE_HEADER,
        /** A complete frame whose CRC did not match; the parser resynchronises after its header. */
        CRC_MISMATCH,
        /** A header whose length field is impossible (below 3 or above the parser's limit). */
        INVALID_LENGTH
    }

    /** The detail of a packet event is left empty: formatting it costs more than parsing. */
    static ParseEvent packet(RawPacket packet, int byteCount) {
        return new ParseEvent(Kind.PACKET, packet, byteCount, "");
    }

    static ParseEvent discarded(Kind kind, int byteCount, String detail) {
        return new ParseEvent(kind, null, byteCount, detail);
    }
}
