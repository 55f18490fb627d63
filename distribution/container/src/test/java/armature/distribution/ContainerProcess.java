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
 *
 * <p>The embedded broker admits only logins. For a container on it the harness creates, with {@code
 * armature access add}, the operator {@value #TESTER} that {@link #observer()} logs in as (its
 * sender name in command topics), while {@link #cli} relies on the CLI's own local operator login.
 * For a container on another broker, {@link #loginAs} names the login of both.
 */
final class ContainerProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("armature.dist", "target/armature"));
    static final ObjectMapper JSON = new ObjectMapper();

    /** The operator the harness creates on an embedded broker. */
    static final String TESTER = "tester";

    /**
     * A broker login: user, password file and, for ssl://, the CA file.
     *
     * @param user broker user name
     * @param passwordFile file holding its password
     * @param caFile CA certificate for ssl:// brokers, or {@code null}
     */
    record Login(String user, Path passwordFile, Path caFile) {
        /** The CLI / run options for this login. */
        List<String> args() {
            List<String> a = new ArrayList<>();
            a.addAll(
                    List.of(
                            "--broker-user",
                            user,
                            "--broker-password-file",
                            passwordFile.toString()));
            if (caFile != null) {
                a.addAll(List.of("--broker-ca", caFile.toString()));
            }
            return a;
        }

        /** {@code settings} logging in as this user. */
        BusSettings applyTo(BusSettings settings) {
            BusSettings s;
            try {
                s =
                        settings.withCredentials(
                                new BusSettings.Credentials(
                                        user, Files.readString(passwordFile).trim().toCharArray()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return caFile == null ? s : s.withTls(new BusSettings.Tls(caFile, null, null));
        }
    }

    final Path home;
    final String id;
    final String brokerUrl;
    private final Process process;
    private final Path log;
    private final CompletableFuture<Login> tester;
    private volatile Login login;
    private PahoMessageBus observer;
    private final List<PahoMessageBus> clients = new ArrayList<>();

    private ContainerProcess(
            Path home,
            String id,
            String brokerUrl,
            Process process,
            Path log,
            CompletableFuture<Login> tester) {
        this.home = home;
        this.id = id;
        this.brokerUrl = brokerUrl;
        this.process = process;
        this.log = log;
        this.tester = tester;
    }

    /** Starts {@code armature run} with the given extra arguments. */
    static ContainerProcess start(Path home, String id, String brokerUrl, String... extra)
            throws IOException {
        Files.createDirectories(home);
        boolean embedded = !List.of(extra).contains("--broker");
        // Created beside the starting container: the store's lock keeps both entries.
        CompletableFuture<Login> tester =
                embedded
                        ? CompletableFuture.supplyAsync(() -> ensureTester(home, id))
                        : CompletableFuture.completedFuture(null);
        List<String> cmd = launcher("run", "--home", home.toString(), "--id", id);
        cmd.addAll(List.of(extra));
        if (!List.of(extra).contains("--http-port")) {
            // Containers of parallel tests must not all want the dashboard's default port.
            cmd.addAll(List.of("--http-port", "0"));
        }
        // A second process of the same id in the same home must not truncate the first one's log.
        Path log = home.resolve("container-" + id + ".log");
        for (int i = 2; Files.exists(log); i++) {
            log = home.resolve("container-" + id + "-" + i + ".log");
        }
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new ContainerProcess(home, id, brokerUrl, p, log, tester);
    }

    /** The harness operator of an embedded broker: created once per home and id, then reused. */
    private static Login ensureTester(Path home, String id) {
        Path pw = home.resolve("itest-" + id + "-" + TESTER + ".password");
        if (!Files.exists(pw)) {
            try {
                createCredential(home, id, TESTER, "operator", pw);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test operator: " + e, e);
            }
        }
        return new Login(TESTER, pw, null);
    }

    /**
     * {@code armature access add NAME --role ROLE --json} in {@code home} for {@code id}; writes
     * the printed password to {@code passwordFile}.
     */
    static Login createCredential(Path home, String id, String name, String role, Path passwordFile)
            throws Exception {
        Result r =
                run(
                        launcher(
                                "access",
                                "add",
                                name,
                                "--role",
                                role,
                                "--json",
                                "--home",
                                home.toString(),
                                "--id",
                                id));
        if (r.exit() != 0) {
            throw new IllegalStateException("access add " + name + ": " + r);
        }
        Files.writeString(passwordFile, JSON.readTree(r.out()).path("password").asText() + "\n");
        return new Login(name, passwordFile, null);
    }

    /**
     * The login of a credential of this container created with {@code access add}; a credential an
     * earlier process of this home and id created (a restarted container) is used again.
     */
    Login createCredential(String name, String role) throws Exception {
        Path pw = home.resolve("itest-" + id + "-" + name + ".password");
        if (Files.exists(pw)) {
            return new Login(name, pw, null);
        }
        return createCredential(home, id, name, role, pw);
    }

    /** Logs {@link #observer()} and {@link #cli} in as {@code l} (for other brokers). */
    ContainerProcess loginAs(Login l) {
        this.login = l;
        return this;
    }

    /**
     * Who {@link #observer()} is: the {@link #loginAs} login, else the harness operator of an
     * embedded broker, else nobody (an anonymous client).
     */
    Login operatorLogin() {
        return login != null ? login : tester.join();
    }

    /** The broker user of {@link #observer()}: the sender level of the commands it publishes. */
    String operatorUser() {
        Login l = operatorLogin();
        return l == null ? "anonymous" : l.user();
    }

    /**
     * A new bus client logged in as {@code l} ({@code null}: without a user name); its requests get
     * their replies under this container's {@code reply/<user>/<clientName>}.
     */
    PahoMessageBus client(Login l, String clientName) {
        BusSettings d =
                BusSettings.of(brokerUrl, id, clientName)
                        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(250));
        return new PahoMessageBus(l == null ? d : l.applyTo(d));
    }

    static List<String> launcher(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(ClassDataArchives.options(args.length > 0 && "run".equals(args[0])));
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

    /** A plain MQTT client logged in as {@code l} ({@code null}: without a user name). */
    RawMqttClient raw(Login l, String clientId) throws Exception {
        return RawMqttClient.connect(
                brokerUrl,
                clientId,
                l == null ? null : l.user(),
                l == null ? null : Files.readString(l.passwordFile()).trim().toCharArray(),
                null,
                l == null ? null : l.caFile());
    }

    /** The harness's own client, logged in as {@link #operatorLogin()}. */
    PahoMessageBus observer() {
        if (observer == null) {
            // The container's embedded broker may still be starting: retry often.
            observer = client(operatorLogin(), "observer");
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
     * A client of this container's broker that acts as broker user {@code user}: the sender level
     * of the command and e-stop topics it publishes on. On the embedded broker the user is created
     * as an operator with {@code armature access add} the first time; on another broker it must be
     * the {@link #loginAs} user (or there is no login at all). Closed with the container.
     */
    PahoMessageBus client(String user) {
        Login l = loginFor(user);
        BusSettings d =
                BusSettings.of(brokerUrl, id, "it-" + user + "-" + clients.size())
                        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(250));
        PahoMessageBus bus = new PahoMessageBus(l == null ? d : l.applyTo(d));
        try {
            bus.start().toCompletableFuture().get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "client '" + user + "' cannot connect to " + brokerUrl + ": " + bus.lastError(),
                    e);
        }
        clients.add(bus);
        return bus;
    }

    private final java.util.Map<String, Login> logins =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Login loginFor(String user) {
        Login own = operatorLogin();
        if (own == null || own.user().equals(user)) {
            return own;
        }
        if (login != null) {
            throw new AssertionError(
                    "on this broker the harness acts only as '"
                            + login.user()
                            + "', not '"
                            + user
                            + "'");
        }
        return logins.computeIfAbsent(
                user,
                u -> {
                    try {
                        return createCredential(u, "operator");
                    } catch (Exception e) {
                        throw new IllegalStateException(
                                "cannot create operator " + u + ": " + e, e);
                    }
                });
    }

    /**
     * Kills the container's JVM with SIGKILL, as a crash or {@code kill -9} would: no shutdown hook
     * runs, nothing is saved or cleared on the way out.
     */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed process exited").isTrue();
    }

    /**
     * Links the repository's {@code examples/} into {@code home}: the {@code sim-hand} feature
     * names its model and description relative to the container's home.
     */
    static void linkExamples(Path home) throws IOException {
        Files.createDirectories(home);
        Files.createSymbolicLink(
                home.resolve("examples"),
                Path.of(System.getProperty("armature.repo", "../.."))
                        .resolve("examples")
                        .toAbsolutePath()
                        .normalize());
    }

    /** A free TCP port on the loopback interface. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Runs a CLI command against this container: on its embedded broker with the CLI's local
     * operator login, else with the {@link #loginAs} login.
     */
    Result cli(String... args) throws Exception {
        List<String> cmd = launcher(args);
        cmd.addAll(List.of("--home", home.toString(), "--id", id));
        if (args.length > 0 && args[0].equals("access")) {
            // Credentials are files of the container's home: no broker, no login.
            return run(cmd);
        }
        cmd.addAll(List.of("--broker", brokerUrl));
        if (login != null) {
            cmd.addAll(login.args());
        }
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
        assertThat(r.exit).as("%s%ncontainer log:%n%s", r, log()).isZero();
        return JSON.readTree(r.out);
    }

    JsonNode statusJson() throws Exception {
        Result r = cli("status", "--json");
        assertThat(r.exit).as("%s%ncontainer log:%n%s", r, log()).isZero();
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

    /** The container's JVM, e.g. to find the child processes it started. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("process exited")
                .isTrue();
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        for (PahoMessageBus c : clients) {
            c.close();
        }
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
