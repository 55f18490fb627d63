package armature.record.mcap;

import java.util.Map;
import java.util.TreeMap;

/** Serialises records as {@code <opcode><uint64 content length><content>} (spec, "Records"). */
final class RecordEncoder {
    private RecordEncoder() {}

    /** Appends {@code r} to {@code out}; returns the number of bytes written. */
    static int encode(McapRecord r, LeBuffer out) {
        int start = out.size();
        out.u8(r.opcode());
        out.u64(0);
        int content = out.size();
        if (r instanceof McapRecord.Header h) {
            out.string(h.profile()).string(h.library());
        } else if (r instanceof McapRecord.Footer f) {
            out.u64(f.summaryStart()).u64(f.summaryOffsetStart()).u32(f.summaryCrc());
        } else if (r instanceof McapRecord.Schema s) {
            out.u16(s.id()).string(s.name()).string(s.encoding());
            out.u32(s.data().length).raw(s.data());
        } else if (r instanceof McapRecord.Channel c) {
            out.u16(c.id()).u16(c.schemaId()).string(c.topic()).string(c.messageEncoding());
            stringMap(out, c.metadata());
        } else if (r instanceof McapRecord.Message m) {
            out.u16(m.channelId())
                    .u32(m.sequence())
                    .u64(m.logTime())
                    .u64(m.publishTime())
                    .raw(m.data());
        } else if (r instanceof McapRecord.Chunk c) {
            out.u64(c.messageStartTime()).u64(c.messageEndTime());
            out.u64(c.uncompressedSize()).u32(c.uncompressedCrc()).string(c.compression());
            out.u64(c.records().length).raw(c.records());
        } else if (r instanceof McapRecord.MessageIndex mi) {
            out.u16(mi.channelId());
            int p = out.beginPrefix32();
            for (int i = 0; i < mi.logTimes().length; i++) {
                out.u64(mi.logTimes()[i]).u64(mi.offsets()[i]);
            }
            out.endPrefix32(p);
        } else if (r instanceof McapRecord.ChunkIndex ci) {
            out.u64(ci.messageStartTime()).u64(ci.messageEndTime());
            out.u64(ci.chunkStartOffset()).u64(ci.chunkLength());
            int p = out.beginPrefix32();
            for (var e : new TreeMap<>(ci.messageIndexOffsets()).entrySet()) {
                out.u16(e.getKey()).u64(e.getValue());
            }
            out.endPrefix32(p);
            out.u64(ci.messageIndexLength()).string(ci.compression());
            out.u64(ci.compressedSize()).u64(ci.uncompressedSize());
        } else if (r instanceof McapRecord.Attachment a) {
            out.u64(a.logTime()).u64(a.createTime()).string(a.name()).string(a.mediaType());
            out.u64(a.data().length).raw(a.data());
            out.u32(a.crc());
        } else if (r instanceof McapRecord.AttachmentIndex ai) {
            out.u64(ai.offset())
                    .u64(ai.length())
                    .u64(ai.logTime())
                    .u64(ai.createTime())
                    .u64(ai.dataSize())
                    .string(ai.name())
                    .string(ai.mediaType());
        } else if (r instanceof McapRecord.Statistics s) {
            out.u64(s.messageCount()).u16(s.schemaCount()).u32(s.channelCount());
            out.u32(s.attachmentCount()).u32(s.metadataCount()).u32(s.chunkCount());
            out.u64(s.messageStartTime()).u64(s.messageEndTime());
            int p = out.beginPrefix32();
            for (var e : new TreeMap<>(s.channelMessageCounts()).entrySet()) {
                out.u16(e.getKey()).u64(e.getValue());
            }
            out.endPrefix32(p);
        } else if (r instanceof McapRecord.Metadata m) {
            out.string(m.name());
            stringMap(out, m.metadata());
        } else if (r instanceof McapRecord.MetadataIndex mi) {
            out.u64(mi.offset()).u64(mi.length()).string(mi.name());
        } else if (r instanceof McapRecord.SummaryOffset so) {
            out.u8(so.groupOpcode()).u64(so.groupStart()).u64(so.groupLength());
        } else if (r instanceof McapRecord.DataEnd d) {
            out.u32(d.dataSectionCrc());
        } else if (r instanceof McapRecord.Unknown u) {
            out.raw(u.content());
        }
        out.putU64At(content - 8, out.size() - content);
        return out.size() - start;
    }

    /** Map<string, string>, keys sorted so that equal maps give equal bytes. */
    private static void stringMap(LeBuffer out, Map<String, String> map) {
        int p = out.beginPrefix32();
        for (var e : new TreeMap<>(map).entrySet()) {
            out.string(e.getKey()).string(e.getValue());
        }
        out.endPrefix32(p);
    }
}
