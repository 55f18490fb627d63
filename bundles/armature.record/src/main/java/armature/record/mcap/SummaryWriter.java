package armature.record.mcap;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds what follows Data End: the summary section (records grouped by opcode), the summary offset
 * section (one Summary Offset per group) and the Footer, whose CRC32 covers everything from the
 * summary's first byte through the footer's {@code summary_offset_start} field.
 */
final class SummaryWriter {
    private SummaryWriter() {}

    /**
     * @param summaryStart the file offset where the summary begins (just after Data End)
     * @param groups summary records, one list per opcode, in the order to write them; empty lists
     *     are left out
     * @return the bytes of the summary, the summary offsets and the footer
     */
    static LeBuffer summaryAndFooter(long summaryStart, List<List<McapRecord>> groups) {
        LeBuffer b = new LeBuffer(4096);
        List<McapRecord.SummaryOffset> offsets = new ArrayList<>();
        for (List<McapRecord> group : groups) {
            if (group.isEmpty()) {
                continue;
            }
            int start = b.size();
            for (McapRecord r : group) {
                RecordEncoder.encode(r, b);
            }
            offsets.add(
                    new McapRecord.SummaryOffset(
                            group.get(0).opcode(), summaryStart + start, b.size() - start));
        }
        boolean hasSummary = b.size() > 0;
        long offsetStart = summaryStart + b.size();
        for (McapRecord.SummaryOffset so : offsets) {
            RecordEncoder.encode(so, b);
        }
        // The footer: opcode, length 20, summary_start, summary_offset_start, then the CRC of all
        // bytes up to here (from the summary's start).
        b.u8(Opcode.FOOTER).u64(20);
        b.u64(hasSummary ? summaryStart : 0).u64(hasSummary ? offsetStart : 0);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.size());
        b.u32(crc.getValue());
        return b;
    }
}
