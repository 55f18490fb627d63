package armature.record.mcap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a file's summary with what its data section holds ({@link McapReader#verify}): every
 * difference is reported, all in one exception.
 */
final class SummaryCheck {
    private final McapSummary summary;
    private final DataScan scan;
    private final List<String> problems = new ArrayList<>();

    SummaryCheck(McapSummary summary, DataScan scan) {
        this.summary = summary;
        this.scan = scan;
    }

    private static Map<Integer, Long> withoutZeros(Map<Integer, Long> counts) {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        counts.forEach(
                (k, v) -> {
                    if (v != 0) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    void run() throws McapFormatException {
        if (!summary.present()) {
            return;
        }
        McapRecord.Statistics s = summary.statistics();
        if (s != null) {
            same("Statistics message_count", s.messageCount(), scan.messageCount());
            same("Statistics schema_count", s.schemaCount(), scan.schemas().size());
            same("Statistics channel_count", s.channelCount(), scan.channels().size());
            same("Statistics chunk_count", s.chunkCount(), scan.chunks().size());
            same("Statistics attachment_count", s.attachmentCount(), scan.attachments().size());
            same("Statistics metadata_count", s.metadataCount(), scan.metadata().size());
            same("Statistics message_start_time", s.messageStartTime(), scan.messageStartTime());
            same("Statistics message_end_time", s.messageEndTime(), scan.messageEndTime());
            if (!s.channelMessageCounts().isEmpty()) {
                // a writer may list a channel without messages with a count of 0, or leave it out
                same(
                        "Statistics channel_message_counts",
                        withoutZeros(s.channelMessageCounts()),
                        withoutZeros(scan.channelMessageCounts()));
            }
        }
        same("summary channels", summary.channels(), scan.channels());
        for (var e : summary.schemas().entrySet()) {
            McapRecord.Schema d = scan.schemas().get(e.getKey());
            if (d == null
                    || !d.name().equals(e.getValue().name())
                    || !java.util.Arrays.equals(d.data(), e.getValue().data())) {
                problems.add("summary schema " + e.getKey() + " is not the data section's");
            }
        }
        if (!summary.chunkIndexes().isEmpty()
                || summary.statistics() == null
                || summary.statistics().chunkCount() == 0) {
            same(
                    "Chunk Index records",
                    normalise(summary.chunkIndexes()),
                    normalise(scan.chunks()));
        }
        if (!summary.attachmentIndexes().isEmpty()) {
            same("Attachment Index records", summary.attachmentIndexes(), scan.attachments());
        }
        if (!summary.metadataIndexes().isEmpty()) {
            same("Metadata Index records", summary.metadataIndexes(), scan.metadata());
        }
        if (!problems.isEmpty()) {
            throw new McapFormatException(
                    scan.dataEndOffset(),
                    "the summary does not match the data section: " + String.join("; ", problems));
        }
    }

    private static List<McapRecord.ChunkIndex> normalise(List<McapRecord.ChunkIndex> in) {
        List<McapRecord.ChunkIndex> out = new ArrayList<>();
        for (McapRecord.ChunkIndex c : in) {
            out.add(
                    new McapRecord.ChunkIndex(
                            c.messageStartTime(),
                            c.messageEndTime(),
                            c.chunkStartOffset(),
                            c.chunkLength(),
                            Map.copyOf(c.messageIndexOffsets()),
                            c.messageIndexLength(),
                            c.compression(),
                            c.compressedSize(),
                            c.uncompressedSize()));
        }
        return out;
    }

    private void same(String what, long summarised, long actual) {
        if (summarised != actual) {
            problems.add(what + ": summary " + summarised + ", data section " + actual);
        }
    }

    private void same(String what, Object summarised, Object actual) {
        if (!summarised.equals(actual)) {
            problems.add(what + ": summary " + summarised + ", data section " + actual);
        }
    }
}
