package armature.record.mcap;

import java.io.IOException;

/**
 * A file is not valid MCAP, or not one this reader can read. The message names the byte offset in
 * the file and what was wrong there, e.g. {@code offset 1234: Chunk (0x06) record length 9000 runs
 * past the end of the file (4096 bytes): the file is truncated}.
 */
public class McapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param offset byte offset in the file where the fault was found
     * @param problem what was wrong there
     */
    public McapFormatException(long offset, String problem) {
        super("offset " + offset + ": " + problem);
        this.offset = offset;
    }

    /** The byte offset in the file where the fault was found. */
    public long offset() {
        return offset;
    }
}
