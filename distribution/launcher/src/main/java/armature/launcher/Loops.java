package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.Names;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which control loop a command means: {@code --loop}, else the only loop the container has. Loops
 * are found by their retained state schema, which every running loop keeps on the broker.
 */
final class Loops {
    /** How long the retained schemas may take to arrive after the subscription is confirmed. */
    static final Duration FIRST_RETAINED = Duration.ofSeconds(2);

    /** Once one arrived, the rest follow at once; this long without one means there are no more. */
    static final Duration QUIET = Duration.ofMillis(300);

    private Loops() {}

    /**
     * @throws Args.UsageException for a malformed --loop, or when there are several loops and
     *     --loop names none (the message lists them)
     * @throws Cli.Refused when the container has no loop
     */
    static LoopTopics resolve(Invocation inv) throws InterruptedException {
        ContainerTopics c = inv.topics();
        String given = inv.args.get(Options.LOOP.name(), null);
        if (given != null) {
            if (!Names.isValid(given)) {
                throw new Args.UsageException(
                        "--loop '" + given + "' must be 1-64 letters, digits, '_', '.' or '-'");
            }
            return c.loop(given);
        }
        Set<String> loops = discover(inv);
        if (loops.size() == 1) {
            return c.loop(loops.iterator().next());
        }
        if (loops.isEmpty()) {
            throw new Cli.Refused(
                    "container '"
                            + c.containerId()
                            + "' has no control loop (nothing retained on "
                            + c.loopStateSchemaFilter()
                            + "); install one, e.g. armature feature install sim-hand");
        }
        throw new Args.UsageException(
                "container '"
                        + c.containerId()
                        + "' has several loops: "
                        + String.join(", ", loops)
                        + "; choose one with --loop");
    }

    /** The names of the loops whose retained state schema is on the broker. */
    static Set<String> discover(Invocation inv) throws InterruptedException {
        ContainerTopics c = inv.topics();
        Set<String> loops = new TreeSet<>();
        try (Watch w =
                Watch.open(
                        inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), c.loopStateSchemaFilter())) {
            long deadline = System.nanoTime() + FIRST_RETAINED.toNanos();
            Message m;
            while ((m = w.next(deadline)) != null) {
                if (m.payload().length > 0) { // an empty retained message is a cleared one
                    loops.add(c.loopNameOf(m.topic()));
                }
                deadline = System.nanoTime() + QUIET.toNanos();
            }
        }
        return loops;
    }
}
