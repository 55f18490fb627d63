package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.control.api.ContainerTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PresenceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final Presence presence =
            new Presence(
                    BusSettings.of("tcp://127.0.0.1:1", "hand-1", "bus").withAnnounce(true),
                    ContainerTopics.of("hand-1"),
                    "boot-7",
                    clock);

    private static JsonNode json(Message m) throws Exception {
        return new ObjectMapper().readTree(m.payload());
    }

    @Test
    void theWillSaysWhenItsConnectionWasOpenedNotWhenItIsPublished() throws Exception {
        clock.now = Instant.parse("2025-01-01T10:00:05Z");
        Message will = presence.will();
        JsonNode doc = json(will);
        assertThat(will.topic()).isEqualTo(ContainerTopics.of("hand-1").state());
        assertThat(will.retained()).isTrue();
        assertThat(doc.path("state").asText()).isEqualTo("offline");
        assertThat(doc.path("reason").asText()).isEqualTo("connection lost");
        assertThat(doc.path("bootId").asText()).isEqualTo("boot-7");
        assertThat(doc.path("startedAt").asText()).isEqualTo("2025-01-01T10:00:00Z");
        assertThat(doc.path("connectedAt").asText()).isEqualTo("2025-01-01T10:00:05Z");
        assertThat(doc.has("timestamp")).as("the will's publication time is unknown").isFalse();
        assertThat(will.userProperty(UserProperties.BOOT)).hasValue("boot-7");
        assertThat(will.userProperty(BusProperties.SENDER_PROPERTY)).hasValue("hand-1");
    }

    @Test
    void birthAndShutdownCarryTheBootIdAndTheirOwnTime() throws Exception {
        clock.now = Instant.parse("2025-01-01T10:00:05Z");
        presence.will();
        clock.now = Instant.parse("2025-01-01T10:00:06Z");
        JsonNode birth = json(presence.birth(false));
        assertThat(birth.path("state").asText()).isEqualTo("online");
        assertThat(birth.path("reason").asText()).isEqualTo("started");
        assertThat(birth.path("bootId").asText()).isEqualTo("boot-7");
        assertThat(birth.path("connectedAt").asText()).isEqualTo("2025-01-01T10:00:05Z");
        assertThat(birth.path("timestamp").asText()).isEqualTo("2025-01-01T10:00:06Z");
        assertThat(json(presence.birth(true)).path("reason").asText()).isEqualTo("reconnected");

        clock.now = Instant.parse("2025-01-01T11:00:00Z");
        JsonNode off = json(presence.offline());
        assertThat(off.path("state").asText()).isEqualTo("offline");
        assertThat(off.path("reason").asText()).isEqualTo("shutdown");
        assertThat(off.path("timestamp").asText()).isEqualTo("2025-01-01T11:00:00Z");
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
