package armature.foxglove.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A client connection that records what it was sent. Sends complete at once unless stalled, as over
 * a network whose reader has stopped reading.
 */
final class FakeTransport implements Transport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A decoded Message Data frame. */
    record Data(long subscriptionId, long receiveTimeNs, byte[] payload) {
        JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    final List<JsonNode> texts = new ArrayList<>();
    final List<Data> data = new ArrayList<>();
    final List<Consumer<Throwable>> stalledSends = new ArrayList<>();
    boolean stalled;
    String closed;

    @Override
    public synchronized void sendText(String text, Consumer<Throwable> done) {
        try {
            texts.add(JSON.readTree(text));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        complete(done);
    }

    @Override
    public synchronized void sendBinary(ByteBuffer b, Consumer<Throwable> done) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (le.get() != 0x01) {
            throw new AssertionError("not a Message Data frame");
        }
        long id = le.getInt() & 0xFFFF_FFFFL;
        long t = le.getLong();
        byte[] payload = new byte[le.remaining()];
        le.get(payload);
        data.add(new Data(id, t, payload));
        complete(done);
    }

    private void complete(Consumer<Throwable> done) {
        if (stalled) {
            stalledSends.add(done);
        } else {
            done.accept(null);
        }
    }

    /** The reader reads again: completes the stalled send (which sends the next). */
    void resume() {
        List<Consumer<Throwable>> pending;
        synchronized (this) {
            stalled = false;
            pending = new ArrayList<>(stalledSends);
            stalledSends.clear();
        }
        pending.forEach(d -> d.accept(null));
    }

    @Override
    public void close(int code, String reason) {
        closed = code + " " + reason;
    }

    @Override
    public String describe() {
        return "test client";
    }

    /** Text messages with this op. */
    synchronized List<JsonNode> ops(String op) {
        return texts.stream().filter(t -> t.path("op").asText().equals(op)).toList();
    }

    /** Every advertised channel so far, minus the unadvertised ones. */
    synchronized List<JsonNode> channels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : texts) {
            if (t.path("op").asText().equals("advertise")) {
                t.get("channels").forEach(out::add);
            } else if (t.path("op").asText().equals("unadvertise")) {
                for (JsonNode id : t.get("channelIds")) {
                    out.removeIf(c -> c.get("id").asLong() == id.asLong());
                }
            }
        }
        return out;
    }

    synchronized JsonNode channel(String topic) {
        return channels().stream()
                .filter(c -> c.get("topic").asText().equals(topic))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no channel advertised for " + topic + ": " + channels()));
    }
}
