package armature.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import armature.broker.EmbeddedBroker;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapRecord;
import armature.record.mcap.McapVisitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code armature record} against a real embedded broker: overlapping filters record each message
 * once; a broker that goes away and comes back (a container restarted, a broker upgraded) is said
 * on stderr both times, recording goes on once it is back, and the gap is marked in the file, so
 * nobody reads the silence as a quiet robot.
 */
class RecordCommandTest {
    @TempDir Path dir;

    /** stderr of the in-process CLI, readable while it runs; every write wakes a waiter. */
    private static final class Buffer extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(UTF_8);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            super.write(b);
            notifyAll();
        }

        /** Waits (at most 60 s) until the text contains {@code line}; woken by each write. */
        synchronized void await(String what, String line) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!text().contains(line)) {
                long left = deadline - System.nanoTime();
                assertThat(left > 0)
                        .as("waited 60 s for " + what + "; stderr so far:\n" + text())
                        .isTrue();
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Test
    void overlappingFiltersRecordEachMessageOnce() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker(0, dir.resolve("broker"))) {
            broker.start();
            Path file = dir.resolve("overlap.mcap");
            Buffer err = new Buffer();
            CompletableFuture<Integer> exit =
                    record(
                            err,
                            "lab/a",
                            "lab/+",
                            "lab/a",
                            "lab/#",
                            "-o",
                            file.toString(),
                            "--count",
                            "3",
                            "--seconds",
                            "120",
                            "--broker",
                            broker.url(),
                            "--id",
                            "lab",
                            "--timeout",
                            "5");
            err.await("the recording to start", "recording lab/a");
            try (PahoMessageBus pub =
                    new PahoMessageBus(BusSettings.of(broker.url(), "lab", "publisher"))) {
                pub.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                for (String topic : List.of("lab/a", "lab/b", "lab/c/d")) {
                    pub.publish(
                                    Message.builder(topic)
                                            .payload(topic.getBytes(UTF_8))
                                            .qos(Qos.AT_LEAST_ONCE)
                                            .build())
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                }
                assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.text()).isZero();
            }
            List<String> topics = new ArrayList<>();
            try (McapReader r = McapReader.open(file)) {
                r.verify();
                r.scan(
                        new McapVisitor() {
                            @Override
                            public void message(
                                    McapRecord.Channel channel,
                                    McapRecord.Schema schema,
                                    McapRecord.Message m) {
                                topics.add(channel.topic());
                            }
                        });
            }
            assertThat(topics).containsExactly("lab/a", "lab/b", "lab/c/d");
        }
    }

    /** Runs {@code armature record ARGS} in this JVM; stdout is discarded. */
    private static CompletableFuture<Integer> record(Buffer err, String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "record";
        System.arraycopy(args, 0, line, 1, args.length);
        return CompletableFuture.supplyAsync(
                () -> {
                    try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, UTF_8);
                            PrintStream e = new PrintStream(err, true, UTF_8)) {
                        return new Cli(CommandTable.standard(), o, e, k -> null).execute(line);
                    }
                });
    }

    @Test
    void aBrokerThatGoesAwayAndComesBackIsSaidAndMarkedInTheFile() throws Exception {
        EmbeddedBroker first = new EmbeddedBroker(0, dir.resolve("broker1"));
        first.start();
        int port = first.port();
        Path file = dir.resolve("gap.mcap");
        Buffer out = new Buffer();
        Buffer err = new Buffer();
        CompletableFuture<Integer> exit =
                CompletableFuture.supplyAsync(
                        () -> {
                            try (PrintStream o = new PrintStream(out, true, UTF_8);
                                    PrintStream e = new PrintStream(err, true, UTF_8)) {
                                return new Cli(CommandTable.standard(), o, e, k -> null)
                                        .execute(
                                                "record",
                                                "lab/#",
                                                "-o",
                                                file.toString(),
                                                "--count",
                                                "1",
                                                "--seconds",
                                                "120",
                                                "--broker",
                                                first.url(),
                                                "--id",
                                                "lab",
                                                "--timeout",
                                                "5");
                            }
                        });
        EmbeddedBroker second = null;
        try {
            err.await("the recording to start", "recording lab/#");
            first.close();
            err.await("the loss to be said", "lost the broker");
            second = new EmbeddedBroker(port, dir.resolve("broker2"));
            second.start();
            err.await("the return to be said", "the broker is back");
            // Retained, so that it reaches the recorder however soon after the reconnection its
            // subscription stands again.
            try (PahoMessageBus pub =
                    new PahoMessageBus(BusSettings.of(second.url(), "lab", "publisher"))) {
                pub.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                pub.publish(
                                Message.builder("lab/after")
                                        .payload("after the gap".getBytes(UTF_8))
                                        .qos(Qos.AT_LEAST_ONCE)
                                        .retained(true)
                                        .build())
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.text()).isZero();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }

        assertThat(err.text())
                .containsPattern(
                        "armature: record: lost the broker at \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\(.+\\);"
                                + " recording goes on when it is back")
                .containsPattern(
                        "armature: record: the broker is back at [0-9:.]+, after \\d+\\.\\d s; the"
                                + " gap is in the file as metadata 'armature.gap'")
                .contains("the recording has 1 gap while the broker was away");
        assertThat(out.text()).contains("recorded 1 messages");

        List<Map<String, String>> gaps = new ArrayList<>();
        List<Long> messageTimes = new ArrayList<>();
        try (McapReader r = McapReader.open(file)) {
            r.verify();
            r.scan(
                    new McapVisitor() {
                        @Override
                        public void record(McapRecord rec, long offset, boolean inChunk) {
                            if (rec instanceof McapRecord.Metadata m
                                    && m.name().equals("armature.gap")) {
                                gaps.add(m.metadata());
                            }
                        }

                        @Override
                        public void message(
                                McapRecord.Channel channel,
                                McapRecord.Schema schema,
                                McapRecord.Message m) {
                            assertThat(channel.topic()).isEqualTo("lab/after");
                            messageTimes.add(m.logTime());
                        }
                    });
        }
        assertThat(gaps).hasSize(1);
        Map<String, String> g = gaps.get(0);
        long from = Long.parseLong(g.get("fromLogTimeNs"));
        long to = Long.parseLong(g.get("toLogTimeNs"));
        assertThat(to).isGreaterThan(from);
        assertThat(g.get("end")).isEqualTo("the broker came back");
        assertThat(g.get("reason")).isNotBlank();
        assertThat(messageTimes).hasSize(1);
        assertThat(messageTimes.get(0)).as("recorded after the gap").isGreaterThanOrEqualTo(to);
    }
}
