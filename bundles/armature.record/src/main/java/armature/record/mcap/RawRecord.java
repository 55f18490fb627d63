package armature.record.mcap;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * One record as stored: where it is, its opcode and its content bytes.
 *
 * @param offset file offset of the opcode byte
 * @param opcode the opcode
 * @param content the content (without opcode and length)
 */
record RawRecord(long offset, int opcode, byte[] content) {
    /** One past the record's last byte. */
    long end() {
        return offset + McapReader.RECORD_HEADER_BYTES + content.length;
    }

    long length() {
        return McapReader.RECORD_HEADER_BYTES + content.length;
    }

    McapRecord decode() throws McapFormatException {
        long contentOffset = offset + McapReader.RECORD_HEADER_BYTES;
        return RecordDecoder.decode(
                opcode,
                new LeReader(
                        content,
                        0,
                        content.length,
                        contentOffset,
                        Opcode.name(opcode) + " record"));
    }

    /**
     * Reads the record at {@code offset}, which must end at or before {@code limit}.
     *
     * @throws McapFormatException when its header or content runs past {@code limit}
     */
    static RawRecord read(FileChannel ch, long offset, long limit) throws IOException {
        if (offset + McapReader.RECORD_HEADER_BYTES > limit) {
            throw new McapFormatException(
                    offset,
                    "a record header needs 9 bytes but only "
                            + Math.max(0, limit - offset)
                            + " are left: the file is truncated");
        }
        byte[] h = McapReader.read(ch, offset, McapReader.RECORD_HEADER_BYTES);
        int opcode = h[0] & 0xFF;
        long length = new LeReader(h, 1, 9, offset, "record header").u64("record length");
        long left = limit - offset - McapReader.RECORD_HEADER_BYTES;
        if (length < 0 || length > left) {
            throw new McapFormatException(
                    offset,
                    Opcode.name(opcode)
                            + " record declares "
                            + Long.toUnsignedString(length)
                            + " content bytes but only "
                            + left
                            + " are left: the file is truncated or the length is corrupt");
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new McapFormatException(
                    offset, Opcode.name(opcode) + " record of " + length + " bytes is too large");
        }
        byte[] content = McapReader.read(ch, offset + McapReader.RECORD_HEADER_BYTES, (int) length);
        return new RawRecord(offset, opcode, content);
    }
}
