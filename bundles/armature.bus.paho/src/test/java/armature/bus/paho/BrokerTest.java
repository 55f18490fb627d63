package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker per test class (starting HiveMQ takes seconds) and the buses of each test, closed
 * after it; subclasses pick the broker. Tests use distinct container ids so retained messages do
 * not leak between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir static Path dir;
    Brokers broker;
    final List<PahoMessageBus> buses = new CopyOnWriteArrayList<>();

    abstract Brokers startBroker(Path dir) throws Exception;

    @BeforeAll
    void startBroker() throws Exception {
        broker = startBroker(dir);
    }

    @AfterEach
    void closeClients() throws Exception {
        buses.forEach(PahoMessageBus::close);
        buses.clear();
        broker.ensureRunning();
    }

    @AfterAll
    void stopBroker() throws Exception {
        broker.close();
    }

    PahoMessageBus bus(String container, String client, boolean announce) {
        return bus(broker.url(), container, client, announce);
    }

    PahoMessageBus bus(String url, String container, String client, boolean announce) {
        return bus(
                BusSettings.of(url, container, client)
                        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                        .withAnnounce(announce));
    }

    PahoMessageBus bus(BusSettings s) {
        PahoMessageBus bus = new PahoMessageBus(s);
        buses.add(bus);
        return bus;
    }

    PahoMessageBus connected(String container, String client) {
        PahoMessageBus bus = bus(container, client, false);
        bus.start().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        return bus;
    }

    static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    static Message take(BlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message within " + WAIT).isNotNull();
        return m;
    }

    /** Takes messages until one matches; fails after {@link #WAIT}. */
    static Message takeUntil(BlockingQueue<Message> q, String what, Predicate<Message> wanted)
            throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            Message m = left <= 0 ? null : q.poll(left, TimeUnit.NANOSECONDS);
            assertThat(m).as(what + " within " + WAIT).isNotNull();
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    static void awaitState(PahoMessageBus bus, ConnectionState wanted) {
        awaitState(bus, wanted, WAIT);
    }

    /**
     * As {@link #awaitState(PahoMessageBus, ConnectionState)} with another limit: after a broker
     * restart a reconnect may first have to wait out a connect attempt to the dying broker (up to
     * the connect timeout) plus the backoff.
     */
    static void awaitState(PahoMessageBus bus, ConnectionState wanted, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (bus.state() != wanted) {
            assertThat(System.nanoTime())
                    .as(
                            "bus reaches "
                                    + wanted
                                    + " (it is "
                                    + bus.state()
                                    + ", last error: "
                                    + bus.lastError()
                                    + ", "
                                    + bus.statistics()
                                    + ")")
                    .isLessThan(end);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Polls a condition of a bus's own state (there is no event for it); fails after WAIT. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, what, WAIT);
    }

    /** As {@link #awaitTrue(BooleanSupplier, String)} with another limit. */
    static void awaitTrue(BooleanSupplier condition, String what, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
