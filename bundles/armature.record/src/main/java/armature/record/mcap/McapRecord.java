package armature.record.mcap;

import java.util.Map;
import java.util.Objects;

/**
 * The records of MCAP major version 0 (https://mcap.dev/spec), one Java record each, with the
 * specification's field names in camel case. Unsigned 64-bit fields are Java {@code long}s read as
 * unsigned; unsigned 32-bit ones are {@code long}s; unsigned 16-bit ones are {@code int}s. Times
 * are nanoseconds since an epoch the file's writer chose (Armature: the Unix epoch). Maps keep
 * their order. Byte arrays are not copied: treat them as read-only.
 */
public sealed interface McapRecord {
    /** The record's opcode ({@link Opcode}). */
    int opcode();

    /** First record of every file. */
    record Header(String profile, String library) implements McapRecord {
        public int opcode() {
            return Opcode.HEADER;
        }
    }

    /** Last record of every file; offsets are 0 when there is no summary. */
    record Footer(long summaryStart, long summaryOffsetStart, long summaryCrc)
            implements McapRecord {
        public int opcode() {
            return Opcode.FOOTER;
        }
    }

    /** How the messages of a channel are structured; {@code id} is never 0. */
    record Schema(int id, String name, String encoding, byte[] data) implements McapRecord {
        public Schema {
            Objects.requireNonNull(data, "data");
        }

        public int opcode() {
            return Opcode.SCHEMA;
        }
    }

    /** A stream of messages on a topic; {@code schemaId} 0 means no schema. */
    record Channel(
            int id,
            int schemaId,
            String topic,
            String messageEncoding,
            Map<String, String> metadata)
            implements McapRecord {
        public Channel {
            metadata = Map.copyOf(metadata);
        }

        public int opcode() {
            return Opcode.CHANNEL;
        }
    }

    /** One message; {@code sequence} is an unsigned 32-bit counter. */
    record Message(int channelId, long sequence, long logTime, long publishTime, byte[] data)
            implements McapRecord {
        public int opcode() {
            return Opcode.MESSAGE;
        }
    }

    /**
     * A batch of Schema, Channel and Message records, as stored; {@code records} is the stored
     * (possibly compressed) content.
     */
    record Chunk(
            long messageStartTime,
            long messageEndTime,
            long uncompressedSize,
            long uncompressedCrc,
            String compression,
            byte[] records)
            implements McapRecord {
        public int opcode() {
            return Opcode.CHUNK;
        }
    }

    /** Where one channel's messages of the preceding chunk are: (log time, offset) pairs. */
    record MessageIndex(int channelId, long[] logTimes, long[] offsets) implements McapRecord {
        public MessageIndex {
            if (logTimes.length != offsets.length) {
                throw new IllegalArgumentException(
                        "logTimes and offsets differ in length: "
                                + logTimes.length
                                + " and "
                                + offsets.length);
            }
        }

        public int opcode() {
            return Opcode.MESSAGE_INDEX;
        }
    }

    /** Where a chunk and its message indexes are (summary section). */
    record ChunkIndex(
            long messageStartTime,
            long messageEndTime,
            long chunkStartOffset,
            long chunkLength,
            Map<Integer, Long> messageIndexOffsets,
            long messageIndexLength,
            String compression,
            long compressedSize,
            long uncompressedSize)
            implements McapRecord {
        public int opcode() {
            return Opcode.CHUNK_INDEX;
        }
    }

    /** An auxiliary file (calibration, notes). {@code crc} covers the preceding fields. */
    record Attachment(
            long logTime, long createTime, String name, String mediaType, byte[] data, long crc)
            implements McapRecord {
        public int opcode() {
            return Opcode.ATTACHMENT;
        }
    }

    /** Where an attachment is (summary section). */
    record AttachmentIndex(
            long offset,
            long length,
            long logTime,
            long createTime,
            long dataSize,
            String name,
            String mediaType)
            implements McapRecord {
        public int opcode() {
            return Opcode.ATTACHMENT_INDEX;
        }
    }

    /** Counts and time range of the whole file (summary section). */
    record Statistics(
            long messageCount,
            int schemaCount,
            long channelCount,
            long attachmentCount,
            long metadataCount,
            long chunkCount,
            long messageStartTime,
            long messageEndTime,
            Map<Integer, Long> channelMessageCounts)
            implements McapRecord {
        public int opcode() {
            return Opcode.STATISTICS;
        }
    }

    /** Key-value pairs about the recording as a whole. */
    record Metadata(String name, Map<String, String> metadata) implements McapRecord {
        public int opcode() {
            return Opcode.METADATA;
        }
    }

    /** Where a metadata record is (summary section). */
    record MetadataIndex(long offset, long length, String name) implements McapRecord {
        public int opcode() {
            return Opcode.METADATA_INDEX;
        }
    }

    /** Where the summary records of one opcode are. */
    record SummaryOffset(int groupOpcode, long groupStart, long groupLength) implements McapRecord {
        public int opcode() {
            return Opcode.SUMMARY_OFFSET;
        }
    }

    /** End of the data section; {@code dataSectionCrc} 0 means not available. */
    record DataEnd(long dataSectionCrc) implements McapRecord {
        public int opcode() {
            return Opcode.DATA_END;
        }
    }

    /** A record of an opcode this reader does not know (readers skip them, as the spec asks). */
    record Unknown(int opcode, byte[] content) implements McapRecord {}
}
