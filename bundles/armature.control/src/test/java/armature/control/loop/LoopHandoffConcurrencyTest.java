package armature.control.loop;

import static org.assertj.core.api.Assertions.assertThat;

import armature.safety.Command;
import armature.safety.CommandMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The two structures the loop thread shares with other threads without a lock ({@link LoopTiming},
 * {@link CommandInbox#take}), hammered from several threads at once: nothing is lost or counted
 * twice, and every snapshot a reader takes meanwhile is consistent.
 */
class LoopHandoffConcurrencyTest {
    @Test
    void everyTickAndOverrunLandsInExactlyOneSnapshot() throws Exception {
        LoopTiming timing = new LoopTiming(64);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong recorded = new AtomicLong();
        AtomicLong progress = new AtomicLong();
        Thread loop =
                new Thread(
                        () -> {
                            long i = 0;
                            while (!stop.get()) {
                                i++;
                                timing.record(i, 2 * i);
                                if (i % 10 == 0) {
                                    timing.overrun(3);
                                }
                                if (i % 1000 == 0) {
                                    progress.set(i);
                                }
                            }
                            recorded.set(i);
                        });
        long sumTicks = 0;
        long sumOverruns = 0;
        long sumMissed = 0;
        loop.start();
        // At least 2000 snapshots and 200,000 ticks, however the two threads get scheduled.
        for (int snapshots = 0; snapshots < 2000 || progress.get() < 200_000; snapshots++) {
            LoopTiming.Snapshot s = timing.snapshotAndReset();
            sumTicks += s.ticks();
            sumOverruns += s.overruns();
            sumMissed += s.missedPeriods();
            // Samples of one window are consistent: durations are twice the lateness.
            if (s.ticks() > 0 && s.samplesDropped() == 0) {
                assertThat(s.durationP50Nanos()).isEqualTo(2 * s.latenessP50Nanos());
                assertThat(s.durationMaxNanos()).isEqualTo(2 * s.latenessMaxNanos());
            }
        }
        stop.set(true);
        loop.join();
        LoopTiming.Snapshot last = timing.snapshotAndReset();
        sumTicks += last.ticks();
        sumOverruns += last.overruns();
        sumMissed += last.missedPeriods();
        long ticks = recorded.get();
        assertThat(sumTicks).isEqualTo(ticks);
        assertThat(sumOverruns).isEqualTo(ticks / 10);
        assertThat(sumMissed).isEqualTo(3 * (ticks / 10));
        assertThat(timing.snapshotAndReset().ticks()).isZero();
    }

    @Test
    void everyCommandIsTakenOrSupersededOnceAndCountsAlwaysAddUp() throws Exception {
        CommandInbox inbox = new CommandInbox();
        int offerers = 3;
        int perOfferer = 200_000;
        CountDownLatch offered = new CountDownLatch(offerers);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong takenByLoop = new AtomicLong();
        AtomicReference<String> inconsistent = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < offerers; t++) {
            int id = t;
            threads.add(
                    new Thread(
                            () -> {
                                for (int k = 1; k <= perOfferer; k++) {
                                    inbox.offer(Command.of(id, k, CommandMode.POSITION, 0.0));
                                }
                                offered.countDown();
                            }));
        }
        Thread loop =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                if (inbox.take() != null) {
                                    takenByLoop.incrementAndGet();
                                }
                            }
                        });
        Thread reader =
                new Thread(
                        () -> {
                            while (!stop.get()) {
                                CommandInbox.Counts c = inbox.counts();
                                long accounted = c.taken() + c.superseded() + (c.pending() ? 1 : 0);
                                if (c.offered() != accounted) {
                                    inconsistent.compareAndSet(null, c.toString());
                                }
                            }
                        });
        loop.start();
        reader.start();
        threads.forEach(Thread::start);
        offered.await();
        stop.set(true);
        loop.join();
        reader.join();
        assertThat(inconsistent.get()).as("a counts() that did not add up").isNull();
        CommandInbox.Counts end = inbox.counts();
        assertThat(end.offered()).isEqualTo((long) offerers * perOfferer);
        assertThat(end.taken()).isEqualTo(takenByLoop.get()).isPositive();
        assertThat(end.taken() + end.superseded() + (end.pending() ? 1 : 0))
                .isEqualTo(end.offered());
    }
}
