package armature.launcher;

import armature.broker.access.Credential;
import armature.broker.access.CredentialStore;
import armature.bus.api.Topics;
import armature.control.api.AccessPolicy;
import armature.control.api.Role;
import armature.record.ReplayResult;
import armature.record.Replayable;
import armature.record.Replayer;
import armature.record.mcap.DataScan;
import armature.record.mcap.McapFormatException;
import armature.record.mcap.McapReader;
import armature.record.mcap.McapRecord;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code armature replay FILE.mcap [--rate R] [--repeat] [--topic-prefix P]}: publishes a recording
 * again with its timing (docs/recording.md). The whole file is checked before anything is
 * published. Topics the CLI's user may not publish (the broker's rules, {@link AccessPolicy}, when
 * the user's role is known from the local container's logins) are named up front and skipped; exit
 * 1 when anything was skipped or failed.
 */
final class ReplayCommand {
    private ReplayCommand() {}

    static int run(Invocation inv) throws Exception {
        Path file = Path.of(inv.operands().get(0));
        double rate;
        try {
            rate = Double.parseDouble(inv.args.get(Options.RATE.name(), "1").trim());
        } catch (NumberFormatException e) {
            rate = Double.NaN;
        }
        if (!(rate >= 0.001 && rate <= 1000)) { // NaN too
            throw new Args.UsageException(
                    "--rate must be 0.001..1000, was "
                            + inv.args.get(Options.RATE.name(), "1").trim());
        }
        boolean repeat = inv.args.flag(Options.REPEAT.name());
        String prefix = inv.args.get(Options.TOPIC_PREFIX.name(), "");
        if (!prefix.isEmpty()) {
            try {
                Topics.requireValidTopicName(prefix + "x");
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(
                        "--topic-prefix '" + prefix + "' cannot begin a topic: " + e.getMessage());
            }
        }
        McapReader reader = open(file);
        try (reader) {
            DataScan scan;
            try {
                scan = reader.verify();
            } catch (McapFormatException e) {
                throw new Cli.Refused(file + ": not a readable MCAP file: " + e.getMessage());
            }
            if (scan.messageCount() == 0) {
                throw new Cli.Refused(file + " holds no messages: nothing to replay");
            }
            long spanNs = Replayer.sinceFirst(scan.messageEndTime(), scan.messageStartTime());
            if (repeat && spanNs <= 0) {
                throw new Args.UsageException(
                        "--repeat needs a recording that spans time; "
                                + file
                                + " holds "
                                + scan.messageCount()
                                + " message(s) at one instant, which would be published as fast"
                                + " as the broker takes them");
            }
            inv.err.printf(
                    Locale.ROOT,
                    "replaying %d messages spanning %.3f s (%.3f s at --rate %s)%s%n",
                    scan.messageCount(),
                    spanNs / 1e9,
                    spanNs / 1e9 / rate,
                    rate,
                    repeat ? ", repeated until Ctrl-C" : "");
            Role role = role(inv);
            String user = inv.user();
            Replayer.Permission permission =
                    role == null
                            ? (topic, retained) -> true
                            : (topic, retained) ->
                                    AccessPolicy.mayPublish(role, user, topic, retained);
            Map<Integer, Long> counts = scan.channelMessageCounts();
            Map<String, Long> eStop = new TreeMap<>();
            for (McapRecord.Channel c : scan.channels().values()) {
                if (Replayable.isEStopInput(c.topic())) {
                    eStop.merge(c.topic(), counts.getOrDefault(c.id(), 0L), Long::sum);
                }
            }
            for (var e : eStop.entrySet()) {
                inv.err.println(
                        "armature: e-stop inputs are never replayed (a recording must not latch"
                                + " or release an e-stop): the "
                                + e.getValue()
                                + " messages on "
                                + e.getKey()
                                + " are skipped");
            }
            Map<String, Long> refused = refusedUpFront(scan, prefix, permission);
            for (var e : refused.entrySet()) {
                inv.err.println(
                        "armature: "
                                + user
                                + (role == null ? "" : " (" + role.wireName() + ")")
                                + " may not publish "
                                + e.getKey()
                                + ": its "
                                + e.getValue()
                                + " messages are skipped");
            }
            Replayer replayer =
                    new Replayer(
                            inv.bus()::publish,
                            permission,
                            Replayer.Clock.SYSTEM,
                            rate,
                            prefix,
                            null);
            return replay(inv, reader, replayer, repeat, file);
        }
    }

    private static int replay(
            Invocation inv, McapReader reader, Replayer replayer, boolean repeat, Path file)
            throws IOException {
        // Ctrl-C interrupts the replay; the hook waits until the summary is printed.
        Thread worker = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            worker.interrupt();
                            try {
                                finished.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "replay-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        long published = 0;
        long passes = 0;
        ReplayResult last = null;
        boolean problems = false;
        try {
            do {
                try {
                    last = replayer.replay(reader, inv.timeout());
                } catch (InterruptedException | ClosedByInterruptException e) {
                    inv.out.printf(
                            "replay of %s stopped by a signal (Ctrl-C or SIGTERM) after %d passes%n",
                            file, passes);
                    break;
                }
                passes++;
                published += last.published();
                problems |= report(inv, last);
            } while (repeat);
            if (last != null && (!repeat || passes > 0)) {
                inv.out.printf(
                        "replayed %d messages from %s in %d pass%s (last pass %.2f s)%n",
                        published,
                        file,
                        passes,
                        passes == 1 ? "" : "es",
                        last.elapsedNanos() / 1e9);
            }
            return problems ? 1 : 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Ctrl-C: the JVM is shutting down.
            }
        }
    }

    /** Says what went wrong in one pass; true when anything did. */
    private static boolean report(Invocation inv, ReplayResult r) {
        for (var e : r.failed().entrySet()) {
            inv.err.println(
                    "armature: "
                            + e.getValue()
                            + " messages on "
                            + e.getKey()
                            + " were not published: "
                            + r.failureReasons().get(e.getKey()));
        }
        if (r.unsettled() > 0) {
            inv.err.println(
                    "armature: "
                            + r.unsettled()
                            + " publishes had no answer from the broker within --timeout");
        }
        return r.refusedCount() > 0 || r.failedCount() > 0 || r.unsettled() > 0;
    }

    /** Opens a file and reads its summary; {@code verify()} then checks the whole of it. */
    private static McapReader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new Cli.Refused(file + ": is a folder; give an .mcap file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new Cli.Refused(file + ": not a regular file; give an .mcap file");
        }
        if (!Files.isRegularFile(file)) {
            throw new Cli.Refused(file + ": no such file");
        }
        try {
            return McapReader.open(file);
        } catch (McapFormatException e) {
            throw new Cli.Refused(file + ": not a readable MCAP file: " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new Cli.Refused(file + ": no such file");
        }
    }

    /** Topics (with " (retained)") the user may not publish, with their message counts. */
    private static Map<String, Long> refusedUpFront(
            DataScan scan, String prefix, Replayer.Permission permission) {
        Map<String, Long> refused = new TreeMap<>();
        Map<Integer, Long> counts = scan.channelMessageCounts();
        for (McapRecord.Channel c : scan.channels().values()) {
            if (!Replayable.isReplayed(c)) {
                continue;
            }
            String topic = Replayable.topic(c, prefix);
            boolean retained = Replayable.retained(c);
            if (!permission.mayPublish(topic, retained)) {
                refused.merge(
                        topic + (retained ? " (retained)" : ""),
                        counts.getOrDefault(c.id(), 0L),
                        Long::sum);
            }
        }
        return refused;
    }

    /**
     * The role of the CLI's user on the local container's broker, or {@code null} when the broker
     * is another one (its rules are unknown here: refusals are then reported as they come).
     */
    private static Role role(Invocation inv) {
        Home home = inv.home();
        try {
            Path urlFile = home.brokerUrlFile();
            if (!Files.exists(urlFile)
                    || !Files.readString(urlFile).trim().equals(inv.bus().brokerUrl())) {
                return null;
            }
            if (inv.user().equals(home.containerId())) {
                return Role.CONTAINER;
            }
            return CredentialStore.in(home.runtime(), home.containerId())
                    .find(inv.user())
                    .map(Credential::role)
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
