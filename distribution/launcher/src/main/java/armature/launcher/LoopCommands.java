package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code loop stats}: the next statistics document of a loop, for a person or as JSON. */
final class LoopCommands {
    private LoopCommands() {}

    static int stats(Invocation inv) throws InterruptedException {
        LoopTopics loop = Loops.resolve(inv);
        try (Watch w =
                Watch.open(
                        inv.bus(),
                        Qos.AT_LEAST_ONCE,
                        inv.timeout(),
                        loop.statistics(),
                        loop.stateSchema())) {
            long deadline = System.nanoTime() + inv.timeout().toNanos();
            JsonNode stats = null;
            double nominalRateHz = Double.NaN;
            boolean schemaSeen = false;
            Message m;
            // The retained schema (for the nominal rate) may come after the first statistics:
            // wait a little for it, not for ever.
            while ((stats == null || !schemaSeen) && (m = w.next(deadline)) != null) {
                if (m.payload().length == 0) {
                    continue;
                }
                JsonNode doc = JsonDocs.object(m);
                if (m.topic().equals(loop.stateSchema())) {
                    nominalRateHz = doc.path("nominalRateHz").asDouble(Double.NaN);
                    schemaSeen = true;
                } else if (stats == null) {
                    stats = doc;
                    deadline =
                            Math.min(deadline, System.nanoTime() + SupervisorView.GRACE.toNanos());
                }
            }
            if (stats == null) {
                throw new Cli.Refused(
                        "loop '"
                                + loop.loopName()
                                + "' published no statistics on "
                                + loop.statistics()
                                + " within "
                                + inv.timeout().toSeconds()
                                + " s (is it running?)");
            }
            if (inv.json()) {
                // The document has a "loop" member of its own (the loop's counters).
                ObjectNode out = JsonDocs.object();
                out.put("loop", loop.loopName());
                out.set("statistics", stats);
                inv.out.println(out.toPrettyString());
            } else {
                inv.out.print(LoopStatsText.render(loop.loopName(), nominalRateHz, stats));
            }
            return 0;
        }
    }
}
