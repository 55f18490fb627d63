package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.BusException;
import armature.bus.api.BusProperties;
import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.UserProperties;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The bus against a real broker; subclasses pick which. */
abstract class BusContractTest extends BrokerTest {
    @Test
    void everyPropertySurvivesTheRoundTrip() throws Exception {
        PahoMessageBus a = connected("c1", "a");
        PahoMessageBus b = connected("c1", "b");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        await(b.subscribe("armature/v1/c1/test/+", Qos.AT_LEAST_ONCE, got::add));

        Message sent =
                Message.builder("armature/v1/c1/test/x")
                        .payload(new byte[] {1, 2, 3, (byte) 0xFF})
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(ContentTypes.FRAME)
                        .expiry(Duration.ofSeconds(30))
                        .responseTopic("armature/v1/c1/answers")
                        .correlationData(new byte[] {9, 8})
                        .userProperty("unit", "rad")
                        .build();
        await(a.publish(sent));

        Message m = take(got);
        assertThat(m.topic()).isEqualTo("armature/v1/c1/test/x");
        assertThat(m.payload()).containsExactly(1, 2, 3, 0xFF);
        assertThat(m.contentType()).isEqualTo(ContentTypes.FRAME);
        assertThat(m.expiry()).isNotNull().isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(m.responseTopic()).isEqualTo("armature/v1/c1/answers");
        assertThat(m.correlationData()).containsExactly(9, 8);
        assertThat(m.userProperty("unit")).hasValue("rad");
        assertThat(m.userProperty(BusProperties.SENDER_PROPERTY)).hasValue("c1");
    }

    @Test
    void handlersNeverRunOnTheClientThread() throws Exception {
        PahoMessageBus a = connected("c1", "a");
        CompletableFuture<String> thread = new CompletableFuture<>();
        await(
                a.subscribe(
                        "t/threads",
                        Qos.AT_MOST_ONCE,
                        m -> thread.complete(Thread.currentThread().getName())));
        await(a.publish(Message.builder("t/threads").payload("x").build()));
        assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("armature-bus-delivery");
    }

    @Test
    void overlappingSubscriptionsEachGetOneCopy() throws Exception {
        PahoMessageBus a = connected("c1", "a");
        BlockingQueue<Message> wide = new LinkedBlockingQueue<>();
        BlockingQueue<Message> narrow = new LinkedBlockingQueue<>();
        BlockingQueue<Message> narrow2 = new LinkedBlockingQueue<>();
        await(a.subscribe("o/#", Qos.AT_LEAST_ONCE, wide::add));
        await(a.subscribe("o/x", Qos.AT_LEAST_ONCE, narrow::add));
        await(a.subscribe("o/x", Qos.AT_LEAST_ONCE, narrow2::add));
        await(a.publish(Message.builder("o/x").payload("1").qos(Qos.AT_LEAST_ONCE).build()));
        await(a.publish(Message.builder("o/end").payload("2").qos(Qos.AT_LEAST_ONCE).build()));
        assertThat(take(wide).payloadAsString()).isEqualTo("1");
        assertThat(take(wide).payloadAsString()).isEqualTo("2");
        assertThat(take(narrow).payloadAsString()).isEqualTo("1");
        assertThat(take(narrow2).payloadAsString()).isEqualTo("1");
        // "2" reached "wide" after "1" in order, so any duplicate of "1" would have been queued by
        // now.
        assertThat(narrow).isEmpty();
        assertThat(narrow2).isEmpty();
    }

    @Test
    void requestGetsTheReplyOfTheServingContainer() {
        PahoMessageBus server = connected("srv", "bus");
        PahoMessageBus client = connected("srv", "cli");
        await(
                server.serve(
                        "armature/v1/srv/mgmt/echo",
                        req ->
                                CompletableFuture.completedFuture(
                                        Reply.json("{\"echo\":" + req.payloadAsString() + "}"))));
        await(
                server.serve(
                        "armature/v1/srv/mgmt/fail",
                        req ->
                                CompletableFuture.failedFuture(
                                        new IllegalStateException("no such bundle 'x'"))));

        Message ok =
                await(
                        client.request(
                                Message.builder("armature/v1/srv/mgmt/echo").payload("42").build(),
                                Duration.ofSeconds(5)));
        assertThat(ok.payloadAsString()).isEqualTo("{\"echo\":42}");
        assertThat(ok.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("ok");

        Message failed =
                await(
                        client.request(
                                Message.builder("armature/v1/srv/mgmt/fail").build(),
                                Duration.ofSeconds(5)));
        assertThat(failed.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("error");
        assertThat(failed.payloadAsString()).contains("no such bundle 'x'");
    }

    @Test
    void requestWithoutResponderTimesOutNamingTheTopic() {
        PahoMessageBus client = connected("c1", "cli");
        assertThatThrownBy(
                        () ->
                                await(
                                        client.request(
                                                Message.builder("armature/v1/nobody/mgmt/status")
                                                        .build(),
                                                Duration.ofMillis(300))))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("armature/v1/nobody/mgmt/status");
    }

    @Test
    void requestsGoOutWithTheReplyTopicOfTheUserAndClient() {
        PahoMessageBus server = connected("srv3", "bus");
        PahoMessageBus client = connected("srv3", "cli-7");
        ContainerTopics topics = ContainerTopics.of("srv3");
        await(
                server.serve(
                        topics.management(ManagementOperation.STATUS),
                        req -> CompletableFuture.completedFuture(Reply.json("{}"))));
        CompletableFuture<String> seenResponseTopic = new CompletableFuture<>();
        await(
                server.subscribe(
                        topics.management(ManagementOperation.STATUS),
                        Qos.AT_LEAST_ONCE,
                        m -> seenResponseTopic.complete(m.responseTopic())));
        await(
                client.request(
                        Message.builder(topics.management(ManagementOperation.STATUS)).build(),
                        Duration.ofSeconds(5)));
        assertThat(await(seenResponseTopic))
                .isEqualTo(topics.reply(ContainerTopics.ANONYMOUS_USER, "cli-7"));
    }

    @Test
    void aClientOfAnotherContainerGetsItsReplyInTheServingContainersReplyTree() {
        ContainerTopics served = ContainerTopics.of("srv5");
        PahoMessageBus server = connected("srv5", "bus");
        PahoMessageBus outsider = connected("observer-srv5", "test");
        await(
                server.serve(
                        served.management(ManagementOperation.STATUS),
                        req -> CompletableFuture.completedFuture(Reply.json("{\"up\":true}"))));
        Message reply =
                await(
                        outsider.request(
                                Message.builder(served.management(ManagementOperation.STATUS))
                                        .build(),
                                Duration.ofSeconds(5)));
        assertThat(reply.payloadAsString()).isEqualTo("{\"up\":true}");
        assertThat(reply.topic()).isEqualTo(served.reply(ContainerTopics.ANONYMOUS_USER, "test"));
    }

    /**
     * Confused deputy: a requester names a command topic as its response topic, hoping the
     * container publishes there with the container's rights. It gets nothing, and nothing is
     * published there.
     */
    @Test
    void aResponseTopicOutsideTheReplyTreeGetsNoReply() throws Exception {
        ContainerTopics topics = ContainerTopics.of("srv2");
        String command = topics.loop("hand").command("victim");
        PahoMessageBus server = connected("srv2", "bus");
        PahoMessageBus mallory = connected("srv2", "mallory");
        PahoMessageBus watcher = connected("watcher", "w");
        BlockingQueue<Message> onCommandTopic = new LinkedBlockingQueue<>();
        await(watcher.subscribe(command, Qos.AT_LEAST_ONCE, onCommandTopic::add));
        String echo = topics.management(ManagementOperation.STATUS);
        await(
                server.serve(
                        echo,
                        req ->
                                CompletableFuture.completedFuture(
                                        Reply.json("{\"positionRad\":[3.0]}"))));
        BlockingQueue<Message> hijacked = new LinkedBlockingQueue<>();
        await(mallory.subscribe(command, Qos.AT_LEAST_ONCE, hijacked::add));

        await(
                mallory.publish(
                        Message.builder(echo)
                                .qos(Qos.AT_LEAST_ONCE)
                                .responseTopic(command)
                                .correlationData(new byte[] {1})
                                .build()));
        // A proper request after it: its reply proves the server handled the first one already
        // (one serial queue per subscription).
        Message ok = await(mallory.request(Message.builder(echo).build(), Duration.ofSeconds(5)));
        assertThat(ok.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("ok");

        assertThat(server.statistics().get("refusedRequests")).isEqualTo(1L);
        assertThat(onCommandTopic).as("published on the command topic").isEmpty();
        assertThat(hijacked).isEmpty();
    }

    @Test
    void answeredRequestsLeaveNoTimeOutTasksBehind() {
        PahoMessageBus server = connected("srv4", "bus");
        PahoMessageBus client = connected("srv4", "cli");
        String echo = ContainerTopics.of("srv4").management(ManagementOperation.STATUS);
        await(server.serve(echo, req -> CompletableFuture.completedFuture(Reply.json("{}"))));
        for (int i = 0; i < 20; i++) {
            await(client.request(Message.builder(echo).build(), Duration.ofHours(1)));
        }
        assertThat(client.scheduledTasks())
                .as("time-out tasks of answered requests still scheduled")
                .isZero();
    }

    @Test
    void invalidFilterIsRejectedWithItsName() {
        PahoMessageBus a = connected("c1", "a");
        assertThatThrownBy(() -> await(a.subscribe("a/#/b", Qos.AT_MOST_ONCE, m -> {})))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/#/b");
    }

    @Test
    void subscriptionsComeBackAfterTheBrokerRestarts() throws Exception {
        PahoMessageBus a = connected("c1", "a");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        await(a.subscribe("r/#", Qos.AT_LEAST_ONCE, got::add));
        await(a.publish(Message.builder("r/before").payload("1").build()));
        assertThat(take(got).topic()).isEqualTo("r/before");

        broker.stop();
        awaitState(a, ConnectionState.RECONNECTING);
        assertThatThrownBy(() -> await(a.publish(Message.builder("r/lost").build())))
                .hasCauseInstanceOf(BusException.class)
                .hasMessageContaining("r/lost");

        broker.restart();
        awaitState(a, ConnectionState.CONNECTED);
        PahoMessageBus b = connected("c1", "b");
        Message m = firstCopy(b, "r/after", "2", got);
        assertThat(m).as("a message after the restart").isNotNull();
        assertThat(m.topic()).isEqualTo("r/after");
        assertThat(a.statistics().get("reconnects")).isEqualTo(1L);
    }

    @Test
    void birthIsRetainedAndTheWillAnnouncesACrash() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            PahoMessageBus dying = bus("tcp://127.0.0.1:" + proxy.port(), "crashy", "bus", true);
            await(dying.start());
            PahoMessageBus watcher = connected("watcher", "w");
            BlockingQueue<Message> states = new LinkedBlockingQueue<>();
            await(watcher.subscribe("armature/v1/crashy/state", Qos.AT_LEAST_ONCE, states::add));
            Message birth = take(states);
            assertThat(birth.retained()).isTrue();
            assertThat(birth.payloadAsString())
                    .contains("\"state\":\"online\"")
                    .contains("\"bootId\":\"" + dying.bootId() + "\"");

            proxy.cutAll();
            Message will = take(states);
            assertThat(will.payloadAsString())
                    .contains("\"state\":\"offline\"")
                    .contains("connection lost")
                    .contains("\"bootId\":\"" + dying.bootId() + "\"")
                    .contains("\"connectedAt\":")
                    .doesNotContain("\"timestamp\"");
            assertThat(will.userProperty(UserProperties.BOOT)).hasValue(dying.bootId());
            assertThat(will.userProperty(BusProperties.SENDER_PROPERTY)).hasValue("crashy");
        }
    }

    /**
     * Publishes on {@code topic} until the first copy reaches {@code got} (at most 100 tries 100 ms
     * apart): a resubscription after a reconnect is asynchronous. Null when none arrived.
     */
    private static Message firstCopy(
            PahoMessageBus from, String topic, String payload, BlockingQueue<Message> got)
            throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            await(from.publish(Message.builder(topic).payload(payload).build()));
            Message m = got.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Paho has no limit on waiting for the broker's CONNACK; the bus drops such an attempt. */
    @Test
    void anAttemptTheBrokerNeverAnswersIsDroppedAndRetried() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            proxy.stall(true);
            PahoMessageBus bus =
                    bus(
                            BusSettings.of("tcp://127.0.0.1:" + proxy.port(), "mute", "bus")
                                    .withConnectTimeout(Duration.ofSeconds(1))
                                    .withReconnectDelays(
                                            Duration.ofMillis(50), Duration.ofMillis(400)));
            CompletableFuture<Void> up = bus.start().toCompletableFuture();
            awaitTrue(
                    () -> (long) bus.statistics().get("unansweredAttempts") >= 1,
                    "an unanswered attempt dropped (" + bus.statistics() + ")");
            assertThat(bus.lastError())
                    .contains("no answer to the connection attempt within 3000 ms");
            assertThat(bus.state()).isEqualTo(ConnectionState.CONNECTING);

            proxy.stall(false);
            proxy.cutAll();
            up.get(15, TimeUnit.SECONDS);
            assertThat(bus.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(bus.statistics()).containsEntry("abandonedClients", 0L);
            // The connection works: a round trip through the broker.
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            await(bus.subscribe("mute/echo", Qos.AT_LEAST_ONCE, got::add));
            await(bus.publish(Message.builder("mute/echo").payload("1").build()));
            assertThat(take(got).payloadAsString()).isEqualTo("1");
        }
    }

    /**
     * A broker that keeps acknowledging the container's publishes but delivers nothing more to it
     * (seen under heavy load): its own probes stop coming back, and it reconnects with a fresh
     * session within about {@link DeafWatch#DEAF_AFTER}.
     */
    @Test
    void aClientTheBrokerStopsDeliveringToReconnects() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            PahoMessageBus deaf = bus("tcp://127.0.0.1:" + proxy.port(), "deaf", "bus", true);
            await(deaf.start());
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            await(deaf.subscribe("deaf/in", Qos.AT_LEAST_ONCE, got::add));
            awaitTrue(
                    () -> deaf.deafWatch().armed(),
                    "its first probe delivered (" + deaf.statistics() + ")");
            proxy.deafenOpenConnections();
            PahoMessageBus sender = connected("deaf", "sender");
            await(
                    sender.publish(
                            Message.builder("deaf/in")
                                    .payload("lost")
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .build()));
            awaitTrue(
                    () -> (long) deaf.statistics().get("deafReconnects") == 1L,
                    "a reconnect for deafness (" + deaf.statistics() + ")",
                    DeafWatch.DEAF_AFTER.plus(DeafWatch.PERIOD.multipliedBy(3)).plus(WAIT));
            awaitState(deaf, ConnectionState.CONNECTED);
            // The new connection hears again.
            Message m = firstCopy(sender, "deaf/in", "heard", got);
            assertThat(m).as("a message after the reconnect").isNotNull();
            assertThat(m.payloadAsString()).isEqualTo("heard");
            assertThat(deaf.statistics().get("reconnects")).isEqualTo(1L);
        }
    }

    /**
     * A dropped attempt's CONNECT that reaches the broker late takes the session over from the
     * client's own newer connection: the client reconnects instead of stopping as if a second
     * container had its id.
     */
    @Test
    void aLateConnectOfItsOwnDroppedAttemptIsNotTakenForASecondContainer() throws Exception {
        try (TcpProxy proxy = new TcpProxy(broker.port())) {
            proxy.stall(true);
            PahoMessageBus bus =
                    bus(
                            BusSettings.of("tcp://127.0.0.1:" + proxy.port(), "late", "bus")
                                    .withConnectTimeout(Duration.ofSeconds(1))
                                    .withReconnectDelays(
                                            Duration.ofMillis(50), Duration.ofMillis(400)));
            CompletableFuture<Void> up = bus.start().toCompletableFuture();
            awaitTrue(
                    () -> (long) bus.statistics().get("unansweredAttempts") >= 1,
                    "an unanswered attempt dropped (" + bus.statistics() + ")");
            proxy.stall(false);
            up.get(15, TimeUnit.SECONDS);
            long reconnects = (long) bus.statistics().get("reconnects");
            proxy.releaseStalled();
            awaitTrue(
                    () -> (long) bus.statistics().get("reconnects") > reconnects,
                    "a reconnect after the late takeover (" + bus.statistics() + ")",
                    Duration.ofSeconds(30));
            awaitState(bus, ConnectionState.CONNECTED);
            BlockingQueue<Message> got = new LinkedBlockingQueue<>();
            await(bus.subscribe("late/echo", Qos.AT_LEAST_ONCE, got::add));
            await(bus.publish(Message.builder("late/echo").payload("1").build()));
            assertThat(take(got).payloadAsString()).isEqualTo("1");
        }
    }

    @Test
    void cleanCloseAnnouncesShutdown() throws Exception {
        PahoMessageBus leaving = bus("tidy", "bus", true);
        await(leaving.start());
        leaving.close();
        PahoMessageBus watcher = connected("watcher", "w");
        BlockingQueue<Message> states = new LinkedBlockingQueue<>();
        await(watcher.subscribe("armature/v1/tidy/state", Qos.AT_LEAST_ONCE, states::add));
        Message last = take(states);
        assertThat(last.retained()).isTrue();
        assertThat(last.payloadAsString()).contains("\"state\":\"offline\"").contains("shutdown");
    }

    @Test
    void busStartedBeforeTheBrokerConnectsWhenItAppears() throws Exception {
        broker.stop();
        PahoMessageBus early = bus("late", "bus", false);
        CompletableFuture<Void> up = early.start().toCompletableFuture();
        awaitLastError(early);
        assertThat(early.lastError()).isNotEmpty();
        broker.restart();
        up.get(15, TimeUnit.SECONDS);
        assertThat(early.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void oneThousandQos1MessagesArriveInOrder() throws Exception {
        PahoMessageBus a = connected("c1", "a");
        PahoMessageBus b = connected("c1", "b");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        await(b.subscribe("burst", Qos.AT_LEAST_ONCE, got::add));
        List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(
                    a.publish(
                                    Message.builder("burst")
                                            .payload(Integer.toString(i))
                                            .qos(Qos.AT_LEAST_ONCE)
                                            .build())
                            .toCompletableFuture());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertThat(take(got).payloadAsString()).isEqualTo(Integer.toString(i));
        }
    }

    private static void awaitLastError(PahoMessageBus bus) {
        awaitTrue(() -> !bus.lastError().isEmpty(), "a connection error is recorded");
    }
}
