package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMaximumAndStartsOverAfterAConnection() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(List.of(b.nextDelayMillis(), b.nextDelayMillis(), b.nextDelayMillis()))
                .containsExactly(100L, 200L, 400L);
        assertThat(b.nextDelayMillis()).isEqualTo(500);
        assertThat(b.nextDelayMillis()).isEqualTo(500);
        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(100);
    }

    @Test
    void whileStartingEveryDelayIsTheMinimumAndTheDoublingWaits() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(5000));
        assertThat(
                        List.of(
                                b.nextDelayMillis(true),
                                b.nextDelayMillis(true),
                                b.nextDelayMillis(true)))
                .containsExactly(100L, 100L, 100L);
        assertThat(List.of(b.nextDelayMillis(false), b.nextDelayMillis(false)))
                .containsExactly(100L, 200L);
    }

    /**
     * Paho's thread (connection lost) and the timer (attempt failed) both take delays. Every delay
     * handed out must be a distinct step of the sequence: a lost update hands the same step out
     * twice (this is what the unsynchronised field did).
     */
    @Test
    void twoThreadsNeverGetTheSameStepTwice() throws Exception {
        for (int round = 0; round < 200; round++) {
            Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1L << 40));
            ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th =
                        new Thread(
                                () -> {
                                    try {
                                        go.await();
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    for (int i = 0; i < 15; i++) {
                                        seen.add(b.nextDelayMillis());
                                    }
                                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                expected.add(1L << i);
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
