package armature.record.mcap;

import java.util.List;
import java.util.Map;

/**
 * What a full read of the data section found.
 *
 * @param messageCount messages
 * @param messageStartTime earliest log time (0 without messages)
 * @param messageEndTime latest log time (0 without messages)
 * @param channelMessageCounts messages per channel id
 * @param schemas schemas by id
 * @param channels channels by id
 * @param chunks every chunk with its message indexes, in file order
 * @param attachments every attachment's place, in file order
 * @param metadata every metadata record's place, in file order
 * @param recordCounts records per opcode, those inside chunks included
 * @param dataEndOffset where the Data End record is
 * @param dataSectionCrc the CRC32 of the data section (Data End's, checked when not 0)
 */
public record DataScan(
        long messageCount,
        long messageStartTime,
        long messageEndTime,
        Map<Integer, Long> channelMessageCounts,
        Map<Integer, McapRecord.Schema> schemas,
        Map<Integer, McapRecord.Channel> channels,
        List<McapRecord.ChunkIndex> chunks,
        List<McapRecord.AttachmentIndex> attachments,
        List<McapRecord.MetadataIndex> metadata,
        Map<String, Long> recordCounts,
        long dataEndOffset,
        long dataSectionCrc) {}
