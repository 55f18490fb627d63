package armature.bus.paho;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.control.api.ContainerTopics;
import armature.control.api.UserProperties;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At the first connection of an announcing bus: clears the retained state an earlier run of this
 * container left on the broker (a crash leaves component states, driver health, readiness), so that
 * what is retained under the container describes this run.
 *
 * <p>A leftover is a retained message under {@link ContainerTopics#all()} that an Armature client
 * of this container published (sender = container id) in another run (another boot id, or none from
 * a version without boot ids), except the {@code state} topic, which the birth replaces. It is
 * cleared unless this run has published the topic; the {@link RetainedRegistry} makes that decision
 * and the clearing atomic with respect to this run's publishing.
 *
 * <p>MQTT has no "end of retained messages" signal, and some brokers deliver them asynchronously
 * after SUBACK, so the subscription stays until no retained message arrived for {@link #QUIET}, at
 * most {@link #LIMIT}. It sees only retained deliveries: the container's live streams on the same
 * filter are dropped by the router before they cost more than a look at the retain flag.
 */
final class LeftoverSweep {
    private static final System.Logger LOG = System.getLogger(LeftoverSweep.class.getName());

    static final Duration QUIET = Duration.ofMillis(300);
    static final Duration LIMIT = Duration.ofSeconds(3);
    private static final long CHECK_MILLIS = 50;

    private final Router router;
    private final RetainedRegistry retained;
    private final ScheduledExecutorService timer;
    private final ContainerTopics topics;
    private final String bootId;
    private final BusStatistics stats;
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private final AtomicInteger cleared = new AtomicInteger();
    private volatile long startNanos;
    private volatile long lastArrivalNanos;
    private volatile Subscription subscription;

    LeftoverSweep(
            Router router,
            RetainedRegistry retained,
            ScheduledExecutorService timer,
            ContainerTopics topics,
            String bootId,
            BusStatistics stats) {
        this.router = router;
        this.retained = retained;
        this.timer = timer;
        this.topics = topics;
        this.bootId = bootId;
        this.stats = stats;
    }

    /** Starts the sweep; the stage completes with the number of topics cleared. */
    CompletableFuture<Integer> start() {
        startNanos = System.nanoTime();
        lastArrivalNanos = startNanos;
        router.subscribe(topics.all(), Qos.AT_LEAST_ONCE, this::onRetained, true)
                .whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        Level.WARNING,
                                        "cannot look for an earlier run's retained state: "
                                                + error.getMessage());
                                done.complete(0);
                                return;
                            }
                            subscription = sub;
                            // The broker starts delivering at SUBACK: the quiet period starts here.
                            lastArrivalNanos = System.nanoTime();
                            schedule();
                        });
        return done;
    }

    /** Completes with the number of topics cleared once the sweep ended. */
    CompletableFuture<Integer> done() {
        return done;
    }

    /** Ends the sweep early (the bus closes). */
    void cancel() {
        finish();
    }

    private void onRetained(Message m) {
        lastArrivalNanos = System.nanoTime();
        if (!isLeftover(m)) {
            return;
        }
        CompletableFuture<Void> clearing = retained.clearUnlessPublished(m.topic());
        if (clearing != null) {
            cleared.incrementAndGet();
            clearing.whenComplete(
                    (ok, error) -> {
                        if (error == null) {
                            stats.leftoversCleared.increment();
                        } else {
                            LOG.log(
                                    Level.WARNING,
                                    "cannot clear '"
                                            + m.topic()
                                            + "' left by an earlier run: "
                                            + error.getMessage());
                        }
                    });
        }
    }

    private boolean isLeftover(Message m) {
        return m.payload().length > 0
                && !m.topic().equals(topics.state())
                && m.userProperty(BusProperties.RETAINED_FOR).isEmpty()
                && topics.containerId()
                        .equals(m.userProperty(BusProperties.SENDER_PROPERTY).orElse(""))
                && !bootId.equals(m.userProperty(UserProperties.BOOT).orElse(""));
    }

    private void check() {
        long now = System.nanoTime();
        if (now - lastArrivalNanos >= QUIET.toNanos() || now - startNanos >= LIMIT.toNanos()) {
            finish();
        } else {
            schedule();
        }
    }

    private void schedule() {
        try {
            timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            finish();
        }
    }

    private void finish() {
        Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.cancel();
        }
        if (done.complete(cleared.get()) && cleared.get() > 0) {
            LOG.log(
                    Level.INFO,
                    "cleared "
                            + cleared.get()
                            + " retained topics an earlier run of '"
                            + topics.containerId()
                            + "' left on the broker");
        }
    }
}
