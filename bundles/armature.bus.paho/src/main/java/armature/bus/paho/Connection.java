package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The MQTT connection of one bus: connects in the background, reconnects with exponential backoff
 * when the broker goes away, and gives up for good only when the broker hands the session to
 * another client with the same client id. Every transition runs on the bus timer thread, so the
 * listener sees them one at a time and in order.
 *
 * <p>Every attempt after the first uses a new Paho client, and an attempt that has not ended after
 * the connect timeout plus {@link #ATTEMPT_GRACE} is abandoned: a Paho 1.2.5 client that lost its
 * connection while acknowledging a QoS 1 message keeps that acknowledgement queued, and its next
 * connect then never ends (its sender thread stops at once and the connect waits for it forever);
 * nor does Paho time out a broker that accepts the TCP connection and never answers CONNECT. See
 * ADR 0077.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    /**
     * A co-started embedded broker takes a few seconds; failing to reach it earlier is normal, not
     * logged as a warning, and retried at the shortest delay.
     */
    private static final long QUIET_START_NANOS = Duration.ofSeconds(3).toNanos();

    /**
     * How long past the connect timeout an attempt may go without an answer before it is dropped.
     */
    static final Duration ATTEMPT_GRACE = Duration.ofSeconds(2);

    /** Where the current client's incoming messages and delivery notices go. */
    interface Inbound {
        void messageArrived(String topic, MqttMessage message);

        void deliveryComplete();
    }

    /** Makes a Paho client (not yet connected) for the bus's broker and client id. */
    interface ClientFactory {
        MqttAsyncClient create() throws MqttException;
    }

    /** What the bus does at each transition; called on the timer thread. */
    interface Listener {
        /** Connected (state is already CONNECTED); {@code reconnect} is false the first time. */
        void connected(boolean reconnect);

        /** The connection was lost; the state is RECONNECTING and a new attempt is scheduled. */
        void lost(String reason);

        /** Terminal: the state is FAILED and nothing will be retried. */
        void failed(String reason);
    }

    private final BusSettings settings;
    private final ClientFactory clients;
    private final Inbound inbound;
    private final ScheduledExecutorService timer;
    private final Supplier<Message> will;
    private final BusStatistics stats;
    private final Listener listener;
    private final Backoff backoff;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String lastError = "";

    /** Whether the latest connection attempt was refused for the client's credentials. */
    private volatile boolean loginRefused;

    private volatile boolean refusalFailsFirstConnection;
    private final TakeoverPattern takeoverPattern = new TakeoverPattern();
    private volatile long connectedNanos;

    /** When an unanswered attempt was last dropped. Timer thread. */
    private long abandonedAttemptNanos;

    /** Dropped attempts whose late CONNECT may still take the session over. Timer thread. */
    private int excusableTakeovers;

    /** How long after a dropped attempt a takeover is taken for that attempt's late CONNECT. */
    static final Duration OWN_LATE_CONNECT = Duration.ofSeconds(30);

    private volatile MqttAsyncClient client;

    /**
     * Whether {@link #client} has been asked to connect (then the next attempt makes a new one).
     */
    private boolean clientUsed;

    /** Numbers the attempts; callbacks of an earlier attempt's client are ignored. */
    private volatile long attempt;

    /** The attempt still waiting for Paho's answer, or 0. Timer thread only. */
    private long pendingAttempt;

    /** The time-out of the attempt in flight, or null. Timer thread only. */
    private ScheduledFuture<?> attemptLimit;

    /**
     * @param clients makes the first client now (so that a bad broker URL fails here) and a new one
     *     for each later attempt
     * @param inbound gets the messages and delivery notices of the current client
     * @param will builds the last will at each attempt, or {@code null} for a bus that does not
     *     announce itself
     * @throws MqttException when the first client cannot be made
     */
    Connection(
            BusSettings settings,
            ClientFactory clients,
            Inbound inbound,
            ScheduledExecutorService timer,
            Supplier<Message> will,
            BusStatistics stats,
            Listener listener)
            throws MqttException {
        this.settings = settings;
        this.clients = clients;
        this.inbound = inbound;
        this.client = clients.create();
        client.setCallback(new Guarded(0));
        this.timer = timer;
        this.will = will;
        this.stats = stats;
        this.listener = listener;
        this.backoff = new Backoff(settings.minReconnectDelay(), settings.maxReconnectDelay());
    }

    ConnectionState state() {
        return state;
    }

    boolean isConnected() {
        return state == ConnectionState.CONNECTED;
    }

    boolean loginRefused() {
        return loginRefused;
    }

    String lastError() {
        return lastError;
    }

    /** A refused login before the first connection fails {@link #firstConnection()}. */
    void failFirstConnectionOnRefusal() {
        refusalFailsFirstConnection = true;
    }

    /** The Paho client of the current attempt or connection. */
    MqttAsyncClient client() {
        return client;
    }

    /** Completes on the first connection; exceptionally when the bus closes or fails first. */
    CompletableFuture<Void> firstConnection() {
        return firstConnection;
    }

    void start() {
        onTimer(this::connect);
    }

    /** Paho's callback: the broker or the network ended the connection. */
    private void onDisconnected(MqttDisconnectResponse response) {
        int code = response.getReturnCode();
        MqttException error = response.getException();
        if (error != null && code == 0) {
            code = error.getReasonCode();
        }
        String reason =
                error != null
                        ? PahoMessages.describe(error)
                        : response.getReasonString() != null
                                ? response.getReasonString() + " [code " + code + "]"
                                : "broker disconnected us [code " + code + "]";
        boolean takenOver = code == MqttReturnCode.RETURN_CODE_SESSION_TAKEN_OVER;
        // No DISCONNECT from the broker, just the socket gone.
        boolean abrupt =
                error != null
                        && error.getReasonCode() == MqttClientException.REASON_CODE_CONNECTION_LOST;
        long lostNanos = System.nanoTime();
        onTimer(() -> lost(reason, takenOver, abrupt, lostNanos));
    }

    /**
     * Ends the connection for good: sets CLOSED first, so that no callback reconnects, then
     * disconnects (waiting at most {@code grace}) and releases the client.
     */
    void close(Duration grace) {
        boolean wasConnected;
        synchronized (this) {
            wasConnected = state == ConnectionState.CONNECTED;
            state = ConnectionState.CLOSED;
        }
        try {
            if (wasConnected) {
                client.disconnect(grace.toMillis()).waitForCompletion(grace.toMillis() + 1000);
            }
        } catch (MqttException e) {
            LOG.log(
                    Level.DEBUG,
                    "disconnect from " + settings.brokerUrl() + ": " + PahoMessages.describe(e));
        } finally {
            retire(client);
            firstConnection.completeExceptionally(new BusException("bus closed"));
        }
    }

    private void connect() {
        if (state == ConnectionState.CLOSED
                || state == ConnectionState.FAILED
                || state == ConnectionState.CONNECTED
                || pendingAttempt != 0) {
            return; // a second reconnect scheduled for the same loss, or nothing left to do
        }
        MqttConnectionOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            connectFailed(e);
            return;
        }
        long id = attempt + 1;
        if (clientUsed) {
            MqttAsyncClient fresh;
            try {
                fresh = clients.create();
            } catch (MqttException e) {
                connectFailed(e);
                return;
            }
            fresh.setCallback(new Guarded(id));
            MqttAsyncClient previous = client;
            client = fresh;
            retire(previous);
            if (state == ConnectionState.CLOSED) {
                retire(fresh); // closed meanwhile: close() may have released the previous one
                return;
            }
        } else {
            client.setCallback(new Guarded(id));
        }
        attempt = id;
        clientUsed = true;
        pendingAttempt = id;
        stats.connectAttempts.increment();
        try {
            client.connect(
                    options,
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            onTimer(() -> answered(id, null));
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable error) {
                            onTimer(() -> answered(id, error));
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            attemptEnded();
            connectFailed(e);
            return;
        }
        Duration limit = settings.connectTimeout().plus(ATTEMPT_GRACE);
        try {
            attemptLimit =
                    timer.schedule(
                            () -> unanswered(id, limit), limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    /** The attempt in flight is over (answered, dropped or overtaken by a loss). */
    private void attemptEnded() {
        pendingAttempt = 0;
        if (attemptLimit != null) {
            attemptLimit.cancel(false);
            attemptLimit = null;
        }
    }

    /** Paho ended attempt {@code id}: connected when {@code error} is null. */
    private void answered(long id, Throwable error) {
        if (id != pendingAttempt) {
            return; // an abandoned attempt; its client is already retired
        }
        attemptEnded();
        if (error == null) {
            connected();
        } else {
            connectFailed(error);
        }
    }

    /** Attempt {@code id} got no answer within {@code limit}: drop its client and try again. */
    private void unanswered(long id, Duration limit) {
        if (id != pendingAttempt) {
            return;
        }
        attemptLimit = null; // this is it running
        attemptEnded();
        // Its CONNECT may still reach the broker after the next attempt's (a stalled broker
        // works through its backlog): that takeover is this client's own.
        abandonedAttemptNanos = System.nanoTime();
        excusableTakeovers++;
        LOG.log(
                Level.WARNING,
                "connecting to "
                        + settings.brokerUrl()
                        + " got no answer within "
                        + limit.toMillis()
                        + " ms; dropping that MQTT client and trying again with a new one");
        connectFailed(
                new BusException(
                        "no answer to the connection attempt within " + limit.toMillis() + " ms"));
        stats.unansweredAttempts.increment();
    }

    /**
     * Releases a client that is no longer used. One whose connect never ended is disconnected by
     * force first (which closes its socket); if it still will not close it is left to itself.
     */
    private void retire(MqttAsyncClient old) {
        try {
            old.close(true);
            return;
        } catch (MqttException e) {
            if (e.getReasonCode() != MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                LOG.log(Level.DEBUG, "close of a replaced client: " + PahoMessages.describe(e));
                return;
            }
        }
        try {
            old.disconnectForcibly(0, 0, false);
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            stats.abandonedClients.increment();
            LOG.log(
                    Level.WARNING,
                    "an MQTT client whose connect never ended did not close (its thread is left"
                            + " behind): "
                            + PahoMessages.describe(e));
        }
    }

    private MqttConnectionOptions options() {
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
            Arrays.fill(password, '\0');
        }
        if (settings.brokerUrl().startsWith("ssl:")) {
            options.setSocketFactory(
                    TlsContexts.socketFactory(
                            settings.tls() == null
                                    ? new BusSettings.Tls(null, null, null)
                                    : settings.tls()));
        }
        if (will != null) {
            // The will's properties (content type, sender, boot id) travel in the CONNECT packet's
            // will properties, not in the message.
            Message message = will.get();
            MqttMessage w = PahoMessages.toPaho(null, null, message);
            options.setWill(message.topic(), w);
            options.setWillMessageProperties(w.getProperties());
        }
        return options;
    }

    private void connected() {
        // CONNECTED first: what is subscribed or published while the listener runs goes straight
        // to the broker (at worst twice, which is harmless).
        if (!moveTo(ConnectionState.CONNECTED)) {
            return;
        }
        boolean reconnect = firstConnection.isDone();
        connectedNanos = System.nanoTime();
        backoff.reset();
        lastError = "";
        loginRefused = false;
        if (reconnect) {
            stats.reconnects.increment();
        }
        LOG.log(
                Level.INFO,
                (reconnect ? "reconnected to " : "connected to ")
                        + settings.brokerUrl()
                        + " as "
                        + settings.clientId());
        listener.connected(reconnect);
        firstConnection.complete(null);
    }

    private void lost(String reason, boolean takenOver, boolean abrupt, long lostNanos) {
        attemptEnded();
        if (lostNanos - abandonedAttemptNanos >= OWN_LATE_CONNECT.toNanos()) {
            excusableTakeovers = 0;
        }
        if (takenOver && excusableTakeovers > 0) {
            // An attempt of ours that got no answer was dropped shortly before: the broker most
            // likely handed the session to that late CONNECT, not to a second container. Once
            // per dropped attempt: a real twin takes the session over again and is recognised.
            excusableTakeovers--;
            LOG.log(
                    Level.WARNING,
                    settings.brokerUrl()
                            + " gave the session of '"
                            + settings.clientId()
                            + "' to another connection right after a connection attempt of this"
                            + " client went unanswered: most likely that late attempt itself;"
                            + " reconnecting");
            takenOver = false;
            abrupt = false;
        }
        boolean thrownOff = !takenOver && abrupt && takeoverPattern.lost(connectedNanos, lostNanos);
        if (!moveTo(
                takenOver || thrownOff ? ConnectionState.FAILED : ConnectionState.RECONNECTING)) {
            return;
        }
        if (takenOver || thrownOff) {
            lastError =
                    (takenOver
                                    ? "another client connected to "
                                            + settings.brokerUrl()
                                            + " with client id '"
                                            + settings.clientId()
                                            + "' and took over its session (MQTT reason 0x8E)"
                                    : settings.brokerUrl()
                                            + " dropped the connection abruptly "
                                            + TakeoverPattern.LOSSES
                                            + " times within "
                                            + TakeoverPattern.SPAN.toSeconds()
                                            + " s, each time soon after accepting it: another"
                                            + " client most likely connected with"
                                            + " client id '"
                                            + settings.clientId()
                                            + "' and took over its session (this broker does not"
                                            + " say so)")
                            + "; not reconnecting, so the two stop knocking each other off."
                            + " Is a second container running with id '"
                            + settings.containerId()
                            + "'?";
            LOG.log(Level.ERROR, lastError);
            firstConnection.completeExceptionally(new BusException(lastError));
            listener.failed(lastError);
            return;
        }
        lastError = "connection lost: " + reason;
        LOG.log(Level.WARNING, settings.brokerUrl() + " " + lastError + "; reconnecting");
        listener.lost(lastError);
        scheduleReconnect();
    }

    private void connectFailed(Throwable error) {
        if (!moveTo(
                state == ConnectionState.CONNECTING
                        ? ConnectionState.CONNECTING
                        : ConnectionState.RECONNECTING)) {
            return;
        }
        lastError = PahoMessages.describe(error);
        loginRefused = PahoMessages.isLoginRefusal(error);
        if (refusalFailsFirstConnection
                && !firstConnection.isDone()
                && PahoMessages.isLoginRefusal(error)) {
            firstConnection.completeExceptionally(
                    new armature.bus.api.BusException(
                            "the broker refused the login: " + lastError));
        }
        boolean starting = starting();
        long delay = scheduleReconnect();
        LOG.log(
                starting ? Level.DEBUG : Level.WARNING,
                "cannot connect to "
                        + settings.brokerUrl()
                        + ": "
                        + lastError
                        + "; retrying in "
                        + delay
                        + " ms");
    }

    /** Moves to {@code next} unless closed or failed (both are final); returns whether it did. */
    private synchronized boolean moveTo(ConnectionState next) {
        if (state == ConnectionState.CLOSED || state == ConnectionState.FAILED) {
            return false;
        }
        state = next;
        return true;
    }

    /** Before the first connection, within the first seconds: the broker may still be starting. */
    private boolean starting() {
        return !firstConnection.isDone() && System.nanoTime() - createdNanos < QUIET_START_NANOS;
    }

    private long scheduleReconnect() {
        long delay = backoff.nextDelayMillis(starting());
        try {
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: nothing to reconnect
        }
        return delay;
    }

    /** Passes the callbacks of attempt {@code id}'s client on while it is the current one. */
    private final class Guarded implements MqttCallback {
        private final long id;

        Guarded(long id) {
            this.id = id;
        }

        private boolean current() {
            return id == attempt && state != ConnectionState.CLOSED;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (current()) {
                onDisconnected(response);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.WARNING, "MQTT error: " + PahoMessages.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (current()) {
                inbound.messageArrived(topic, message);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            if (current()) {
                inbound.deliveryComplete();
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // The connect token says it instead.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }

    /**
     * Drops the current connection although the broker did not (it stopped delivering to this
     * client) and reconnects with a new client and a fresh session, as after a loss.
     */
    void restart(String reason) {
        onTimer(
                () -> {
                    if (state != ConnectionState.CONNECTED) {
                        return;
                    }
                    // The old client's callbacks are no longer current; the next attempt makes a
                    // new client (this one was used) and retires this one.
                    attempt++;
                    lost(reason, false, false, System.nanoTime());
                });
    }

    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException closed) {
            // closing: the bus no longer reacts to the connection
        }
    }
}
