package armature.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The one entry point: {@code armature run ...} starts a container in the foreground; every other
 * command is a CLI call to a running container over the bus (see {@link CommandTable}).
 */
public final class Main {
    /** Exit code of {@code run} when a container with this id already runs. */
    static final int ALREADY_RUNNING = 4;

    private Main() {}

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        return new Cli(CommandTable.standard(), System.out, System.err, System::getenv)
                .execute(argv);
    }

    /** {@code armature run}: the entry of the command table. */
    static int runContainer(Invocation inv) {
        Path dist = Path.of(System.getProperty("armature.dist", "."));
        return runContainer(dist, inv.home(), inv.args);
    }

    private static int runContainer(Path dist, Home home, Args args) {
        long t0 = System.nanoTime();
        String broker = args.get("broker", null);
        int port = args.intOption("port", 1883, 0, 65535);
        if (broker != null && args.has("port")) {
            throw new Args.UsageException(
                    "--port is for the embedded broker; do not combine it with --broker");
        }
        int httpPort = args.intOption("http-port", Container.DEFAULT_HTTP_PORT, 0, 65535);
        int webSocketPort = args.intOption("ws-port", -1, 0, 65535);
        if (broker != null && args.has("ws-port")) {
            throw new Args.UsageException(
                    "--ws-port adds a WebSocket listener to the embedded broker; with --broker,"
                            + " configure WebSocket on that broker");
        }
        BrokerLogin login = BrokerLogin.fromOptions(n -> args.get(n, null));
        if (broker == null && !login.equals(BrokerLogin.NONE)) {
            throw new Args.UsageException(
                    "--broker-user, --broker-password-file and --broker-ca/-cert/-key are for an"
                            + " external broker (--broker URL); the embedded broker makes its own"
                            + " logins (armature access add)");
        }
        String features = args.has("features") ? args.get("features", "") : defaultFeatures(home);
        // Before anything else, so a second process with this id touches nothing of the first.
        InstanceLock lock;
        try {
            lock = InstanceLock.acquire(home);
        } catch (InstanceLock.AlreadyRunning e) {
            System.err.println("armature: " + e.getMessage());
            return ALREADY_RUNNING;
        } catch (java.io.IOException e) {
            System.err.println("armature: cannot lock " + home.lockFile() + ": " + e.getMessage());
            return 1;
        }
        try {
            // A reason left by an earlier run is not this run's.
            Files.deleteIfExists(
                    home.runtime().resolve(armature.bus.paho.PahoBusComponent.EXIT_REASON_FILE));
        } catch (java.io.IOException e) {
            System.err.println("armature: cannot clear an earlier exit reason: " + e.getMessage());
            return 1;
        }
        Container container;
        try {
            LogSetup.configure(home.runtime().resolve("logs"), args.flag("verbose"));
            container =
                    new Container(
                            dist,
                            home,
                            broker,
                            port,
                            httpPort,
                            webSocketPort,
                            login,
                            features,
                            args.flag("console"));
            String url = container.start();
            Files.writeString(home.brokerUrlFile(), url + "\n");
            Logger.getLogger(Main.class.getName())
                    .info(
                            "container '"
                                    + home.containerId()
                                    + "' started in "
                                    + (System.nanoTime() - t0) / 1_000_000
                                    + " ms; broker "
                                    + url
                                    + "; features ["
                                    + features
                                    + "]; home "
                                    + home.root());
        } catch (armature.broker.EmbeddedBroker.PortInUseException e) {
            System.err.println("armature: " + e.getMessage());
            return 3;
        } catch (ExternalBrokerChecks.AlreadyOnline e) {
            System.err.println("armature: " + e.getMessage());
            return ALREADY_RUNNING;
        } catch (Exception e) {
            System.err.println("armature: container did not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    container.stop();
                                    lock.release();
                                },
                                "armature-shutdown"));
        new ReadyReporter(
                        container.clientSettings("launcher"),
                        home.containerId(),
                        t0,
                        container::endpoints)
                .start();
        try {
            container.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The bus stops the framework itself when another client took over this container's
        // session (a second container with the same id): say so and exit like a refused start.
        String reason = exitReason(home);
        if (reason != null) {
            System.err.println(
                    "armature: container '" + home.containerId() + "' stopped: " + reason);
            return ALREADY_RUNNING;
        }
        return 0;
    }

    /** The reason the bus left in runtime/<id>/exit-reason, or null. */
    static String exitReason(Home home) {
        Path f = home.runtime().resolve(armature.bus.paho.PahoBusComponent.EXIT_REASON_FILE);
        try {
            return Files.exists(f) ? Files.readString(f).trim() : null;
        } catch (java.io.IOException e) {
            return "unknown (" + f + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** The feature list from config/armature.features.cfg ({@code features=a,b}), else none. */
    static String defaultFeatures(Home home) {
        Path f = home.config().resolve("armature.features.cfg");
        if (!Files.exists(f)) {
            return "";
        }
        try (var r = Files.newBufferedReader(f)) {
            java.util.Properties p = new java.util.Properties();
            p.load(r);
            return p.getProperty("features", "").trim();
        } catch (java.io.IOException e) {
            throw new Args.UsageException("cannot read " + f + ": " + e.getMessage());
        }
    }
}
