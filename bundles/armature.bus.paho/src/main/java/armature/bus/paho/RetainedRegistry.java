package armature.bus.paho;

import armature.bus.api.BusException;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The retained state this bus published in this run, newest payload per topic, so that it is on the
 * broker whatever happens to the connection: sent again after every (re)connect, accepted while not
 * connected (and sent on connect), and cleared on a clean close.
 *
 * <p>One lock serialises everything that decides what a retained topic holds on the broker:
 * publishing, republishing, clearing a leftover and clearing on close. Each decision and the
 * enqueueing of its message into the ordered {@link PublishQueue} happen under the lock, so the
 * broker sees them in decision order and the newest decision wins.
 */
final class RetainedRegistry {
    private final Function<Message, CompletableFuture<Void>> send;
    private final BooleanSupplier connected;
    private final Map<String, Entry> topics = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param send the ordered publish path
     * @param connected whether {@code send} can reach the broker now
     */
    RetainedRegistry(Function<Message, CompletableFuture<Void>> send, BooleanSupplier connected) {
        this.send = send;
        this.connected = connected;
    }

    /**
     * Publishes a retained message and remembers it; an empty payload clears the topic and forgets
     * it. Not connected: remembered and sent at the next connection, when the returned stage
     * completes.
     */
    synchronized CompletableFuture<Void> publish(Message message) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new BusException("cannot publish to '" + message.topic() + "': bus closed"));
        }
        boolean clear = message.payload().length == 0;
        Entry previous = topics.get(message.topic());
        if (connected.getAsBoolean()) {
            CompletableFuture<Void> sent = send.apply(message);
            if (previous != null) {
                // Held before the connection and not yet republished: this value supersedes it.
                completeWith(previous.waiting, sent);
            }
            if (clear) {
                topics.remove(message.topic());
            } else {
                topics.put(message.topic(), new Entry(message, new ArrayList<>()));
            }
            return sent;
        }
        // Held until connected; a clear is held too, as it may be meant for an earlier run's value.
        List<CompletableFuture<Void>> waiting =
                previous == null ? new ArrayList<>() : previous.waiting;
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiting.add(done);
        topics.put(message.topic(), new Entry(message, waiting));
        return done;
    }

    /** On every connection: sends the newest value of every remembered topic. */
    synchronized void republishAll() {
        if (closed) {
            return;
        }
        for (Iterator<Entry> it = topics.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            completeWith(e.waiting, send.apply(e.message));
            if (e.message.payload().length == 0) {
                it.remove();
            }
        }
    }

    /**
     * Clears {@code topic} on the broker unless this run published it (then the broker holds, or is
     * about to hold, this run's value, which must stay).
     *
     * @return the clearing publish, or {@code null} when the topic was left alone
     */
    synchronized CompletableFuture<Void> clearUnlessPublished(String topic) {
        if (closed || topics.containsKey(topic) || !connected.getAsBoolean()) {
            return null;
        }
        return send.apply(emptyRetained(topic));
    }

    /**
     * Clean close: clears every remembered topic on the broker and accepts nothing more. What was
     * never sent fails.
     *
     * @return the clearing publishes
     */
    synchronized List<CompletableFuture<Void>> clearAll() {
        closed = true;
        List<CompletableFuture<Void>> clears = new ArrayList<>();
        boolean online = connected.getAsBoolean();
        for (Entry e : topics.values()) {
            failAll(e.waiting, "bus closed before it connected");
            if (online) {
                clears.add(send.apply(emptyRetained(e.message.topic())));
            }
        }
        topics.clear();
        return clears;
    }

    /** Closing without clearing (not connected, or failed): fails what was never sent. */
    synchronized void close(String why) {
        closed = true;
        topics.values().forEach(e -> failAll(e.waiting, why));
        topics.clear();
    }

    /** How many topics are remembered. */
    synchronized int size() {
        return topics.size();
    }

    /** Earlier publishes of a topic count as delivered once its newest value is. */
    private static void completeWith(
            List<CompletableFuture<Void>> waiting, CompletableFuture<Void> sent) {
        if (waiting.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> copy = new ArrayList<>(waiting);
        waiting.clear();
        sent.whenComplete(
                (ok, error) -> {
                    for (CompletableFuture<Void> w : copy) {
                        if (error == null) {
                            w.complete(null);
                        } else {
                            w.completeExceptionally(error);
                        }
                    }
                });
    }

    private static void failAll(List<CompletableFuture<Void>> waiting, String why) {
        waiting.forEach(w -> w.completeExceptionally(new BusException(why)));
        waiting.clear();
    }

    private static Message emptyRetained(String topic) {
        return Message.builder(topic).qos(Qos.AT_LEAST_ONCE).retained(true).build();
    }

    private record Entry(Message message, List<CompletableFuture<Void>> waiting) {}
}
