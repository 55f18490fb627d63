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
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The MQTT connection of one bus: connects in the background, reconnects with exponential backoff
 * when the broker goes away, and gives up for good only when the broker hands the session to
 * another client with the same client id. Every transition runs on the bus timer thread, so the
 * listener sees them one at a time and in order.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    /** A co-started embedded broker takes a few seconds; failing to reach it earlier is normal. */
    private static final long QUIET_START_NANOS = Duration.ofSeconds(3).toNanos();

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
    private final MqttAsyncClient client;
    private final ScheduledExecutorService timer;
    private final Supplier<Message> will;
    private final BusStatistics stats;
    private final Listener listener;
    private final Backoff backoff;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile String lastError = "";
    private final TakeoverPattern takeoverPattern = new TakeoverPattern();
    private volatile long connectedNanos;

    /**
     * @param will builds the last will at each attempt, or {@code null} for a bus that does not
     *     announce itself
     */
    Connection(
            BusSettings settings,
            MqttAsyncClient client,
            ScheduledExecutorService timer,
            Supplier<Message> will,
            BusStatistics stats,
            Listener listener) {
        this.settings = settings;
        this.client = client;
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

    String lastError() {
        return lastError;
    }

    /** Completes on the first connection; exceptionally when the bus closes or fails first. */
    CompletableFuture<Void> firstConnection() {
        return firstConnection;
    }

    void start() {
        onTimer(this::connect);
    }

    /** Paho's callback: the broker or the network ended the connection. */
    void onDisconnected(MqttDisconnectResponse response) {
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
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.log(Level.DEBUG, "close: " + PahoMessages.describe(e));
            }
            firstConnection.completeExceptionally(new BusException("bus closed"));
        }
    }

    private void connect() {
        if (state == ConnectionState.CLOSED || state == ConnectionState.FAILED) {
            return;
        }
        MqttConnectionOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            connectFailed(e);
            return;
        }
        stats.connectAttempts.increment();
        try {
            client.connect(
                    options,
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            onTimer(Connection.this::connected);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable error) {
                            onTimer(() -> connectFailed(error));
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            connectFailed(e);
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
        long delay = scheduleReconnect();
        boolean starting =
                !firstConnection.isDone() && System.nanoTime() - createdNanos < QUIET_START_NANOS;
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

    private long scheduleReconnect() {
        long delay = backoff.nextDelayMillis();
        try {
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: nothing to reconnect
        }
        return delay;
    }

    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException closed) {
            // closing: the bus no longer reacts to the connection
        }
    }
}
