package armature.record.mcap;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chunk being filled: its records, uncompressed, and per channel the (log time, offset) pairs
 * of its messages for the Message Index records written after it.
 */
final class ChunkBuilder {
    private final LeBuffer records;
    private final Map<Integer, Pairs> index = new TreeMap<>();
    private long startTime;
    private long endTime;
    private long messages;

    ChunkBuilder(int capacity) {
        records = new LeBuffer(capacity);
    }

    /** Schema and Channel records go into the chunk where they are first needed. */
    void add(McapRecord r) {
        RecordEncoder.encode(r, records);
    }

    void addMessage(McapRecord.Message m) {
        long offset = records.size();
        RecordEncoder.encode(m, records);
        index.computeIfAbsent(m.channelId(), k -> new Pairs()).add(m.logTime(), offset);
        if (messages == 0 || Long.compareUnsigned(m.logTime(), startTime) < 0) {
            startTime = m.logTime();
        }
        if (messages == 0 || Long.compareUnsigned(m.logTime(), endTime) > 0) {
            endTime = m.logTime();
        }
        messages++;
    }

    boolean isEmpty() {
        return records.size() == 0;
    }

    int size() {
        return records.size();
    }

    /** The Chunk record (uncompressed, with its CRC32). */
    McapRecord.Chunk chunk() {
        byte[] bytes = records.toByteArray();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return new McapRecord.Chunk(
                messages == 0 ? 0 : startTime,
                messages == 0 ? 0 : endTime,
                bytes.length,
                crc.getValue(),
                "",
                bytes);
    }

    /**
     * One Message Index record per channel with messages in the chunk, in channel order, entries
     * sorted by log time (the order in which readers search them).
     */
    Iterable<McapRecord.MessageIndex> messageIndexes() {
        return index.entrySet().stream().map(e -> e.getValue().toIndex(e.getKey())).toList();
    }

    void reset() {
        records.clear();
        index.clear();
        messages = 0;
        startTime = 0;
        endTime = 0;
    }

    /** Growable (log time, offset) pairs of one channel. */
    private static final class Pairs {
        private long[] times = new long[64];
        private long[] offsets = new long[64];
        private int n;
        private boolean sorted = true;

        void add(long time, long offset) {
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
                offsets = Arrays.copyOf(offsets, n * 2);
            }
            if (n > 0 && Long.compareUnsigned(time, times[n - 1]) < 0) {
                sorted = false;
            }
            times[n] = time;
            offsets[n] = offset;
            n++;
        }

        McapRecord.MessageIndex toIndex(int channelId) {
            long[] t = Arrays.copyOf(times, n);
            long[] o = Arrays.copyOf(offsets, n);
            if (!sorted) {
                // Rare (a clock step): sort by time, keeping file order among equal times.
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(
                        order,
                        (a, b) -> {
                            int c = Long.compareUnsigned(times[a], times[b]);
                            return c != 0 ? c : Integer.compare(a, b);
                        });
                for (int i = 0; i < n; i++) {
                    t[i] = times[order[i]];
                    o[i] = offsets[order[i]];
                }
            }
            return new McapRecord.MessageIndex(channelId, t, o);
        }
    }
}
