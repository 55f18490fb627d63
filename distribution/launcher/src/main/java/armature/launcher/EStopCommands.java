package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ControlEventType;
import armature.control.api.EStopAction;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code estop trip|acknowledge|reset|status}. A request goes to the loop's operator e-stop topic
 * under this CLI's broker user; the answer is the loop's retained e-stop state changing, or an
 * event that refuses the request.
 */
final class EStopCommands {
    private EStopCommands() {}

    static String summary(EStopAction a) {
        return switch (a) {
            case TRIP -> "latch the e-stop: the loop takes every joint to its safe state";
            case ACKNOWLEDGE -> "acknowledge a latched e-stop (LATCHED -> ACKNOWLEDGED)";
            case RESET -> "release an acknowledged e-stop (ACKNOWLEDGED -> CLEAR)";
            default -> a.wireName();
        };
    }

    /** The state a successful request leaves the latch in. */
    static String expectedState(EStopAction a) {
        return switch (a) {
            case TRIP, ASSERT -> "LATCHED";
            case ACKNOWLEDGE -> "ACKNOWLEDGED";
            case RESET -> "CLEAR";
            case RELEASE -> throw new IllegalArgumentException("release leaves the state as it is");
        };
    }

    /** The events that say a request of this action took effect. */
    static Set<String> successEvents(EStopAction a) {
        return switch (a) {
                // A trip of a latched e-stop changes nothing but is still taken: SOURCE_ASSERTED.
            case TRIP, ASSERT ->
                    Set.of(
                            ControlEventType.ESTOP_LATCHED.name(),
                            ControlEventType.ESTOP_SOURCE_ASSERTED.name());
            case ACKNOWLEDGE -> Set.of(ControlEventType.ESTOP_ACKNOWLEDGED.name());
            case RESET -> Set.of(ControlEventType.ESTOP_RESET.name());
            case RELEASE -> Set.of(ControlEventType.ESTOP_SOURCE_RELEASED.name());
        };
    }

    /**
     * Publishes the request, then waits for its answer: a refusal event (exit 1 with its message),
     * or the latch in the expected state after the event that took the request (the loop
     * republishes the latch when it changes; when it did not change, the retained one says it).
     */
    static int request(Invocation inv, EStopAction action) throws InterruptedException {
        LoopTopics loop = Loops.resolve(inv);
        String expected = expectedState(action);
        long deadline = System.nanoTime() + inv.timeout().toNanos();
        try (Watch w =
                Watch.open(
                        inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), loop.eStop(), loop.events())) {
            ObjectNode body = JsonDocs.object();
            body.put("action", action.wireName());
            publish(inv, loop.eStopRequest(inv.user()), body);
            JsonNode latch = null;
            boolean taken = false;
            String notSaved = null;
            Message m;
            while ((m = w.next(deadline)) != null) {
                if (m.payload().length == 0) {
                    continue;
                }
                JsonNode doc = JsonDocs.object(m);
                if (m.topic().equals(loop.events())) {
                    String type = doc.path("type").asText();
                    if (!concernsUs(doc, inv.user())) {
                        continue;
                    }
                    if (isRefusal(type)) {
                        throw new Cli.Refused(doc.path("message").asText(type));
                    }
                    if (type.equals(ControlEventType.STATE_FILE_NOT_SAVED.name())
                            && doc.path("message").asText().startsWith("e-stop state")) {
                        notSaved = doc.path("message").asText();
                        if (action == EStopAction.RESET) {
                            // The loop latches again rather than keep a reset a crash would undo.
                            throw new Cli.Refused(
                                    notSaved
                                            + "; the loop latched the e-stop again (a reset that a"
                                            + " crash would undo is no reset)");
                        }
                        continue;
                    }
                    taken |= successEvents(action).contains(type);
                } else {
                    latch = doc;
                    if (action == EStopAction.RESET
                            && !m.retained()
                            && "LATCHED".equals(doc.path("state").asText())) {
                        // Latched again instead of cleared: a reset the loop could not save (its
                        // QoS 0 event may be lost or late), or a trip meanwhile.
                        throw new Cli.Refused(
                                "the loop latched the e-stop again instead of resetting it"
                                        + (notSaved != null
                                                ? ": " + notSaved
                                                : "; `armature estop status` and the loop's"
                                                        + " events say why"));
                    }
                    // A live message is the loop's answer even before its event is seen.
                    taken |= !m.retained() && expected.equals(doc.path("state").asText());
                }
                if (taken && latch != null && expected.equals(latch.path("state").asText())) {
                    print(inv, loop, latch);
                    if (latch.hasNonNull("notSaved")) {
                        notSaved = latch.path("notSaved").asText(); // the event may come later
                    }
                    if (notSaved != null) {
                        inv.err.println(
                                "armature: "
                                        + notSaved
                                        + "; the e-stop is "
                                        + expected
                                        + " now, but a crash or restart would not keep it");
                        return 1;
                    }
                    return 0;
                }
            }
        }
        throw new Cli.Unreachable(
                "loop '"
                        + loop.loopName()
                        + "' did not answer the e-stop "
                        + action.wireName()
                        + " on "
                        + loop.eStopRequest(inv.user())
                        + " within "
                        + inv.timeout().toSeconds()
                        + " s");
    }

    static int status(Invocation inv) throws InterruptedException {
        LoopTopics loop = Loops.resolve(inv);
        try (Watch w = Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), loop.eStop())) {
            Message m =
                    w.next(
                            x -> x.payload().length > 0,
                            System.nanoTime() + inv.timeout().toNanos());
            if (m == null) {
                throw new Cli.Refused(
                        "no e-stop state retained on "
                                + loop.eStop()
                                + " (is loop '"
                                + loop.loopName()
                                + "' running?)");
            }
            print(inv, loop, JsonDocs.object(m));
            return 0;
        }
    }

    /** E-stop events that say no: ESTOP_ACKNOWLEDGE_REFUSED, ESTOP_RESET_REFUSED, malformed. */
    static boolean isRefusal(String type) {
        return type.startsWith("ESTOP_")
                && (type.endsWith("_REFUSED") || type.endsWith("_MALFORMED"));
    }

    /** An event that names its sender is about that sender's request only. */
    private static boolean concernsUs(JsonNode event, String user) {
        String sender = event.path("sender").asText(null);
        return sender == null || sender.equals(user);
    }

    private static void print(Invocation inv, LoopTopics loop, JsonNode doc) {
        if (inv.json()) {
            ObjectNode out = JsonDocs.object();
            out.put("loop", loop.loopName());
            out.setAll((ObjectNode) doc);
            inv.out.println(out.toPrettyString());
            return;
        }
        StringBuilder sources = new StringBuilder();
        for (JsonNode s : doc.path("assertedSources")) {
            sources.append(sources.length() == 0 ? "" : ", ").append(s.asText());
        }
        inv.out.printf(
                "e-stop of loop %s: %s%s%n",
                loop.loopName(),
                doc.path("state").asText("?"),
                sources.length() == 0 ? "" : " (asserted by " + sources + ")");
    }

    private static void publish(Invocation inv, String topic, ObjectNode body) {
        try {
            inv.bus()
                    .publish(
                            Message.builder(topic)
                                    .payload(body.toString())
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .build())
                    .toCompletableFuture()
                    .get(inv.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (Exception e) {
            throw Cli.busFailure("publish on " + topic, inv.user(), e);
        }
    }
}
