package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.CodecException;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.control.api.LoopTopics;

/** The measured state of one loop: its retained schema and its stream of state frames. */
final class LoopState implements AutoCloseable {
    final LoopTopics loop;
    final FrameSchema schema;
    private final Watch frames;
    private final long timeoutNanos;

    private LoopState(LoopTopics loop, FrameSchema schema, Watch frames, long timeoutNanos) {
        this.loop = loop;
        this.schema = schema;
        this.frames = frames;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Subscribes to the state frames and reads the retained schema.
     *
     * @throws Cli.Refused when no schema arrives within --timeout (no such loop) or it is
     *     unreadable
     */
    static LoopState open(Invocation inv, LoopTopics loop) throws InterruptedException {
        long timeout = inv.timeout().toNanos();
        Watch frames = Watch.open(inv.bus(), Qos.AT_MOST_ONCE, inv.timeout(), loop.state());
        try (Watch schemaWatch =
                Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), loop.stateSchema())) {
            Message m = schemaWatch.next(x -> x.payload().length > 0, System.nanoTime() + timeout);
            if (m == null) {
                throw new Cli.Refused(
                        "loop '"
                                + loop.loopName()
                                + "' has no state schema on "
                                + loop.stateSchema()
                                + " (is the loop running? see armature status)");
            }
            FrameSchema schema = new JsonCodec().decode(m.topic(), m.payload(), FrameSchema.class);
            return new LoopState(loop, schema, frames, timeout);
        } catch (CodecException | IllegalArgumentException e) {
            frames.close();
            throw new Cli.Refused(
                    "unreadable state schema of loop '" + loop.loopName() + "': " + e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            frames.close();
            throw e;
        }
    }

    /**
     * The next state frame.
     *
     * @throws Cli.Refused when none arrives within --timeout, or one does not fit the schema
     */
    MeasuredJoints next() throws InterruptedException {
        Message m = frames.next(System.nanoTime() + timeoutNanos);
        if (m == null) {
            throw new Cli.Refused(
                    "loop '"
                            + loop.loopName()
                            + "' published no state on "
                            + loop.state()
                            + " within "
                            + timeoutNanos / 1_000_000_000L
                            + " s");
        }
        return decode(m);
    }

    /** The newest frame that arrived since the last call, or {@code null}. */
    MeasuredJoints newestSinceLast() {
        Message newest = null;
        Message m;
        while ((m = frames.poll()) != null) {
            newest = m;
        }
        return newest == null ? null : decode(newest);
    }

    private MeasuredJoints decode(Message m) {
        try {
            return MeasuredJoints.decode(schema, m.payload());
        } catch (CodecException | IllegalArgumentException e) {
            throw new Cli.Refused(
                    "state frame of loop '" + loop.loopName() + "' unreadable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        frames.close();
    }
}
