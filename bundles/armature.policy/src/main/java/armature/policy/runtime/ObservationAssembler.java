package armature.policy.runtime;

import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.policy.api.ObservationSlot;
import armature.policy.api.PolicySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keeps the newest value of every observation slot with the time it arrived, and assembles the
 * observation vector only when every slot is present and fresh. Messages arrive on bus threads, the
 * vector is read on the policy thread: every method is synchronized (a copy of a few hundred floats
 * per message).
 */
public final class ObservationAssembler {
    /** Why no vector could be assembled: the slot and a sentence. */
    public record Gap(String slot, String kind, String message) {}

    private final List<ObservationSlot> slots;
    private final float[][] values;
    private final long[] receivedNanos;
    private final boolean[] present;
    private final Map<String, FrameSchema> schemas = new HashMap<>(); // per relative topic
    private final LongSupplier clock;
    private final long maxAgeNanos;
    private final int size;

    /**
     * @param spec the policy's spec
     * @param maxAgeNanos how old the newest message of a slot may be
     * @param clock monotonic nanoseconds
     */
    public ObservationAssembler(PolicySpec spec, long maxAgeNanos, LongSupplier clock) {
        this.slots = spec.observations();
        this.values = new float[slots.size()][];
        for (int i = 0; i < slots.size(); i++) {
            values[i] = new float[slots.get(i).size()];
        }
        this.receivedNanos = new long[slots.size()];
        this.present = new boolean[slots.size()];
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
        this.size = spec.observationSize();
    }

    /** The distinct relative topics the slots read. */
    public List<String> topics() {
        List<String> t = new ArrayList<>();
        for (ObservationSlot s : slots) {
            if (!t.contains(s.topic())) {
                t.add(s.topic());
            }
        }
        return t;
    }

    /** Whether some slot reads named elements of the frame stream {@code topic}. */
    public boolean needsSchema(String topic) {
        for (ObservationSlot s : slots) {
            if (s.topic().equals(topic) && !s.isJsonField()) {
                return true;
            }
        }
        return false;
    }

    /** The stream {@code topic}'s frame schema arrived (or changed). */
    public synchronized void schema(String topic, FrameSchema schema) {
        schemas.put(topic, schema);
    }

    /**
     * A frame arrived on {@code topic}: fills every frame slot of that topic.
     *
     * @return problems, one per slot that could not be filled (empty when all went in)
     */
    public synchronized List<Gap> frame(String topic, FrameReader frame) {
        List<Gap> problems = new ArrayList<>();
        FrameSchema schema = schemas.get(topic);
        long now = clock.getAsLong();
        for (int i = 0; i < slots.size(); i++) {
            ObservationSlot s = slots.get(i);
            if (!s.topic().equals(topic) || s.isJsonField()) {
                continue;
            }
            String problem = fillFromFrame(s, schema, frame, values[i]);
            if (problem == null) {
                receivedNanos[i] = now;
                present[i] = true;
            } else {
                problems.add(new Gap(s.name(), "invalid", problem));
            }
        }
        return problems;
    }

    private static String fillFromFrame(
            ObservationSlot s, FrameSchema schema, FrameReader frame, float[] out) {
        if (schema == null) {
            return "no schema for " + s.topic() + " yet";
        }
        int channel = schema.channelNames().indexOf(s.field());
        if (channel < 0) {
            return "slot "
                    + s.name()
                    + ": stream "
                    + s.topic()
                    + " has no channel '"
                    + s.field()
                    + "'; channels: "
                    + schema.channelNames();
        }
        if (frame.channels() != schema.channelNames().size()
                || frame.elementsPerChannel() != schema.elementsPerChannel()) {
            return "slot " + s.name() + ": frame on " + s.topic() + " does not match its schema";
        }
        List<String> names = s.elements().isEmpty() ? schema.elementNames() : s.elements();
        if (s.elements().isEmpty()) {
            if (schema.elementsPerChannel() != s.size()) {
                return "slot "
                        + s.name()
                        + " has size "
                        + s.size()
                        + " but "
                        + s.topic()
                        + " has "
                        + schema.elementsPerChannel()
                        + " elements";
            }
            for (int k = 0; k < s.size(); k++) {
                out[k] = checked(frame.get(channel, k));
            }
        } else {
            for (int k = 0; k < s.size(); k++) {
                int e = schema.elementNames().indexOf(names.get(k));
                if (e < 0) {
                    return "slot "
                            + s.name()
                            + ": "
                            + s.topic()
                            + " has no element '"
                            + names.get(k)
                            + "'";
                }
                out[k] = checked(frame.get(channel, e));
            }
        }
        for (float v : out) {
            if (!Float.isFinite(v)) {
                return "slot " + s.name() + ": a value on " + s.topic() + " is not finite";
            }
        }
        return null;
    }

    private static float checked(double v) {
        return (float) v;
    }

    /**
     * A JSON message arrived on {@code topic} (decoded to maps and lists): fills every JSON slot of
     * that topic from its pointer.
     */
    public synchronized List<Gap> json(String topic, Object document) {
        List<Gap> problems = new ArrayList<>();
        long now = clock.getAsLong();
        for (int i = 0; i < slots.size(); i++) {
            ObservationSlot s = slots.get(i);
            if (!s.topic().equals(topic) || !s.isJsonField()) {
                continue;
            }
            String problem = JsonPointers.fill(document, s, values[i]);
            if (problem == null) {
                receivedNanos[i] = now;
                present[i] = true;
            } else {
                problems.add(new Gap(s.name(), "invalid", problem));
            }
        }
        return problems;
    }

    /**
     * Copies the vector into {@code out} when every slot is present and fresh.
     *
     * @return null when copied, else the first slot that is missing or stale
     */
    public synchronized Gap assemble(float[] out) {
        long now = clock.getAsLong();
        for (int i = 0; i < slots.size(); i++) {
            ObservationSlot s = slots.get(i);
            if (!present[i]) {
                return new Gap(
                        s.name(),
                        "missing",
                        "observation " + s.name() + " has had no message on " + s.topic() + " yet");
            }
            long age = now - receivedNanos[i];
            if (age > maxAgeNanos) {
                return new Gap(
                        s.name(),
                        "stale",
                        String.format(
                                "observation %s is %.0f ms old (newest on %s); allowed: %.0f ms",
                                s.name(), age / 1e6, s.topic(), maxAgeNanos / 1e6));
            }
        }
        if (out.length != size) {
            throw new IllegalArgumentException(
                    "observation buffer has " + out.length + " floats; needs " + size);
        }
        int k = 0;
        for (float[] v : values) {
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return null;
    }
}
