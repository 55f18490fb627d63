package armature.record.mcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test files written with {@link McapWriter}, and what was written into them. */
final class McapFiles {
    /** One message as written. */
    record Written(int channelId, long sequence, long logTime, long publishTime, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Written w
                    && channelId == w.channelId
                    && sequence == w.sequence
                    && logTime == w.logTime
                    && publishTime == w.publishTime
                    && java.util.Arrays.equals(data, w.data);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(
                    channelId, sequence, logTime, java.util.Arrays.hashCode(data));
        }
    }

    private McapFiles() {}

    /**
     * Two schemas, three channels (one without a schema), {@code n} messages round-robin, 1 ms
     * apart from t0, payloads of growing size so that chunks fill unevenly.
     */
    static List<Written> write(Path file, McapWriter.Options options, int n) throws IOException {
        List<Written> written = new ArrayList<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
                McapWriter w = new McapWriter(out, options)) {
            int json = w.addSchema("demo.json", "jsonschema", bytes("{\"type\":\"object\"}"));
            int frames = w.addSchema("demo.frames", "x-armature-frame-schema-v1", bytes("{}"));
            int[] channels = {
                w.addChannel(
                        json,
                        "armature/v1/local/status",
                        "json",
                        Map.of("content_type", "application/json")),
                w.addChannel(
                        frames,
                        "armature/v1/local/control/hand/state",
                        "x-armature-frame-v1",
                        Map.of()),
                w.addChannel(
                        0, "third/party/raw", "x-armature-bytes", Map.of("mqtt.retained", "true"))
            };
            long t0 = 1_764_000_000_000_000_000L;
            for (int i = 0; i < n; i++) {
                int ch = channels[i % channels.length];
                byte[] data =
                        ch == channels[0]
                                ? bytes("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 97) + "\"}")
                                : new byte[16 + i % 61];
                if (ch != channels[0]) {
                    data[0] = (byte) i;
                }
                long log = t0 + i * 1_000_000L;
                w.addMessage(ch, i, log, log - 500, data);
                written.add(new Written(ch, i, log, log - 500, data));
            }
        }
        return written;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** All messages of a file in file order, through the reader's scan. */
    static List<Written> read(McapReader r) throws IOException {
        List<Written> out = new ArrayList<>();
        r.scan(
                new McapVisitor() {
                    @Override
                    public void message(
                            McapRecord.Channel c, McapRecord.Schema s, McapRecord.Message m) {
                        out.add(
                                new Written(
                                        m.channelId(),
                                        m.sequence(),
                                        m.logTime(),
                                        m.publishTime(),
                                        m.data()));
                    }
                });
        return out;
    }
}
