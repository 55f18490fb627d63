package armature.dashboard;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ControlEventType;
import armature.control.api.EStopAction;
import armature.control.api.LoopTopics;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * E-stop requests from the page, through the same topics as {@code armature estop}: a trip on the
 * loop's trip topic under the user's name (any logged-in user), acknowledge and reset on its
 * request topic (operators). The answer is the loop's retained latch in the state the request leads
 * to, or the refusal event the loop published for this user.
 */
final class EStops {
    /**
     * How long a loop's retained latch may take to arrive after the subscription: a running loop's
     * comes within milliseconds; without one there is no such loop (or it has not started).
     */
    static final Duration RETAINED_WAIT = Duration.ofSeconds(2);

    private EStops() {}

    static JsonNode request(DashSession s, LoopTopics loop, String actionName, Duration timeout) {
        EStopAction action =
                switch (actionName) {
                    case "trip" -> EStopAction.TRIP;
                    case "acknowledge" -> EStopAction.ACKNOWLEDGE;
                    case "reset" -> EStopAction.RESET;
                    default ->
                            throw new ApiError(
                                    HttpServletResponse.SC_NOT_FOUND,
                                    "e-stop action '"
                                            + actionName
                                            + "' unknown; trip, acknowledge or reset");
                };
        if (action != EStopAction.TRIP && s.role != Role.OPERATOR) {
            throw new ApiError(
                    HttpServletResponse.SC_FORBIDDEN,
                    "user '"
                            + s.user
                            + "' is an observer: only operators may "
                            + actionName
                            + " the e-stop (anyone logged in may trip it)");
        }
        String expected =
                action == EStopAction.TRIP
                        ? "LATCHED"
                        : action == EStopAction.ACKNOWLEDGE ? "ACKNOWLEDGED" : "CLEAR";
        Set<String> success =
                switch (action) {
                    case TRIP ->
                            Set.of(
                                    ControlEventType.ESTOP_LATCHED.name(),
                                    ControlEventType.ESTOP_SOURCE_ASSERTED.name());
                    case ACKNOWLEDGE -> Set.of(ControlEventType.ESTOP_ACKNOWLEDGED.name());
                    default -> Set.of(ControlEventType.ESTOP_RESET.name());
                };
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        AtomicReference<String> notSaved = new AtomicReference<>();
        AtomicBoolean taken = new AtomicBoolean();
        AtomicReference<JsonNode> latch = new AtomicReference<>();
        CompletableFuture<Void> latchSeen = new CompletableFuture<>();
        Runnable check =
                () -> {
                    JsonNode l = latch.get();
                    if (taken.get() && l != null && expected.equals(l.path("state").asText())) {
                        String warning =
                                l.hasNonNull("notSaved")
                                        ? l.path("notSaved").asText()
                                        : notSaved.get();
                        if (warning == null) {
                            answer.complete(l);
                        } else {
                            // Done, but not kept: the page shows it as a warning with the state.
                            com.fasterxml.jackson.databind.node.ObjectNode withWarning =
                                    l.deepCopy();
                            withWarning.put(
                                    "notSaved",
                                    warning
                                            + "; the e-stop is "
                                            + expected
                                            + " now, but a crash or restart would not keep it");
                            answer.complete(withWarning);
                        }
                    }
                };
        List<Subscription> subs;
        try {
            Subscription latchSub =
                    s.bus.subscribe(
                                    loop.eStop(),
                                    Qos.AT_LEAST_ONCE,
                                    m -> {
                                        if (m.payload().length == 0) {
                                            return;
                                        }
                                        JsonNode doc = JsonReplies.JSON.readTree(m.payload());
                                        latch.set(doc);
                                        latchSeen.complete(null);
                                        if (action == EStopAction.RESET
                                                && !m.retained()
                                                && "LATCHED".equals(doc.path("state").asText())) {
                                            // Latched again instead of cleared: a reset the loop
                                            // could not save (its QoS 0 event may be lost), or a
                                            // trip meanwhile.
                                            answer.completeExceptionally(
                                                    new ApiError(
                                                            HttpServletResponse.SC_CONFLICT,
                                                            "the loop latched the e-stop again"
                                                                    + " instead of resetting it"
                                                                    + (notSaved.get() != null
                                                                            ? ": " + notSaved.get()
                                                                            : "")));
                                            return;
                                        }
                                        if (!m.retained()
                                                && expected.equals(doc.path("state").asText())) {
                                            taken.set(true);
                                        }
                                        check.run();
                                    })
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
            Subscription eventSub =
                    s.bus.subscribe(
                                    loop.events(),
                                    Qos.AT_LEAST_ONCE,
                                    m -> {
                                        JsonNode ev = JsonReplies.JSON.readTree(m.payload());
                                        String sender = ev.path("sender").asText(null);
                                        if (sender != null && !sender.equals(s.user)) {
                                            return;
                                        }
                                        String type = ev.path("type").asText();
                                        String message = ev.path("message").asText();
                                        if (type.equals(
                                                        ControlEventType.STATE_FILE_NOT_SAVED
                                                                .name())
                                                && message.startsWith("e-stop state")) {
                                            if (action == EStopAction.RESET) {
                                                // The loop latches again rather than keep a reset
                                                // a crash would undo.
                                                answer.completeExceptionally(
                                                        new ApiError(
                                                                HttpServletResponse.SC_CONFLICT,
                                                                message
                                                                        + "; the loop latched the"
                                                                        + " e-stop again (a reset"
                                                                        + " that a crash would"
                                                                        + " undo is no reset)"));
                                                return;
                                            }
                                            notSaved.set(message);
                                            return;
                                        }
                                        if (type.startsWith("ESTOP_")
                                                && (type.endsWith("_REFUSED")
                                                        || type.endsWith("_MALFORMED"))) {
                                            answer.completeExceptionally(
                                                    new ApiError(
                                                            HttpServletResponse.SC_CONFLICT,
                                                            ev.path("message").asText(type)));
                                            return;
                                        }
                                        if (success.contains(type)) {
                                            taken.set(true);
                                            check.run();
                                        }
                                    })
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
            subs = List.of(latchSub, eventSub);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (Exception e) {
            throw new ApiError(
                    HttpServletResponse.SC_FORBIDDEN, "cannot watch the e-stop: " + e.getMessage());
        }
        try {
            boolean known = seen(latchSeen, timeout);
            if (!known && action != EStopAction.TRIP) {
                throw new ApiError(
                        HttpServletResponse.SC_NOT_FOUND, noLatch(loop, actionName, false));
            }
            byte[] body;
            String topic;
            if (action == EStopAction.TRIP) {
                topic = loop.eStopTrip(s.user);
                body = JsonReplies.JSON.writeValueAsBytes(Map.of("reason", "dashboard"));
            } else {
                topic = loop.eStopRequest(s.user);
                body = JsonReplies.JSON.writeValueAsBytes(Map.of("action", action.wireName()));
            }
            s.bus.publish(
                            Message.builder(topic)
                                    .payload(body)
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .build())
                    .toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!known) {
                // A trip is sent even so: should the loop be there after all, it latches.
                throw new ApiError(
                        HttpServletResponse.SC_NOT_FOUND, noLatch(loop, actionName, true));
            }
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ApiError a) {
                throw a;
            }
            throw new ApiError(
                    HttpServletResponse.SC_FORBIDDEN,
                    "the e-stop " + actionName + " was refused: " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ApiError(
                    HttpServletResponse.SC_GATEWAY_TIMEOUT,
                    "loop '"
                            + loop.loopName()
                            + "' did not answer the e-stop "
                            + actionName
                            + " within "
                            + timeout.toSeconds()
                            + " s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            subs.forEach(Subscription::cancel);
        }
    }

    /** Whether the loop's retained latch arrived within {@link #RETAINED_WAIT}. */
    private static boolean seen(CompletableFuture<Void> latchSeen, Duration timeout)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        Duration wait = timeout.compareTo(RETAINED_WAIT) < 0 ? timeout : RETAINED_WAIT;
        try {
            latchSeen.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static String noLatch(LoopTopics loop, String actionName, boolean sent) {
        return "loop '"
                + loop.loopName()
                + "' has no retained e-stop latch: there is no such loop, or it has not started"
                + (sent ? "; the " + actionName + " was sent anyway" : "")
                + " (GET /api/loops lists the loops)";
    }
}
