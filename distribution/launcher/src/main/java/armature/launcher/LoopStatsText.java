package armature.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A loop statistics document (docs/asyncapi.yaml, controlStatistics) in words, a few lines. */
final class LoopStatsText {
    /** Rejection counters of the supervisor's statistics, with the words for them. */
    private static final String[][] REJECTIONS = {
        {"rejectedInvalid", "invalid"},
        {"rejectedWrongEpoch", "stale epoch"},
        {"rejectedDuplicate", "duplicate sequence"},
        {"rejectedSequenceJump", "sequence jump"},
        {"rejectedExpired", "expired"},
        {"refusedEStop", "e-stop"},
        {"refusedAwaitingResync", "awaiting re-sync"},
        {"refusedSenderLimit", "sender limit"},
        {"refusedSensorHold", "sensor hold"},
    };

    private LoopStatsText() {}

    /**
     * @param nominalRateHz the schema's rate, or NaN when unknown
     */
    static String render(String loop, double nominalRateHz, JsonNode stats) {
        JsonNode timing = stats.path("timing");
        JsonNode sup = stats.path("supervisor");
        StringBuilder s = new StringBuilder();
        s.append("loop ").append(loop).append('\n');
        s.append(
                row(
                        "rate",
                        (Double.isNaN(nominalRateHz)
                                        ? "nominal rate unknown"
                                        : String.format(
                                                Locale.ROOT, "%.0f Hz nominal", nominalRateHz))
                                + "; "
                                + count(timing, "ticks")
                                + " ticks in the last window"));
        s.append(
                row(
                        "lateness",
                        "p50 "
                                + nanos(timing.path("latenessP50Nanos"))
                                + ", p99 "
                                + nanos(timing.path("latenessP99Nanos"))
                                + ", max "
                                + nanos(timing.path("latenessMaxNanos"))
                                + "; tick duration p99 "
                                + nanos(timing.path("durationP99Nanos"))));
        s.append(
                row(
                        "overruns",
                        count(timing, "overruns")
                                + " ("
                                + count(timing, "missedPeriods")
                                + " missed periods)"));
        if (stats.has("scheduling")) {
            s.append(row("thread", stats.path("scheduling").asText()));
        }
        s.append(
                row(
                        "safety",
                        "watchdog "
                                + sup.path("watchdogState").asText("?")
                                + ", e-stop "
                                + sup.path("eStopState").asText("?")
                                + ", epoch "
                                + sup.path("epoch").asText("?")
                                + velocityScale(sup)
                                + sensorHold(sup)));
        s.append(row("commands", commands(stats)));
        s.append(row("driver", driver(stats)));
        return s.toString();
    }

    /**
     * ", velocity 10 % (uncertainty above 0.4)" while a policy's uncertainty slows the loop (ADR
     * 0093), so the reason for a slow hand is on the same line as the e-stop.
     */
    static String velocityScale(JsonNode sup) {
        double scale = sup.path("velocityScale").asDouble(1.0);
        if (!(scale < 1.0)) {
            return "";
        }
        return String.format(
                java.util.Locale.ROOT,
                ", velocity %.0f %% (%s)",
                100 * scale,
                sup.path("velocityScaleBand").asText("?"));
    }

    /** ", held by sensor limit: ft1.forceN[2] = 45.0 breaks ..." while one holds (ADR 0099). */
    static String sensorHold(JsonNode sup) {
        JsonNode hold = sup.path("sensorHold");
        return hold.isTextual() ? ", held by sensor limit: " + hold.asText() : "";
    }

    private static String commands(JsonNode stats) {
        JsonNode sup = stats.path("supervisor");
        List<String> reasons = new ArrayList<>();
        long rejected = 0;
        for (String[] r : REJECTIONS) {
            long n = sup.path(r[0]).asLong();
            rejected += n;
            if (n > 0) {
                reasons.add(r[1] + " " + n);
            }
        }
        return count(sup, "commandsApplied")
                + " applied, "
                + rejected
                + " rejected"
                + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")")
                + ", "
                + count(stats, "malformedCommandFrames")
                + " malformed frames (since the loop started)";
    }

    private static String driver(JsonNode stats) {
        String name = null;
        for (JsonNode e : stats.path("epochs")) {
            name = e.path("driver").isTextual() ? e.path("driver").asText() : null;
        }
        JsonNode h = stats.path("driverHealth");
        if (!h.isObject()) {
            String refused = stats.path("driverRefused").asText("");
            return (name == null ? "none attached" : name)
                    + (refused.isEmpty() ? "" : "; last refused: " + refused);
        }
        String health = h.path("state").asText("?");
        String message = h.path("message").asText("");
        return (name == null ? "" : name + ": ")
                + health
                + (message.isEmpty() ? "" : " (" + message + ")");
    }

    private static String row(String label, String text) {
        return String.format(Locale.ROOT, "  %-10s %s%n", label, text);
    }

    private static String count(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        return n.isNumber() ? Long.toString(n.asLong()) : "?";
    }

    /** 850 ns, 12.3 us, 1.25 ms, 2.00 s. */
    static String nanos(JsonNode n) {
        if (!n.isNumber()) {
            return "?";
        }
        long ns = n.asLong();
        if (Math.abs(ns) < 1_000) {
            return ns + " ns";
        }
        if (Math.abs(ns) < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f us", ns / 1e3);
        }
        if (Math.abs(ns) < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }
}
