package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameWriter;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.UserProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driver hot swap end to end (ADR 0050): the control loop 'hand' may bind either of two simulated
 * hands; while a test sender streams position commands at 500 Hz, the active simulator's
 * configuration file is deleted. The loop must rebind greedily to the other simulator inside a new
 * epoch, never apply a command twice or from the old epoch, account for every command, and end
 * ACTIVE on the replacement. The gap between the last state frame of the old epoch and the first of
 * the new one is printed as the measured figure (docs/benchmarks/hotswap.md).
 */
class DriverHotSwapIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double RATE_HZ = 500.0;

    /** Commands the sender still stamps with the old epoch after it saw the new one. */
    private static final int STALE_AFTER_SWAP = 10;

    /** Generous so a loaded 2-core machine cannot flake; the target is two periods (4 ms). */
    private static final long MAX_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** The hand's actuators and their ctrlrange, from its MJCF: commands stay inside them. */
    private static final ShadowHandActuators HAND = ShadowHandActuators.load();

    private static final List<String> JOINTS = HAND.names();
    private static final double[] MIN_RAD = HAND.lowerRad();
    private static final double[] MAX_RAD = HAND.upperRad();

    @TempDir Path home;

    /**
     * Per epoch: first and last receive time of its state frames, their count, and the first and
     * last frame timestamp (the driver's read time on the container's monotonic clock, the same
     * clock for both simulators, so it measures the loop's own gap without bus delivery jitter).
     */
    private final Map<Long, long[]> framesByEpoch = new ConcurrentHashMap<>();

    private final AtomicLong latestEpoch = new AtomicLong(-1);
    private final AtomicReference<JsonNode> latestStats = new AtomicReference<>();
    private final Object changed = new Object();

    @Test
    void loopRebindsToTheOtherSimulatorUnderA500HzCommandStream() throws Exception {
        Path model = handModel();
        Path simHand = writeConfiguration(model);
        Path config = home.resolve("config");
        try (ContainerProcess c = startContainer()) {
            PahoMessageBus bus = c.observer();
            followLoop(bus);
            ConcurrentHashMap<String, Boolean> attached = new ConcurrentHashMap<>();
            subscribe(
                    bus,
                    LOOP.events(),
                    m -> {
                        JsonNode e = ContainerProcess.JSON.readTree(m.payload());
                        if ("DRIVER_ATTACHED".equals(e.path("type").asText())) {
                            attached.put(e.path("message").asText(), true);
                            signal();
                        }
                    });
            await("state frames from driver 'hand'", () -> latestEpoch.get() >= 0, c);

            // The replacement comes up while 'hand' is bound; equal ranking, so greedy keeps
            // 'hand'.
            Files.writeString(
                    config.resolve("armature.sim-handb.cfg"), "modelPath=" + model + "\n");
            c.awaitMessage(
                    ContainerTopics.of("swapit").sim("handb").objects(),
                    n -> n.path("objects").size() > 0,
                    WAIT);
            long oldEpoch = latestEpoch.get();

            Sender sender = new Sender(c.client(SENDER), LOOP.command(SENDER));
            Thread t = new Thread(sender, "hotswap-sender");
            t.start();
            try {
                awaitFirstCommandsApplied(oldEpoch, c);
                assertThat(latestEpoch.get()).as("epoch before the swap").isEqualTo(oldEpoch);

                Files.delete(simHand);
                await("a state frame of a new epoch", () -> latestEpoch.get() > oldEpoch, c);
                long newEpoch = latestEpoch.get();
                await(
                        "driver 'handb' attached",
                        () -> attached.keySet().stream().anyMatch(k -> k.contains("'handb'")),
                        c);
                long appliedAtSwap =
                        latestStats.get().path("supervisor").path("commandsApplied").asLong();
                await(
                        "commands applied and the loop ACTIVE in epoch " + newEpoch,
                        () -> {
                            JsonNode s = latestStats.get().path("supervisor");
                            return s.path("epoch").asLong() == newEpoch
                                    && s.path("commandsApplied").asLong() > appliedAtSwap
                                    && "ACTIVE".equals(s.path("watchdogState").asText());
                        },
                        c);
            } finally {
                sender.stop = true;
                t.join(5000);
            }
            long newEpoch = latestEpoch.get();
            long sent = sender.sent.get();
            // QoS 0 on loopback: wait until the loop has seen what was sent (or give up and
            // report).
            awaitQuietly(
                    () -> {
                        JsonNode in = latestStats.get().path("inbox");
                        return in.path("offered").asLong() >= sent
                                && !in.path("pending").asBoolean();
                    });
            JsonNode stats = latestStats.get();
            JsonNode sup = stats.path("supervisor");
            JsonNode in = stats.path("inbox");
            long received = sup.path("commandsReceived").asLong();
            long applied = sup.path("commandsApplied").asLong();
            long rejected = 0;
            for (String k :
                    List.of(
                            "rejectedInvalid",
                            "rejectedWrongEpoch",
                            "rejectedDuplicate",
                            "rejectedSequenceJump",
                            "refusedSenderLimit",
                            "rejectedExpired",
                            "refusedEStop",
                            "refusedAwaitingResync")) {
                rejected += sup.path(k).asLong();
            }
            long[] before = framesByEpoch.get(oldEpoch);
            long[] after = framesByEpoch.get(newEpoch);
            double gapMs = (after[0] - before[1]) / 1e6;
            double loopGapMs = (after[3] - before[4]) / 1e6;
            System.out.printf(
                    "HOTSWAP loopGapMs=%.3f receiveGapMs=%.3f oldEpoch=%d newEpoch=%d framesOld=%d framesNew=%d"
                            + " sent=%d sentOldEpochAfterSwapSeen=%d publishFailures=%d"
                            + " offered=%d superseded=%d received=%d applied=%d rejected=%d"
                            + " wrongEpoch=%d awaitingResync=%d duplicate=%d invalid=%d"
                            + " expired=%d epochsBegun=%d%n",
                    loopGapMs,
                    gapMs,
                    oldEpoch,
                    newEpoch,
                    before[2],
                    after[2],
                    sent,
                    sender.oldEpochAfterSwap.get(),
                    sender.failures.get(),
                    in.path("offered").asLong(),
                    in.path("superseded").asLong(),
                    received,
                    applied,
                    rejected,
                    sup.path("rejectedWrongEpoch").asLong(),
                    sup.path("refusedAwaitingResync").asLong(),
                    sup.path("rejectedDuplicate").asLong(),
                    sup.path("rejectedInvalid").asLong(),
                    sup.path("rejectedExpired").asLong(),
                    stats.path("loop").path("epochsBegun").asLong());

            assertThat(newEpoch).as("exactly one new epoch").isEqualTo(oldEpoch + 1);
            assertThat(after[3] - before[4])
                    .as("loop gap: old epoch's last to new epoch's first state frame timestamp")
                    .isPositive()
                    .isLessThan(MAX_GAP_NANOS);
            assertThat(after[0] - before[1])
                    .as("gap between the old epoch's last and the new epoch's first frame received")
                    .isLessThan(MAX_GAP_NANOS);
            // Every command handed to the supervisor is applied or rejected, never both.
            assertThat(applied + rejected).as("applied + rejected").isEqualTo(received);
            assertThat(in.path("taken").asLong()).as("inbox taken").isEqualTo(received);
            assertThat(
                            in.path("taken").asLong()
                                    + in.path("superseded").asLong()
                                    + (in.path("pending").asBoolean() ? 1 : 0))
                    .as("inbox offered")
                    .isEqualTo(in.path("offered").asLong());
            // Each sent sequence number is distinct, so applied <= sent means none applied twice.
            assertThat(in.path("offered").asLong()).as("offered <= sent").isLessThanOrEqualTo(sent);
            assertThat(applied).as("applied <= distinct sequences sent").isLessThanOrEqualTo(sent);
            assertThat(sup.path("rejectedDuplicate").asLong()).as("replays").isZero();
            assertThat(sup.path("rejectedInvalid").asLong()).as("invalid").isZero();
            // Old-epoch commands sent after a new-epoch frame was seen reached the loop after the
            // epoch began: each was either superseded in the inbox or rejected, never applied.
            assertThat(sup.path("rejectedWrongEpoch").asLong() + in.path("superseded").asLong())
                    .as("old-epoch commands after the swap were rejected or superseded")
                    .isGreaterThanOrEqualTo(sender.oldEpochAfterSwap.get());
            assertThat(sup.path("epoch").asLong()).isEqualTo(newEpoch);
            assertPerEpoch(stats, sender, oldEpoch, newEpoch, "hand", "handb");
            JsonNode floor =
                    c.awaitMessage(
                            LOOP.supervisor(), n -> n.path("epoch").asLong() == newEpoch, WAIT);
            assertThat(Long.parseUnsignedLong(floor.path("senders").path(SENDER).asText("0")))
                    .as("last applied command is one the sender stamped with the new epoch")
                    .isGreaterThanOrEqualTo(sender.firstSequenceOfNewEpoch.get());
        }
    }

    /**
     * Driver v1 -> v2: the simulator's bundle is replaced by a new version (deploy) during the
     * command stream. The loop itself is not restarted; it holds without a driver while the new
     * bundle's component starts, then binds the new driver in a new epoch, re-reads its state and
     * resumes; every command is accounted for per epoch and none is applied twice.
     */
    @Test
    void loopSurvivesAnUpdateOfTheDriverBundleUnderA500HzCommandStream() throws Exception {
        writeConfiguration(handModel());
        Path v2 =
                Jars.withVersion(Jars.example("armature.sim"), home.resolve("sim-v2.jar"), "0.1.1");
        try (ContainerProcess c = startContainer()) {
            PahoMessageBus bus = c.observer();
            followLoop(bus);
            AtomicLong detached = new AtomicLong();
            subscribe(
                    bus,
                    LOOP.events(),
                    m -> {
                        JsonNode e = ContainerProcess.JSON.readTree(m.payload());
                        if ("DRIVER_DETACHED".equals(e.path("type").asText())) {
                            detached.incrementAndGet();
                            signal();
                        }
                    });
            await("state frames from driver 'hand'", () -> latestEpoch.get() >= 0, c);
            long loopComponentId =
                    ContainerProcess.component(c.statusJson(), "armature.control")
                            .path("id")
                            .asLong();
            long oldEpoch = latestEpoch.get();

            Sender sender = new Sender(c.client(SENDER), LOOP.command(SENDER));
            Thread t = new Thread(sender, "hotswap-sender");
            t.start();
            try {
                awaitFirstCommandsApplied(oldEpoch, c);

                long epochsBegunBefore =
                        latestStats.get().path("loop").path("epochsBegun").asLong();
                ContainerProcess.Result d = c.cli("deploy", v2.toString());
                assertThat(d.exit()).as(d.toString()).isZero();
                assertThat(d.out()).contains("armature.sim 0.1.1");

                // The deploy reply comes once the new bundle's components settled; the loop then
                // runs on the newest epoch, with commands of that epoch applied.
                await(
                        "commands applied and the loop ACTIVE in the newest epoch",
                        () -> {
                            JsonNode st = latestStats.get();
                            JsonNode s = st.path("supervisor");
                            long epoch = latestEpoch.get();
                            return epoch > oldEpoch
                                    && s.path("epoch").asLong() == epoch
                                    && appliedIn(st, epoch) > 0
                                    && "ACTIVE".equals(s.path("watchdogState").asText());
                        },
                        c);
                // Each stop/start of the driver begins two epochs: one without a driver, one
                // with the new driver.
                long begun =
                        latestStats.get().path("loop").path("epochsBegun").asLong()
                                - epochsBegunBefore;
                System.out.println("HOTSWAP-BUNDLE epochsBegun=" + begun);
                assertThat(begun % 2)
                        .as("epochs begun by the update: detach + attach pairs")
                        .isZero();
                assertThat(begun).isGreaterThanOrEqualTo(2);
            } finally {
                sender.stop = true;
                t.join(5000);
            }
            long newEpoch = latestEpoch.get();
            long sent = sender.sent.get();
            awaitQuietly(
                    () -> {
                        JsonNode in = latestStats.get().path("inbox");
                        return in.path("offered").asLong() >= sent
                                && !in.path("pending").asBoolean();
                    });
            JsonNode status = c.statusJson();
            assertThat(ContainerProcess.bundle(status, "armature.sim").path("version").asText())
                    .isEqualTo("0.1.1");
            JsonNode loop = ContainerProcess.component(status, "armature.control");
            assertThat(loop.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(loop.path("id").asLong())
                    .as("the loop component was not restarted by the driver bundle's update")
                    .isEqualTo(loopComponentId);
            assertThat(detached.get()).as("DRIVER_DETACHED events").isGreaterThanOrEqualTo(1);

            JsonNode stats = latestStats.get();
            JsonNode sup = stats.path("supervisor");
            long[] before = framesByEpoch.get(oldEpoch);
            long[] after = framesByEpoch.get(newEpoch);
            System.out.printf(
                    "HOTSWAP-BUNDLE loopGapMs=%.3f receiveGapMs=%.3f sent=%d applied=%d%n",
                    (after[3] - before[4]) / 1e6,
                    (after[0] - before[1]) / 1e6,
                    sent,
                    sup.path("commandsApplied").asLong());
            assertThat(sup.path("rejectedDuplicate").asLong()).as("replays").isZero();
            assertThat(sup.path("commandsApplied").asLong()).isLessThanOrEqualTo(sent);
            assertPerEpoch(stats, sender, oldEpoch, newEpoch, "hand", "hand");
        }
    }

    private static final LoopTopics LOOP = ContainerTopics.of("swapit").loop("hand");

    /** The broker user (and so the sender level) of the command stream. */
    private static final String SENDER = "hotswap";

    private static Path handModel() {
        return Path.of(System.getProperty("armature.repo", "../.."))
                .resolve("examples/models/gymnasium-robotics/hand/manipulate_block.xml")
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Simulator 'hand' and the loop, from files in config/; returns the simulator's file. Typed
     * values need FileInstall's .config syntax (a .cfg file gives strings only); the loop's file
     * holds every property, as the feature's default applies only to a PID without any.
     */
    private Path writeConfiguration(Path model) throws IOException {
        Path config = Files.createDirectories(home.resolve("config"));
        Path simHand = config.resolve("armature.sim-hand.cfg");
        Files.writeString(simHand, "modelPath=" + model + "\n");
        Files.writeString(config.resolve("armature.control-hand.config"), controlConfig(model));
        return simHand;
    }

    private ContainerProcess startContainer() throws Exception {
        int port = ContainerProcess.freePort();
        ContainerProcess c =
                ContainerProcess.start(
                        home,
                        "swapit",
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand");
        c.awaitReady(WAIT);
        return c;
    }

    /** State frames (per epoch) and the newest statistics of the loop 'hand'. */
    private void followLoop(PahoMessageBus bus) throws Exception {
        subscribe(bus, LOOP.state(), this::onState);
        subscribe(
                bus,
                LOOP.statistics(),
                m -> {
                    latestStats.set(ContainerProcess.JSON.readTree(m.payload()));
                    signal();
                });
    }

    private void awaitFirstCommandsApplied(long epoch, ContainerProcess c) throws Exception {
        await(
                "commands applied and the loop ACTIVE in epoch " + epoch,
                () -> {
                    JsonNode s = latestStats.get();
                    return s != null
                            && s.path("supervisor").path("commandsApplied").asLong() > 0
                            && "ACTIVE".equals(s.path("supervisor").path("watchdogState").asText());
                },
                c);
    }

    private static long appliedIn(JsonNode stats, long epoch) {
        for (JsonNode e : stats.path("epochs")) {
            if (e.path("epoch").asLong() == epoch) {
                return e.path("applied").asLong();
            }
        }
        return 0;
    }

    /**
     * Per command epoch (statistics "epochs", keyed by the epoch stamped on commands): every
     * command the loop saw is superseded, pending, applied or rejected exactly once, none is
     * applied twice, and commands of the old epoch that arrived after the swap were rejected as
     * stale or superseded, never applied in the new epoch.
     */
    private static void assertPerEpoch(
            JsonNode stats,
            Sender sender,
            long oldEpoch,
            long newEpoch,
            String oldDriver,
            String newDriver) {
        Map<Long, JsonNode> epochs = new java.util.HashMap<>();
        long appliedInAllEpochs = 0;
        for (JsonNode e : stats.path("epochs")) {
            epochs.put(e.path("epoch").asLong(), e);
            appliedInAllEpochs += e.path("applied").asLong();
        }
        System.out.println("HOTSWAP epochs=" + stats.path("epochs"));
        assertThat(epochs).containsKeys(oldEpoch, newEpoch);
        assertThat(appliedInAllEpochs)
                .as("per-epoch applied adds up to the supervisor's total")
                .isEqualTo(stats.path("supervisor").path("commandsApplied").asLong());
        for (long epoch : List.of(oldEpoch, newEpoch)) {
            JsonNode e = epochs.get(epoch);
            String as = "epoch " + epoch + " ";
            long offered = e.path("offered").asLong();
            long received = e.path("received").asLong();
            long applied = e.path("applied").asLong();
            assertThat(
                            received
                                    + e.path("superseded").asLong()
                                    + (e.path("pending").asBoolean() ? 1 : 0))
                    .as(as + "received + superseded + pending = offered")
                    .isEqualTo(offered);
            assertThat(applied + e.path("rejected").asLong())
                    .as(as + "applied + rejected = received")
                    .isEqualTo(received);
            long sentInEpoch = sender.sentByEpoch.getOrDefault(epoch, new AtomicLong()).get();
            assertThat(offered)
                    .as(as + "offered <= sent with this epoch")
                    .isLessThanOrEqualTo(sentInEpoch);
            assertThat(applied).as(as + "applied").isPositive().isLessThanOrEqualTo(sentInEpoch);
            assertThat(e.path("rejectedDuplicate").asLong()).as(as + "replays").isZero();
            assertThat(e.path("rejectedInvalid").asLong()).as(as + "invalid").isZero();
        }
        assertThat(epochs.get(oldEpoch).path("driver").asText()).isEqualTo(oldDriver);
        assertThat(epochs.get(newEpoch).path("driver").asText()).isEqualTo(newDriver);
        assertThat(epochs.get(newEpoch).path("rejectedStaleEpoch").asLong())
                .as("no command of the newest epoch can be stale")
                .isZero();
        assertThat(sender.oldEpochAfterSwap.get())
                .as("old-epoch commands sent after the new epoch was seen")
                .isEqualTo(STALE_AFTER_SWAP);
        JsonNode old = epochs.get(oldEpoch);
        assertThat(old.path("rejectedStaleEpoch").asLong() + old.path("superseded").asLong())
                .as("old-epoch commands sent after the swap was seen: stale or superseded")
                .isGreaterThanOrEqualTo(sender.oldEpochAfterSwap.get());
    }

    private void onState(Message m) {
        long now = System.nanoTime();
        FrameReader r = new FrameReader().wrap(m.payload());
        long epoch = r.epoch();
        long ts = r.timestampNs();
        framesByEpoch.compute(
                epoch,
                (k, v) ->
                        v == null
                                ? new long[] {now, now, 1, ts, ts}
                                : new long[] {v[0], now, v[2] + 1, v[3], ts});
        latestEpoch.accumulateAndGet(epoch, Math::max);
        signal();
    }

    /** Deadline-paced 500 Hz position commands, stamped with the newest epoch seen. */
    private final class Sender implements Runnable {
        private final PahoMessageBus bus;
        private final String topic;
        volatile boolean stop;
        final AtomicLong sent = new AtomicLong();
        final Map<Long, AtomicLong> sentByEpoch = new ConcurrentHashMap<>();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong oldEpochAfterSwap = new AtomicLong();
        final AtomicLong firstSequenceOfNewEpoch = new AtomicLong(Long.MAX_VALUE);

        Sender(PahoMessageBus bus, String topic) {
            this.bus = bus;
            this.topic = topic;
        }

        @Override
        public void run() {
            long period = (long) (1e9 / RATE_HZ);
            long start = System.nanoTime();
            long next = start;
            long firstEpoch = latestEpoch.get();
            long epoch = firstEpoch;
            long sequence = 0;
            double[] target = new double[JOINTS.size()];
            FrameWriter w = new FrameWriter();
            int behind = 0;
            while (!stop) {
                // Like a policy host that notices the new epoch late, keep stamping the old one
                // for STALE_AFTER_SWAP more commands once a newer epoch was seen in a state frame.
                long seen = latestEpoch.get();
                if (seen > epoch && ++behind > STALE_AFTER_SWAP) {
                    epoch = seen;
                    behind = 0;
                    firstSequenceOfNewEpoch.set(sequence + 1);
                }
                if (epoch == firstEpoch && seen > firstEpoch) {
                    oldEpochAfterSwap.incrementAndGet();
                }
                double s = Math.sin(2 * Math.PI * 0.5 * (next - start) / 1e9);
                for (int i = 0; i < target.length; i++) {
                    double mid = (MIN_RAD[i] + MAX_RAD[i]) / 2;
                    target[i] = mid + 0.1 * (MAX_RAD[i] - MIN_RAD[i]) * s;
                }
                byte[] frame = new byte[2048];
                int n =
                        w.wrap(frame, 0)
                                .begin(
                                        FrameKind.JOINT_COMMAND,
                                        ElementType.FLOAT64,
                                        1,
                                        target.length)
                                .epoch(epoch)
                                .sequence(++sequence)
                                .timestampNs(System.nanoTime())
                                .putChannel(target)
                                .finish();
                bus.publish(
                                Message.builder(topic)
                                        .payload(Arrays.copyOf(frame, n))
                                        .contentType(armature.bus.api.ContentTypes.FRAME)
                                        .qos(Qos.AT_MOST_ONCE)
                                        .userProperty(UserProperties.COMMAND_MODE, "position")
                                        .build())
                        .whenComplete(
                                (ok, e) -> {
                                    if (e != null) {
                                        failures.incrementAndGet();
                                    }
                                });
                sent.incrementAndGet();
                sentByEpoch.computeIfAbsent(epoch, e -> new AtomicLong()).incrementAndGet();
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private interface Handler {
        void accept(Message m) throws Exception;
    }

    private void subscribe(PahoMessageBus bus, String topic, Handler h) throws Exception {
        bus.subscribe(
                        topic,
                        Qos.AT_MOST_ONCE,
                        m -> {
                            try {
                                h.accept(m);
                            } catch (Exception e) {
                                throw new IllegalStateException(topic + ": " + e, e);
                            }
                        })
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    private void await(String what, BooleanSupplier done, ContainerProcess c) throws Exception {
        if (!awaitQuietly(done)) {
            throw new AssertionError(
                    "not within "
                            + WAIT
                            + ": "
                            + what
                            + "; last statistics: "
                            + latestStats.get()
                            + "\ncontainer log:\n"
                            + c.log());
        }
    }

    private boolean awaitQuietly(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (changed) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, 50_000_000));
            }
        }
        return true;
    }

    /**
     * Ranges and efforts come from the hand's MJCF (descriptionPath, ADR 0041); velocity and
     * acceleration are one value for every joint.
     */
    private static String controlConfig(Path model) {
        return "loopName=\"hand\"\n"
                + "rateHz=D\"500.0\"\n"
                + "jointNames="
                + JOINTS.stream()
                        .map(j -> "\"" + j + "\"")
                        .collect(Collectors.joining(",", "[", "]"))
                + "\n"
                + "descriptionPath=\""
                + model
                + "\"\n"
                + "maxVelocityRadPerSec="
                + doubles(new double[] {3.0})
                + "maxAccelerationRadPerSec2="
                + doubles(new double[] {50.0})
                + "effortUnit=\"NEWTON_METRE\"\n"
                + "driver.target=\"(|(armature.driver.name=hand)(armature.driver.name=handb))\"\n";
    }

    private static String doubles(double[] a) {
        return Arrays.stream(a)
                        .mapToObj(v -> "\"" + v + "\"")
                        .collect(Collectors.joining(",", "D[", "]"))
                + "\n";
    }
}
