package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.BusProperties;
import armature.bus.api.ConnectionState;
import armature.bus.api.ContentTypes;
import armature.bus.api.JsonStrings;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link MessageBus} on the Eclipse Paho MQTT v5 client. Plain Java: the DS component wraps it, the
 * CLI and tests build it with {@code new}.
 *
 * <p>Routing is ours, not Paho's: every distinct filter is one broker subscription with its own
 * MQTT 5 subscription identifier, and arriving messages go to the handlers of the identifiers they
 * carry (or, from a broker without identifiers, of every matching filter). Handlers run on serial
 * executors over a small shared pool, never on Paho's callback thread. The connection is restored
 * with exponential backoff and every subscription is made again after each reconnect.
 */
public final class PahoMessageBus implements MessageBus, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PahoMessageBus.class.getName());

    private final BusSettings settings;
    private final MqttAsyncClient client;
    private final ExecutorService deliveryPool;
    private final ScheduledExecutorService scheduler;
    private final Map<String, FilterEntry> filters = new ConcurrentHashMap<>();
    private final Map<Integer, FilterEntry> filtersById = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Message>> pendingRequests =
            new ConcurrentHashMap<>();
    private final AtomicInteger nextSubscriptionId = new AtomicInteger(1);
    private final AtomicLong nextCorrelation = new AtomicLong();
    private final String correlationPrefix = Long.toHexString(System.nanoTime()) + "-";
    private final String replyTopic;
    private final Instant startedAt = Instant.now();
    private final long createdNanos = System.nanoTime();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private static final int MAX_BACKLOG = 100_000;
    private final java.util.ArrayDeque<PendingPublish> backlog = new java.util.ArrayDeque<>();
    private volatile boolean backlogWaiting;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String lastError = "";
    private long reconnectDelayMillis;

    public PahoMessageBus(BusSettings settings) {
        this.settings = settings;
        // reply/<user>/<client>: a broker can let each user read only its own replies.
        this.replyTopic =
                Topics.join(
                        "armature",
                        "v1",
                        settings.containerId(),
                        "reply",
                        settings.user() == null ? "anonymous" : settings.user(),
                        settings.clientName());
        try {
            this.client =
                    new MqttAsyncClient(
                            settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new BusException("cannot create MQTT client for " + settings.brokerUrl(), e);
        }
        this.deliveryPool = Executors.newFixedThreadPool(4, daemonThreads("armature-bus-delivery"));
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("armature-bus-timer"));
        this.reconnectDelayMillis = settings.minReconnectDelay().toMillis();
        client.setCallback(new Callback());
        subscribeInternal(replyTopic, Qos.AT_LEAST_ONCE, this::onReply);
    }

    /**
     * Starts connecting in the background; the returned stage completes on the first connection.
     */
    public CompletionStage<Void> start() {
        scheduler.execute(this::connect);
        return firstConnection;
    }

    /** Blocks until connected or {@code timeout} passes; returns whether connected. */
    public boolean awaitConnected(Duration timeout) {
        try {
            firstConnection.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
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
        return state;
    }

    /** The last connection error, empty when none. */
    public String lastError() {
        return lastError;
    }

    /** Counters for status output. */
    public Map<String, Object> statistics() {
        long dropped = filters.values().stream().mapToLong(FilterEntry::dropped).sum();
        return Map.of(
                "published", published.get(),
                "received", received.get(),
                "droppedDeliveries", dropped,
                "reconnects", reconnects.get(),
                "subscriptions", filters.size());
    }

    @Override
    public CompletionStage<Void> publish(Message message) {
        if (state != ConnectionState.CONNECTED) {
            return CompletableFuture.failedFuture(
                    new BusException(
                            "cannot publish to '"
                                    + message.topic()
                                    + "': bus is "
                                    + state
                                    + " ("
                                    + settings.brokerUrl()
                                    + (lastError.isEmpty() ? "" : ": " + lastError)
                                    + ")"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        PendingPublish p = new PendingPublish(message, done);
        synchronized (backlog) {
            // Keep order: once something waits for an in-flight slot, everything after it waits
            // too.
            if (!backlog.isEmpty() || !trySend(p)) {
                if (backlog.size() >= MAX_BACKLOG) {
                    done.completeExceptionally(
                            new BusException(
                                    "cannot publish to '"
                                            + message.topic()
                                            + "': "
                                            + MAX_BACKLOG
                                            + " messages already wait for the broker"));
                } else {
                    backlog.add(p);
                    backlogWaiting = true;
                }
            }
        }
        return done;
    }

    @Override
    public CompletionStage<Subscription> subscribe(
            String topicFilter, Qos qos, MessageHandler handler) {
        try {
            Topics.requireValidFilter(topicFilter);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (state == ConnectionState.CLOSED) {
            return CompletableFuture.failedFuture(new BusException("bus is closed"));
        }
        return subscribeInternal(topicFilter, qos, handler);
    }

    /**
     * Serves requests on {@code topicFilter} with {@code handler}: each reply goes to the request's
     * response topic with its correlation data.
     */
    public CompletionStage<Subscription> serve(String topicFilter, RequestHandler handler) {
        return subscribe(topicFilter, Qos.AT_LEAST_ONCE, request -> answer(request, handler));
    }

    @Override
    public CompletionStage<Message> request(Message request, Duration timeout) {
        String correlation = correlationPrefix + nextCorrelation.incrementAndGet();
        CompletableFuture<Message> reply = new CompletableFuture<>();
        pendingRequests.put(correlation, reply);
        Message withReply =
                request.toBuilder()
                        .responseTopic(replyTopic)
                        .correlationData(correlation.getBytes(StandardCharsets.UTF_8))
                        .build();
        scheduler.schedule(
                () -> {
                    if (pendingRequests.remove(correlation) != null) {
                        reply.completeExceptionally(
                                new TimeoutException(
                                        "no reply on '"
                                                + request.topic()
                                                + "' within "
                                                + timeout.toMillis()
                                                + " ms"));
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        publish(withReply)
                .whenComplete(
                        (ok, error) -> {
                            if (error != null && pendingRequests.remove(correlation) != null) {
                                reply.completeExceptionally(error);
                            }
                        });
        return reply;
    }

    /** Publishes the offline state (when announcing), disconnects and stops all threads. */
    @Override
    public void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        boolean wasConnected = state == ConnectionState.CONNECTED;
        state = ConnectionState.CLOSED;
        try {
            if (wasConnected) {
                if (settings.announce()) {
                    // The will is for crashes; a clean stop says so itself.
                    client.publish(
                                    stateTopic(),
                                    PahoMessages.toPaho(
                                            settings.containerId(),
                                            stateMessage("offline", "shutdown")),
                                    null,
                                    null)
                            .waitForCompletion(2000);
                }
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.log(
                    Level.DEBUG,
                    "disconnect from " + settings.brokerUrl() + ": " + PahoMessages.describe(e));
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "close: " + PahoMessages.describe(e));
            }
            scheduler.shutdownNow();
            synchronized (backlog) {
                backlog.forEach(p -> p.done.completeExceptionally(new BusException("bus closed")));
                backlog.clear();
            }
            deliveryPool.shutdown();
            pendingRequests
                    .values()
                    .forEach(f -> f.completeExceptionally(new BusException("bus closed")));
            firstConnection.completeExceptionally(new BusException("bus closed"));
        }
    }

    /** The container's retained state topic: {@code armature/v1/<container>/state}. */
    public String stateTopic() {
        return Topics.join("armature", "v1", settings.containerId(), "state");
    }

    private Message stateMessage(String state, String reason) {
        String json =
                "{\"container\":"
                        + JsonStrings.quote(settings.containerId())
                        + ",\"state\":"
                        + JsonStrings.quote(state)
                        + ",\"reason\":"
                        + JsonStrings.quote(reason)
                        + ",\"broker\":"
                        + JsonStrings.quote(settings.brokerUrl())
                        + ",\"startedAt\":"
                        + JsonStrings.quote(startedAt.toString())
                        + ",\"timestamp\":"
                        + JsonStrings.quote(Instant.now().toString())
                        + "}";
        return Message.builder(stateTopic())
                .payload(json)
                .qos(Qos.AT_LEAST_ONCE)
                .retained(true)
                .contentType(ContentTypes.JSON)
                .build();
    }

    private void connect() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
        options.setKeepAliveInterval(10);
        if (settings.credentials() != null) {
            options.setUserName(settings.credentials().user());
            char[] password = settings.credentials().password();
            options.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
            java.util.Arrays.fill(password, '\0');
        }
        if (settings.brokerUrl().startsWith("ssl:")) {
            try {
                options.setSocketFactory(
                        TlsContexts.socketFactory(
                                settings.tls() == null
                                        ? new BusSettings.Tls(null, null, null)
                                        : settings.tls()));
            } catch (IllegalArgumentException e) {
                onConnectFailed(e);
                return;
            }
        }
        if (settings.announce()) {
            Message will = stateMessage("offline", "connection lost");
            MqttMessage pahoWill = PahoMessages.toPaho(settings.containerId(), will);
            options.setWill(will.topic(), pahoWill);
            MqttProperties willProps = new MqttProperties();
            willProps.setContentType(ContentTypes.JSON);
            options.setWillMessageProperties(willProps);
        }
        try {
            client.connect(
                    options,
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            onConnected();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable error) {
                            onConnectFailed(error);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(e);
        }
    }

    private void onConnected() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        boolean reconnect = firstConnection.isDone();
        reconnectDelayMillis = settings.minReconnectDelay().toMillis();
        lastError = "";
        // CONNECTED first: a subscription added while we loop is then made by subscribe() itself
        // (at worst twice, which the broker treats as a replacement).
        state = ConnectionState.CONNECTED;
        for (FilterEntry entry : filters.values()) {
            brokerSubscribe(entry);
        }
        if (settings.announce()) {
            publish(stateMessage("online", reconnect ? "reconnected" : "started"));
        }
        LOG.log(
                Level.INFO,
                (reconnect ? "reconnected to " : "connected to ")
                        + settings.brokerUrl()
                        + " as "
                        + settings.clientId());
        if (reconnect) {
            reconnects.incrementAndGet();
        }
        firstConnection.complete(null);
    }

    private void onConnectFailed(Throwable error) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        lastError = PahoMessages.describe(error);
        if (state != ConnectionState.CONNECTING) {
            state = ConnectionState.RECONNECTING;
        }
        // A co-started embedded broker takes a few seconds: only warn when it takes longer.
        boolean starting =
                !firstConnection.isDone() && System.nanoTime() - createdNanos < 3_000_000_000L;
        LOG.log(
                starting ? Level.DEBUG : Level.WARNING,
                "cannot connect to "
                        + settings.brokerUrl()
                        + ": "
                        + lastError
                        + "; retrying in "
                        + reconnectDelayMillis
                        + " ms");
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        long delay = reconnectDelayMillis;
        reconnectDelayMillis = Math.min(delay * 2, settings.maxReconnectDelay().toMillis());
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: nothing to reconnect
        }
    }

    /**
     * Hands one message to Paho. Returns false when Paho's in-flight window is full (reason code
     * 32202: the broker's receive-maximum is reached), so the caller keeps it for later.
     */
    private boolean trySend(PendingPublish p) {
        try {
            client.publish(
                    p.message.topic(),
                    PahoMessages.toPaho(settings.containerId(), p.message),
                    null,
                    PahoMessages.completeOn(p.done, p.message.topic()));
            published.incrementAndGet();
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode()
                    == org.eclipse.paho.mqttv5.client.MqttClientException
                            .REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            p.done.completeExceptionally(
                    new BusException(
                            "publish to '"
                                    + p.message.topic()
                                    + "' failed: "
                                    + PahoMessages.describe(e),
                            e));
            return true;
        } catch (RuntimeException e) {
            p.done.completeExceptionally(
                    new BusException(
                            "publish to '"
                                    + p.message.topic()
                                    + "' failed: "
                                    + PahoMessages.describe(e),
                            e));
            return true;
        }
    }

    private void drainBacklog() {
        synchronized (backlog) {
            while (!backlog.isEmpty()) {
                if (state != ConnectionState.CONNECTED) {
                    PendingPublish p;
                    backlogWaiting = false;
                    while ((p = backlog.poll()) != null) {
                        p.done.completeExceptionally(
                                new BusException(
                                        "publish to '"
                                                + p.message.topic()
                                                + "' failed: connection lost"));
                    }
                    return;
                }
                if (!trySend(backlog.peek())) {
                    return;
                }
                backlog.poll();
            }
            backlogWaiting = false;
        }
    }

    private void runOnScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // closing: the backlog was failed by close()
        }
    }

    private record PendingPublish(Message message, CompletableFuture<Void> done) {}

    private CompletionStage<Subscription> subscribeInternal(
            String filter, Qos qos, MessageHandler handler) {
        HandlerSlot slot =
                new HandlerSlot(
                        handler,
                        new SerialExecutor(
                                deliveryPool,
                                settings.deliveryQueueCapacity(),
                                t ->
                                        LOG.log(
                                                Level.WARNING,
                                                "handler for '" + filter + "' failed: " + t,
                                                t)));
        FilterEntry entry =
                filters.computeIfAbsent(
                        filter,
                        f -> {
                            FilterEntry e =
                                    new FilterEntry(f, qos, nextSubscriptionId.getAndIncrement());
                            filtersById.put(e.subscriptionId, e);
                            return e;
                        });
        entry.slots.add(slot);
        Subscription subscription = new HandlerSubscription(entry, slot);
        if (state != ConnectionState.CONNECTED) {
            // Made on (re)connect.
            return CompletableFuture.completedFuture(subscription);
        }
        return brokerSubscribe(entry).thenApply(v -> subscription);
    }

    private CompletableFuture<Void> brokerSubscribe(FilterEntry entry) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttProperties props = new MqttProperties();
        props.setSubscriptionIdentifier(entry.subscriptionId);
        try {
            client.subscribe(
                    new MqttSubscription[] {new MqttSubscription(entry.filter, entry.qos.level())},
                    null,
                    PahoMessages.completeOn(done, entry.filter),
                    props);
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(
                    new BusException(
                            "subscribe to '"
                                    + entry.filter
                                    + "' failed: "
                                    + PahoMessages.describe(e)));
        }
        return done;
    }

    private void unsubscribe(FilterEntry entry, HandlerSlot slot, CompletableFuture<Void> done) {
        entry.slots.remove(slot);
        if (!entry.slots.isEmpty() || !filters.remove(entry.filter, entry)) {
            done.complete(null);
            return;
        }
        filtersById.remove(entry.subscriptionId);
        if (state != ConnectionState.CONNECTED) {
            done.complete(null);
            return;
        }
        try {
            client.unsubscribe(
                    new String[] {entry.filter},
                    null,
                    PahoMessages.completeOn(done, entry.filter),
                    null);
        } catch (MqttException e) {
            done.complete(null);
        }
    }

    private void dispatch(String topic, MqttMessage pahoMessage) {
        received.incrementAndGet();
        Message message = PahoMessages.fromPaho(topic, pahoMessage);
        List<Integer> ids =
                pahoMessage.getProperties() == null
                        ? List.of()
                        : pahoMessage.getProperties().getSubscriptionIdentifiers();
        List<FilterEntry> targets = new ArrayList<>(2);
        if (ids != null && !ids.isEmpty()) {
            for (Integer id : ids) {
                FilterEntry e = filtersById.get(id);
                if (e != null) {
                    targets.add(e);
                }
            }
        } else {
            for (FilterEntry e : filters.values()) {
                if (Topics.matches(e.filter, topic)) {
                    targets.add(e);
                }
            }
        }
        for (FilterEntry e : targets) {
            for (HandlerSlot slot : e.slots) {
                if (!slot.executor.submit(() -> slot.handler.onMessage(message))) {
                    LOG.log(
                            Level.WARNING,
                            "handler queue for '"
                                    + e.filter
                                    + "' full; dropped message on "
                                    + topic);
                }
            }
        }
    }

    private void onReply(Message reply) {
        if (reply.correlationData() == null) {
            return;
        }
        CompletableFuture<Message> f =
                pendingRequests.remove(new String(reply.correlationData(), StandardCharsets.UTF_8));
        if (f != null) {
            f.complete(reply);
        }
    }

    private void answer(Message request, RequestHandler handler) {
        if (request.responseTopic() == null) {
            LOG.log(Level.WARNING, "request on '" + request.topic() + "' has no response topic");
            return;
        }
        CompletionStage<Reply> stage;
        try {
            stage = handler.handle(request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete(
                (reply, error) -> {
                    Reply r =
                            error != null
                                    ? Reply.error(
                                            error
                                                                    instanceof
                                                                    java.util.concurrent
                                                                            .CompletionException
                                                            && error.getCause() != null
                                                    ? String.valueOf(error.getCause().getMessage())
                                                    : String.valueOf(error.getMessage()))
                                    : reply;
                    Message.Builder b =
                            Message.builder(request.responseTopic())
                                    .payload(r.payload())
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .contentType(r.contentType())
                                    .correlationData(request.correlationData())
                                    .userProperty(
                                            BusProperties.STATUS_PROPERTY, r.ok() ? "ok" : "error");
                    r.userProperties().forEach(b::userProperty);
                    publish(b.build())
                            .whenComplete(
                                    (ok, e) -> {
                                        if (e != null) {
                                            LOG.log(
                                                    Level.WARNING,
                                                    "reply to '"
                                                            + request.topic()
                                                            + "' lost: "
                                                            + e.getMessage());
                                        }
                                    });
                });
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            state = ConnectionState.RECONNECTING;
            lastError = "connection lost: " + response.getReasonString();
            if (response.getException() != null) {
                lastError = "connection lost: " + PahoMessages.describe(response.getException());
            }
            LOG.log(Level.WARNING, settings.brokerUrl() + " " + lastError + "; reconnecting");
            runOnScheduler(PahoMessageBus.this::drainBacklog);
            scheduleReconnect();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.WARNING, "MQTT error: " + PahoMessages.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            dispatch(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            if (backlogWaiting) {
                runOnScheduler(PahoMessageBus.this::drainBacklog);
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }

    private static final class FilterEntry {
        final String filter;
        final Qos qos;
        final int subscriptionId;
        final List<HandlerSlot> slots = new java.util.concurrent.CopyOnWriteArrayList<>();

        FilterEntry(String filter, Qos qos, int subscriptionId) {
            this.filter = filter;
            this.qos = qos;
            this.subscriptionId = subscriptionId;
        }

        long dropped() {
            return slots.stream().mapToLong(s -> s.executor.dropped()).sum();
        }
    }

    private record HandlerSlot(MessageHandler handler, SerialExecutor executor) {}

    private final class HandlerSubscription implements Subscription {
        private final FilterEntry entry;
        private final HandlerSlot slot;

        HandlerSubscription(FilterEntry entry, HandlerSlot slot) {
            this.entry = entry;
            this.slot = slot;
        }

        @Override
        public String topicFilter() {
            return entry.filter;
        }

        @Override
        public CompletionStage<Void> cancel() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            unsubscribe(entry, slot, done);
            return done;
        }
    }
}
