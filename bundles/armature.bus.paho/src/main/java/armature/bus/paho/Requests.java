package armature.bus.paho;

import armature.bus.api.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The requesting side of MQTT 5 request/response: each request gets the client's reply topic and a
 * fresh correlation id, and waits for the reply that echoes it or for its time-out, whichever comes
 * first. The loser is cancelled: a reply cancels the time-out task (a long time-out no longer keeps
 * a task per answered request in the timer queue), and a time-out forgets the request.
 */
final class Requests {
    private final String replyTopic;
    private final ScheduledExecutorService timer;
    private final Function<Message, CompletionStage<Void>> publish;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelation = new AtomicLong();
    private final String correlationPrefix = Long.toHexString(System.nanoTime()) + "-";

    /**
     * @param timer should remove cancelled tasks from its queue ({@link
     *     java.util.concurrent.ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy})
     */
    Requests(
            String replyTopic,
            ScheduledExecutorService timer,
            Function<Message, CompletionStage<Void>> publish) {
        this.replyTopic = replyTopic;
        this.timer = timer;
        this.publish = publish;
    }

    String replyTopic() {
        return replyTopic;
    }

    CompletionStage<Message> request(Message request, Duration timeout) {
        String correlation = correlationPrefix + nextCorrelation.incrementAndGet();
        CompletableFuture<Message> reply = new CompletableFuture<>();
        Pending p = new Pending(reply);
        pending.put(correlation, p);
        p.timeout =
                timer.schedule(
                        () -> {
                            if (pending.remove(correlation, p)) {
                                reply.completeExceptionally(
                                        new TimeoutException(
                                                "no reply on '"
                                                        + request.topic()
                                                        + "' within "
                                                        + timeout.toMillis()
                                                        + " ms"));
                            }
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
        // Failed meanwhile (the bus closed before the task existed): nothing is left to time out.
        if (reply.isDone()) {
            p.timeout.cancel(false);
        }
        Message withReply =
                request.toBuilder()
                        .responseTopic(replyTopic)
                        .correlationData(correlation.getBytes(StandardCharsets.UTF_8))
                        .build();
        publish.apply(withReply)
                .whenComplete(
                        (ok, error) -> {
                            if (error != null && pending.remove(correlation, p)) {
                                p.cancelTimeout();
                                reply.completeExceptionally(error);
                            }
                        });
        return reply;
    }

    /** A message on the reply topic: completes the request it answers, if it still waits. */
    void onReply(Message reply) {
        if (reply.correlationData() == null) {
            return;
        }
        Pending p = pending.remove(new String(reply.correlationData(), StandardCharsets.UTF_8));
        if (p != null) {
            p.cancelTimeout();
            p.reply.complete(reply);
        }
    }

    /** Fails every waiting request (the bus closed or failed). */
    void failAll(Throwable why) {
        for (String c : pending.keySet()) {
            Pending p = pending.remove(c);
            if (p != null) {
                p.cancelTimeout();
                p.reply.completeExceptionally(why);
            }
        }
    }

    /** Requests still waiting for a reply. */
    int waiting() {
        return pending.size();
    }

    private static final class Pending {
        final CompletableFuture<Message> reply;
        volatile ScheduledFuture<?> timeout;

        Pending(CompletableFuture<Message> reply) {
            this.reply = reply;
        }

        void cancelTimeout() {
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
