package armature.foxglove.hub;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * What waits to be sent to one client, one send in flight at a time. Control messages (serverInfo,
 * advertise, status) are never dropped and go first; message data waits in a bounded queue that
 * drops its oldest entry when full, so a slow client loses old messages instead of holding memory
 * or slowing the bus: the bus's delivery thread only ever appends here.
 */
final class Outbox {
    /** Control messages a client may owe before it is considered gone. */
    static final int MAX_CONTROL = 4096;

    private final Transport transport;
    private final int maxData;
    private final ArrayDeque<String> control = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> data = new ArrayDeque<>();
    private boolean inFlight;
    private boolean pumping;
    private boolean closed;
    private long dropped;
    private volatile Runnable gone = () -> {};

    Outbox(Transport transport, int maxData) {
        if (maxData < 1) {
            throw new IllegalArgumentException(
                    "maxPendingMessages = " + maxData + "; allowed: 1 or more");
        }
        this.transport = transport;
        this.maxData = maxData;
    }

    void text(String message) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            overflow = control.size() >= MAX_CONTROL;
            if (!overflow) {
                control.add(message);
            }
        }
        if (overflow) {
            // Only a client that reads nothing at all gets here: its subscriptions end now (the
            // close handshake itself may never get through to a client that does not read).
            close();
            transport.abort(1008, "client does not read: " + MAX_CONTROL + " messages pending");
            gone.run();
            return;
        }
        pump();
    }

    void data(ByteBuffer message) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (data.size() >= maxData) {
                data.poll();
                dropped++;
            }
            data.add(message);
        }
        pump();
    }

    /** What to do once this outbox gave its client up (the hub forgets the client). */
    void onGone(Runnable r) {
        gone = r;
    }

    /** Message data dropped so far because the client was slower than the bus. */
    synchronized long dropped() {
        return dropped;
    }

    /** Messages waiting (not counting the one in flight). */
    synchronized int pending() {
        return control.size() + data.size();
    }

    synchronized void close() {
        closed = true;
        control.clear();
        data.clear();
    }

    private void pump() {
        synchronized (this) {
            if (pumping) {
                return; // the thread already pumping sends what was just added
            }
            pumping = true;
        }
        while (true) {
            String text;
            ByteBuffer bytes;
            synchronized (this) {
                if (inFlight || closed) {
                    pumping = false;
                    return;
                }
                text = control.poll();
                bytes = text == null ? data.poll() : null;
                if (text == null && bytes == null) {
                    pumping = false;
                    return;
                }
                inFlight = true;
            }
            // A transport may complete synchronously: onSent then only clears inFlight, and
            // this loop carries on (no recursion however long the queue).
            try {
                if (text != null) {
                    transport.sendText(text, this::onSent);
                } else {
                    transport.sendBinary(bytes, this::onSent);
                }
            } catch (RuntimeException e) {
                onSent(e);
            }
        }
    }

    private void onSent(Throwable failure) {
        synchronized (this) {
            inFlight = false;
            if (failure != null) {
                closed = true;
                control.clear();
                data.clear();
            }
        }
        if (failure == null) {
            pump();
        }
    }
}
