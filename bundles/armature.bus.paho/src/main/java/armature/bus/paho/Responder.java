package armature.bus.paho;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import armature.control.api.log.RateLimitedLog;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The serving side of MQTT 5 request/response. A reply goes only to a response topic under this
 * container's reply prefix: otherwise any client that may send a request could make the container
 * publish, with the container's rights, onto a command or e-stop topic of its choosing (a confused
 * deputy). Such requests are refused without a reply, counted, and logged at a limited rate.
 */
final class Responder {
    private static final System.Logger LOG = System.getLogger(Responder.class.getName());

    private final String replyPrefix;
    private final Function<Message, CompletionStage<Void>> publish;
    private final BusStatistics stats;
    private final RateLimitedLog refusals;

    Responder(
            String replyPrefix,
            Function<Message, CompletionStage<Void>> publish,
            BusStatistics stats,
            RateLimitedLog refusals) {
        this.replyPrefix = replyPrefix;
        this.publish = publish;
        this.stats = stats;
        this.refusals = refusals;
    }

    /** The message handler that serves requests with {@code handler}. */
    MessageHandler serving(RequestHandler handler) {
        return request -> answer(request, handler);
    }

    private void answer(Message request, RequestHandler handler) {
        String responseTopic = request.responseTopic();
        if (responseTopic == null || !responseTopic.startsWith(replyPrefix)) {
            stats.refusedRequests.increment();
            // One key for all topics: a flood over many topics still makes one line per interval.
            refusals.log(
                    System.Logger.Level.WARNING,
                    "response-topic",
                    "refused request on '"
                            + request.topic()
                            + "': response topic "
                            + (responseTopic == null
                                    ? "missing"
                                    : "'" + responseTopic + "' is not under '" + replyPrefix + "'")
                            + "; no reply sent");
            return;
        }
        CompletionStage<Reply> stage;
        try {
            stage = handler.handle(request);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((reply, error) -> send(request, error != null ? errorOf(error) : reply));
    }

    private void send(Message request, Reply r) {
        Message.Builder b =
                Message.builder(request.responseTopic())
                        .payload(r.payload())
                        .qos(Qos.AT_LEAST_ONCE)
                        .contentType(r.contentType())
                        .correlationData(request.correlationData())
                        .userProperty(BusProperties.STATUS_PROPERTY, r.ok() ? "ok" : "error");
        r.userProperties().forEach(b::userProperty);
        publish.apply(b.build())
                .whenComplete(
                        (ok, e) -> {
                            if (e != null) {
                                LOG.log(
                                        Level.WARNING,
                                        "reply to '"
                                                + request.topic()
                                                + "' lost: "
                                                + e.getMessage());
                            }
                        });
    }

    private static Reply errorOf(Throwable error) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        return Reply.error(String.valueOf(cause.getMessage()));
    }
}
