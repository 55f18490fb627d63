package armature.record;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.record.mcap.DataScan;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapRecord;
import armature.record.mcap.McapVisitor;
import armature.record.mcap.McapWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bus messages through {@link BusRecorder} into a real file, read back and turned into messages.
 */
class BusRecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATUS = "armature/v1/local/status";
    private static final String STATE = "armature/v1/local/control/hand/state";

    @TempDir Path tmp;

    private final SchemaSource schemas =
            topic ->
                    topic.equals(STATUS)
                            ? Optional.of(
                                    new NamedSchema(
                                            "armature.containerStatus",
                                            Encodings.JSON_SCHEMA,
                                            "{\"type\":\"object\",\"properties\":{\"ready\":{\"type\":\"boolean\"}}}"
                                                    .getBytes(StandardCharsets.UTF_8)))
                            : Optional.empty();

    private record Read(
            McapRecord.Channel channel, McapRecord.Schema schema, McapRecord.Message m) {}

    private List<Read> recordAndRead(List<Message> messages, boolean decode) throws Exception {
        Path f = tmp.resolve("r-" + System.nanoTime() + ".mcap");
        try (BusRecorder r =
                new BusRecorder(
                        new McapWriter(Files.newOutputStream(f), McapWriter.Options.defaults("t")),
                        schemas,
                        decode)) {
            long t = 1_000_000_000L;
            for (Message m : messages) {
                r.record(m, t += 1_000_000);
            }
            assertThat(r.messages()).isEqualTo(messages.size());
        }
        List<Read> out = new ArrayList<>();
        try (McapReader reader = McapReader.open(f)) {
            DataScan scan = reader.verify();
            assertThat(scan.messageCount()).isGreaterThanOrEqualTo(messages.size());
            reader.scan(
                    new McapVisitor() {
                        @Override
                        public void message(
                                McapRecord.Channel c, McapRecord.Schema s, McapRecord.Message m) {
                            out.add(new Read(c, s, m));
                        }
                    });
        }
        return out;
    }

    @Test
    void jsonGoesOnJsonChannelsWithTheDocumentedSchemaAndItsMqttPropertiesInTheMetadata()
            throws Exception {
        Message status =
                Message.builder(STATUS)
                        .payload("{\"ready\":true,\"timestamp\":\"2026-12-05T10:00:00.5Z\"}")
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .userProperty("armature-sender", "local")
                        .userProperty("armature-boot", "b1")
                        .build();
        Message undocumented =
                Message.builder("homie/5/dev1/temp").payload(" {\"c\": 21.5}").build();
        List<Read> read = recordAndRead(List.of(status, undocumented), false);

        Read s = read.get(0);
        assertThat(s.channel().topic()).isEqualTo(STATUS);
        assertThat(s.channel().messageEncoding()).isEqualTo("json");
        assertThat(s.schema().name()).isEqualTo("armature.containerStatus");
        assertThat(s.schema().encoding()).isEqualTo("jsonschema");
        assertThat(s.channel().metadata())
                .containsEntry("content_type", "application/json")
                .containsEntry("mqtt.qos", "1")
                .containsEntry("mqtt.retained", "true")
                .containsEntry("mqtt.user.armature-sender", "local")
                .containsEntry("mqtt.user.armature-boot", "b1");
        // The payload's own timestamp is the publish time.
        assertThat(s.m().publishTime()).isEqualTo(1_796_464_800_500_000_000L);
        assertThat(s.m().logTime()).isEqualTo(1_001_000_000L);

        Read u = read.get(1);
        assertThat(u.channel().messageEncoding()).isEqualTo("json");
        assertThat(u.schema().name()).isEqualTo("armature.undocumented.object");
        assertThat(u.channel().metadata()).doesNotContainKey("content_type");
        assertThat(u.m().publishTime()).isEqualTo(u.m().logTime());

        // Back to messages: same topic, payload and properties; the sender and boot id are the
        // replaying client's to set.
        Message again = Replayable.toMessage(s.channel(), s.m(), "");
        assertThat(again)
                .isEqualTo(
                        Message.builder(STATUS)
                                .payload(status.payload())
                                .contentType(ContentTypes.JSON)
                                .qos(Qos.AT_LEAST_ONCE)
                                .retained(true)
                                .build());
        assertThat(Replayable.toMessage(u.channel(), u.m(), "replay/").topic())
                .isEqualTo("replay/homie/5/dev1/temp");
        assertThat(Replayable.toMessage(u.channel(), u.m(), "").contentType()).isNull();
    }

    @Test
    void framesKeepTheirBytesWithTheStreamsSchemaAndDecodeToNamedJsonArrays() throws Exception {
        FrameSchema fs =
                FrameSchema.jointState(
                        List.of("j1", "j2"), ElementType.FLOAT64, "monotonic", 500, "Nm");
        Message schema =
                Message.builder(FrameSchema.schemaTopic(STATE))
                        .payload(new JsonCodec().encode(fs))
                        .contentType(ContentTypes.JSON)
                        .retained(true)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build();
        byte[] frame = Frames.jointState(2, 41, 123_456_789L, 0.5);
        Message state =
                Message.builder(STATE).payload(frame).contentType(ContentTypes.FRAME).build();
        List<Read> read = recordAndRead(List.of(schema, state), true);

        assertThat(read).hasSize(3);
        Read raw = read.get(1);
        assertThat(raw.channel().messageEncoding()).isEqualTo("x-armature-frame-v1");
        assertThat(raw.m().data()).isEqualTo(frame);
        assertThat(raw.m().sequence()).isEqualTo(41);
        assertThat(raw.m().publishTime()).isEqualTo(123_456_789L);
        assertThat(raw.schema().encoding()).isEqualTo("x-armature-frame-schema-v1");
        assertThat(raw.schema().name()).isEqualTo(FrameSchema.schemaTopic(STATE));
        assertThat(JSON.readTree(raw.schema().data()).get("elementNames").toString())
                .isEqualTo("[\"j1\",\"j2\"]");
        assertThat(Replayable.isReplayed(raw.channel())).isTrue();

        Read decoded = read.get(2);
        assertThat(decoded.channel().topic()).isEqualTo(STATE + "#decoded");
        assertThat(decoded.channel().messageEncoding()).isEqualTo("json");
        assertThat(decoded.channel().metadata()).containsEntry("armature.decoded_from", STATE);
        assertThat(Replayable.isReplayed(decoded.channel())).isFalse();
        JsonNode d = JSON.readTree(decoded.m().data());
        assertThat(d.get("kind").asText()).isEqualTo("JOINT_STATE");
        assertThat(d.get("sequence").asText()).isEqualTo("41");
        assertThat(d.get("positionRad").toString()).isEqualTo("[0.5,1.5]");
        assertThat(d.get("velocityRadPerSec").toString()).isEqualTo("[10.5,11.5]");
        assertThat(d.get("effort").toString()).isEqualTo("[20.5,21.5]");
        assertThat(d.get("elementNames").toString()).isEqualTo("[\"j1\",\"j2\"]");
        assertThat(
                        JSON.readTree(decoded.schema().data())
                                .at("/properties/positionRad/type")
                                .asText())
                .isEqualTo("array");
    }

    @Test
    void aFrameStreamWhoseSchemaArrivesAfterItsFirstFramesContinuesOnAChannelWithIt()
            throws Exception {
        // MQTT does not deliver a retained schema before live frames of another topic.
        FrameSchema fs =
                FrameSchema.jointState(List.of("j1"), ElementType.FLOAT64, "monotonic", 500, "Nm");
        Message early =
                Message.builder(STATE)
                        .payload(Frames.jointState(1, 1, 1, 0))
                        .contentType(ContentTypes.FRAME)
                        .build();
        Message schema =
                Message.builder(FrameSchema.schemaTopic(STATE))
                        .payload(new JsonCodec().encode(fs))
                        .contentType(ContentTypes.JSON)
                        .build();
        Message late = early.toBuilder().payload(Frames.jointState(1, 2, 2, 0)).build();
        List<Read> read = recordAndRead(List.of(early, schema, late), true);
        assertThat(read)
                .extracting(r -> r.channel().topic())
                .containsExactly(
                        STATE,
                        STATE + "#decoded",
                        FrameSchema.schemaTopic(STATE),
                        STATE,
                        STATE + "#decoded");
        assertThat(read.get(0).schema()).isNull();
        assertThat(read.get(3).schema().encoding()).isEqualTo("x-armature-frame-schema-v1");
        assertThat(read.get(3).channel().id()).isNotEqualTo(read.get(0).channel().id());
        assertThat(JSON.readTree(read.get(1).m().data()).has("channel0")).isTrue();
        assertThat(JSON.readTree(read.get(4).m().data()).has("positionRad")).isTrue();
    }

    @Test
    void aPayloadThatIsNotWhatItsContentTypeSaysIsKeptAsBytes() throws Exception {
        Message badJson =
                Message.builder("a/b").payload("{not json").contentType(ContentTypes.JSON).build();
        Message badFrame =
                Message.builder("a/c")
                        .payload(new byte[] {1, 2, 3})
                        .contentType(ContentTypes.FRAME)
                        .build();
        Message text =
                Message.builder("a/d")
                        .payload("hello")
                        .contentType(ContentTypes.TEXT)
                        .expiry(Duration.ofSeconds(30))
                        .build();
        List<Read> read = recordAndRead(List.of(badJson, badFrame, text), false);
        assertThat(read)
                .extracting(r -> r.channel().messageEncoding())
                .containsExactly("x-armature-bytes", "x-armature-bytes", "x-armature-bytes");
        assertThat(read).extracting(r -> r.channel().schemaId()).containsOnly(0);
        for (int i = 0; i < read.size(); i++) {
            Message original = List.of(badJson, badFrame, text).get(i);
            assertThat(Replayable.toMessage(read.get(i).channel(), read.get(i).m(), ""))
                    .isEqualTo(original);
        }
        assertThat(read.get(2).channel().metadata()).containsEntry("mqtt.message_expiry_s", "30");
    }

    @Test
    void messagesThatDifferInRetainOrUserPropertiesGoOnSeparateChannels() throws Exception {
        Message live = Message.builder("a/b").payload("{}").contentType(ContentTypes.JSON).build();
        Message retained = live.toBuilder().retained(true).build();
        Message velocity =
                live.toBuilder().userProperty("armature-command-mode", "velocity").build();
        List<Read> read = recordAndRead(List.of(live, retained, live, velocity), false);
        assertThat(read).extracting(r -> r.channel().id()).containsExactly(1, 2, 1, 3);
        assertThat(read.get(3).channel().metadata())
                .containsEntry("mqtt.user.armature-command-mode", "velocity");
        assertThat(Replayable.toMessage(read.get(3).channel(), read.get(3).m(), ""))
                .isEqualTo(velocity);
        assertThat(read).extracting(r -> r.m().sequence()).containsExactly(0L, 0L, 1L, 0L);
    }

    @Test
    void aRecordingOfEveryKindOfPayloadPassesTheOfficialReader() throws Exception {
        armature.record.mcap.OfficialReader.require();
        Path f = tmp.resolve("kinds.mcap");
        FrameSchema fs =
                FrameSchema.jointState(
                        List.of("j1", "j2"), ElementType.FLOAT64, "monotonic", 500, "Nm");
        try (BusRecorder r =
                new BusRecorder(
                        new McapWriter(
                                Files.newOutputStream(f),
                                McapWriter.Options.defaults("t").withChunkSizeBytes(2048)),
                        schemas,
                        true)) {
            r.metadata("armature.recording", Map.of("filters", "#"));
            r.record(
                    Message.builder(FrameSchema.schemaTopic(STATE))
                            .payload(new JsonCodec().encode(fs))
                            .contentType(ContentTypes.JSON)
                            .retained(true)
                            .build(),
                    1);
            for (int i = 0; i < 400; i++) {
                r.record(
                        Message.builder(STATE)
                                .payload(Frames.jointState(2, i, i * 2_000_000L, i))
                                .contentType(ContentTypes.FRAME)
                                .build(),
                        10 + i);
                if (i % 50 == 0) {
                    r.record(
                            Message.builder(STATUS)
                                    .payload("{\"ready\":true}")
                                    .contentType(ContentTypes.JSON)
                                    .build(),
                            10 + i);
                    r.record(
                            Message.builder("a/text")
                                    .payload("hi " + i)
                                    .contentType(ContentTypes.TEXT)
                                    .build(),
                            10 + i);
                }
            }
        }
        var c = armature.record.mcap.OfficialReader.check(f, false);
        assertThat(c.exit()).as(c.output()).isZero();
        assertThat(c.report().get("messages").asInt()).isEqualTo(1 + 400 + 8 + 8 + 400);
        List<String> encodings = new ArrayList<>();
        c.report().get("channels").forEach(ch -> encodings.add(ch.get("messageEncoding").asText()));
        assertThat(encodings)
                .containsExactly("json", "x-armature-frame-v1", "json", "json", "x-armature-bytes");
    }
}
