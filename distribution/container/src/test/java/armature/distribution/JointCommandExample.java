package armature.distribution;

import armature.bus.codec.ElementType;
import armature.bus.codec.FrameFormat;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.control.api.CommandContract;
import armature.control.api.CommandMode;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * The example of docs/control.md, which quotes the code between the {@code [example]} markers
 * (ControlDocTest keeps the two equal, SchemaConformanceIT runs it against the distribution): a
 * third-party client that moves one joint of a control loop. It needs armature.bus.codec,
 * armature.control.api, Eclipse Paho MQTT v5 and Jackson on its class path, and nothing else of
 * Armature.
 */
public final class JointCommandExample {
    private JointCommandExample() {}

    // [example]
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run did: the epoch it commanded, its last sequence number, where the joint ended. */
    public record Outcome(long epoch, long lastSequence, double measuredRad) {}

    /** {@code BROKER CONTAINER LOOP USER PASSWORD-FILE|- JOINT TARGET-RAD SECONDS} */
    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println(
                    "usage: BROKER CONTAINER LOOP USER PASSWORD-FILE|- JOINT TARGET-RAD SECONDS");
            System.exit(2);
        }
        char[] password =
                args[4].equals("-")
                        ? null
                        : Files.readString(Path.of(args[4])).trim().toCharArray();
        Outcome o =
                run(
                        args[0],
                        ContainerTopics.of(args[1]).loop(args[2]),
                        args[3],
                        password,
                        args[5],
                        Double.parseDouble(args[6]),
                        Duration.ofMillis(Math.round(Double.parseDouble(args[7]) * 1000)));
        System.out.println(args[5] + " is at " + o.measuredRad() + " rad");
    }

    /**
     * Streams position commands to {@code loop} at the recommended rate for {@code duration}: the
     * joint named {@code joint} goes to {@code targetRad}, every other joint holds where it was.
     */
    public static Outcome run(
            String brokerUrl,
            LoopTopics loop,
            String user,
            char[] password,
            String joint,
            double targetRad,
            Duration duration)
            throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (password != null) {
            options.setUserName(user);
            options.setPassword(new String(password).getBytes(StandardCharsets.UTF_8));
        }
        MqttClient client =
                new MqttClient(
                        brokerUrl,
                        user + "-" + ProcessHandle.current().pid(),
                        new MemoryPersistence());
        // One callback routes every message by topic. (Paho's per-subscription listeners are
        // kept in a map it iterates unguarded while delivering, so subscribing with a listener
        // while messages arrive can fail with a ConcurrentModificationException.)
        Map<String, Consumer<MqttMessage>> routes = new ConcurrentHashMap<>();
        client.setCallback(
                new MqttCallback() {
                    @Override
                    public void messageArrived(String topic, MqttMessage m) {
                        routes.getOrDefault(topic, ignored -> {}).accept(m);
                    }

                    @Override
                    public void disconnected(MqttDisconnectResponse r) {}

                    @Override
                    public void mqttErrorOccurred(MqttException e) {}

                    @Override
                    public void deliveryComplete(IMqttToken t) {}

                    @Override
                    public void connectComplete(boolean reconnect, String uri) {}

                    @Override
                    public void authPacketArrived(int reason, MqttProperties p) {}
                });
        client.connect(options);
        try {
            // 1. The joint order of every frame: the loop's retained state schema.
            JsonNode schema = JSON.readTree(next(client, routes, loop.stateSchema()).getPayload());
            List<String> joints = new ArrayList<>();
            schema.path("elementNames").forEach(n -> joints.add(n.asText()));
            int index = joints.indexOf(joint);
            if (index < 0) {
                throw new IllegalArgumentException(
                        "joint '"
                                + joint
                                + "' is not in loop "
                                + loop.base()
                                + "; joints: "
                                + joints);
            }

            // 2. The current epoch and where the joints are: the newest state frame.
            FrameReader state =
                    new FrameReader().wrap(next(client, routes, loop.state()).getPayload());
            long epoch = state.epoch();
            double[] targetsRad = new double[state.elementsPerChannel()];
            state.copyChannel(0, targetsRad, 0); // channel 0 is positionRad
            targetsRad[index] = targetRad;

            // 3. Where this sender's sequence numbers continue: the retained supervisor document.
            JsonNode supervisor =
                    JSON.readTree(next(client, routes, loop.supervisor()).getPayload());
            long sequence =
                    supervisor.path("epoch").asLong() == epoch
                            ? Long.parseUnsignedLong(
                                    supervisor.path("senders").path(user).asText("0"))
                            : 0;

            // 4. Refusals name themselves on the events topic.
            routes.put(
                    loop.events(),
                    m -> {
                        String event = new String(m.getPayload(), StandardCharsets.UTF_8);
                        if (event.contains("\"COMMAND_")) {
                            System.err.println("refused: " + event);
                        }
                    });
            client.subscribe(loop.events(), 0);

            // 5. The stream: one JOINT_COMMAND frame per period, each with the next sequence
            // number.
            FrameWriter writer = new FrameWriter();
            byte[] frame = new byte[FrameFormat.HEADER_BYTES + 8 * targetsRad.length];
            long periodNanos = 1_000_000_000L / CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
            long end = System.nanoTime() + duration.toNanos();
            for (long next = System.nanoTime(); next < end; next += periodNanos) {
                int length =
                        writer.wrap(frame, 0)
                                .begin(
                                        FrameKind.JOINT_COMMAND,
                                        ElementType.FLOAT64,
                                        1,
                                        targetsRad.length)
                                .epoch(epoch)
                                .sequence(++sequence)
                                .timestampNs(System.nanoTime()) // for your latency measurements
                                .putChannel(targetsRad)
                                .finish();
                client.publish(
                        loop.command(user),
                        new MqttMessage(
                                Arrays.copyOf(frame, length), 0, false, commandProperties()));
                LockSupport.parkNanos(next + periodNanos - System.nanoTime());
            }

            // 6. Where the joint is now.
            FrameReader after =
                    new FrameReader().wrap(next(client, routes, loop.state()).getPayload());
            return new Outcome(epoch, sequence, after.get(0, index));
        } finally {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close(true);
        }
    }

    /** Frame content type, position mode, and a deadline: a command older than 1 s is void. */
    private static MqttProperties commandProperties() {
        MqttProperties p = new MqttProperties();
        p.setContentType("application/vnd.armature.frame.v1");
        p.setMessageExpiryInterval(1L);
        p.setUserProperties(
                List.of(
                        new UserProperty(
                                UserProperties.COMMAND_MODE, CommandMode.POSITION.wireName())));
        return p;
    }

    /** The next message on {@code topic}; a retained one arrives at once. */
    private static MqttMessage next(
            MqttClient client, Map<String, Consumer<MqttMessage>> routes, String topic)
            throws Exception {
        CompletableFuture<MqttMessage> got = new CompletableFuture<>();
        routes.put(topic, got::complete);
        client.subscribe(topic, 0);
        try {
            return got.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "nothing on " + topic + " within 5 s: is the loop running?");
        } finally {
            client.unsubscribe(topic);
            routes.remove(topic);
        }
    }
    // [/example]
}
