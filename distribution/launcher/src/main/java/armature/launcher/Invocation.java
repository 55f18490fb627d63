package armature.launcher;

import armature.bus.api.MessageBus;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One run of one command: its checked arguments, where its output goes, and (made on first use) its
 * container home and bus connection.
 */
final class Invocation implements AutoCloseable {
    final Command command;
    final Args args;
    final PrintStream out;
    final PrintStream err;
    private final Function<String, String> env;
    private Home home;
    private PahoMessageBus bus;

    Invocation(
            Command command,
            Args args,
            PrintStream out,
            PrintStream err,
            Function<String, String> env) {
        this.command = command;
        this.args = args;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    List<String> operands() {
        return args.positional;
    }

    /** --home / --id, else $ARMATURE_HOME / $ARMATURE_ID, else {@code .} and {@code local}. */
    Home home() {
        if (home == null) {
            Path dir = Path.of(args.get(Options.HOME.name(), env("ARMATURE_HOME", ".")));
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                // `run` makes a home that is not there yet; no command can use a file as one.
                throw new Args.UsageException(
                        "--home " + dir + " is a file, not a container's home folder");
            }
            home = new Home(dir, args.get(Options.ID.name(), env("ARMATURE_ID", "local")));
        }
        return home;
    }

    ContainerTopics topics() {
        return ContainerTopics.of(home().containerId());
    }

    /** The connected bus; connects on first use. */
    MessageBus bus() {
        if (bus == null) {
            bus = BrokerConnection.open(home(), args);
        }
        return bus;
    }

    /** The broker user this command acts as (the sender level of what it publishes). */
    String user() {
        return BrokerConnection.user(args);
    }

    /** --timeout: how long to wait for an answer. */
    Duration timeout() {
        return Duration.ofSeconds(args.intOption(Options.TIMEOUT.name(), 15, 1, 3600));
    }

    boolean json() {
        return args.flag(Options.JSON.name());
    }

    private String env(String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        if (bus != null) {
            bus.close();
        }
    }
}
