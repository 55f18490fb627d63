package armature.foxglove.hub;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import armature.foxglove.channel.ChannelCatalog;
import armature.foxglove.channel.Frames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protocol over an in-memory bus: discovery, on-demand subscriptions, forwarding, limits. */
class FoxgloveHubTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChannelCatalog catalog;

    private final FakeBus bus = new FakeBus();
    private final ContainerTopics topics = ContainerTopics.of("c1");
    private final LoopTopics hand = topics.loop("hand");
    private final Clock clock =
            Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 5), ZoneOffset.UTC);
    private final FoxgloveHub hub =
            new FoxgloveHub(bus, catalog, JSON, clock, new HubSettings("Armature c1", "s1", 8));

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in =
                FoxgloveHubTest.class.getResourceAsStream("/armature/foxglove/asyncapi.json")) {
            catalog = ChannelCatalog.of(JSON.readTree(in));
        }
    }

    @Test
    void aClientGetsServerInfoThenAnAdvertiseAndDiscoveryRunsOnlyWhileClientsAreConnected() {
        assertThat(bus.subscriptions).isEmpty();
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        assertThat(t.texts.get(0).get("op").asText()).isEqualTo("serverInfo");
        assertThat(t.texts.get(0).get("capabilities")).isEmpty();
        assertThat(t.texts.get(1).get("op").asText()).isEqualTo("advertise");
        assertThat(bus.filters()).containsExactlyInAnyOrderElementsOf(hub.discoveryFilters());
        FakeTransport t2 = new FakeTransport();
        ClientSession s2 = hub.open(t2);
        assertThat(bus.filters()).hasSameSizeAs(hub.discoveryFilters());
        hub.close(s);
        assertThat(bus.filters()).hasSameSizeAs(hub.discoveryFilters());
        hub.close(s2);
        assertThat(bus.subscriptions).isEmpty();
        assertThat(bus.published).isEmpty();
    }

    @Test
    void retainedAndLiveTopicsAreAdvertisedAsTheyAppear() throws Exception {
        bus.deliver(json(topics.status(), "{\"ready\":true}", true));
        FakeTransport t = new FakeTransport();
        hub.open(t);
        JsonNode status = t.channel(topics.status());
        assertThat(status.get("encoding").asText()).isEqualTo("json");
        assertThat(status.get("schemaEncoding").asText()).isEqualTo("jsonschema");
        assertThat(status.get("schemaName").asText()).isEqualTo("armature.containerStatus");
        assertThat(JSON.readTree(status.get("schema").asText()).has("title")).isTrue();

        bus.deliver(json(hand.events(), "{\"type\":\"x\"}", false));
        assertThat(t.channel(hand.events()).get("id").asLong())
                .isNotEqualTo(status.get("id").asLong());
        // one advertisement per topic, not per message
        bus.deliver(json(hand.events(), "{\"type\":\"y\"}", false));
        assertThat(t.channels()).hasSize(2);
        // a client that connects later gets every known channel in its first advertise
        FakeTransport late = new FakeTransport();
        hub.open(late);
        assertThat(late.ops("advertise").get(0).get("channels")).hasSize(2);
    }

    @Test
    void aClientThatStormsSubscriptionChangesIsDisconnected() throws Exception {
        bus.deliver(schema(List.of("FFJ1", "FFJ2")));
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        JsonNode state = t.channel(hand.state());
        // 100 pairs: 200 changes within the (fixed) second are taken.
        for (int i = 0; i < 100; i++) {
            subscribe(s, i, state.get("id"));
            hub.onText(s, "{\"op\":\"unsubscribe\",\"subscriptionIds\":[" + i + "]}");
        }
        assertThat(t.closed).isNull();
        assertThat(hub.clients()).isEqualTo(1);
        subscribe(s, 1000, state.get("id"));
        assertThat(t.closed).isEqualTo("1008 too many subscription changes");
        assertThat(hub.clients()).isZero();
        assertThat(t.ops("status").get(t.ops("status").size() - 1).get("message").asText())
                .startsWith("more than 200 subscription changes within a second");
        assertThat(bus.filters()).doesNotContain(hand.state());
    }

    @Test
    void aJointStateStreamIsAdvertisedFromItsSchemaAndSubscribedOnlyOnDemand() throws Exception {
        bus.deliver(schema(List.of("FFJ1", "FFJ2")));
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        JsonNode state = t.channel(hand.state());
        assertThat(state.get("schemaName").asText()).isEqualTo("armature.jointState");
        assertThat(
                        JSON.readTree(state.get("schema").asText())
                                .get("properties")
                                .get("positionRad")
                                .get("maxItems")
                                .asInt())
                .isEqualTo(2);
        assertThat(bus.filters()).doesNotContain(hand.state());
        assertThat(hub.forwarding()).isEmpty();

        bus.deliver(frame(1, 0.1, 0));
        assertThat(t.data).isEmpty();

        subscribe(s, 9, state.get("id"));
        assertThat(bus.filters()).contains(hand.state());
        assertThat(hub.forwarding()).containsExactly(hand.state());
        bus.deliver(frame(2, 0.2, 0));
        bus.deliver(frame(3, 0.3, 0));
        assertThat(t.data).hasSize(2);
        FakeTransport.Data d = t.data.get(1);
        assertThat(d.subscriptionId()).isEqualTo(9);
        assertThat(d.receiveTimeNs()).isEqualTo(1_700_000_000_000_000_005L);
        assertThat(d.json().get("seq").asLong()).isEqualTo(3);
        assertThat(d.json().get("positionRad").get(0).asDouble()).isEqualTo(0.3);
        assertThat(d.json().get("names").get(1).asText()).isEqualTo("FFJ2");

        hub.onText(s, "{\"op\":\"unsubscribe\",\"subscriptionIds\":[9]}");
        assertThat(bus.filters()).doesNotContain(hand.state());
        assertThat(hub.forwarding()).isEmpty();
        bus.deliver(frame(4, 0.4, 0));
        assertThat(t.data).hasSize(2);
        assertThat(bus.published).isEmpty();
    }

    @Test
    void theBusSubscriptionLastsWhileAnyClientIsSubscribed() throws Exception {
        bus.deliver(schema(List.of("J")));
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        ClientSession sa = hub.open(a);
        ClientSession sb = hub.open(b);
        long id = a.channel(hand.state()).get("id").asLong();
        subscribe(sa, 1, id);
        subscribe(sb, 5, id);
        assertThat(bus.filters().stream().filter(hand.state()::equals)).hasSize(1);
        bus.deliver(frame(1, 0.5));
        assertThat(a.data.get(0).subscriptionId()).isEqualTo(1);
        assertThat(b.data.get(0).subscriptionId()).isEqualTo(5);
        hub.close(sa);
        assertThat(bus.filters()).contains(hand.state());
        hub.close(sb);
        assertThat(bus.subscriptions).isEmpty();
    }

    @Test
    void managementAndRepliesAreNeverAdvertisedNorForwarded() {
        FakeTransport t = new FakeTransport();
        hub.open(t);
        // even if such messages reached the hub, e.g. through a broad filter
        bus.subscriptions.forEach(
                sub -> {
                    try {
                        sub.handler()
                                .onMessage(
                                        json(
                                                topics.management(ManagementOperation.values()[0]),
                                                "{}",
                                                false));
                        sub.handler().onMessage(json(topics.reply("alice", "cli"), "{}", false));
                        sub.handler()
                                .onMessage(json(ContainerTopics.of("other").status(), "{}", true));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        assertThat(t.channels()).isEmpty();
        assertThat(hub.exposable(topics.management(ManagementOperation.values()[0]))).isFalse();
        assertThat(hub.exposable(topics.reply("alice", "cli"))).isFalse();
        assertThat(hub.exposable(hand.state())).isTrue();
    }

    @Test
    void aClearedRetainedTopicIsUnadvertised() {
        FakeTransport t = new FakeTransport();
        hub.open(t);
        bus.deliver(schema(List.of("J")));
        assertThat(t.channels())
                .extracting(c -> c.get("topic").asText())
                .contains(hand.stateSchema(), hand.state());
        bus.deliver(Message.builder(hand.stateSchema()).retained(true).build());
        assertThat(t.ops("unadvertise")).hasSize(2);
        assertThat(t.channels()).isEmpty();
    }

    @Test
    void aSubscriberLaterThanTheBusSubscriptionGetsTheRetainedValue() {
        bus.deliver(json(hand.eStop(), "{\"latched\":false}", true));
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        ClientSession sa = hub.open(a);
        ClientSession sb = hub.open(b);
        long id = a.channel(hand.eStop()).get("id").asLong();
        subscribe(sa, 1, id);
        assertThat(a.data).hasSize(1);
        subscribe(sb, 2, id);
        assertThat(b.data).hasSize(1);
        assertThat(b.data.get(0).json().get("latched").asBoolean()).isFalse();
    }

    /**
     * The broker flags only the copy it replays when a subscription starts; updates reaching a
     * standing subscription are not flagged retained. A later subscriber must still get the newest
     * (here: LATCHED after CLEAR), not the first value the hub saw.
     */
    @Test
    void aLaterSubscriberGetsTheNewestValueOfARetainedTopicNotTheFirst() {
        bus.deliver(json(hand.eStop(), "{\"state\":\"CLEAR\"}", true));
        FakeTransport a = new FakeTransport();
        FakeTransport b = new FakeTransport();
        ClientSession sa = hub.open(a);
        ClientSession sb = hub.open(b);
        long id = a.channel(hand.eStop()).get("id").asLong();
        subscribe(sa, 1, id);
        assertThat(a.data.get(0).json().get("state").asText()).isEqualTo("CLEAR");
        bus.subscriptions.stream()
                .filter(sub -> sub.filter().equals(hand.eStop()))
                .forEach(
                        sub -> {
                            try {
                                sub.handler()
                                        .onMessage(
                                                json(
                                                        hand.eStop(),
                                                        "{\"state\":\"LATCHED\"}",
                                                        false));
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        });
        assertThat(a.data.get(1).json().get("state").asText()).isEqualTo("LATCHED");
        subscribe(sb, 2, id);
        assertThat(b.data).hasSize(1);
        assertThat(b.data.get(0).json().get("state").asText()).isEqualTo("LATCHED");
    }

    /** A second subscription of one client to one channel only multiplied the same frames. */
    @Test
    void aClientSubscribesToAChannelOnce() throws Exception {
        bus.deliver(schema(List.of("J")));
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        long id = t.channel(hand.state()).get("id").asLong();
        StringBuilder many = new StringBuilder("{\"op\":\"subscribe\",\"subscriptions\":[");
        for (int i = 1; i <= FoxgloveHub.MAX_CHANGES_PER_SECOND; i++) {
            many.append(i == 1 ? "" : ",")
                    .append("{\"id\":")
                    .append(i)
                    .append(",\"channelId\":")
                    .append(id)
                    .append('}');
        }
        hub.onText(s, many.append("]}").toString());
        bus.deliver(frame(1, 0.5));
        assertThat(t.data).as("one frame, one subscription").hasSize(1);
        assertThat(t.ops("status").get(0).get("message").asText())
                .isEqualTo(
                        "channelId "
                                + id
                                + " is already subscribed as id 1; allowed: one subscription per"
                                + " channel");
    }

    /** Without clients nobody watches the topics: a channel cleared meanwhile must not linger. */
    @Test
    void channelsAreFoundAnewAfterTheLastClientLeft() {
        bus.deliver(json(topics.status(), "{}", true));
        bus.deliver(json(topics.component("gone"), "{}", true));
        FakeTransport first = new FakeTransport();
        ClientSession s = hub.open(first);
        assertThat(first.channels()).hasSize(2);
        hub.close(s);
        bus.deliver(Message.builder(topics.component("gone")).retained(true).build());
        FakeTransport next = new FakeTransport();
        hub.open(next);
        assertThat(next.channels())
                .extracting(c -> c.get("topic").asText())
                .containsExactly(topics.status());
    }

    /** A client that reads nothing is given up and forgotten: its subscriptions end at once. */
    @Test
    void aClientThatReadsNothingIsForgotten() throws Exception {
        bus.deliver(schema(List.of("J")));
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        long id = t.channel(hand.state()).get("id").asLong();
        subscribe(s, 1, id);
        t.stalled = true;
        for (int i = 0; i <= Outbox.MAX_CONTROL + 1; i++) {
            hub.onText(s, "{\"op\":\"x\"}");
        }
        assertThat(t.closed).startsWith("1008");
        assertThat(hub.clients()).isZero();
        assertThat(hub.forwarding()).isEmpty();
    }

    @Test
    void badRequestsGetAnErrorStatusAndTheConnectionGoesOn() {
        FakeTransport t = new FakeTransport();
        ClientSession s = hub.open(t);
        bus.deliver(json(topics.status(), "{}", true));
        long id = t.channel(topics.status()).get("id").asLong();
        hub.onText(s, "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":999}]}");
        subscribe(s, 1, id);
        subscribe(s, 1, id);
        hub.onText(s, "{\"op\":\"unsubscribe\",\"subscriptionIds\":[77]}");
        hub.onText(s, "{\"op\":\"setParameters\",\"parameters\":[]}");
        hub.onText(s, "garbage");
        hub.onBinary(s);
        List<String> messages =
                t.ops("status").stream()
                        .map(n -> n.get("level").asInt() + " " + n.get("message").asText())
                        .toList();
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0)).startsWith("2 channelId 999 is not advertised");
        assertThat(messages.get(1)).startsWith("2 subscription id 1 is already in use");
        assertThat(messages.get(2)).startsWith("1 subscription id 77 is not active");
        assertThat(messages.get(3)).contains("'setParameters' is not supported");
        assertThat(messages.get(4)).contains("not JSON");
        assertThat(messages.get(5)).contains("binary client messages are not supported");
        assertThat(t.closed).isNull();
        assertThat(bus.published).isEmpty();
    }

    @Test
    void aSlowClientLosesOldMessagesNotMemoryAndOthersAreUnaffected() throws Exception {
        bus.deliver(schema(List.of("J")));
        FakeTransport slow = new FakeTransport();
        FakeTransport fast = new FakeTransport();
        ClientSession ss = hub.open(slow);
        ClientSession sf = hub.open(fast);
        long id = slow.channel(hand.state()).get("id").asLong();
        subscribe(ss, 1, id);
        subscribe(sf, 1, id);
        slow.stalled = true;
        for (int i = 1; i <= 500; i++) {
            bus.deliver(frame(i, i / 1000.0));
        }
        assertThat(fast.data).hasSize(500);
        // the stalled client holds at most one send in flight plus its queue of 8
        assertThat(ss.outbox().pending()).isLessThanOrEqualTo(9);
        assertThat(ss.dropped()).isGreaterThanOrEqualTo(500 - 1 - 8);
        slow.resume();
        List<Long> seqs =
                slow.data.stream()
                        .filter(d -> d.payload().length > 0)
                        .map(d -> d.json().get("seq").asLong())
                        .toList();
        // what arrives after the stall is the newest, in order
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(500);
        assertThat(seqs).isSorted();
        assertThat(seqs.size()).isLessThanOrEqualTo(1 + 1 + 8);
        assertThat(slow.ops("status"))
                .anyMatch(n -> n.get("message").asText().contains("messages dropped"));
    }

    @Test
    void closingTheHubClosesEveryClient() {
        FakeTransport t = new FakeTransport();
        hub.open(t);
        hub.close();
        assertThat(t.closed).startsWith("1001");
        assertThat(bus.subscriptions).isEmpty();
        FakeTransport after = new FakeTransport();
        hub.open(after);
        assertThat(after.closed).startsWith("1001");
        assertThat(after.texts).isEmpty();
    }

    /** One subscribe op: subscription {@code id} on channel {@code channelId}. */
    private void subscribe(ClientSession s, long id, Object channelId) {
        hub.onText(
                s,
                "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":"
                        + id
                        + ",\"channelId\":"
                        + channelId
                        + "}]}");
    }

    private Message json(String topic, String payload, boolean retained) {
        return Message.builder(topic)
                .payload(payload)
                .contentType(ContentTypes.JSON)
                .retained(retained)
                .qos(Qos.AT_LEAST_ONCE)
                .build();
    }

    private Message schema(List<String> joints) {
        FrameSchema s = Frames.schema(joints, "Nm");
        return Message.builder(hand.stateSchema())
                .payload(new JsonCodec().encode(s))
                .contentType(ContentTypes.JSON)
                .retained(true)
                .build();
    }

    private Message frame(long seq, double... positions) {
        double[] zeros = new double[positions.length];
        return Message.builder(hand.state())
                .payload(Frames.jointState(seq, seq * 2_000_000L, positions, zeros, zeros))
                .contentType(ContentTypes.FRAME)
                .build();
    }
}
