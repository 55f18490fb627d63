package armature.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one command line: finds the command in the {@link CommandTable}, checks its options and
 * operands against the entry, and runs its handler. Output goes to the given streams, so tests run
 * commands in-process. Exit codes: 0 done, 1 refused or failed, 2 wrong usage (with the command's
 * usage line), 3 broker or container unreachable.
 */
final class Cli {
    private final CommandTable table;
    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> env;

    Cli(CommandTable table, PrintStream out, PrintStream err, Function<String, String> env) {
        this.table = table;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int execute(String... argv) {
        List<String> all = List.of(argv);
        boolean help = all.contains("--help");
        Map<String, Option> known = table.optionsByName();
        List<String> words = Args.words(all, known);
        if (words.isEmpty()) {
            (help ? out : err).print(table.help());
            return help ? 0 : 2;
        }
        Command command = table.find(words);
        if (command == null) {
            return unknown(words);
        }
        if (help) {
            out.print(table.describe(command));
            return 0;
        }
        Args args;
        try {
            args = Args.parse(all, command.options());
            // The command words are the first words; what follows are its operands.
            args.positional.subList(0, command.words().size()).clear();
            checkOperands(command, args.positional);
            for (Option o : command.options()) {
                if (o.required() && !args.has(o.name())) {
                    throw new Args.UsageException("missing " + o.synopsis());
                }
            }
        } catch (Args.UsageException e) {
            return usageError(command, e.getMessage());
        }
        try (Invocation inv = new Invocation(command, args, out, err, env)) {
            return command.handler().run(inv);
        } catch (Args.UsageException e) {
            return usageError(command, e.getMessage());
        } catch (Refused e) {
            err.println("armature: " + e.getMessage());
            return 1;
        } catch (Unreachable e) {
            err.println("armature: " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("armature: interrupted");
            return 1;
        } catch (Exception e) {
            err.println("armature: " + command.name() + " failed: " + e);
            return 1;
        }
    }

    private static void checkOperands(Command c, List<String> operands) {
        if (operands.size() < c.minOperands()) {
            // Name what is missing after what was given: `config set PID` misses KEY=VALUE...
            String[] words = c.operands().isEmpty() ? new String[0] : c.operands().split(" +");
            String missing =
                    operands.isEmpty() || operands.size() >= words.length
                            ? c.operands()
                            : String.join(
                                    " ",
                                    java.util.Arrays.asList(words)
                                            .subList(operands.size(), words.length));
            throw new Args.UsageException("missing " + (missing.isEmpty() ? "operand" : missing));
        }
        if (operands.size() > c.maxOperands()) {
            throw new Args.UsageException(
                    "unexpected argument '" + operands.get(c.maxOperands()) + "'");
        }
    }

    private int usageError(Command c, String message) {
        err.println("armature: " + message);
        err.println("usage: " + c.usage());
        return 2;
    }

    /** No entry matches: an unknown command, or a group word without a known subcommand. */
    private int unknown(List<String> words) {
        List<Command> group = table.group(words.get(0));
        if (group.isEmpty()) {
            err.println(
                    "armature: unknown command '"
                            + words.get(0)
                            + "'; commands: "
                            + String.join(", ", table.firstWords())
                            + " (armature help)");
            return 2;
        }
        List<String> subs = new ArrayList<>();
        for (Command c : group) {
            subs.add(c.words().get(1));
        }
        err.println(
                "armature: "
                        + (words.size() < 2
                                ? words.get(0) + " needs a subcommand: "
                                : "unknown "
                                        + words.get(0)
                                        + " subcommand '"
                                        + words.get(1)
                                        + "'; allowed: ")
                        + String.join(", ", subs));
        for (Command c : group) {
            err.println("usage: " + c.usage());
        }
        return 2;
    }

    private static final java.util.regex.Pattern BROKER_REFUSAL =
            java.util.regex.Pattern.compile("reason code 0x([0-9a-fA-F]{2})");

    /**
     * What a failed publish, subscription or request means for the exit code: a broker that
     * answered with an MQTT reason code of 0x80 or above refused it (exit 1, naming the user and
     * pointing at the roles; 0x87 is "not authorized"); anything else means the broker or the
     * container could not be reached (exit 3).
     *
     * @param what what was tried, e.g. "publish on TOPIC"
     * @param user the broker user the CLI acts as, or {@code null} when not known here
     */
    static RuntimeException busFailure(String what, String user, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage());
        java.util.regex.Matcher m = BROKER_REFUSAL.matcher(message);
        if (m.find() && Integer.parseInt(m.group(1), 16) >= 0x80) {
            boolean notAuthorized = Integer.parseInt(m.group(1), 16) == 0x87;
            return new BrokerRefused(
                    "the broker refused to "
                            + what
                            + (notAuthorized
                                    ? ": "
                                            + (user == null
                                                    ? "this broker user"
                                                    : "broker user '" + user + "'")
                                            + " may not do that (its role does not allow it;"
                                            + " see docs/security.md)"
                                    : ": " + message));
        }
        return new Unreachable("cannot " + what + ": " + message);
    }

    /** The broker itself refused the request (exit 1): it never reached the container. */
    static final class BrokerRefused extends Refused {
        private static final long serialVersionUID = 1L;

        BrokerRefused(String m) {
            super(m);
        }
    }

    /** The container or broker cannot be reached, or did not answer in time (exit 3). */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String m) {
            super(m);
        }
    }

    /** The container refused, or the operation failed (exit 1). */
    static class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String m) {
            super(m);
        }
    }
}
