package armature.control.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real {@code chrt} on real threads, the outcome checked against what {@code chrt -p} itself
 * reports for the thread afterwards.
 */
class ThreadSchedulingTest {
    /** Bit 23 of the effective capabilities: CAP_SYS_NICE. */
    private static final boolean HAS_SYS_NICE = RealtimeRights.hasSysNice();

    /** What lets an unprivileged process ask for SCHED_FIFO 7: CAP_SYS_NICE or an rtprio limit. */
    private static final boolean MAY_SET_REALTIME = RealtimeRights.mayRequest(7);

    @Test
    void aThreadOfAPrivilegedProcessBecomesFifoAndItsChildrenDoNot() throws Exception {
        assumeTrue(RealtimeRights.linuxWithChrt(), "needs Linux and util-linux's chrt");
        // CI runs as root; a developer's normal account, or a container without CAP_SYS_NICE,
        // is refused (the next test).
        assumeTrue(MAY_SET_REALTIME, "this process lacks CAP_SYS_NICE");
        Probe p = onNewThread(() -> ThreadScheduling.fifo(7));
        assertTrue(p.outcome.realtime(), p.outcome.description());
        assertEquals("SCHED_FIFO 7", p.outcome.description());
        assertTrue(p.chrtSaid.contains("SCHED_FIFO"), p.chrtSaid);
        assertTrue(p.chrtSaid.contains("priority: 7"), p.chrtSaid);
        assertTrue(p.childChrtSaid.contains("SCHED_OTHER"), "child: " + p.childChrtSaid);
    }

    @Test
    void aRefusalLeavesTheThreadAsItWasAndSaysWhy() throws Exception {
        assumeTrue(RealtimeRights.linuxWithChrt(), "needs Linux and util-linux's chrt");
        // chrt runs without CAP_SYS_NICE (every set, for root) and with an rtprio limit of 0.
        List<String> withoutNice = new ArrayList<>();
        if (HAS_SYS_NICE) {
            withoutNice.addAll(
                    List.of(
                            "setpriv",
                            "--bounding-set=-sys_nice",
                            "--inh-caps=-sys_nice",
                            "--ambient-caps=-sys_nice"));
        }
        withoutNice.addAll(List.of("prlimit", "--rtprio=0"));
        Probe p = onNewThread(() -> ThreadScheduling.fifo(7, withoutNice));
        assertFalse(p.outcome.realtime(), p.outcome.description());
        assertTrue(
                p.outcome.description().startsWith("SCHED_OTHER: chrt --fifo 7 refused (exit 1"),
                p.outcome.description());
        assertTrue(
                p.outcome.description().contains("Operation not permitted"),
                p.outcome.description());
        assertTrue(p.chrtSaid.contains("SCHED_OTHER"), p.chrtSaid);
    }

    @Test
    void zeroAsksForNothingAndOutOfRangeIsRefusedByName() throws Exception {
        Probe p = onNewThread(() -> ThreadScheduling.fifo(0));
        assertFalse(p.outcome.realtime());
        assertTrue(p.outcome.description().contains("not requested"), p.outcome.description());
        if (RealtimeRights.linuxWithChrt()) {
            assertTrue(p.chrtSaid.contains("SCHED_OTHER"), p.chrtSaid);
        }
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ThreadScheduling.fifo(100));
        assertEquals(
                "realtime priority 100; allowed: 0 (off) or 1..99 (SCHED_FIFO)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThreadScheduling.fifo(-1));
    }

    @Test
    void theLoopReportsItsThreadsScheduling() throws Exception {
        LoopTiming timing = new LoopTiming(64);
        CountDownLatch ticked = new CountDownLatch(3);
        FixedRateLoop loop =
                new FixedRateLoop(
                        "sched-test", 200, 0, System::nanoTime, ticked::countDown, timing, e -> {});
        assertThrows(IllegalArgumentException.class, () -> loop.realtimePriority(100));
        loop.start();
        try {
            assertThrows(IllegalStateException.class, () -> loop.realtimePriority(5));
            ThreadScheduling.Outcome o = loop.awaitScheduling(10, TimeUnit.SECONDS);
            assertNotNull(o, "the loop thread settled its scheduling within 10 s");
            assertEquals(new ThreadScheduling.Outcome(false, o.description()), o);
            assertTrue(o.description().contains("not requested"), o.description());
            assertTrue(ticked.await(10, TimeUnit.SECONDS));
        } finally {
            assertTrue(loop.stop(10, TimeUnit.SECONDS));
        }
    }

    private record Probe(ThreadScheduling.Outcome outcome, String chrtSaid, String childChrtSaid) {}

    /**
     * Runs {@code action} on a new thread, then asks {@code chrt -p} about that thread and about a
     * thread it starts afterwards, while both still live.
     */
    private static Probe onNewThread(java.util.function.Supplier<ThreadScheduling.Outcome> action)
            throws Exception {
        CompletableFuture<Probe> result = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                ThreadScheduling.Outcome o = action.get();
                                String self = ThreadScheduling.currentTid();
                                String said = self == null ? "" : chrt(self);
                                CompletableFuture<String> child = new CompletableFuture<>();
                                Thread c = new Thread(() -> child.complete(chrtOfThisThread()));
                                c.start();
                                result.complete(
                                        new Probe(o, said, child.get(10, TimeUnit.SECONDS)));
                            } catch (Throwable e) {
                                result.completeExceptionally(e);
                            }
                        },
                        "sched-probe");
        t.start();
        Probe p = result.get(30, TimeUnit.SECONDS);
        t.join(10_000);
        return p;
    }

    private static String chrtOfThisThread() {
        String tid = ThreadScheduling.currentTid();
        return tid == null ? "" : chrt(tid);
    }

    private static String chrt(String tid) {
        try {
            Process p = new ProcessBuilder("chrt", "-p", tid).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(10, TimeUnit.SECONDS);
                return out;
            }
        } catch (IOException e) {
            return "chrt failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
