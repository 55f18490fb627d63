package armature.launcher;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI: every command is a management request (or a subscription) over the bus, so it works the
 * same against a remote container ({@code --broker URL --id NAME --broker-user U
 * --broker-password-file F}). Exit codes: 0 success, 1 the container refused or the operation
 * failed, 2 wrong usage, 3 container or broker unreachable.
 */
final class Cli {
    static final String USAGE =
            """
            usage: armature COMMAND [options]
              run [--broker URL] [--features a,b] [--port N] [--id NAME] [--console] [--verbose]
              access add NAME --role operator|observer|device [--json] | access list | access remove NAME
              status [--json]                 container, broker, bundles, components, readiness
              bundles [--json]                installed bundles
              deploy FILE.jar                 install or update a bundle (hot swap)
              undeploy SYMBOLIC-NAME          uninstall a bundle
              feature list|install NAME|uninstall NAME
              config get PID | config set PID key=value...
              topics [--seconds S] [--all]    topics seen on the bus, with rates
              echo TOPIC [--count N] [--seconds S]   decoded payloads, one per line
              sim info MODEL [--json] [--package-path DIR]   load an MJCF/URDF file and describe it
              sim run MODEL [--seconds S] [--controls IN.csv] [--record OUT.csv] [--engine reference]
            common options: --broker URL  --id CONTAINER  --home DIR  --timeout SECONDS
              --broker-user NAME --broker-password-file FILE  --broker-ca FILE [--broker-cert F --broker-key F]
            """;

    private final Home home;
    private final Args args;
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out = System.out;

    Cli(Home home, Args args) {
        this.home = home;
        this.args = args;
    }

    int execute() {
        String cmd = args.positional.get(0);
        if (!java.util.Set.of(
                        "status",
                        "bundles",
                        "deploy",
                        "undeploy",
                        "feature",
                        "config",
                        "topics",
                        "echo")
                .contains(cmd)) {
            throw new Args.UsageException("unknown command '" + cmd + "'; try: armature help");
        }
        try (PahoMessageBus bus = connect()) {
            return switch (cmd) {
                case "status" -> status(bus);
                case "bundles" -> bundles(bus);
                case "deploy" -> deploy(bus);
                case "undeploy" ->
                        printResult(
                                request(
                                        bus,
                                        "bundles/uninstall",
                                        body(
                                                "bundle",
                                                args.positional(1, "bundle symbolic name"))));
                case "feature" -> feature(bus);
                case "config" -> config(bus);
                case "topics" -> topics(bus);
                case "echo" -> echo(bus);
                default ->
                        throw new Args.UsageException(
                                "unknown command '" + cmd + "'; try: armature help");
            };
        } catch (Unreachable e) {
            System.err.println("armature: " + e.getMessage());
            return 3;
        } catch (Refused e) {
            System.err.println("armature: " + e.getMessage());
            return 1;
        }
    }

    private PahoMessageBus connect() {
        String url = args.get("broker", null);
        if (url == null) {
            Path f = home.runtime().resolve("broker.url");
            try {
                url = Files.exists(f) ? Files.readString(f).trim() : "tcp://127.0.0.1:1883";
            } catch (IOException e) {
                url = "tcp://127.0.0.1:1883";
            }
        }
        BusSettings s;
        try {
            s =
                    BusSettings.of(url, home.containerId(), "cli-" + ProcessHandle.current().pid())
                            .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(500));
            s = BrokerLogin.forCli(s, n -> args.get(n, null), home);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        PahoMessageBus bus = new PahoMessageBus(s);
        if (!bus.start().toCompletableFuture().isDone()
                && !bus.awaitConnected(Duration.ofSeconds(5))) {
            String why = bus.lastError();
            bus.close();
            throw new Unreachable(
                    "cannot reach the broker at " + url + (why.isEmpty() ? "" : ": " + why));
        }
        return bus;
    }

    private JsonNode request(PahoMessageBus bus, String op, byte[] payload, String contentType) {
        Duration timeout = Duration.ofSeconds(args.intOption("timeout", 15, 1, 3600));
        Message req =
                Message.builder("armature/v1/" + home.containerId() + "/mgmt/" + op)
                        .payload(payload)
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(contentType)
                        .build();
        Message reply;
        try {
            reply = bus.request(req, timeout).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new Unreachable(
                        "container '"
                                + home.containerId()
                                + "' did not answer '"
                                + op
                                + "' within "
                                + timeout.toSeconds()
                                + " s (is it running on "
                                + bus.brokerUrl()
                                + "?)");
            }
            throw new Unreachable(String.valueOf(e.getCause().getMessage()));
        }
        JsonNode body;
        try {
            body = json.readTree(reply.payload());
        } catch (IOException e) {
            throw new Refused("unreadable reply to '" + op + "': " + e.getMessage());
        }
        if (!"ok".equals(reply.userProperty(BusProperties.STATUS_PROPERTY).orElse("ok"))) {
            throw new Refused(body.path("error").asText(reply.payloadAsString()));
        }
        return body;
    }

    private JsonNode request(PahoMessageBus bus, String op, ObjectNode body) {
        return request(
                bus, op, body.toString().getBytes(StandardCharsets.UTF_8), ContentTypes.JSON);
    }

    private ObjectNode body(String k, String v) {
        ObjectNode n = json.createObjectNode();
        n.put(k, v);
        return n;
    }

    private int status(PahoMessageBus bus) {
        JsonNode s = request(bus, "status", json.createObjectNode());
        if (args.flag("json")) {
            out.println(s.toPrettyString());
            return 0;
        }
        out.printf(
                "container %s  up %.1f s  broker %s (%s)  ready: %s%n",
                s.path("container").asText(),
                s.path("uptimeSeconds").asDouble(),
                s.path("broker").asText(),
                s.path("busState").asText(),
                s.path("ready").asBoolean() ? "yes" : "no");
        out.println("features: " + s.path("features"));
        for (JsonNode p : s.path("notReady")) {
            out.println("  not ready: " + p.asText());
        }
        printBundles(s.path("bundles"));
        out.println("COMPONENTS");
        for (JsonNode c : s.path("components")) {
            StringBuilder line =
                    new StringBuilder(
                            String.format(
                                    "  %-26s %s (%s)",
                                    c.path("state").asText(),
                                    c.path("name").asText(),
                                    c.path("bundle").asText()));
            for (JsonNode r : c.path("unsatisfiedReferences")) {
                line.append(" missing service ")
                        .append(r.path("interface").asText(r.path("name").asText()));
                if (r.has("target")) {
                    line.append(' ').append(r.path("target").asText());
                }
            }
            if (c.has("missingConfiguration")) {
                line.append(" waiting for configuration ").append(c.path("missingConfiguration"));
            }
            if (c.has("failure")) {
                line.append(" failure: ").append(c.path("failure").asText());
            }
            out.println(line);
        }
        return 0;
    }

    private int bundles(PahoMessageBus bus) {
        JsonNode b = request(bus, "bundles/list", json.createObjectNode());
        if (args.flag("json")) {
            out.println(b.toPrettyString());
        } else {
            printBundles(b);
        }
        return 0;
    }

    private void printBundles(JsonNode bundles) {
        out.println("BUNDLES");
        for (JsonNode b : bundles) {
            out.printf(
                    "  %3d %-10s %s %s%s%n",
                    b.path("id").asLong(),
                    b.path("state").asText(),
                    b.path("symbolicName").asText(),
                    b.path("version").asText(),
                    b.has("missing") && b.path("missing").size() > 0
                            ? "  missing " + b.path("missing")
                            : "");
        }
    }

    private int deploy(PahoMessageBus bus) {
        Path jar = Path.of(args.positional(1, "jar file"));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + jar + ": " + e.getMessage());
        }
        JsonNode r = request(bus, "bundles/install", bytes, ContentTypes.OCTETS);
        if (args.flag("json")) {
            out.println(r.toPrettyString());
            return 0;
        }
        out.printf(
                "deployed %s %s: %s in %.0f ms%n",
                r.path("symbolicName").asText(),
                r.path("version").asText(),
                r.path("state").asText(),
                r.path("elapsedMillis").asDouble());
        for (JsonNode c : r.path("components")) {
            out.printf("  %-26s %s%n", c.path("state").asText(), c.path("name").asText());
        }
        return 0;
    }

    private int feature(PahoMessageBus bus) {
        String sub = args.positional(1, "feature subcommand (list, install, uninstall)");
        return switch (sub) {
            case "list" -> {
                JsonNode r = request(bus, "features/list", json.createObjectNode());
                if (args.flag("json")) {
                    out.println(r.toPrettyString());
                } else {
                    r.fields()
                            .forEachRemaining(
                                    e ->
                                            out.printf(
                                                    "  %-3s %-16s %s%n",
                                                    e.getValue().path("installed").asBoolean()
                                                            ? "[x]"
                                                            : "[ ]",
                                                    e.getKey(),
                                                    e.getValue().path("description").asText()));
                }
                yield 0;
            }
            case "install" ->
                    printResult(
                            request(
                                    bus,
                                    "features/install",
                                    body("name", args.positional(2, "feature name"))));
            case "uninstall" ->
                    printResult(
                            request(
                                    bus,
                                    "features/uninstall",
                                    body("name", args.positional(2, "feature name"))));
            default -> throw new Args.UsageException("unknown feature subcommand '" + sub + "'");
        };
    }

    private int config(PahoMessageBus bus) {
        String sub = args.positional(1, "config subcommand (get, set)");
        String pid = args.positional(2, "PID");
        return switch (sub) {
            case "get" -> printResult(request(bus, "config/get", body("pid", pid)));
            case "set" -> {
                ObjectNode b = body("pid", pid);
                ObjectNode props = b.putObject("properties");
                if (args.positional.size() < 4) {
                    throw new Args.UsageException("config set needs key=value pairs");
                }
                for (String kv : args.positional.subList(3, args.positional.size())) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new Args.UsageException("'" + kv + "' is not key=value");
                    }
                    props.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                yield printResult(request(bus, "config/set", b));
            }
            default -> throw new Args.UsageException("unknown config subcommand '" + sub + "'");
        };
    }

    private int topics(PahoMessageBus bus) {
        int seconds = args.intOption("seconds", 2, 1, 3600);
        String filter = args.flag("all") ? "#" : "armature/#";
        Map<String, long[]> counts = new ConcurrentHashMap<>();
        Map<String, String> types = new ConcurrentHashMap<>();
        bus.subscribe(
                        filter,
                        Qos.AT_MOST_ONCE,
                        m -> {
                            counts.computeIfAbsent(m.topic(), t -> new long[1])[0]++;
                            types.put(m.topic(), m.contentType() == null ? "-" : m.contentType());
                        })
                .toCompletableFuture()
                .join();
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
        for (var e : new TreeMap<>(counts).entrySet()) {
            out.printf(
                    "%-60s %8.1f msg/s  %s%n",
                    e.getKey(), e.getValue()[0] / (double) seconds, types.get(e.getKey()));
        }
        return 0;
    }

    private int echo(PahoMessageBus bus) {
        String topic = args.positional(1, "topic");
        int count = args.intOption("count", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int seconds = args.intOption("seconds", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        LinkedBlockingQueue<Message> q = new LinkedBlockingQueue<>();
        armature.bus.codec.PayloadFormatter formatter = new armature.bus.codec.PayloadFormatter();
        try {
            bus.subscribe(topic, Qos.AT_MOST_ONCE, q::add).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new Args.UsageException(e.getCause().getMessage());
        }
        long end =
                seconds == Integer.MAX_VALUE
                        ? Long.MAX_VALUE
                        : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int printed = 0;
        while (printed < count && System.nanoTime() < end) {
            Message m;
            try {
                m =
                        q.poll(
                                Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)),
                                TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (m != null) {
                out.println(formatter.format(m.contentType(), m.payload()));
                printed++;
            }
        }
        return 0;
    }

    private int printResult(JsonNode r) {
        out.println(args.flag("json") ? r.toPrettyString() : r.toString());
        return 0;
    }

    /** The container or broker cannot be reached. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String m) {
            super(m);
        }
    }

    /** The container answered with an error. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String m) {
            super(m);
        }
    }
}
