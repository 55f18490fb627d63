package armature.foxglove.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's messages as the protocol specification lays them out. */
class ServerMessagesTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ServerMessages out = new ServerMessages(json);

    @Test
    void serverInfoDeclaresNoCapabilities() throws Exception {
        JsonNode n =
                json.readTree(out.serverInfo("Armature c1", "s-42", Map.of("container", "c1")));
        assertThat(n.get("op").asText()).isEqualTo("serverInfo");
        assertThat(n.get("name").asText()).isEqualTo("Armature c1");
        assertThat(n.get("capabilities").isArray()).isTrue();
        assertThat(n.get("capabilities")).isEmpty();
        assertThat(n.get("metadata").get("container").asText()).isEqualTo("c1");
        assertThat(n.get("sessionId").asText()).isEqualTo("s-42");
        assertThat(n.has("supportedEncodings")).isFalse();
    }

    @Test
    void advertiseCarriesEveryChannelField() throws Exception {
        Channel c =
                Channel.json(
                        7,
                        "armature/v1/c1/status",
                        "armature.containerStatus",
                        "{\"type\":\"object\"}");
        JsonNode n = json.readTree(out.advertise(List.of(c)));
        assertThat(n.get("op").asText()).isEqualTo("advertise");
        JsonNode ch = n.get("channels").get(0);
        assertThat(ch.get("id").asLong()).isEqualTo(7);
        assertThat(ch.get("topic").asText()).isEqualTo("armature/v1/c1/status");
        assertThat(ch.get("encoding").asText()).isEqualTo("json");
        assertThat(ch.get("schemaName").asText()).isEqualTo("armature.containerStatus");
        assertThat(ch.get("schema").asText()).isEqualTo("{\"type\":\"object\"}");
        assertThat(ch.get("schemaEncoding").asText()).isEqualTo("jsonschema");
    }

    @Test
    void anEmptyAdvertiseIsStillAnAdvertise() throws Exception {
        JsonNode n = json.readTree(out.advertise(List.of()));
        assertThat(n.get("op").asText()).isEqualTo("advertise");
        assertThat(n.get("channels")).isEmpty();
    }

    @Test
    void unadvertiseAndStatus() throws Exception {
        JsonNode u = json.readTree(out.unadvertise(List.of(3L, 4L)));
        assertThat(u.get("op").asText()).isEqualTo("unadvertise");
        assertThat(u.get("channelIds").get(0).asLong()).isEqualTo(3);
        assertThat(u.get("channelIds").get(1).asLong()).isEqualTo(4);
        JsonNode s = json.readTree(out.status(StatusLevel.WARNING, "slow"));
        assertThat(s.get("op").asText()).isEqualTo("status");
        assertThat(s.get("level").asInt()).isEqualTo(1);
        assertThat(s.get("message").asText()).isEqualTo("slow");
        assertThat(StatusLevel.INFO.code()).isZero();
        assertThat(StatusLevel.ERROR.code()).isEqualTo(2);
    }

    @Test
    void messageDataIsOpcodeSubscriptionTimestampPayloadLittleEndian() {
        byte[] payload = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ServerMessages.messageData(0xFFFF_FFFEL, 0x0102_0304_0506_0708L, payload);
        assertThat(b.remaining()).isEqualTo(13 + payload.length);
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        assertThat(bytes[0]).isEqualTo((byte) 0x01);
        // subscription id 0xFFFFFFFE little-endian
        assertThat(new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]})
                .containsExactly(0xFE, 0xFF, 0xFF, 0xFF);
        // timestamp little-endian: lowest byte first
        assertThat(bytes[5]).isEqualTo((byte) 0x08);
        assertThat(bytes[12]).isEqualTo((byte) 0x01);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(le.getLong(5)).isEqualTo(0x0102_0304_0506_0708L);
        assertThat(new String(bytes, 13, payload.length, StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}");
    }

    @Test
    void idsAreUnsigned32Bit() {
        assertThatThrownBy(() -> ServerMessages.messageData(1L << 32, 0, new byte[0]))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("subscriptionId")
                .hasMessageContaining("4294967296")
                .hasMessageContaining("0 to 4294967295");
        assertThatThrownBy(() -> Channel.json(-1, "t", "n", "{}"))
                .hasMessageContaining("'id' is -1");
    }

    @Test
    void onlyVersionOneIsAccepted() {
        assertThat(Subprotocol.select(List.of("x", "foxglove.websocket.v1")))
                .contains("foxglove.websocket.v1");
        assertThat(Subprotocol.select(List.of("foxglove.websocket.v2"))).isEmpty();
        assertThat(Subprotocol.select(List.of())).isEmpty();
        assertThat(Subprotocol.select(null)).isEmpty();
    }
}
