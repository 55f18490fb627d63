package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.codec.PayloadFormatter;
import armature.control.api.ContainerTopics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Watching the bus: {@code topics} and {@code echo}. */
final class TopicCommands {
    private TopicCommands() {}

    static int topics(Invocation inv) throws InterruptedException {
        int seconds = inv.args.intOption(Options.SECONDS.name(), 2, 1, 3600);
        String filter =
                inv.args.flag(Options.ALL.name()) ? "#" : ContainerTopics.everyContainerFilter();
        Map<String, long[]> counts = new ConcurrentHashMap<>();
        Map<String, String> types = new ConcurrentHashMap<>();
        try (Watch w =
                Watch.open(
                        inv.bus(),
                        Qos.AT_MOST_ONCE,
                        inv.timeout(),
                        m -> {
                            counts.computeIfAbsent(m.topic(), t -> new long[1])[0]++;
                            types.put(m.topic(), m.contentType() == null ? "-" : m.contentType());
                        },
                        filter)) {
            TimeUnit.SECONDS.sleep(seconds); // the measuring window itself, not a wait for a result
        }
        for (var e : new TreeMap<>(counts).entrySet()) {
            inv.out.printf(
                    "%-60s %8.1f msg/s  %s%n",
                    Terminal.printable(e.getKey()),
                    e.getValue()[0] / (double) seconds,
                    Terminal.printable(types.get(e.getKey())));
        }
        return 0;
    }

    static int echo(Invocation inv) throws InterruptedException {
        String topic = inv.operands().get(0);
        int count =
                inv.args.intOption(Options.COUNT.name(), Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int seconds = inv.args.intOption(Options.SECONDS.name(), 0, 1, Integer.MAX_VALUE);
        PayloadFormatter formatter = new PayloadFormatter();
        long end =
                seconds == 0
                        ? Long.MAX_VALUE
                        : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Watch w;
        try {
            w = Watch.open(inv.bus(), Qos.AT_MOST_ONCE, inv.timeout(), topic);
        } catch (CompletionException | IllegalArgumentException e) {
            throw new Args.UsageException((e.getCause() == null ? e : e.getCause()).getMessage());
        }
        try (w) {
            for (int printed = 0; printed < count; printed++) {
                Message m = w.next(end);
                if (m == null) {
                    break;
                }
                inv.out.println(formatter.format(m.contentType(), m.payload()));
            }
        }
        return 0;
    }
}
