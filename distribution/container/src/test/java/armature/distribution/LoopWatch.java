package armature.distribution;

import armature.bus.api.Qos;
import armature.bus.codec.FrameReader;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** The newest state frame, statistics and every event of one loop, seen through one client. */
final class LoopWatch {
    record Frame(long epoch, double[] positionRad, double[] velocityRadPerSec) {}

    final AtomicReference<Frame> frame = new AtomicReference<>();
    final AtomicReference<JsonNode> statistics = new AtomicReference<>();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();

    private final Duration wait;

    /**
     * @param bus a client of the container's broker (its observer)
     * @param loop the loop's topics
     * @param wait how long {@link #await} waits
     */
    LoopWatch(PahoMessageBus bus, LoopTopics loop, Duration wait) throws Exception {
        this.wait = wait;
        bus.subscribe(
                        loop.state(),
                        Qos.AT_MOST_ONCE,
                        m -> {
                            FrameReader r = new FrameReader().wrap(m.payload());
                            double[] p = new double[r.elementsPerChannel()];
                            double[] v = new double[r.elementsPerChannel()];
                            r.copyChannel(0, p, 0);
                            r.copyChannel(1, v, 0);
                            frame.set(new Frame(r.epoch(), p, v));
                            signal();
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        bus.subscribe(
                        loop.statistics(),
                        Qos.AT_MOST_ONCE,
                        m -> {
                            statistics.set(ContainerProcess.JSON.readTree(m.payload()));
                            signal();
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        bus.subscribe(
                        loop.events(),
                        Qos.AT_MOST_ONCE,
                        m -> {
                            events.add(ContainerProcess.JSON.readTree(m.payload()));
                            signal();
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    long epoch() {
        return frame.get().epoch();
    }

    double position(int joint) {
        return frame.get().positionRad()[joint];
    }

    /** The joint's velocity in the latest state frame (channel 1), rad/s. */
    double velocity(int joint) {
        return frame.get().velocityRadPerSec()[joint];
    }

    boolean hasEvent(String type, String messagePart) {
        return events.stream()
                .anyMatch(
                        e ->
                                type.equals(e.path("type").asText())
                                        && e.path("message").asText().contains(messagePart));
    }

    long stat(String group, String field) {
        JsonNode s = statistics.get();
        return s == null ? -1 : s.path(group).path(field).asLong();
    }

    boolean statBool(String group, String field) {
        JsonNode s = statistics.get();
        return s != null && s.path(group).path(field).asBoolean();
    }

    long supervisorStat(String field) {
        return stat("supervisor", field);
    }

    JsonNode epochEntry(long epoch) {
        for (JsonNode e : statistics.get().path("epochs")) {
            if (e.path("epoch").asLong() == epoch) {
                return e;
            }
        }
        throw new AssertionError("no epoch " + epoch + " in " + statistics.get());
    }

    void await(String what, BooleanSupplier done, ContainerProcess c) throws Exception {
        long end = System.nanoTime() + wait.toNanos();
        synchronized (changed) {
            while (!done.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "not within "
                                    + wait
                                    + ": "
                                    + what
                                    + "; last statistics: "
                                    + statistics.get()
                                    + "; events: "
                                    + events
                                    + "\ncontainer log:\n"
                                    + c.log());
                }
                TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, 50_000_000));
            }
        }
    }
}
