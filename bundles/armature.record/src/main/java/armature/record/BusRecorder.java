package armature.record;

import armature.bus.api.Message;
import armature.bus.codec.FrameSchema;
import armature.record.mcap.McapWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Files bus messages into an MCAP file (docs/recording.md). One MCAP channel per distinct (topic,
 * encoding, content type, QoS, retained flag, expiry, user properties), so that everything replay
 * needs to publish a message again is in its channel's metadata. JSON goes on {@code json} channels
 * with a JSON Schema (the documented one, else a permissive one), frames keep their bytes on {@code
 * x-armature-frame-v1} channels (with the stream's FrameSchema as their schema when it was seen
 * first), anything else on {@code x-armature-bytes}. With {@code decodeFrames} every frame is also
 * written as JSON on {@code TOPIC#decoded}.
 *
 * <p>Not thread-safe: one thread records. Response topics and correlation data are not kept.
 */
public final class BusRecorder implements Closeable {
    private final McapWriter writer;
    private final SchemaSource schemas;
    private final boolean decodeFrames;
    private final ObjectMapper mapper = new ObjectMapper();
    private final FrameJson frameJson = new FrameJson(mapper);
    private final Map<ChannelKey, Integer> channels = new HashMap<>();
    private final Map<Integer, long[]> sequences = new HashMap<>();
    private final Map<SchemaKey, Integer> schemaIds = new HashMap<>();
    private final Map<String, StreamSchema> frameSchemas = new HashMap<>();

    /** A stream's FrameSchema document, parsed and as text (the channel key compares the text). */
    private record StreamSchema(JsonNode json, String text) {}

    private long messages;
    private long payloadBytes;

    /**
     * @param writer where to write; closed by {@link #close()}
     * @param schemas JSON Schemas of documented topics
     * @param decodeFrames also write frames as JSON
     */
    public BusRecorder(McapWriter writer, SchemaSource schemas, boolean decodeFrames) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.decodeFrames = decodeFrames;
    }

    /**
     * Records one message.
     *
     * @param logTimeNs when it was received [ns since the Unix epoch]
     */
    public void record(Message m, long logTimeNs) throws IOException {
        Payload p = Payload.classify(mapper, m.contentType(), m.payload());
        if (p.json() != null && m.topic().endsWith(FrameSchema.SCHEMA_TOPIC_SUFFIX)) {
            // A stream's schema: remembered to name the stream's frames and as their schema.
            String stream =
                    m.topic()
                            .substring(
                                    0,
                                    m.topic().length() - FrameSchema.SCHEMA_TOPIC_SUFFIX.length());
            frameSchemas.put(stream, new StreamSchema(p.json(), p.json().toString()));
        }
        int channel = channel(m, p);
        long sequence = p.frame() != null ? p.frame().sequence() : sequences.get(channel)[0]++;
        writer.addMessage(channel, sequence, logTimeNs, PublishTimes.of(p, logTimeNs), m.payload());
        messages++;
        payloadBytes += m.payload().length;
        if (decodeFrames && p.frame() != null) {
            StreamSchema known = frameSchemas.get(m.topic());
            JsonNode schema = known == null ? null : known.json();
            int decoded = decodedChannel(m, p, known);
            writer.addMessage(
                    decoded,
                    p.frame().sequence(),
                    logTimeNs,
                    PublishTimes.of(p, logTimeNs),
                    frameJson.decode(p.frame(), schema));
        }
    }

    /** Messages recorded (decoded copies not counted). */
    public long messages() {
        return messages;
    }

    /** Payload bytes recorded (decoded copies not counted). */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Distinct channels so far, decoded copies included. */
    public int channels() {
        return channels.size();
    }

    /** Adds a Metadata record (e.g. where and when the recording was made). */
    public void metadata(String name, Map<String, String> values) throws IOException {
        writer.addMetadata(name, values);
    }

    /** Writes the open chunk, so that a crash loses at most what came after. */
    public void flush() throws IOException {
        writer.flushChunk();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private int channel(Message m, Payload p) throws IOException {
        StreamSchema stream = p.frame() == null ? null : frameSchemas.get(m.topic());
        String knownSchema = stream == null ? "" : stream.text();
        ChannelKey key = ChannelKey.of(m, p.encoding(), knownSchema);
        Integer id = channels.get(key);
        if (id != null) {
            return id;
        }
        int schema = 0;
        if (p.json() != null) {
            NamedSchema s =
                    schemas.jsonSchema(m.topic()).orElseGet(() -> permissive(p.json().isObject()));
            schema = schema(s);
        } else if (stream != null) {
            schema =
                    schema(
                            new NamedSchema(
                                    FrameSchema.schemaTopic(m.topic()),
                                    Encodings.FRAME_SCHEMA,
                                    stream.text().getBytes(StandardCharsets.UTF_8)));
        }
        Map<String, String> meta = key.metadataCopy();
        meta.put(Encodings.META_PUBLISH_TIME, PublishTimes.source(p.encoding()));
        id = writer.addChannel(schema, m.topic(), p.encoding(), meta);
        channels.put(key, id);
        sequences.put(id, new long[1]);
        return id;
    }

    private int decodedChannel(Message m, Payload p, StreamSchema known) throws IOException {
        ChannelKey key = ChannelKey.decoded(m, known == null ? "" : known.text());
        Integer id = channels.get(key);
        if (id != null) {
            return id;
        }
        int schema =
                schema(
                        new NamedSchema(
                                "armature.frame.v1.decoded."
                                        + p.frame()
                                                .kind()
                                                .name()
                                                .toLowerCase(java.util.Locale.ROOT),
                                Encodings.JSON_SCHEMA,
                                frameJson.schema(
                                        known == null ? null : known.json(),
                                        p.frame().channels())));
        Map<String, String> meta = new TreeMap<>();
        meta.put(Encodings.META_DECODED_FROM, m.topic());
        meta.put(Encodings.META_PUBLISH_TIME, PublishTimes.FRAME_SOURCE);
        id =
                writer.addChannel(
                        schema, m.topic() + Encodings.DECODED_TOPIC_SUFFIX, Encodings.JSON, meta);
        channels.put(key, id);
        return id;
    }

    private int schema(NamedSchema s) throws IOException {
        SchemaKey k = new SchemaKey(s.name(), s.encoding(), s.data());
        Integer id = schemaIds.get(k);
        if (id == null) {
            id = writer.addSchema(s.name(), s.encoding(), s.data());
            schemaIds.put(k, id);
        }
        return id;
    }

    private NamedSchema permissive(boolean object) {
        String json =
                object
                        ? "{\"type\":\"object\",\"description\":\"not documented in docs/asyncapi.yaml\"}"
                        : "{\"description\":\"not documented in docs/asyncapi.yaml\"}";
        return new NamedSchema(
                object ? "armature.undocumented.object" : "armature.undocumented",
                Encodings.JSON_SCHEMA,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Schemas are shared by content. */
    private record SchemaKey(String name, String encoding, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SchemaKey k
                    && name.equals(k.name)
                    && encoding.equals(k.encoding)
                    && Arrays.equals(data, k.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, encoding, Arrays.hashCode(data));
        }
    }
}
