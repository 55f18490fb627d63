package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.EmbeddedBroker;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.FrameWriter;
import armature.bus.codec.JsonCodec;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.CommandMode;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs/control.md example against a stand-in loop on a real broker: it finds the joint in the
 * retained schema, stamps the epoch of the state frames, continues above its floor in the
 * supervisor document, and streams well-formed position commands at the recommended rate.
 * (SchemaConformanceIT runs it against the real loop.)
 */
class JointCommandExampleTest {
    private static final long EPOCH = 3_000_000_001L; // above 2^31, as a fresh loop's epoch is
    private static final long FLOOR = 41;

    @TempDir java.nio.file.Path dir;

    @Test
    void theExampleStreamsValidCommandsAboveItsFloorAndReportsWhereTheJointIs() throws Exception {
        LoopTopics loop = ContainerTopics.of("unit").loop("arm");
        JsonCodec json = new JsonCodec();
        double[] measuredRad = {0.1, 0.2, 0.3};
        Queue<Message> commands = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedBroker broker = new EmbeddedBroker(0, dir)) {
            broker.start();
            try (PahoMessageBus fakeLoop =
                    new PahoMessageBus(BusSettings.of(broker.url(), "unit", "loop"))) {
                fakeLoop.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                retained(
                        fakeLoop,
                        loop.stateSchema(),
                        json.encode(
                                FrameSchema.jointState(
                                        List.of("a", "b", "c"),
                                        ElementType.FLOAT64,
                                        "monotonic",
                                        100,
                                        "Nm")));
                retained(
                        fakeLoop,
                        loop.supervisor(),
                        json.encode(
                                Map.of(
                                        "epoch",
                                        EPOCH,
                                        "watchdog",
                                        "ACTIVE",
                                        "eStop",
                                        "CLEAR",
                                        "senders",
                                        Map.of("alice", Long.toString(FLOOR)))));
                // The stand-in applies every command it gets, so the state follows the targets.
                fakeLoop.subscribe(
                                loop.commandFilter(),
                                Qos.AT_MOST_ONCE,
                                m -> {
                                    commands.add(m);
                                    FrameReader r = new FrameReader().wrap(m.payload());
                                    synchronized (measuredRad) {
                                        r.copyChannel(0, measuredRad, 0);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
                ticks.scheduleAtFixedRate(
                        () ->
                                fakeLoop.publish(
                                        Message.builder(loop.state())
                                                .payload(stateFrame(measuredRad))
                                                .contentType(ContentTypes.FRAME)
                                                .build()),
                        0,
                        10,
                        TimeUnit.MILLISECONDS);

                JointCommandExample.Outcome o =
                        JointCommandExample.run(
                                broker.url(),
                                loop,
                                "alice",
                                null,
                                "b",
                                0.5,
                                Duration.ofMillis(600));

                assertThat(o.epoch()).isEqualTo(EPOCH);
                assertThat(o.measuredRad()).isEqualTo(0.5);
                assertThat(commands).hasSizeBetween(20, 40); // 50 Hz for 0.6 s
                long expected = FLOOR;
                for (Message m : commands) {
                    assertThat(m.topic()).isEqualTo(loop.command("alice"));
                    assertThat(m.contentType()).isEqualTo(ContentTypes.FRAME);
                    assertThat(m.userProperties())
                            .containsEntry(
                                    UserProperties.COMMAND_MODE, CommandMode.POSITION.wireName());
                    assertThat(m.expiry()).isEqualTo(Duration.ofSeconds(1));
                    FrameReader r = new FrameReader().wrap(m.payload());
                    assertThat(r.kind()).isEqualTo(FrameKind.JOINT_COMMAND);
                    assertThat(r.epoch()).isEqualTo(EPOCH);
                    assertThat(r.sequence())
                            .as("sequence numbers rise by one from the floor")
                            .isEqualTo(++expected);
                    double[] values = new double[3];
                    r.copyChannel(0, values, 0);
                    assertThat(values).containsExactly(0.1, 0.5, 0.3);
                }
                assertThat(o.lastSequence()).isEqualTo(expected);
            }
        } finally {
            ticks.shutdownNow();
        }
    }

    private static void retained(PahoMessageBus bus, String topic, byte[] json) {
        ContainerProcess.publish(
                bus,
                Message.builder(topic)
                        .payload(json)
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
    }

    private static byte[] stateFrame(double[] positionRad) {
        double[] copy;
        synchronized (positionRad) {
            copy = positionRad.clone();
        }
        byte[] frame = new byte[FrameFormat.HEADER_BYTES + 3 * 8 * copy.length];
        double[] zeros = new double[copy.length];
        int n =
                new FrameWriter()
                        .wrap(frame, 0)
                        .begin(FrameKind.JOINT_STATE, ElementType.FLOAT64, 3, copy.length)
                        .epoch(EPOCH)
                        .timestampNs(System.nanoTime())
                        .putChannel(copy)
                        .putChannel(zeros)
                        .putChannel(zeros)
                        .finish();
        return Arrays.copyOf(frame, n);
    }
}
