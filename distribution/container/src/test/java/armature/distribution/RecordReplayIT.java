package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.record.Replayable;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapRecord;
import armature.record.mcap.McapVisitor;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code armature record} and {@code replay} against the real distribution running the simulated
 * hand: a few seconds of the hand loop's topics (500 Hz joint-state frames, their retained schema,
 * the JSON statistics) recorded by the CLI process, the file checked with the official MCAP reader
 * (node + {@code @mcap/core}), then replayed under a second topic prefix by a {@code container}
 * login and received again: the same payloads in the same order with their relative timing.
 */
class RecordReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "recit";
    private static final String PREFIX_USER = "replayer";

    @TempDir static Path home;
    private static ContainerProcess container;
    private static LoopTopics hand;
    private static Path recording;

    /** What was recorded, in file order, as replay publishes it. */
    private record Recorded(String topic, byte[] payload, long logTimeNs, boolean retained) {}

    private record Received(String topic, byte[] payload, long atNanos) {}

    @BeforeAll
    static void startAndRecord() throws Exception {
        ContainerProcess.linkExamples(home);
        int port = ContainerProcess.freePort();
        container =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sim-hand");
        container.awaitReady(WAIT);
        container.awaitMessage(
                ContainerTopics.of(ID).driverHealth("hand"),
                n -> "OK".equals(n.path("state").asText()),
                WAIT);
        hand = ContainerTopics.of(ID).loop("hand");
        recording = home.resolve("hand.mcap");
        // One filter, one subscription: the retained schema arrives before the first live frame.
        ContainerProcess.Result r =
                container.cli(
                        "record",
                        hand.base() + "/#",
                        "-o",
                        recording.toString(),
                        "--seconds",
                        "3",
                        "--decode");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("recorded ").contains(" to " + recording);
    }

    @AfterAll
    static void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void theOfficialReaderAcceptsTheRecordingAndSeesFramesSchemasAndJson() throws Exception {
        JsonNode r = officialCheck(recording);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        // The retained schema may come after the first live frames (MQTT does not order them):
        // those few are on a channel without a schema, the rest on one with it.
        List<JsonNode> states = channels(r, hand.state());
        int frames = 0;
        boolean withSchema = false;
        for (JsonNode state : states) {
            assertThat(state.path("messageEncoding").asText()).isEqualTo("x-armature-frame-v1");
            assertThat(state.at("/metadata/content_type").asText())
                    .isEqualTo("application/vnd.armature.frame.v1");
            frames += state.path("messages").asInt();
            if (state.path("schemaId").asInt() != 0) {
                assertThat(schema(r, state.path("schemaId").asInt()).path("encoding").asText())
                        .isEqualTo("x-armature-frame-schema-v1");
                withSchema = true;
            }
        }
        assertThat(withSchema).as("a frame channel with the stream's schema").isTrue();
        // About 1500 frames in 3 s at 500 Hz; the machine may be loaded, so at least a third.
        assertThat(frames).isGreaterThan(500);
        int decodedFrames = 0;
        boolean named = false;
        for (JsonNode decoded : channels(r, hand.state() + "#decoded")) {
            decodedFrames += decoded.path("messages").asInt();
            named |=
                    schema(r, decoded.path("schemaId").asInt())
                            .path("data")
                            .asText()
                            .contains("positionRad");
        }
        assertThat(decodedFrames).isEqualTo(frames);
        assertThat(named).as("decoded frames named after the stream's schema").isTrue();
        JsonNode stats = channel(r, hand.statistics());
        assertThat(stats.path("messageEncoding").asText()).isEqualTo("json");
        assertThat(stats.path("messages").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(schema(r, stats.path("schemaId").asInt()).path("name").asText())
                .isEqualTo("armature.controlStatistics");
        JsonNode schemaDoc = channel(r, hand.stateSchema());
        assertThat(schemaDoc.at("/metadata/mqtt.retained").asText()).isEqualTo("true");
        assertThat(r.at("/statistics/messageCount").asLong())
                .isEqualTo(r.path("messages").asLong());
    }

    @Test
    void replayedUnderAPrefixTheSamePayloadsArriveInOrderWithTheirTiming() throws Exception {
        List<Recorded> recorded = read(recording);
        String prefix = ContainerTopics.of(PREFIX_USER).root() + "/";
        ContainerProcess.Login replayer = container.createCredential(PREFIX_USER, "container");
        ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        CountDownLatch all = new CountDownLatch(recorded.size());
        PahoMessageBus observer = container.observer();
        Subscription sub =
                observer.subscribe(
                                prefix + hand.base() + "/#",
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    received.add(
                                            new Received(
                                                    m.topic(), m.payload(), System.nanoTime()));
                                    all.countDown();
                                })
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
        try {
            List<String> cmd =
                    ContainerProcess.launcher(
                            "replay",
                            recording.toString(),
                            "--topic-prefix",
                            prefix,
                            "--home",
                            home.toString(),
                            "--id",
                            ID,
                            "--broker",
                            container.brokerUrl);
            cmd.addAll(replayer.args());
            ContainerProcess.Result r = ContainerProcess.run(cmd);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("replayed " + recorded.size() + " messages");
            assertThat(all.await(60, TimeUnit.SECONDS))
                    .as("received %d of %d replayed messages", received.size(), recorded.size())
                    .isTrue();
        } finally {
            sub.cancel();
        }

        // Per topic, the same payloads in the same order.
        for (String topic : recorded.stream().map(Recorded::topic).distinct().toList()) {
            List<byte[]> sent =
                    recorded.stream()
                            .filter(x -> x.topic.equals(topic))
                            .map(Recorded::payload)
                            .toList();
            List<byte[]> got =
                    received.stream()
                            .filter(x -> x.topic.equals(prefix + topic))
                            .map(Received::payload)
                            .toList();
            assertThat(got).as(topic).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i)).as(topic + " message " + i).isEqualTo(sent.get(i));
            }
        }

        // Timing: the frames arrive at their recorded offsets (generous: this machine is shared).
        List<Recorded> frames =
                recorded.stream().filter(x -> x.topic.equals(hand.state())).toList();
        List<Received> gotFrames =
                received.stream().filter(x -> x.topic.equals(prefix + hand.state())).toList();
        long[] lateness = new long[frames.size()];
        for (int i = 0; i < frames.size(); i++) {
            long recordedOffset = frames.get(i).logTimeNs - frames.get(0).logTimeNs;
            long replayedOffset = gotFrames.get(i).atNanos - gotFrames.get(0).atNanos;
            lateness[i] = Math.abs(replayedOffset - recordedOffset);
        }
        Arrays.sort(lateness);
        long span = frames.get(frames.size() - 1).logTimeNs - frames.get(0).logTimeNs;
        assertThat(span)
                .as("recorded span of the frames [ns]")
                .isGreaterThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(lateness[lateness.length / 2])
                .as("median |replayed - recorded| offset [ns]")
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(lateness[lateness.length - 1])
                .as("largest |replayed - recorded| offset [ns]")
                .isLessThan(TimeUnit.SECONDS.toNanos(2));

        // The schema was retained when recorded, so the replayed one is retained too.
        CompletableFuture<Message> retained = new CompletableFuture<>();
        Subscription late =
                observer.subscribe(
                                prefix + hand.stateSchema(), Qos.AT_LEAST_ONCE, retained::complete)
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
        try {
            Message m = retained.get(30, TimeUnit.SECONDS);
            assertThat(m.retained()).isTrue();
            assertThat(m.contentType()).isEqualTo("application/json");
        } finally {
            late.cancel();
        }
    }

    @Test
    void topicsTheUserMayNotPublishAreNamedAndSkipped() throws Exception {
        // The CLI's operator may not publish the container's state topics.
        ContainerProcess.Result r = container.cli("replay", recording.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .contains("may not publish " + hand.state() + ": its ")
                .contains("messages are skipped");
        assertThat(r.out()).contains("replayed 0 messages");
    }

    @Test
    void aTruncatedRecordingIsRefusedNamingTheOffset() throws Exception {
        byte[] bytes = Files.readAllBytes(recording);
        Path cut = home.resolve("cut.mcap");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        ContainerProcess.Result r = container.cli("replay", cut.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("not a readable MCAP file: offset " + (bytes.length / 2 - 8) + ": ")
                .contains("truncated");
        ContainerProcess.Result again =
                container.cli("record", hand.state(), "-o", recording.toString(), "--seconds", "1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists; record never overwrites a file");
    }

    @Test
    void ctrlCStopsTheRecorderWithAProperlyClosedFile() throws Exception {
        Path file = home.resolve("ctrl-c.mcap");
        List<String> cmd =
                ContainerProcess.launcher(
                        "record",
                        hand.state(),
                        "-o",
                        file.toString(),
                        "--home",
                        home.toString(),
                        "--id",
                        ID,
                        "--broker",
                        container.brokerUrl);
        // As from a terminal: a process started with SIGINT ignored (a background job of a shell
        // without job control, as a build started with `&` runs its tests) passes that on, and the
        // JVM then keeps ignoring Ctrl-C. env resets it to the default first.
        List<String> withDefaultInt =
                new java.util.ArrayList<>(List.of("env", "--default-signal=INT"));
        withDefaultInt.addAll(cmd);
        Process p = new ProcessBuilder(withDefaultInt).start();
        CompletableFuture<String> out =
                CompletableFuture.supplyAsync(() -> text(p.getInputStream()));
        java.io.BufferedReader err =
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        // The recorder says so once its subscription stands.
        assertThat(err.readLine()).startsWith("recording " + hand.state() + " to " + file);
        // The rest of stderr is drained too, so that the recorder never blocks on a full pipe.
        CompletableFuture<String> rest =
                CompletableFuture.supplyAsync(
                        () -> err.lines().collect(java.util.stream.Collectors.joining("\n")),
                        java.util.concurrent.Executors.newSingleThreadExecutor());
        // Chunks reach the disk every second: wait for the first one (a condition, with a
        // deadline).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(file) < 20_000 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        assertThat(Files.size(file))
                .as("bytes on disk before Ctrl-C")
                .isGreaterThanOrEqualTo(20_000);
        // What a terminal's Ctrl-C sends.
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor())
                .isZero();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            // say where it hangs before failing: its threads, and what it printed
            String threads = threadDump(p.pid());
            p.destroyForcibly();
            org.junit.jupiter.api.Assertions.fail(
                    "record did not end within 60 s after SIGINT; stderr:\n"
                            + rest.getNow("(not read)")
                            + "\nthreads:\n"
                            + threads);
        }
        assertThat(out.get(10, TimeUnit.SECONDS))
                .contains("; stopped by a signal (Ctrl-C or SIGTERM)");
        try (McapReader r = McapReader.open(file)) {
            assertThat(r.verify().messageCount()).isGreaterThan(10);
        }
        assertThat(officialCheck(file).path("ok").asBoolean()).isTrue();
    }

    private static String threadDump(long pid) {
        try {
            Process j =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                            .toString(),
                                    Long.toString(pid),
                                    "Thread.print")
                            .redirectErrorStream(true)
                            .start();
            String dump = text(j.getInputStream());
            j.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (Exception e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static String text(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static List<Recorded> read(Path file) throws Exception {
        List<Recorded> out = new ArrayList<>();
        try (McapReader r = McapReader.open(file)) {
            r.verify();
            r.scan(
                    new McapVisitor() {
                        @Override
                        public void message(
                                McapRecord.Channel c, McapRecord.Schema s, McapRecord.Message m) {
                            if (Replayable.isReplayed(c)) {
                                out.add(
                                        new Recorded(
                                                c.topic(),
                                                m.data(),
                                                m.logTime(),
                                                Replayable.retained(c)));
                            }
                        }
                    });
        }
        return out;
    }

    private static List<JsonNode> channels(JsonNode report, String topic) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode c : report.path("channels")) {
            if (c.path("topic").asText().equals(topic)) {
                found.add(c);
            }
        }
        assertThat(found).as("channels of " + topic).isNotEmpty();
        return found;
    }

    private static JsonNode channel(JsonNode report, String topic) {
        for (JsonNode c : report.path("channels")) {
            if (c.path("topic").asText().equals(topic)) {
                return c;
            }
        }
        throw new AssertionError("no channel " + topic + " in " + report.path("channels"));
    }

    private static JsonNode schema(JsonNode report, int id) {
        for (JsonNode s : report.path("schemas")) {
            if (s.path("id").asInt() == id) {
                return s;
            }
        }
        throw new AssertionError("no schema " + id);
    }

    /** tools/mcap/check.mjs; fails in CI (CI=true) when node or @mcap/core is missing. */
    private static JsonNode officialCheck(Path file) throws Exception {
        Path tool = AsyncApiDocument.REPO.resolve("tools/mcap");
        String why = null;
        ContainerProcess.Result node;
        try {
            node = ContainerProcess.run(List.of("node", "--version"));
            if (node.exit() != 0) {
                why = "node does not run";
            }
        } catch (java.io.IOException e) {
            why = "node is not installed";
        }
        if (why == null && !Files.isDirectory(tool.resolve("node_modules/@mcap/core"))) {
            why =
                    "the official MCAP reader is not installed: run `npm ci --ignore-scripts --prefix tools/mcap`";
        }
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(
                    "CI must check MCAP files with the official reader, but " + why);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, why);
        ContainerProcess.Result r =
                ContainerProcess.run(
                        List.of("node", tool.resolve("check.mjs").toString(), file.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        return ContainerProcess.JSON.readTree(r.out().getBytes(StandardCharsets.UTF_8));
    }
}
