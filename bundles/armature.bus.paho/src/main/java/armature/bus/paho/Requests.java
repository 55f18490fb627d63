package armature.bus.paho;

import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
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
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The requesting side of MQTT 5 request/response: each request gets a reply topic and a fresh
 * correlation id, and waits for the reply that echoes it or for its time-out, whichever comes
 * first. The loser is cancelled: a reply cancels the time-out task (a long time-out no longer keeps
 * a task per answered request in the timer queue), and a time-out forgets the request.
 *
 * <p>The reply topic lies in the reply tree of the container the request is for ({@link
 * ContainerTopics#reply}{@code (user, client)} of the container named by the request topic's second
 * level), because a responder answers only there and a broker lets each user read only its own
 * replies. It is subscribed once per container, before the first request to it goes out.
 */
final class Requests {
    private final String ownContainer;
    private final String user;
    private final String client;
    private final ScheduledExecutorService timer;
    private final Function<Message, CompletionStage<Void>> publish;
    private final BiFunction<String, MessageHandler, CompletionStage<Subscription>> subscribe;
    private final Map<String, CompletableFuture<String>> replyTopics = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelation = new AtomicLong();
    private final String correlationPrefix = Long.toHexString(System.nanoTime()) + "-";

    /**
     * @param ownContainer the container of requests whose topic names none
     * @param user the broker user ({@link ContainerTopics#ANONYMOUS_USER} without credentials)
     * @param client this client's name
     * @param timer should remove cancelled tasks from its queue ({@link
     *     java.util.concurrent.ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy})
     * @param subscribe subscribes a reply topic; completes when the broker granted it
     */
    Requests(
            String ownContainer,
            String user,
            String client,
            ScheduledExecutorService timer,
            Function<Message, CompletionStage<Void>> publish,
            BiFunction<String, MessageHandler, CompletionStage<Subscription>> subscribe) {
        this.ownContainer = ownContainer;
        this.user = user;
        this.client = client;
        this.timer = timer;
        this.publish = publish;
        this.subscribe = subscribe;
    }

    /** The reply topic of requests to this client's own container. */
    String replyTopic() {
        return ContainerTopics.of(ownContainer).reply(user, client);
    }

    /** Subscribes the reply topic of the own container now (it is restored on every connect). */
    void subscribeOwn() {
        replyTopicFor(ownContainer);
    }

    CompletionStage<Message> request(Message request, Duration timeout) {
        return replyTopicFor(targetOf(request.topic()))
                .thenCompose(replyTopic -> send(request, replyTopic, timeout));
    }

    private CompletableFuture<String> replyTopicFor(String container) {
        CompletableFuture<String> topic =
                replyTopics.computeIfAbsent(
                        container,
                        c -> {
                            String t = ContainerTopics.of(c).reply(user, client);
                            return subscribe
                                    .apply(t, this::onReply)
                                    .thenApply(sub -> t)
                                    .toCompletableFuture();
                        });
        // A refused subscription is tried again by the next request.
        topic.whenComplete(
                (t, error) -> {
                    if (error != null) {
                        replyTopics.remove(container, topic);
                    }
                });
        return topic;
    }

    /** The container a request topic is for: {@code armature/v1/<container>/...}. */
    private String targetOf(String topic) {
        try {
            return ContainerTopics.containerIdOf(topic);
        } catch (IllegalArgumentException notAContainerTopic) {
            return ownContainer;
        }
    }

    private CompletionStage<Message> send(Message request, String replyTopic, Duration timeout) {
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
