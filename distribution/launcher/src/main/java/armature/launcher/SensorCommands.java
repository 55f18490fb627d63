package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code sensors}: the sensor registry's retained status (feature {@code sensors}, docs/sensors.md)
 * as a table or, with {@code --json}, as it is.
 */
final class SensorCommands {
    /** A retained document arrives right after the subscription; longer means there is none. */
    private static final Duration RETAINED_WAIT = Duration.ofSeconds(5);

    private SensorCommands() {}

    static int list(Invocation inv) throws InterruptedException {
        String topic = inv.topics().sensorRegistryStatus();
        Duration wait = inv.timeout().compareTo(RETAINED_WAIT) < 0 ? inv.timeout() : RETAINED_WAIT;
        JsonNode status;
        try (Watch w = Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), topic)) {
            Message m = w.next(x -> x.payload().length > 0, System.nanoTime() + wait.toNanos());
            if (m == null) {
                throw new Cli.Refused(
                        "no sensor registry status on "
                                + topic
                                + "; is the feature sensors installed? (armature feature install"
                                + " sensors)");
            }
            status = JsonDocs.object(m);
        }
        if (inv.json()) {
            inv.out.println(status.toPrettyString());
            return 0;
        }
        JsonNode sensors = status.path("sensors");
        if (sensors.isEmpty()) {
            inv.out.println(
                    "no sensors (a device publishes its descriptor first: docs/sensors.md)");
            return 0;
        }
        long now = status.path("timestampMillis").asLong();
        inv.out.printf(
                "%-20s %-11s %-16s %8s %8s %10s %9s %9s %10s %17s  %s%n",
                "SENSOR",
                "STATE",
                "TYPE",
                "RATE Hz",
                "NOMINAL",
                "LAST SEEN",
                "ACCEPTED",
                "REJECTED",
                "OFFSET",
                "DELAY p50/p99",
                "LAST REJECTION");
        StringBuilder flags = new StringBuilder();
        for (JsonNode s : sensors) {
            JsonNode last = s.path("lastRejection");
            JsonNode time = s.path("time");
            boolean sync = time.path("clockSynchronized").asBoolean();
            inv.out.printf(
                    Locale.ROOT,
                    "%-20s %-11s %-16s %8.1f %8s %10s %9d %9d %10s %17s  %s%n",
                    printable(s.path("id").asText()),
                    printable(s.path("state").asText()),
                    printable(text(s.path("type"))),
                    s.path("rateHz").asDouble(),
                    s.path("nominalRateHz").isNumber()
                            ? String.format(Locale.ROOT, "%.1f", s.path("nominalRateHz").asDouble())
                            : "-",
                    ago(now, s.path("lastSeenMillis")),
                    s.path("accepted").asLong(),
                    s.path("rejected").asLong(),
                    sync ? "sync" : duration(time.path("offsetNs"), true),
                    sync
                            ? percentiles(time.path("latencyP50Ns"), time.path("latencyP99Ns"))
                            : percentiles(time.path("delayP50Ns"), time.path("delayP99Ns")),
                    last.isObject()
                            ? printable(
                                    last.path("reason").asText()
                                            + ": "
                                            + last.path("message").asText())
                            : "-");
            long future = time.path("sourceInFuture").asLong();
            long far = time.path("farOff").asLong();
            if (future > 0 || far > 0) {
                flags.append(
                        String.format(
                                Locale.ROOT,
                                "%s: of %d samples with a source time, %d lay in the future and %d"
                                        + " more than %d ms from their receive time%n",
                                printable(s.path("id").asText()),
                                time.path("withSourceTime").asLong(),
                                future,
                                far,
                                status.path("limits").path("maxClockSkewMillis").asLong()));
            }
        }
        inv.out.print(flags);
        return 0;
    }

    /** See {@link Terminal#printable}. */
    static String printable(String s) {
        return Terminal.printable(s);
    }

    /**
     * OFFSET is receive minus source time at its smallest (the device clock's lag plus the minimum
     * latency); DELAY is how much later than that the others came, or with a synchronised clock
     * ("sync") the absolute one-way latency (docs/sensors.md, Time).
     */
    private static String percentiles(JsonNode p50, JsonNode p99) {
        if (!p50.isNumber() || !p99.isNumber()) {
            return "-";
        }
        return duration(p50, false) + "/" + duration(p99, false);
    }

    private static String duration(JsonNode ns, boolean signed) {
        if (!ns.isNumber()) {
            return "-";
        }
        double v = ns.asLong();
        String sign = signed && v >= 0 ? "+" : "";
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%s%.3f s", sign, v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%s%.1f ms", sign, v / 1e6);
        }
        return String.format(Locale.ROOT, "%s%.0f us", sign, v / 1e3);
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : "-";
    }

    private static String ago(long now, JsonNode at) {
        if (!at.isNumber()) {
            return "never";
        }
        return String.format(Locale.ROOT, "%.1f s ago", Math.max(0, now - at.asLong()) / 1000.0);
    }
}
