package armature.foxglove.hub;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import armature.bus.codec.CodecException;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.foxglove.channel.ChannelCatalog;
import armature.foxglove.protocol.Channel;
import armature.foxglove.protocol.ClientMessage;
import armature.foxglove.protocol.ClientMessages;
import armature.foxglove.protocol.ProtocolException;
import armature.foxglove.protocol.ServerMessages;
import armature.foxglove.protocol.StatusLevel;
import armature.record.JointStateJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The Foxglove protocol over the container's bus, independent of the WebSocket server: clients
 * connect through {@link #open}, and the hub advertises one channel per topic of the container it
 * sees, subscribes on the bus to a topic only while some client is subscribed to its channel, and
 * forwards what an observer may read. Read-only: it never publishes.
 *
 * <p>Discovery: while at least one client is connected, the hub subscribes to the documented JSON
 * channels of the container ({@link ChannelCatalog#discoveryFilters}); retained and live messages
 * there announce their topics. A loop's joint-state stream announces itself by its retained frame
 * schema, so the 500 Hz frames flow only to a subscribed client.
 */
public final class FoxgloveHub implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FoxgloveHub.class.getName());

    /** A stream of bad frames is one warning per topic every 10 s, not 500 a second. */
    private final MessageBus bus;

    private final ContainerTopics topics;
    private final ChannelCatalog catalog;
    private final ObjectMapper json;
    private final JsonCodec codec = new JsonCodec();
    private final ServerMessages out;
    private final ClientMessages in;
    private final HubSettings settings;
    private final List<String> discoveryFilters;
    private final Forwarder forwarder;
    private final java.util.function.LongSupplier nanoClock;

    /** Channel subscriptions a client may change per second. */
    static final int MAX_CHANGES_PER_SECOND = 200;

    private final Set<ClientSession> sessions = new LinkedHashSet<>();
    private final Map<String, ChannelState> byTopic = new HashMap<>();
    private final Map<Long, ChannelState> byId = new HashMap<>();
    private final List<CompletionStage<Subscription>> discovery = new ArrayList<>();
    private long nextChannelId = 1;
    private boolean closed;

    public FoxgloveHub(
            MessageBus bus,
            ChannelCatalog catalog,
            ObjectMapper json,
            Clock clock,
            HubSettings settings) {
        this.bus = bus;
        this.topics = ContainerTopics.of(bus.containerId());
        this.catalog = catalog;
        this.json = json;
        this.out = new ServerMessages(json);
        this.in = new ClientMessages(json);
        this.settings = settings;
        this.discoveryFilters = catalog.discoveryFilters(topics);
        this.forwarder = new Forwarder(topics, json, out, clock);
        this.nanoClock = () -> clock.millis() * 1_000_000L;
    }

    /** The filters discovery subscribes to while a client is connected. */
    public List<String> discoveryFilters() {
        return discoveryFilters;
    }

    /** A client connected: it gets serverInfo and the channels known so far. */
    public ClientSession open(Transport transport) {
        ClientSession s = new ClientSession(transport, settings.maxPendingMessages());
        s.outbox().onGone(() -> close(s));
        synchronized (this) {
            if (closed) {
                transport.close(1001, "the Foxglove endpoint is stopping");
                return s;
            }
            s.outbox()
                    .text(
                            out.serverInfo(
                                    settings.serverName(),
                                    settings.sessionId(),
                                    Map.of(
                                            "container",
                                            topics.containerId(),
                                            "access",
                                            "read-only (observer)")));
            s.outbox().text(out.advertise(byId.values().stream().map(c -> c.channel).toList()));
            sessions.add(s);
            if (sessions.size() == 1) {
                startDiscovery();
            }
        }
        LOG.log(Level.INFO, s + " connected");
        return s;
    }

    /** A text message from a client. */
    public void onText(ClientSession s, String text) {
        ClientMessage m;
        try {
            m = in.parse(text);
        } catch (ProtocolException e) {
            status(s, StatusLevel.ERROR, e.getMessage());
            return;
        }
        if ((m instanceof ClientMessage.Subscribe || m instanceof ClientMessage.Unsubscribe)
                && !withinChangeRate(s, m)) {
            return;
        }
        if (m instanceof ClientMessage.Subscribe sub) {
            subscribe(s, sub);
        } else if (m instanceof ClientMessage.Unsubscribe unsub) {
            unsubscribe(s, unsub);
        } else if (m instanceof ClientMessage.Unsupported u) {
            status(
                    s,
                    StatusLevel.ERROR,
                    "op '"
                            + u.op()
                            + "' is not supported: this endpoint is read-only and declares"
                            + " no capabilities; allowed: subscribe, unsubscribe");
        }
    }

    /**
     * Each subscription change becomes a bus subscribe or unsubscribe on the container's own
     * client: a client that changes more than {@link #MAX_CHANGES_PER_SECOND} channel subscriptions
     * in a second (a storm of thousands stalled the control loop and the container's bus) is told
     * why and disconnected.
     */
    private boolean withinChangeRate(ClientSession s, ClientMessage m) {
        int n =
                m instanceof ClientMessage.Subscribe sub
                        ? sub.subscriptions().size()
                        : ((ClientMessage.Unsubscribe) m).subscriptionIds().size();
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (s.windowStartNanos == Long.MIN_VALUE
                    || now - s.windowStartNanos >= 1_000_000_000L) {
                s.windowStartNanos = now;
                s.changesInWindow = 0;
            }
            s.changesInWindow += n;
            if (s.changesInWindow <= MAX_CHANGES_PER_SECOND) {
                return true;
            }
        }
        String why =
                "more than "
                        + MAX_CHANGES_PER_SECOND
                        + " subscription changes within a second; allowed: at most "
                        + MAX_CHANGES_PER_SECOND
                        + " (each one subscribes or unsubscribes on the container's bus)";
        status(s, StatusLevel.ERROR, why + "; disconnecting");
        LOG.log(Level.WARNING, s + ": " + why + "; disconnected");
        close(s);
        s.transport().close(1008, "too many subscription changes");
        return false;
    }

    /** A binary message from a client: publishing is not offered. */
    public void onBinary(ClientSession s) {
        status(
                s,
                StatusLevel.ERROR,
                "binary client messages are not supported: this endpoint is read-only"
                        + " (no clientPublish or services capability)");
    }

    /** A client went away: its subscriptions end, and discovery with the last client. */
    public void close(ClientSession s) {
        synchronized (this) {
            if (!sessions.remove(s)) {
                return;
            }
            for (Map.Entry<Long, ChannelState> e : List.copyOf(s.subscriptions.entrySet())) {
                drop(s, e.getKey(), e.getValue());
            }
            s.subscriptions.clear();
            if (sessions.isEmpty()) {
                stopDiscovery();
                // Nothing keeps the channels current without discovery: a topic cleared meanwhile
                // would stay advertised. The next client's discovery finds them anew.
                byTopic.clear();
                byId.clear();
            }
        }
        s.outbox().close();
        LOG.log(Level.INFO, s + " disconnected");
    }

    /** Closes every client and every subscription. */
    @Override
    public void close() {
        List<ClientSession> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(sessions);
        }
        for (ClientSession s : all) {
            close(s);
            s.transport().close(1001, "the Foxglove endpoint is stopping");
        }
    }

    /** Connected clients. */
    public synchronized int clients() {
        return sessions.size();
    }

    /** The topics the hub holds a bus subscription for on behalf of subscribed clients. */
    public synchronized Set<String> forwarding() {
        Set<String> t = new LinkedHashSet<>();
        byTopic.values().stream().filter(c -> c.link != null).forEach(c -> t.add(c.topic()));
        return t;
    }

    /** The advertised channels. */
    public synchronized List<Channel> channels() {
        return byId.values().stream().map(c -> c.channel).toList();
    }

    // ---- discovery ----

    private void startDiscovery() {
        for (String filter : discoveryFilters) {
            discovery.add(
                    bus.subscribe(filter, Qos.AT_LEAST_ONCE, this::discovered)
                            .whenComplete(
                                    (sub, error) -> {
                                        if (error != null) {
                                            LOG.log(
                                                    Level.WARNING,
                                                    "Foxglove discovery cannot subscribe to "
                                                            + filter
                                                            + ": "
                                                            + error.getMessage());
                                        }
                                    }));
        }
    }

    private void stopDiscovery() {
        discovery.forEach(FoxgloveHub::cancel);
        discovery.clear();
    }

    private void discovered(Message m) {
        String topic = m.topic();
        if (!exposable(topic)) {
            return;
        }
        synchronized (this) {
            if (sessions.isEmpty()) {
                return; // a late delivery after the last client left
            }
            if (m.payload().length == 0) {
                // A retained topic was cleared (a component went away, a loop stopped).
                remove(byTopic.get(topic));
                if (isLoopStateSchema(topic)) {
                    remove(byTopic.get(topics.loop(topics.loopNameOf(topic)).state()));
                }
                return;
            }
            if (!byTopic.containsKey(topic)) {
                add(
                        Channel.json(
                                nextChannelId++,
                                topic,
                                catalog.schemaName(topic),
                                catalog.jsonSchema(topic)),
                        null);
            }
            if (isLoopStateSchema(topic)) {
                jointStateStream(topic, m);
            }
        }
    }

    private boolean isLoopStateSchema(String topic) {
        return Topics.matches(topics.loopStateSchemaFilter(), topic);
    }

    private void jointStateStream(String schemaTopic, Message m) {
        String stream = topics.loop(topics.loopNameOf(schemaTopic)).state();
        JointStateJson decoder;
        try {
            decoder =
                    new JointStateJson(
                            json, codec.decode(schemaTopic, m.payload(), FrameSchema.class));
        } catch (CodecException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "no Foxglove channel for " + stream + ": " + e.getMessage());
            return;
        }
        ChannelState known = byTopic.get(stream);
        String schema = decoder.jsonSchema();
        if (known != null && known.channel.schema().equals(schema)) {
            return;
        }
        // New, or the loop's joints changed: the old channel (and its subscriptions) ends.
        remove(known);
        add(
                new Channel(
                        nextChannelId++,
                        stream,
                        Channel.JSON,
                        JointStateJson.SCHEMA_NAME,
                        schema,
                        Channel.JSON_SCHEMA),
                decoder);
    }

    private void add(Channel channel, JointStateJson decoder) {
        ChannelState c = new ChannelState(channel, decoder);
        byTopic.put(channel.topic(), c);
        byId.put(channel.id(), c);
        String advertise = out.advertise(List.of(channel));
        sessions.forEach(s -> s.outbox().text(advertise));
    }

    private void remove(ChannelState c) {
        if (c == null) {
            return;
        }
        byTopic.remove(c.topic());
        byId.remove(c.channel.id());
        for (ChannelState.Subscriber sub : List.copyOf(c.subscribers)) {
            sub.session().subscriptions.remove(sub.id());
        }
        c.subscribers.clear();
        unlink(c);
        String unadvertise = out.unadvertise(List.of(c.channel.id()));
        sessions.forEach(s -> s.outbox().text(unadvertise));
    }

    // ---- subscriptions ----

    private synchronized void subscribe(ClientSession s, ClientMessage.Subscribe m) {
        for (ClientMessage.SubscriptionRequest r : m.subscriptions()) {
            if (s.subscriptions.containsKey(r.id())) {
                status(
                        s,
                        StatusLevel.ERROR,
                        "subscription id "
                                + r.id()
                                + " is already in use; unsubscribe it first or choose another id");
                continue;
            }
            ChannelState c = byId.get(r.channelId());
            if (c == null) {
                status(
                        s,
                        StatusLevel.ERROR,
                        "channelId "
                                + r.channelId()
                                + " is not advertised; allowed: the ids of the advertised channels");
                continue;
            }
            Long sameChannel =
                    s.subscriptions.entrySet().stream()
                            .filter(e -> e.getValue() == c)
                            .map(Map.Entry::getKey)
                            .findFirst()
                            .orElse(null);
            if (sameChannel != null) {
                // One subscription per channel and client: more only multiply the same frames
                // (100,000 of them took seconds under the hub's lock and gigabytes of heap).
                status(
                        s,
                        StatusLevel.ERROR,
                        "channelId "
                                + r.channelId()
                                + " is already subscribed as id "
                                + sameChannel
                                + "; allowed: one subscription per channel");
                continue;
            }
            s.subscriptions.put(r.id(), c);
            c.subscribers.add(new ChannelState.Subscriber(s, r.id()));
            if (c.link == null) {
                c.link =
                        bus.subscribe(
                                c.topic(), Qos.AT_MOST_ONCE, msg -> forwarder.deliver(c, msg));
                c.link.whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        Level.WARNING,
                                        "Foxglove cannot subscribe to "
                                                + c.topic()
                                                + ": "
                                                + error.getMessage());
                                status(
                                        s,
                                        StatusLevel.ERROR,
                                        "cannot subscribe to "
                                                + c.topic()
                                                + ": "
                                                + error.getMessage());
                            }
                        });
            } else {
                byte[] retained = c.lastRetained;
                if (retained != null) {
                    s.outbox()
                            .data(ServerMessages.messageData(r.id(), forwarder.nowNs(), retained));
                }
            }
        }
    }

    private synchronized void unsubscribe(ClientSession s, ClientMessage.Unsubscribe m) {
        for (long id : m.subscriptionIds()) {
            ChannelState c = s.subscriptions.get(id);
            if (c == null) {
                status(
                        s,
                        StatusLevel.WARNING,
                        "subscription id " + id + " is not active; nothing to unsubscribe");
                continue;
            }
            drop(s, id, c);
        }
    }

    private void drop(ClientSession s, long id, ChannelState c) {
        s.subscriptions.remove(id);
        c.subscribers.remove(new ChannelState.Subscriber(s, id));
        if (c.subscribers.isEmpty()) {
            unlink(c);
        }
    }

    private static void unlink(ChannelState c) {
        if (c.link != null) {
            cancel(c.link);
            c.link = null;
        }
        // Without a bus link nothing keeps it current: the next link's retained copy tells anew.
        c.lastRetained = null;
    }

    private static void cancel(CompletionStage<Subscription> link) {
        link.thenAccept(Subscription::cancel);
    }

    /** Whether an observer may see {@code topic} (see {@link Forwarder#exposable}). */
    boolean exposable(String topic) {
        return forwarder.exposable(topic);
    }

    private void status(ClientSession s, StatusLevel level, String message) {
        forwarder.status(s, level, message);
    }
}
