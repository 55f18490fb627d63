package armature.driver.dynamixel.protocol;

/**
 * Streaming Protocol 2.0 parser. Bytes arrive in arbitrary pieces through {@link #feed}; {@link
 * #next()} returns packets and named discard events in stream order, or null when it needs more
 * bytes.
 *
 * <p>Resynchronisation never trusts a damaged frame's length: after a CRC mismatch or an impossible
 * length only the header's first byte is dropped and the scan restarts, so valid packets that
 * follow a corrupt one (e.g. the next servo's reply in a sync read) are still found. Byte stuffing
 * guarantees FF FF FD 00 cannot occur inside a valid body, so the rescan cannot lock onto payload.
 *
 * <p>Not thread-safe: one parser per bus, used by the thread that owns the bus.
 */
public final class PacketParser {
    /**
     * Largest length field accepted by default; far above any status packet this driver asks for.
     */
    public static final int DEFAULT_MAX_LENGTH = 4096;

    private final int maxLength;
    private byte[] buf = new byte[512];
    private int start;
    private int end;

    public PacketParser() {
        this(DEFAULT_MAX_LENGTH);
    }

    public PacketParser(int maxLength) {
        if (maxLength < 3 || maxLength > 0xFFFF) {
            throw new IllegalArgumentException("maxLength=" + maxLength + " is outside 3..65535");
        }
        this.maxLength = maxLength;
    }

    /** Appends received bytes. */
    public void feed(byte[] data, int offset, int length) {
        if (end + length > buf.length) {
            compact();
            if (end + length > buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, end + length)];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            }
        }
        System.arraycopy(data, offset, buf, end, length);
        end += length;
    }

    /** Bytes received but not yet returned in an event (a partial packet, or a header prefix). */
    public int pendingBytes() {
        return end - start;
    }

    /** Forgets everything buffered; used after a timeout when the stream is resynchronised. */
    public void reset() {
        start = 0;
        end = 0;
    }

    /** The next packet or discard event, or null when more bytes are needed. */
    public ParseEvent next() {
        int available = end - start;
        if (available == 0) {
            return null;
        }
        int header = findHeader();
        if (header > start) {
            int skipped = header - start;
            String detail =
                    "skipped " + skipped + " byte(s) before a header: " + preview(start, skipped);
            start = header;
            return ParseEvent.discarded(ParseEvent.Kind.GARBAGE_BEFORE_HEADER, skipped, detail);
        }
        if (header < 0) {
            return null;
        }
        available = end - start;
        if (available < PacketEncoder.HEADER_SIZE) {
            return null;
        }
        int id = buf[start + 4] & 0xFF;
        int length = (buf[start + 5] & 0xFF) | (buf[start + 6] & 0xFF) << 8;
        if (length < 3 || length > maxLength) {
            start += 1;
            return ParseEvent.discarded(
                    ParseEvent.Kind.INVALID_LENGTH,
                    1,
                    "id=" + id + " length=" + length + " is outside 3.." + maxLength);
        }
        int frame = PacketEncoder.HEADER_SIZE + length;
        if (available < frame) {
            return null;
        }
        int crcOffset = start + frame - 2;
        int expected = Crc16.compute(buf, start, frame - 2);
        int received = (buf[crcOffset] & 0xFF) | (buf[crcOffset + 1] & 0xFF) << 8;
        if (expected != received) {
            String detail =
                    String.format(
                            "id=%d frame of %d bytes: CRC received 0x%04X, computed 0x%04X",
                            id, frame, received, expected);
            start += 1;
            return ParseEvent.discarded(ParseEvent.Kind.CRC_MISMATCH, frame, detail);
        }
        RawPacket packet = unstuff(id, start + PacketEncoder.HEADER_SIZE, length - 2);
        start += frame;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return ParseEvent.packet(packet, frame);
    }

    /**
     * Index of the first FF FF FD 00 at or after start; when none is complete, the index of the
     * longest header prefix at the tail (so it is kept for the next feed), or end when there is
     * none. Returns -1 only when the buffer starts with a header prefix that needs more bytes.
     */
    private int findHeader() {
        for (int i = start; i < end; i++) {
            int matched = 0;
            while (matched < 4 && i + matched < end && buf[i + matched] == HEADER[matched]) {
                matched++;
            }
            if (matched == 4) {
                return i;
            }
            if (i + matched == end && matched > 0) {
                return i == start ? -1 : i;
            }
        }
        return end;
    }

    private static final byte[] HEADER = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFD, 0x00};

    private RawPacket unstuff(int id, int bodyOffset, int bodyLength) {
        byte[] out = new byte[bodyLength];
        int n = 0;
        int run = 0; // mirrors PacketEncoder: how much of FF FF FD the unstuffed tail matches
        boolean skipNext = false;
        for (int i = bodyOffset; i < bodyOffset + bodyLength; i++) {
            int v = buf[i] & 0xFF;
            if (skipNext) {
                skipNext = false;
                if (v == 0xFD) {
                    continue; // the stuffing byte the sender inserted after FF FF FD
                }
            }
            out[n++] = (byte) v;
            if (run == 2 && v == 0xFD) {
                skipNext = true;
                run = 0;
            } else if (v == 0xFF) {
                run = run >= 1 ? 2 : 1;
            } else {
                run = 0;
            }
        }
        byte[] params = new byte[n - 1];
        System.arraycopy(out, 1, params, 0, n - 1);
        return new RawPacket(id, out[0] & 0xFF, params);
    }

    private String preview(int from, int count) {
        int shown = Math.min(count, 16);
        return Hex.format(buf, from, shown) + (count > shown ? " ..." : "");
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
    }
}
