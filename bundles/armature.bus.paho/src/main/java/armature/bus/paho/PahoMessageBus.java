package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.BusProperties;
import armature.bus.api.ClientBus;
import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.RequestHandler;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import armature.control.api.ContainerTopics;
import armature.control.api.log.RateLimitedLog;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * {@link MessageBus} on the Eclipse Paho MQTT v5 client. Plain Java: the DS component wraps it, the
 * CLI and tests build it with {@code new}.
 *
 * <p>A facade over one part per job: {@link Connection} (connect, reconnect with backoff, give up
 * on a session takeover), {@link PublishQueue} (ordered publishing), {@link Router} (subscriptions
 * and delivery), {@link Requests} and {@link Responder} (request/reply), {@link RetainedRegistry}
 * (retained state kept on the broker), {@link Presence} and {@link LeftoverSweep} (birth, will,
 * boot id, an earlier run's leftovers) and {@link BusStatistics}.
 *
 * <p>Requests go out with the reply topic {@link ContainerTopics#reply} of the broker user ({@code
 * anonymous} without credentials) and this client, in the reply tree of the container the request
 * is for. A bus that announces itself stamps its boot id on everything it publishes; its clean
 * {@link #close} clears the retained topics it published before it says {@code offline}. Retained
 * state of a bus that does not announce itself (the CLI) stays on the broker when it closes.
 */
public final class PahoMessageBus implements ClientBus {
    private static final System.Logger LOG = System.getLogger(PahoMessageBus.class.getName());

    /** How long a clean close waits for its clearing and offline messages to be acknowledged. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final BusSettings settings;
    private final ContainerTopics topics;
    private final String bootId;
    private final ExecutorService deliveryPool;
    private final ScheduledThreadPoolExecutor timer;
    private final BusStatistics stats = new BusStatistics();
    private final Connection connection;
    private final PublishQueue publisher;
    private final Router router;
    private final RetainedRegistry retained;
    private final Requests requests;
    private final Responder responder;
    private final Presence presence;
    private final LeftoverSweep sweep;
    private final DeafWatch deafWatch = new DeafWatch();
    private final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    public PahoMessageBus(BusSettings settings) {
        this.settings = settings;
        this.topics = ContainerTopics.of(settings.containerId());
        this.bootId =
                !settings.announce()
                        ? null
                        : settings.bootId() != null
                                ? settings.bootId()
                                : UUID.randomUUID().toString();
        this.deliveryPool = Executors.newFixedThreadPool(4, daemonThreads("armature-bus-delivery"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("armature-bus-timer"));
        // A cancelled request time-out leaves the queue at once instead of when it would have run.
        timer.setRemoveOnCancelPolicy(true);
        this.presence =
                bootId == null ? null : new Presence(settings, topics, bootId, Clock.systemUTC());
        try {
            this.connection =
                    new Connection(
                            settings,
                            () ->
                                    new MqttAsyncClient(
                                            settings.brokerUrl(),
                                            settings.clientId(),
                                            new MemoryPersistence()),
                            new Connection.Inbound() {
                                @Override
                                public void messageArrived(String topic, MqttMessage message) {
                                    router.dispatch(topic, message);
                                }

                                @Override
                                public void deliveryComplete() {
                                    publisher.onDeliveryComplete();
                                }
                            },
                            timer,
                            presence == null ? null : presence::will,
                            stats,
                            new Transitions());
        } catch (MqttException e) {
            timer.shutdownNow();
            deliveryPool.shutdown();
            throw new BusException("cannot create MQTT client for " + settings.brokerUrl(), e);
        }
        this.publisher =
                new PublishQueue(
                        connection,
                        settings.brokerUrl(),
                        settings.containerId(),
                        bootId,
                        timer,
                        stats);
        this.router = new Router(connection, deliveryPool, settings.deliveryQueueCapacity(), stats);
        this.retained = new RetainedRegistry(publisher::send, connection::isConnected);
        String user = settings.user() == null ? ContainerTopics.ANONYMOUS_USER : settings.user();
        this.requests =
                new Requests(
                        settings.containerId(),
                        user,
                        settings.clientName(),
                        timer,
                        this::publish,
                        (topic, handler) ->
                                router.subscribe(topic, Qos.AT_LEAST_ONCE, handler, false));
        this.responder =
                new Responder(topics.replyPrefix(), this::publish, stats, new RateLimitedLog(LOG));
        this.sweep =
                presence == null
                        ? null
                        : new LeftoverSweep(router, retained, timer, topics, bootId, stats);
        requests.subscribeOwn();
        if (presence != null) {
            watchForDeafness();
        }
        if (presence != null) {
            router.subscribe(
                    topics.state(),
                    Qos.AT_LEAST_ONCE,
                    // The birth goes around the retained registry, like every presence document:
                    // remembered, a stale birth would be republished after the next fresh one.
                    presence.guard(
                            publisher::send, () -> connection.isConnected() && !closing.get()),
                    false);
        }
    }

    /**
     * The container's own clients probe their own deliveries ({@link DeafWatch}): a small message
     * on {@code <root>/bus/probe/<client>} every second, subscribed by the same client.
     */
    private void watchForDeafness() {
        String probeTopic = topics.busProbe(settings.clientName());
        router.subscribe(
                probeTopic, Qos.AT_LEAST_ONCE, m -> deafWatch.delivered(System.nanoTime()), false);
        long period = DeafWatch.PERIOD.toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    if (!connection.isConnected() || closing.get()) {
                        return;
                    }
                    String deaf = deafWatch.deafness(System.nanoTime());
                    if (deaf != null) {
                        stats.deafReconnects.increment();
                        LOG.log(Level.WARNING, settings.clientId() + ": " + deaf);
                        connection.restart(deaf);
                        return;
                    }
                    Message probe =
                            Message.builder(probeTopic)
                                    .payload(
                                            "{\"client\":\""
                                                    + settings.clientName()
                                                    + "\",\"sequence\":"
                                                    + deafWatch.nextSequence()
                                                    + "}")
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .expiry(DeafWatch.DEAF_AFTER)
                                    .build();
                    publisher
                            .send(probe)
                            .whenComplete(
                                    (ok, e) -> {
                                        if (e == null) {
                                            deafWatch.acknowledged(System.nanoTime());
                                        }
                                    });
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts connecting in the background; the returned stage completes on the first connection,
     * exceptionally when the bus is closed or fails before.
     */
    public CompletionStage<Void> start() {
        connection.start();
        return connection.firstConnection();
    }

    /**
     * Like {@link #start()}, but a login the broker refuses (bad user name or password, not
     * authorized, banned, bad authentication method) ends the wait at once: the returned stage
     * completes exceptionally with a {@link BusException} naming the broker's reason, and the
     * caller closes the bus. For a person's login, where retrying a wrong password helps nobody.
     */
    public CompletionStage<Void> startLogin() {
        connection.failFirstConnectionOnRefusal();
        return start();
    }

    /**
     * Blocks until connected or {@code timeout} passes; returns whether connected. An interrupt
     * ends the wait early: the method returns false with the thread's interrupt flag set.
     */
    public boolean awaitConnected(Duration timeout) {
        try {
            connection.firstConnection().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    @Override
    public String containerId() {
        return settings.containerId();
    }

    @Override
    public String brokerUrl() {
        return settings.brokerUrl();
    }

    @Override
    public ConnectionState state() {
        return connection.state();
    }

    @Override
    public boolean loginRefused() {
        return connection.loginRefused();
    }

    /** The last connection error, or why the bus failed; empty when none. */
    public String lastError() {
        return connection.lastError();
    }

    /**
     * Calls {@code listener} once, on the bus timer thread, if the bus fails for good ({@link
     * ConnectionState#FAILED}: another client took over its session), with the reason.
     */
    public void onFailure(Consumer<String> listener) {
        failureListeners.add(listener);
        if (connection.state() == ConnectionState.FAILED && failureListeners.remove(listener)) {
            listener.accept(connection.lastError());
        }
    }

    /** The boot id stamped on everything this bus publishes; {@code null} when not announcing. */
    public String bootId() {
        return bootId;
    }

    /** The topic replies to this client's requests to its own container arrive on. */
    public String replyTopic() {
        return requests.replyTopic();
    }

    /** The container's retained state topic ({@link ContainerTopics#state()}). */
    public String stateTopic() {
        return topics.state();
    }

    /** Counters for status output. */
    public Map<String, Object> statistics() {
        return stats.snapshot(router.size(), router.dropped(), retained.size());
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        if (closing.get()) {
            return CompletableFuture.failedFuture(
                    new BusException("cannot publish to '" + message.topic() + "': bus is closed"));
        }
        if (connection.state() == ConnectionState.FAILED) {
            return CompletableFuture.failedFuture(
                    new BusException(
                            "cannot publish to '"
                                    + message.topic()
                                    + "': bus failed: "
                                    + connection.lastError()));
        }
        if (message.retained() && message.userProperty(BusProperties.RETAINED_FOR).isEmpty()) {
            return retained.publish(message);
        }
        return publisher.send(message);
    }

    @Override
    public CompletionStage<Subscription> subscribe(
            String topicFilter, Qos qos, MessageHandler handler) {
        try {
            Topics.requireValidFilter(topicFilter);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (closing.get()) {
            return CompletableFuture.failedFuture(new BusException("bus is closed"));
        }
        return router.subscribe(topicFilter, qos, handler, false);
    }

    /**
     * Serves requests on {@code topicFilter} with {@code handler}: each reply goes to the request's
     * response topic with its correlation data. Requests whose response topic is not under this
     * container's reply prefix ({@link ContainerTopics#replyPrefix()}) are refused without a reply
     * and counted ({@code refusedRequests}).
     */
    public CompletionStage<Subscription> serve(String topicFilter, RequestHandler handler) {
        return subscribe(topicFilter, Qos.AT_LEAST_ONCE, responder.serving(handler));
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        return requests.request(request, timeout);
    }

    /**
     * Closes the bus. Connected and announcing: first clears every retained topic this bus
     * published (empty retained messages), then publishes the offline state, waiting up to 3 s for
     * the broker to acknowledge; then disconnects and stops all threads.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (sweep != null) {
            sweep.cancel();
        }
        if (connection.isConnected() && presence != null) {
            List<CompletableFuture<Void>> last = new ArrayList<>(retained.clearAll());
            last.add(publisher.send(presence.offline()));
            awaitQuietly(CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)));
        }
        retained.close("bus closed");
        connection.close(Duration.ofSeconds(2));
        timer.shutdownNow();
        publisher.failAll("bus closed");
        deliveryPool.shutdown();
        requests.failAll(new BusException("bus closed"));
    }

    /** Scheduled timer tasks (request time-outs, reconnects, sweep checks); for tests. */
    int scheduledTasks() {
        return timer.getQueue().size();
    }

    /** For tests: the watch on this client's own deliveries. */
    DeafWatch deafWatch() {
        return deafWatch;
    }

    /** The first connection's leftover sweep; completes with the number of topics cleared. */
    CompletableFuture<Integer> leftoverSweep() {
        return sweep == null ? CompletableFuture.completedFuture(0) : sweep.done();
    }

    private void awaitQuietly(CompletableFuture<Void> f) {
        try {
            f.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(
                    Level.WARNING,
                    "closing: retained state or the offline state may not have reached "
                            + settings.brokerUrl()
                            + ": "
                            + e);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** What the bus does when the connection changes; runs on the timer thread. */
    private final class Transitions implements Connection.Listener {
        @Override
        public void connected(boolean reconnect) {
            deafWatch.connected(System.nanoTime());
            router.resubscribeAll();
            if (presence != null) {
                publisher
                        .send(presence.birth(reconnect))
                        .whenComplete(
                                (ok, e) -> {
                                    if (e != null) {
                                        LOG.log(Level.WARNING, "birth lost: " + e.getMessage());
                                    }
                                });
            }
            retained.republishAll();
            if (!reconnect && sweep != null) {
                sweep.start();
            }
        }

        @Override
        public void lost(String reason) {
            publisher.failAll(reason);
        }

        @Override
        public void failed(String reason) {
            publisher.failAll(reason);
            retained.close(reason);
            requests.failAll(new BusException(reason));
            for (Consumer<String> l : failureListeners) {
                if (failureListeners.remove(l)) {
                    l.accept(reason);
                }
            }
        }
    }
}
