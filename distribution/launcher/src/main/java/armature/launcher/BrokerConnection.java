package armature.launcher;

import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the CLI reaches a container's broker. The one place that connects, so that broker credentials
 * and TLS settings are added in one place too.
 */
final class BrokerConnection {
    /** The broker user the CLI acts as: the sender level of its commands and e-stop requests. */
    static final String DEFAULT_USER = "cli";

    /** Used when neither --broker nor the local container's broker.url says otherwise. */
    static final String DEFAULT_URL = "tcp://127.0.0.1:1883";

    private BrokerConnection() {}

    /**
     * The broker user this command line acts as: {@code --broker-user}, else the local {@value
     * #DEFAULT_USER} credential.
     */
    static String user(Args args) {
        String given = args.get(BrokerLogin.USER, null);
        return given == null || given.isBlank() ? DEFAULT_USER : given.trim();
    }

    /** --broker, else the URL the local container wrote at start, else {@link #DEFAULT_URL}. */
    static String url(Home home, Args args) {
        String url = args.get(Options.BROKER.name(), null);
        if (url != null) {
            return url;
        }
        Path f = home.runtime().resolve("broker.url");
        try {
            return Files.exists(f) ? Files.readString(f).trim() : DEFAULT_URL;
        } catch (IOException e) {
            return DEFAULT_URL;
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * {@code cli-<pid>-<8 random hex digits>}: the pid says which process it was (in the broker's
     * log), the random part keeps another client from taking the id before this one connects (a
     * device that did so made the call fail with "Client identifier not valid").
     */
    static String cliClientName() {
        return "cli-"
                + ProcessHandle.current().pid()
                + "-"
                + String.format("%08x", RANDOM.nextInt());
    }

    /**
     * Connects, waiting at most 5 s.
     *
     * @throws Args.UsageException for a malformed URL
     * @throws Cli.Unreachable when the broker cannot be reached
     */
    static PahoMessageBus open(Home home, Args args) {
        // The CLI's output is its answer; the bus client's chatter only with --verbose.
        Logger.getLogger("").setLevel(args.flag(Options.VERBOSE.name()) ? Level.INFO : Level.OFF);
        String url = url(home, args);
        BusSettings s;
        try {
            s =
                    BusSettings.of(url, home.containerId(), cliClientName())
                            .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(500));
            s = BrokerLogin.forCli(s, n -> args.get(n, null), home);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        PahoMessageBus bus = new PahoMessageBus(s);
        // A refused login ends the wait at once: retrying a wrong password helps nobody.
        if (!bus.startLogin().toCompletableFuture().isDone()
                && !bus.awaitConnected(Duration.ofSeconds(5))) {
            String why = bus.lastError();
            boolean refused = bus.loginRefused();
            bus.close();
            if (refused) {
                boolean byHand = args.get(Options.BROKER_USER.name(), null) != null;
                throw new Cli.Refused(
                        "the broker at "
                                + url
                                + " refused the login of user '"
                                + (s.user() == null ? "(none)" : s.user())
                                + "'"
                                + (why.isEmpty() ? "" : ": " + why)
                                + (byHand
                                        ? "; check --broker-user and --broker-password-file"
                                        : s.user() == null
                                                ? "; this broker needs a login: --broker-user"
                                                        + " and --broker-password-file"
                                                : "; the local CLI login is "
                                                        + home.cliPasswordFile()
                                                        + ", made again at each start of the"
                                                        + " container: is this the home it runs"
                                                        + " from?"));
            }
            throw new Cli.Unreachable(
                    "cannot reach the broker at "
                            + url
                            + (why.isEmpty() ? "" : ": " + why)
                            + (args.get(Options.BROKER.name(), null) == null ? hint(home) : ""));
        }
        return bus;
    }

    /**
     * Whether the container whose broker the CLI looked for runs at all, where that can be told.
     */
    static String hint(Home home) {
        return InstanceLock.held(home)
                .map(
                        running ->
                                running
                                        ? "; container '"
                                                + home.containerId()
                                                + "' is running from "
                                                + home.root()
                                                + " but its broker does not answer"
                                        : "; no container '"
                                                + home.containerId()
                                                + "' is running from "
                                                + home.root()
                                                + " (start it with ./armature run, or name a"
                                                + " broker with --broker)")
                .orElse("");
    }
}
