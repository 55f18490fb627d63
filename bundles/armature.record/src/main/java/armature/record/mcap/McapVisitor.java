package armature.record.mcap;

import java.io.IOException;

/** Receives what {@link McapReader#scan} reads, in file order. Both methods may block. */
public interface McapVisitor {
    /**
     * Every record of the data section: a Chunk as a whole, then the records inside it.
     *
     * @param offset the record's file offset; inside a chunk, its offset in the chunk's records
     * @param inChunk whether it is inside a chunk
     */
    default void record(McapRecord r, long offset, boolean inChunk) throws IOException {}

    /** Every message, with its channel and the channel's schema ({@code null} for schema id 0). */
    default void message(McapRecord.Channel channel, McapRecord.Schema schema, McapRecord.Message m)
            throws IOException {}
}
