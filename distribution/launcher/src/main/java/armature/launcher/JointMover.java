package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandContract;
import armature.control.api.CommandMode;
import armature.control.api.ControlEventType;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams position commands to one loop, as {@link CommandContract} asks: at {@link
 * CommandContract#RECOMMENDED_COMMAND_RATE_HZ}, stamped with the epoch of the newest state frame
 * and sequence numbers above this sender's floor. Named joints get their targets; the others are
 * held where they were measured at the start. Stops when every named joint is within the tolerance,
 * when the supervisor refuses a command, or when the time is up.
 */
final class JointMover {
    /**
     * Every COMMAND_* event refuses a command (rejected, duplicate, sequence jump, expired, refused
     * for the e-stop, a re-sync or the sender limit, malformed), except a wrong epoch, which this
     * sender corrects by itself.
     */
    static boolean isRefusal(String type) {
        return type.startsWith("COMMAND_")
                && !type.equals(ControlEventType.COMMAND_WRONG_EPOCH.name());
    }

    private final Invocation inv;
    private final LoopTopics loop;
    private final LoopState state;
    private final Watch events;
    private final Map<String, Double> targets;
    private final double toleranceRad;
    private final long limitNanos;
    private long sequence;
    private long epoch;
    private final byte[] frame;
    private final FrameWriter writer = new FrameWriter();

    JointMover(
            Invocation inv,
            LoopTopics loop,
            LoopState state,
            Watch events,
            Map<String, Double> targets,
            double toleranceRad,
            long limitNanos,
            long sequenceFloor) {
        this.inv = inv;
        this.loop = loop;
        this.state = state;
        this.events = events;
        this.targets = targets;
        this.toleranceRad = toleranceRad;
        this.limitNanos = limitNanos;
        this.sequence = sequenceFloor;
        this.frame =
                new byte
                        [FrameFormat.frameBytes(
                                ElementType.FLOAT64, 1, state.schema.elementNames().size())];
    }

    /** Moves from {@code start}; prints the result; returns the exit code. */
    int move(MeasuredJoints start) throws InterruptedException {
        double[] command = start.positionRad().clone();
        for (var t : targets.entrySet()) {
            command[start.index(t.getKey())] = t.getValue();
        }
        java.util.List<String> unheld = new java.util.ArrayList<>();
        java.util.List<String> names = state.schema.elementNames();
        for (int i = 0; i < command.length; i++) {
            if (!Double.isFinite(command[i])) {
                unheld.add(names.get(i));
            }
        }
        if (!unheld.isEmpty()) {
            // The joints not named are held where they are: without a position there is no
            // "where they are" to hold them at.
            inv.err.println(
                    noMeasurement(
                            unheld,
                            ", which this command would hold where they are",
                            "; nothing was sent"));
            return 1;
        }
        epoch = start.epoch();
        long periodNanos =
                TimeUnit.SECONDS.toNanos(1) / CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
        long t0 = System.nanoTime();
        long next = t0;
        MeasuredJoints latest = start;
        events.clear(); // what happened before our first command is not about it
        long firstSent = 0;
        boolean sent = false;
        while (true) {
            MeasuredJoints m = state.newestSinceLast();
            if (m != null) {
                latest = m;
                follow(m.epoch());
            }
            // A refusal of what was sent is the answer, whatever the joints show.
            JsonNode refusal = refusal();
            if (refusal != null) {
                return finish(latest, t0, refusal);
            }
            // At least one command goes out even when the joints are there already, and it has
            // had two command periods to be refused: a set takes the loop over (a running policy
            // pauses), so that they stay there.
            boolean answered = sent && System.nanoTime() - firstSent >= 2 * periodNanos;
            if (answered && reached(latest)) {
                return finish(latest, t0, null);
            }
            if (answered && System.nanoTime() - t0 >= limitNanos) {
                return finish(latest, t0, null);
            }
            send(command);
            if (!sent) {
                firstSent = System.nanoTime();
            }
            sent = true;
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // paces the stream; nothing waits on another thread
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** A new epoch (driver swap): stamp it, and count from 0 as every sender of it does. */
    private void follow(long current) {
        if (current != epoch) {
            epoch = current;
            sequence = 0;
        }
    }

    private boolean reached(MeasuredJoints m) {
        for (var t : targets.entrySet()) {
            if (!within(m.positionRad()[m.index(t.getKey())], t.getValue(), toleranceRad)) {
                return false;
            }
        }
        return true;
    }

    /** Four decimals, or four significant digits for a value no joint reaches (1e308 typed). */
    static String rad(double x) {
        return String.format(
                java.util.Locale.ROOT, Math.abs(x) < 1e6 || Double.isNaN(x) ? "%.4f" : "%.4g", x);
    }

    /** Whether a measured position is within tolerance; a NaN (no reading) never is. */
    static boolean within(double measuredRad, double targetRad, double toleranceRad) {
        return Math.abs(measuredRad - targetRad) <= toleranceRad;
    }

    /** The first event that refuses a command of ours, or {@code null}. */
    private JsonNode refusal() {
        Message m;
        while ((m = events.poll()) != null) {
            JsonNode e;
            try {
                e = JsonDocs.MAPPER.readTree(m.payload());
            } catch (IOException ex) {
                continue; // not ours to judge; the loop's own problem
            }
            String sender = e.path("sender").asText(null);
            if (sender != null && !sender.equals(inv.user())) {
                continue; // another client's command
            }
            String type = e.path("type").asText();
            if (type.equals(ControlEventType.COMMAND_WRONG_EPOCH.name())) {
                // In flight across a driver swap: the event names the epoch now in force.
                try {
                    follow(Long.parseUnsignedLong(e.path("allowedRange").asText()));
                } catch (NumberFormatException ignored) {
                    // the next state frame carries it too
                }
            } else if (isRefusal(type)) {
                return e;
            }
        }
        return null;
    }

    private void send(double[] command) {
        int length =
                writer.wrap(frame, 0)
                        .begin(FrameKind.JOINT_COMMAND, ElementType.FLOAT64, 1, command.length)
                        .epoch(epoch)
                        .sequence(++sequence)
                        .timestampNs(System.nanoTime())
                        .putChannel(command)
                        .finish();
        inv.bus()
                .publish(
                        Message.builder(loop.command(inv.user()))
                                .payload(Arrays.copyOf(frame, length))
                                .contentType(ContentTypes.FRAME)
                                .userProperty(
                                        UserProperties.COMMAND_MODE,
                                        CommandMode.POSITION.wireName())
                                .build());
    }

    private int finish(MeasuredJoints m, long t0, JsonNode refusal) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        boolean reached = refusal == null && reached(m);
        if (inv.json()) {
            ObjectNode doc = JsonDocs.object();
            doc.put("loop", loop.loopName());
            doc.put("reached", reached);
            doc.put("elapsedSeconds", Math.round(seconds * 1000) / 1000.0);
            doc.put("epoch", m.epoch());
            doc.put("toleranceRad", toleranceRad);
            if (refusal != null) {
                doc.set("refusedBy", refusal);
            }
            ObjectNode joints = doc.putObject("joints");
            for (var t : targets.entrySet()) {
                int i = m.index(t.getKey());
                ObjectNode j = m.json(i);
                j.put("targetRad", t.getValue());
                joints.set(t.getKey(), j);
            }
            inv.out.println(doc.toPrettyString());
        } else {
            inv.out.printf(
                    "%s after %.2f s:%n",
                    reached ? "reached" : refusal != null ? "refused" : "not reached", seconds);
            for (var t : targets.entrySet()) {
                int i = m.index(t.getKey());
                inv.out.printf(
                        "  %s  %s rad  (target %s rad, off by %s)%n",
                        t.getKey(),
                        rad(m.positionRad()[i]),
                        rad(t.getValue()),
                        rad(Math.abs(m.positionRad()[i] - t.getValue())));
            }
        }
        if (refusal != null) {
            inv.err.println(
                    "armature: the supervisor refused the command: "
                            + refusal.path("type").asText()
                            + ": "
                            + refusal.path("message").asText());
            return 1;
        }
        if (!reached) {
            java.util.List<String> unmeasured = new java.util.ArrayList<>();
            for (String name : targets.keySet()) {
                if (!Double.isFinite(m.positionRad()[m.index(name)])) {
                    unmeasured.add(name);
                }
            }
            if (!unmeasured.isEmpty()) {
                inv.err.println(noMeasurement(unmeasured, "", ""));
                return 1;
            }
            inv.err.printf(
                    "armature: not every joint within %.4f rad of its target after %.2f s%n",
                    toleranceRad, limitNanos / 1e9);
            return 1;
        }
        return 0;
    }

    /** The joints the driver gives no position for, and where to look. */
    private static String noMeasurement(
            java.util.List<String> joints, String which, String outcome) {
        return "armature: no valid measurement of "
                + String.join(", ", joints)
                + which
                + " (the driver reports no position: is the hardware answering? `armature loop"
                + " stats` shows the driver's health)"
                + outcome;
    }
}
