package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Retained state kept live on a real broker (subclasses pick which): republished after a broker
 * restart, accepted before the first connection, cleared on a clean close and, at the next start,
 * when an earlier run crashed; the boot id on everything; a session takeover ends reconnecting.
 */
abstract class RetainedStateContractTest extends BrokerTest {

    private static Message retained(String topic, String payload) {
        return Message.builder(topic)
                .payload(payload)
                .qos(Qos.AT_LEAST_ONCE)
                .retained(true)
                .contentType(ContentTypes.JSON)
                .build();
    }

    /** What a client subscribing now is given as the retained value of {@code topic}. */
    private Message retainedValue(String topic) throws InterruptedException {
        PahoMessageBus reader = connected("reader", "r" + System.nanoTime());
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        await(reader.subscribe(topic, Qos.AT_LEAST_ONCE, got::add));
        return takeUntil(got, "the retained value of " + topic, Message::retained);
    }

    @Test
    void retainedStateIsBackOnTheBrokerAfterItRestarts() throws Exception {
        LoopTopics loop = ContainerTopics.of("keeper").loop("hand");
        PahoMessageBus bus = bus("keeper", "bus", true);
        await(bus.start());
        await(bus.publish(retained(loop.eStop(), "{\"state\":\"LATCHED\"}")));
        await(bus.publish(retained(loop.stateSchema(), "{\"v\":1}")));
        await(bus.publish(retained(loop.stateSchema(), "{\"v\":2}")));

        broker.stop();
        awaitState(bus, ConnectionState.RECONNECTING);
        broker.restart();
        awaitState(bus, ConnectionState.CONNECTED, Duration.ofSeconds(15));
        long reconnectedNanos = System.nanoTime();

        Message eStop = retainedValue(loop.eStop());
        long elapsedMillis = (System.nanoTime() - reconnectedNanos) / 1_000_000;
        assertThat(eStop.payloadAsString()).isEqualTo("{\"state\":\"LATCHED\"}");
        assertThat(eStop.userProperty(UserProperties.BOOT)).hasValue(bus.bootId());
        assertThat(retainedValue(loop.stateSchema()).payloadAsString()).isEqualTo("{\"v\":2}");
        // Includes a fresh reader's connect and subscribe.
        assertThat(elapsedMillis).as("ms from reconnect to retained state read").isLessThan(1000);
    }

    @Test
    void retainedStatePublishedBeforeTheFirstConnectionReachesTheBroker() throws Exception {
        LoopTopics loop = ContainerTopics.of("early").loop("hand");
        PahoMessageBus bus = bus("early", "bus", true);
        CompletableFuture<Void> schema =
                bus.publish(retained(loop.stateSchema(), "{\"joints\":[\"a\"]}"))
                        .toCompletableFuture();
        CompletableFuture<Void> first =
                bus.publish(retained(loop.eStop(), "{\"state\":\"CLEAR\"}")).toCompletableFuture();
        CompletableFuture<Void> newest =
                bus.publish(retained(loop.eStop(), "{\"state\":\"LATCHED\"}"))
                        .toCompletableFuture();
        assertThat(schema).as("not sent before connecting").isNotDone();

        await(bus.start());
        await(schema);
        await(first);
        await(newest);

        assertThat(retainedValue(loop.stateSchema()).payloadAsString())
                .isEqualTo("{\"joints\":[\"a\"]}");
        assertThat(retainedValue(loop.eStop()).payloadAsString())
                .isEqualTo("{\"state\":\"LATCHED\"}");
    }

    @Test
    void aCleanCloseClearsRetainedStateThenSaysOffline() throws Exception {
        ContainerTopics t = ContainerTopics.of("tidy2");
        PahoMessageBus bus = bus("tidy2", "bus", true);
        await(bus.start());
        await(bus.publish(retained(t.status(), "{\"ready\":true}")));
        await(bus.publish(retained(t.component("x"), "{\"state\":\"ACTIVE\"}")));
        PahoMessageBus watcher = connected("watcher", "w");
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        await(watcher.subscribe(t.all(), Qos.AT_LEAST_ONCE, seen::add));
        takeUntil(seen, "the retained status", m -> m.topic().equals(t.status()));

        bus.close();

        List<Message> live = new ArrayList<>();
        Message offline =
                takeUntil(
                        seen,
                        "the offline state",
                        m -> {
                            live.add(m);
                            return m.topic().equals(t.state())
                                    && m.payloadAsString().contains("\"offline\"");
                        });
        assertThat(offline.payloadAsString()).contains("\"shutdown\"");
        assertThat(live)
                .as("cleared before the offline state")
                .anySatisfy(m -> isClear(m, t.status()))
                .anySatisfy(m -> isClear(m, t.component("x")));

        Message state = retainedValue(t.state());
        assertThat(state.payloadAsString()).contains("\"offline\"").contains("\"shutdown\"");
        PahoMessageBus reader = connected("reader", "after-close");
        BlockingQueue<Message> left = new LinkedBlockingQueue<>();
        await(reader.subscribe(t.all(), Qos.AT_LEAST_ONCE, left::add));
        takeUntil(left, "the retained state", m -> m.topic().equals(t.state()));
        // Absence has no event: a broker sends retained messages right after SUBACK.
        Message more = left.poll(500, TimeUnit.MILLISECONDS);
        assertThat(more).as("retained besides the state after a clean close").isNull();
    }

    /** What a bus publishes retained for another client stays when the bus closes cleanly. */
    @Test
    void aCleanCloseLeavesWhatItPublishedForAnotherClient() throws Exception {
        ContainerTopics t = ContainerTopics.of("tidy3");
        PahoMessageBus bus = bus("tidy3", "bus", true);
        await(bus.start());
        await(
                bus.publish(
                        retained(t.sensor("dev2").descriptor(), "{\"id\":\"dev2\"}").toBuilder()
                                .userProperty(armature.bus.api.BusProperties.RETAINED_FOR, "dev2")
                                .build()));
        await(bus.publish(retained(t.status(), "{\"ready\":true}")));
        bus.close();
        assertThat(retainedValue(t.state()).payloadAsString()).contains("\"offline\"");
        assertThat(retainedValue(t.sensor("dev2").descriptor()).payloadAsString())
                .isEqualTo("{\"id\":\"dev2\"}");
    }

    private static void isClear(Message m, String topic) {
        assertThat(m.topic()).isEqualTo(topic);
        assertThat(m.payload()).isEmpty();
    }

    @Test
    void anEarlierRunsLeftoversAreClearedAtStart() throws Exception {
        ContainerTopics t = ContainerTopics.of("phoenix");
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            PahoMessageBus crashed =
                    bus(
                            BusSettings.of("tcp://127.0.0.1:" + proxy.port(), "phoenix", "bus")
                                    .withAnnounce(true)
                                    .withBootId("earlier-run"));
            await(crashed.start());
            await(crashed.publish(retained(t.component("gone"), "{\"state\":\"ACTIVE\"}")));
            await(crashed.publish(retained(t.driverHealth("d1"), "{\"state\":\"OK\"}")));
            await(crashed.publish(retained(t.status(), "{\"ready\":true}")));
            // published for a device (a restored descriptor): the device's, never swept
            await(
                    crashed.publish(
                            retained(t.sensor("dev1").descriptor(), "{\"id\":\"dev1\"}").toBuilder()
                                    .userProperty(
                                            armature.bus.api.BusProperties.RETAINED_FOR, "dev1")
                                    .build()));
        } // the proxy's end cuts the connection as a crash would, and nothing reconnects
        PahoMessageBus device = connected("thermo", "dev");
        await(device.publish(retained(t.sensorDevice("thermo"), "{\"celsius\":21.5}")));

        PahoMessageBus watcher = connected("watcher", "w2");
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        await(watcher.subscribe(t.all(), Qos.AT_LEAST_ONCE, seen::add));
        PahoMessageBus restarted = bus("phoenix", "bus", true);
        // This run's own status, published before connecting, must survive the sweep.
        CompletableFuture<Void> status =
                restarted.publish(retained(t.status(), "{\"ready\":false}")).toCompletableFuture();
        await(restarted.start());
        await(status);

        assertThat(await(restarted.leftoverSweep())).as("topics cleared").isEqualTo(2);
        java.util.Set<String> clearsSeen = new java.util.HashSet<>();
        takeUntil(
                seen,
                "gone's state and d1's health cleared",
                m -> {
                    if (m.payload().length == 0) {
                        clearsSeen.add(m.topic());
                    }
                    return clearsSeen.containsAll(
                            List.of(t.component("gone"), t.driverHealth("d1")));
                });

        Message now = retainedValue(t.status());
        assertThat(now.payloadAsString()).isEqualTo("{\"ready\":false}");
        assertThat(now.userProperty(UserProperties.BOOT)).hasValue(restarted.bootId());
        assertThat(retainedValue(t.sensorDevice("thermo")).payloadAsString())
                .as("another sender's retained state is not ours to clear")
                .isEqualTo("{\"celsius\":21.5}");
        assertThat(retainedValue(t.sensor("dev1").descriptor()).payloadAsString())
                .as("what the earlier run published for a device is the device's")
                .isEqualTo("{\"id\":\"dev1\"}");
        Message state = retainedValue(t.state());
        assertThat(state.payloadAsString())
                .contains("\"online\"")
                .contains("\"bootId\":\"" + restarted.bootId() + "\"");
        awaitTrue(
                () -> restarted.statistics().get("leftoversCleared").equals(2L),
                "both clears acknowledged");
    }

    @Test
    void everythingAnAnnouncingBusPublishesCarriesItsBootId() throws Exception {
        ContainerTopics t = ContainerTopics.of("booty");
        PahoMessageBus watcher = connected("watcher", "w3");
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        await(watcher.subscribe(t.all(), Qos.AT_LEAST_ONCE, seen::add));
        PahoMessageBus bus =
                bus(
                        BusSettings.of(broker.url(), "booty", "bus")
                                .withAnnounce(true)
                                .withBootId("boot-123"));
        await(bus.start());
        PahoMessageBus cli = connected("booty", "cli");
        await(
                bus.publish(
                        Message.builder(t.extension("heartbeat"))
                                .payload("1")
                                .qos(Qos.AT_LEAST_ONCE)
                                .build()));
        await(bus.publish(retained(t.status(), "{\"ready\":true}")));
        await(
                cli.publish(
                        Message.builder(t.extension("cli"))
                                .payload("2")
                                .qos(Qos.AT_LEAST_ONCE)
                                .build()));

        Message birth = takeUntil(seen, "the birth", m -> m.topic().equals(t.state()));
        assertThat(birth.userProperty(UserProperties.BOOT)).hasValue("boot-123");
        assertThat(birth.payloadAsString()).contains("\"bootId\":\"boot-123\"");
        Message beat =
                takeUntil(seen, "the heartbeat", m -> m.topic().equals(t.extension("heartbeat")));
        assertThat(beat.userProperty(UserProperties.BOOT)).hasValue("boot-123");
        assertThat(beat.userProperty(BusProperties.SENDER_PROPERTY)).hasValue("booty");
        Message status = takeUntil(seen, "the status", m -> m.topic().equals(t.status()));
        assertThat(status.userProperty(UserProperties.BOOT)).hasValue("boot-123");
        Message fromCli = takeUntil(seen, "the CLI's", m -> m.topic().equals(t.extension("cli")));
        assertThat(fromCli.userProperty(UserProperties.BOOT))
                .as("a client that does not announce has no boot id")
                .isEmpty();
    }

    /**
     * The will of a client this one replaced can land after this one's birth; a live container
     * answers any other run's document on its state topic with a new birth.
     */
    @Test
    void anotherRunsStateDocumentIsAnsweredWithANewBirth() throws Exception {
        ContainerTopics t = ContainerTopics.of("guarded");
        PahoMessageBus live = bus("guarded", "bus", true);
        await(live.start());
        PahoMessageBus other = connected("guarded", "old-bus");
        await(
                other.publish(
                        retained(
                                        t.state(),
                                        "{\"state\":\"offline\",\"reason\":\"connection lost\"}")
                                .toBuilder()
                                .userProperty(UserProperties.BOOT, "stale-run")
                                .build()));

        Message state =
                retainedValueMatching(
                        t.state(),
                        m ->
                                m.retained()
                                        && m.userProperty(UserProperties.BOOT)
                                                .equals(java.util.Optional.of(live.bootId())));
        assertThat(state.payloadAsString()).contains("\"online\"");
        assertThat(live.statistics().get("retainedTopics"))
                .as("presence documents stay out of the retained registry")
                .isEqualTo(0);
    }

    /**
     * Two containers with one id: the second takes the first's session. The first must not come
     * back (each reconnect would throw the other off, forever); it fails with the reason, and the
     * survivor's retained state says online.
     */
    @Test
    void aSessionTakeoverEndsReconnecting() throws Exception {
        ContainerTopics t = ContainerTopics.of("twin");
        BusSettings twin =
                BusSettings.of(broker.url(), "twin", "bus")
                        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                        .withAnnounce(true);
        PahoMessageBus first = bus(twin);
        CompletableFuture<String> failure = new CompletableFuture<>();
        first.onFailure(failure::complete);
        await(first.start());
        PahoMessageBus second = bus(twin);
        await(second.start());

        String reason = failure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reason).contains("took over").contains(twin.clientId());
        assertThat(first.state()).isEqualTo(ConnectionState.FAILED);
        assertThat(first.lastError()).isEqualTo(reason);
        Object attemptsAtFailure = first.statistics().get("connectAttempts");
        awaitState(second, ConnectionState.CONNECTED);
        Object survivorReconnects = second.statistics().get("reconnects");

        Message state =
                retainedValueMatching(
                        t.state(),
                        m -> m.payloadAsString().contains("\"bootId\":\"" + second.bootId()));
        assertThat(state.payloadAsString()).contains("\"online\"");
        // A round trip through the survivor: had the first reconnected, it would have been thrown
        // off (and counted a reconnect).
        PahoMessageBus watcher = connected("watcher", "w4");
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        await(watcher.subscribe(t.extension("alive"), Qos.AT_LEAST_ONCE, seen::add));
        await(
                second.publish(
                        Message.builder(t.extension("alive"))
                                .payload("yes")
                                .qos(Qos.AT_LEAST_ONCE)
                                .build()));
        take(seen);
        assertThat(second.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(second.statistics().get("reconnects")).isEqualTo(survivorReconnects);
        assertThat(first.statistics().get("connectAttempts")).isEqualTo(attemptsAtFailure);
        assertThat(first.publish(Message.builder(t.extension("x")).build()))
                .isCompletedExceptionally();
    }

    /** The retained value of {@code topic} once it matches (live updates are followed). */
    private Message retainedValueMatching(
            String topic, java.util.function.Predicate<Message> wanted) throws Exception {
        PahoMessageBus reader = connected("reader", "m" + System.nanoTime());
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        await(reader.subscribe(topic, Qos.AT_LEAST_ONCE, got::add));
        return takeUntil(got, "a matching value of " + topic, wanted);
    }
}
