package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real distribution started as a separate process, driven only through its public surfaces: the
 * CLI (as a process), the files in its home, and MQTT.
 */
final class ContainerProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("armature.dist", "target/armature"));
    static final ObjectMapper JSON = new ObjectMapper();

    final Path home;
    final String id;
    final String brokerUrl;
    private final Process process;
    private final Path log;
    private PahoMessageBus observer;

    private ContainerProcess(Path home, String id, String brokerUrl, Process process, Path log) {
        this.home = home;
        this.id = id;
        this.brokerUrl = brokerUrl;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code armature run} with the given extra arguments. */
    static ContainerProcess start(Path home, String id, String brokerUrl, String... extra)
            throws IOException {
        Files.createDirectories(home);
        List<String> cmd = launcher("run", "--home", home.toString(), "--id", id);
        cmd.addAll(List.of(extra));
        Path log = home.resolve("container-" + id + ".log");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new ContainerProcess(home, id, brokerUrl, p, log);
    }

    static List<String> launcher(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-Darmature.dist=" + DIST.toAbsolutePath());
        cmd.add("-cp");
        cmd.add(DIST.toAbsolutePath().resolve("lib") + "/*");
        cmd.add("armature.launcher.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits for the container's retained status to say ready, then returns it. */
    JsonNode awaitReady(Duration timeout) throws Exception {
        return awaitMessage(
                "armature/v1/" + id + "/status", n -> n.path("ready").asBoolean(), timeout);
    }

    /**
     * Waits until a message on {@code topic} (retained or live) satisfies {@code test}; returns its
     * JSON.
     */
    JsonNode awaitMessage(String topic, Predicate<JsonNode> test, Duration timeout)
            throws Exception {
        CompletableFuture<JsonNode> found = new CompletableFuture<>();
        var sub =
                observer()
                        .subscribe(
                                topic,
                                Qos.AT_LEAST_ONCE,
                                m -> {
                                    JsonNode n =
                                            m.payload().length == 0
                                                    ? JSON.missingNode()
                                                    : JSON.readTree(m.payload());
                                    if (test.test(n)) {
                                        found.complete(n);
                                    }
                                })
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        try {
            return found.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(
                    "no message on "
                            + topic
                            + " matched within "
                            + timeout
                            + "; container log:\n"
                            + log());
        } finally {
            sub.cancel();
        }
    }

    PahoMessageBus observer() {
        if (observer == null) {
            BusSettings d = BusSettings.of(brokerUrl, "observer-" + id, "test");
            // The container's embedded broker may still be starting: retry often.
            observer =
                    new PahoMessageBus(
                            d.withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(250)));
            try {
                observer.start().toCompletableFuture().get(90, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(
                        "cannot connect to "
                                + brokerUrl
                                + ": "
                                + observer.lastError()
                                + "\ncontainer log:\n"
                                + log(),
                        e);
            }
        }
        return observer;
    }

    /**
     * A broker login: user, password file and, for ssl://, the CA file.
     *
     * @param user broker user name
     * @param passwordFile file holding its password
     * @param caFile CA certificate for ssl:// brokers, or {@code null}
     */
    record Login(String user, Path passwordFile, Path caFile) {}

    /**
     * Who {@link #observer()} is, for clients a test builds itself: {@code null} while the broker
     * admits clients without a login (broker logins replace this with the harness operator).
     */
    Login operatorLogin() {
        return null;
    }

    /** The broker user of {@link #observer()}: the sender level of the commands it publishes. */
    String operatorUser() {
        Login l = operatorLogin();
        return l == null ? "anonymous" : l.user();
    }

    /** A free TCP port on the loopback interface. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a CLI command against this container. */
    Result cli(String... args) throws Exception {
        List<String> cmd = launcher(args);
        cmd.addAll(List.of("--home", home.toString(), "--id", id, "--broker", brokerUrl));
        return run(cmd);
    }

    static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out =
                CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err =
                CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("CLI finished: " + cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    /** Runs a CLI command with {@code --json} and parses its output; the command must succeed. */
    JsonNode cliJson(String... args) throws Exception {
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        Result r = cli(withJson);
        assertThat(r.exit).as(r.toString()).isZero();
        return JSON.readTree(r.out);
    }

    JsonNode statusJson() throws Exception {
        Result r = cli("status", "--json");
        assertThat(r.exit).as(r.toString()).isZero();
        return JSON.readTree(r.out);
    }

    static JsonNode component(JsonNode status, String name) {
        for (JsonNode c : status.path("components")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return JSON.missingNode();
    }

    static JsonNode bundle(JsonNode status, String bsn) {
        for (JsonNode b : status.path("bundles")) {
            if (bsn.equals(b.path("symbolicName").asText())) {
                return b;
            }
        }
        return JSON.missingNode();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "<no log: " + e + ">";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("process exited")
                .isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (observer != null) {
            observer.close();
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static void publish(PahoMessageBus bus, Message m) {
        bus.publish(m).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
