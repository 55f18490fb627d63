package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.JointStateChannels;
import armature.control.api.LoopTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The other end of the loop protocol for in-process CLI tests, on a real broker: a retained state
 * schema, state frames at 100 Hz from {@link #positionRad}, and whatever retained documents and
 * answers a test scripts. (The real loop is driven end to end in distribution/container.)
 */
final class ScriptedLoop implements AutoCloseable {
    static final double RATE_HZ = 100;

    final LoopTopics topics;
    final List<String> joints;
    final PahoMessageBus bus;
    final double[] positionRad;
    volatile long epoch = 7;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final JsonCodec json = new JsonCodec();

    ScriptedLoop(String brokerUrl, String container, String loop, List<String> joints)
            throws Exception {
        this.topics = ContainerTopics.of(container).loop(loop);
        this.joints = joints;
        this.positionRad = new double[joints.size()];
        this.bus = new PahoMessageBus(BusSettings.of(brokerUrl, container, "loop-" + loop));
        bus.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        FrameSchema schema =
                new FrameSchema(
                        FrameKind.JOINT_STATE,
                        ElementType.FLOAT64,
                        List.of(
                                JointStateChannels.POSITION_RAD,
                                JointStateChannels.VELOCITY_RAD_PER_SEC,
                                JointStateChannels.EFFORT),
                        joints.size(),
                        joints,
                        "monotonic",
                        RATE_HZ,
                        Map.of(JointStateChannels.EFFORT_UNIT_ATTRIBUTE, "Nm"));
        retain(topics.stateSchema(), json.encode(schema));
    }

    /** Starts the state stream. */
    ScriptedLoop streaming() {
        byte[] frame = new byte[FrameFormat.frameBytes(ElementType.FLOAT64, 3, joints.size())];
        FrameWriter w = new FrameWriter();
        long period = (long) (1e9 / RATE_HZ);
        ticks.scheduleAtFixedRate(
                () -> {
                    double[] p;
                    synchronized (positionRad) {
                        p = positionRad.clone();
                    }
                    double[] effort = new double[p.length];
                    java.util.Arrays.fill(effort, 0.25);
                    int n =
                            w.wrap(frame, 0)
                                    .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, p.length)
                                    .epoch(epoch)
                                    .timestampNs(System.nanoTime())
                                    .putChannel(p)
                                    .putChannel(new double[p.length])
                                    .putChannel(effort)
                                    .finish();
                    bus.publish(
                            Message.builder(topics.state())
                                    .payload(java.util.Arrays.copyOf(frame, n))
                                    .contentType(ContentTypes.FRAME)
                                    .build());
                },
                0,
                period,
                TimeUnit.NANOSECONDS);
        return this;
    }

    void setPosition(int joint, double rad) {
        synchronized (positionRad) {
            positionRad[joint] = rad;
        }
    }

    double position(int joint) {
        synchronized (positionRad) {
            return positionRad[joint];
        }
    }

    void retain(String topic, Object document) {
        retain(topic, json.encode(document));
    }

    void retain(String topic, byte[] json) {
        publish(
                Message.builder(topic)
                        .payload(json)
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
    }

    void send(String topic, Object document) {
        publish(
                Message.builder(topic)
                        .payload(json.encode(document))
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .build());
    }

    private void publish(Message m) {
        bus.publish(m).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Handles what arrives on {@code filter}; returns once the broker confirmed it. */
    void on(String filter, MessageHandler handler) throws Exception {
        bus.subscribe(filter, Qos.AT_LEAST_ONCE, handler)
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        ticks.shutdownNow();
        ticks.awaitTermination(5, TimeUnit.SECONDS);
        bus.close();
    }

    static Duration period() {
        return Duration.ofNanos((long) (1e9 / RATE_HZ));
    }
}
