package armature.benchmarks.runtime;

import armature.control.loop.CommandInbox;
import armature.control.loop.LoopTiming;
import armature.safety.SupervisorStatistics;
import java.util.ArrayList;
import java.util.List;

/** Turns one run's raw timestamps and counters into printed figures and two markdown tables. */
final class RunReport {
    private final List<String> latencyRows = new ArrayList<>();
    private final List<String> loopRows = new ArrayList<>();

    /**
     * Prints one run and keeps its table rows. Only commands after the warm-up count; counters
     * marked "whole run" include the warm-up.
     */
    void add(
            String label,
            String brokerName,
            double rateHz,
            int warmCount,
            int total,
            CommandSource source,
            BusLoop loop,
            TimedDriver driver,
            CommandInbox.Counts inbox,
            SupervisorStatistics sup,
            LoopTiming.Snapshot t,
            String sourcePpm,
            String load) {
        int window = total - warmCount;
        long[] pubToWrite = new long[window];
        long[] pubToInbox = new long[window];
        long[] inboxToWrite = new long[window];
        long[] sendLateness = new long[window];
        int nWrite = 0;
        int nInbox = 0;
        int nBoth = 0;
        for (int s = warmCount + 1; s <= total; s++) {
            long pub = source.publishNanos(s);
            long inb = loop.inboxNanos(s);
            long wr = driver.writeNanos(s);
            sendLateness[s - warmCount - 1] = source.latenessNanos(s);
            if (inb != 0) {
                pubToInbox[nInbox++] = inb - pub;
            }
            if (wr != 0) {
                pubToWrite[nWrite++] = wr - pub;
                if (inb != 0) {
                    inboxToWrite[nBoth++] = wr - inb;
                }
            }
        }
        Stats pw = Stats.of(pubToWrite, nWrite);
        Stats pi = Stats.of(pubToInbox, nInbox);
        Stats iw = Stats.of(inboxToWrite, nBoth);
        Stats late = Stats.of(sendLateness, window);
        System.out.printf(
                "%n== %s, %s, loop %.0f Hz, source %s ppm fast, %d s measured after %d commands"
                        + " of warm-up, load %s%n",
                label, brokerName, rateHz, sourcePpm, window / (int) rateHz, warmCount, load);
        System.out.printf(
                "  measured window: %d published, %d reached the inbox, %d written%n",
                window, nInbox, nWrite);
        System.out.printf("  publish -> write  %s%n", pw);
        System.out.printf("  publish -> inbox  %s%n", pi);
        System.out.printf("  inbox -> write    %s%n", iw);
        System.out.printf("  source lateness   %s%n", late);
        System.out.printf(
                "  whole run: inbox %s; supervisor received %d, applied %d, rejected %d (expired"
                        + " %d, duplicate %d, wrong epoch %d, invalid %d)%n",
                inbox,
                sup.commandsReceived(),
                sup.commandsApplied(),
                sup.commandsRejected(),
                sup.rejectedExpired(),
                sup.rejectedDuplicate(),
                sup.rejectedWrongEpoch(),
                sup.rejectedInvalid());
        System.out.printf(
                "  loop: %s; malformed %d; state publish failures %d; source publish failures"
                        + " %d; driver writes %d holds %d torqueOffs %d%n",
                loop.loopCounters(),
                loop.malformedFrames(),
                loop.statePublishFailures(),
                source.publishFailures(),
                driver.writes(),
                driver.holds(),
                driver.torqueOffs());
        System.out.printf("  safety events %s%n", loop.eventCounts());
        if (!loop.driverProblems().isEmpty()) {
            System.out.printf("  driver problems (first 10) %s%n", loop.driverProblems());
        }
        System.out.printf(
                "  loop timing: %d ticks, lateness p50 %.1f p99 %.1f p99.9 %.1f max %.1f us, tick"
                        + " p50 %.1f p99 %.1f max %.1f us, overruns %d (missed periods %d)%n",
                t.ticks(),
                t.latenessP50Nanos() / 1e3,
                t.latenessP99Nanos() / 1e3,
                t.latenessP999Nanos() / 1e3,
                t.latenessMaxNanos() / 1e3,
                t.durationP50Nanos() / 1e3,
                t.durationP99Nanos() / 1e3,
                t.durationMaxNanos() / 1e3,
                t.overruns(),
                t.missedPeriods());
        String rate = String.format("%.0f Hz", rateHz);
        latencyRows.add(
                String.format(
                        "| %s | %s | %s | %d | %d | %d | %d | %d | %s | %s | %s | %s |",
                        label,
                        brokerName,
                        rate,
                        window,
                        nInbox,
                        nWrite,
                        inbox.superseded(),
                        sup.commandsRejected(),
                        pw.cells(),
                        pi.cells(),
                        iw.cells(),
                        load));
        loopRows.add(
                String.format(
                        "| %s | %s | %s | %d | %.1f / %.1f / %.1f / %.1f | %.1f / %.1f / %.1f |"
                                + " %d (%d) | %s |",
                        label,
                        brokerName,
                        rate,
                        t.ticks(),
                        t.latenessP50Nanos() / 1e3,
                        t.latenessP99Nanos() / 1e3,
                        t.latenessP999Nanos() / 1e3,
                        t.latenessMaxNanos() / 1e3,
                        t.durationP50Nanos() / 1e3,
                        t.durationP99Nanos() / 1e3,
                        t.durationMaxNanos() / 1e3,
                        t.overruns(),
                        t.missedPeriods(),
                        load));
    }

    void printTables() {
        System.out.println();
        System.out.println(
                "| driver | broker | rate | commands | delivered | written | superseded |"
                        + " rejected | publish->write p50 / p99 / max [us] | publish->inbox"
                        + " p50 / p99 / max [us] | inbox->write p50 / p99 / max [us] | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        latencyRows.forEach(System.out::println);
        System.out.println();
        System.out.println(
                "| driver | broker | rate | ticks | start lateness p50 / p99 / p99.9 / max [us] | tick"
                        + " time p50 / p99 / max [us] | overruns (missed periods) | load |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        loopRows.forEach(System.out::println);
    }
}
