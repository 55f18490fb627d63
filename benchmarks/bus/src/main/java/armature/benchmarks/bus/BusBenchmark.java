package armature.benchmarks.bus;

import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bus latency and streaming benchmark against real brokers on loopback: round trip (64 B and 4 KB,
 * QoS 0 and 1, one message at a time) and a paced 1 kHz stream of 200-byte QoS 0 messages. Both
 * clients are {@link PahoMessageBus} instances in this JVM, as two Armature containers would use.
 *
 * <pre>
 * java -cp 'benchmarks/bus/target/*:benchmarks/bus/target/lib/*' armature.benchmarks.bus.BusBenchmark
 *     [--broker hivemq|mosquitto|both] [--seconds 60] [--rate 1000] [--samples 10000]
 *     [--warmup 50000] [--period-us 0] [--mosquitto /usr/sbin/mosquitto]
 * </pre>
 */
public final class BusBenchmark {
    private static final double P99_TARGET_US = 500;

    private record Options(
            List<String> brokers,
            int seconds,
            int rateHz,
            int samples,
            int warmup,
            int streamBytes,
            long periodUs,
            Path mosquitto) {}

    private BusBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "Armature bus benchmark, %s%nJDK %s (%s), %d CPUs, %d MB max heap, OS %s%n"
                        + "round trip: %d samples after %d warm-up, %s; stream: %d Hz x %d s,"
                        + " %d B, QoS 0%n",
                Instant.now(),
                System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"),
                rt.availableProcessors(),
                rt.maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getName(),
                o.samples,
                o.warmup,
                o.periodUs == 0 ? "back to back" : "one message every " + o.periodUs + " us",
                o.rateHz,
                o.seconds,
                o.streamBytes);
        boolean allMet = true;
        for (String b : o.brokers) {
            try (BenchBroker broker =
                    b.equals("hivemq")
                            ? BenchBroker.hivemq()
                            : BenchBroker.mosquitto(o.mosquitto)) {
                allMet &= runAgainst(broker, o);
            }
        }
        System.out.println(allMet ? "\nall targets met" : "\nSOME TARGETS MISSED");
        System.out.println("load average after: " + load());
    }

    private static boolean runAgainst(BenchBroker broker, Options o) throws Exception {
        System.out.printf(
                "%n== %s at %s (load average before: %s)%n", broker.name(), broker.url(), load());
        boolean met = true;
        try (PahoMessageBus pub = connect(broker.url(), "pub");
                PahoMessageBus sub = connect(broker.url(), "sub")) {
            RoundTrip rtt = new RoundTrip(pub, sub);
            for (int size : new int[] {64, 4096}) {
                for (Qos qos : new Qos[] {Qos.AT_MOST_ONCE, Qos.AT_LEAST_ONCE}) {
                    RoundTrip.Result r = rtt.run(size, qos, o.warmup, o.samples, o.periodUs * 1000);
                    boolean ok =
                            r.lost() == 0
                                    && r.publishFailures() == 0
                                    && r.latency().p99Us() <= P99_TARGET_US;
                    met &= ok;
                    System.out.printf(
                            "round trip %5d B QoS %d: %s lost %d failed %d %s%n",
                            size,
                            qos.level(),
                            r.latency(),
                            r.lost(),
                            r.publishFailures(),
                            ok ? "ok" : "MISSED (p99 <= 500 us, no loss)");
                }
            }
            Stream.Result s = new Stream(pub, sub).run(o.rateHz, o.seconds, o.streamBytes);
            boolean ok = s.lost() == 0 && s.publishFailures() == 0;
            met &= ok;
            System.out.printf(
                    "stream %d Hz x %d s, %d B QoS 0: sent %d received %d lost %d duplicates %d"
                            + " out-of-order %d publish failures %d %s%n",
                    o.rateHz,
                    o.seconds,
                    o.streamBytes,
                    s.sent(),
                    s.received(),
                    s.lost(),
                    s.duplicates(),
                    s.outOfOrder(),
                    s.publishFailures(),
                    ok ? "ok" : "MISSED (zero loss)");
            System.out.printf("  send lateness vs deadline:   %s%n", s.sendLateness());
            System.out.printf("  inter-arrival interval:      %s%n", s.interArrival());
            System.out.printf("  inter-arrival jitter |d-T|:  %s%n", s.jitter());
            System.out.printf("  one-way latency:             %s%n", s.oneWay());
        }
        return met;
    }

    /**
     * The 1/5/15-minute load averages: a p99 far above p50 with a high load means CPU contention
     * (see the send lateness line), not the broker.
     */
    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static PahoMessageBus connect(String url, String name) {
        PahoMessageBus bus = new PahoMessageBus(BusSettings.of(url, "bench", name));
        bus.start();
        if (!bus.awaitConnected(Duration.ofSeconds(10))) {
            String error = bus.lastError();
            bus.close();
            throw new IllegalStateException("cannot connect to " + url + ": " + error);
        }
        return bus;
    }

    private static Options parse(String[] args) {
        List<String> brokers = List.of("hivemq", "mosquitto");
        int seconds = 60;
        int rate = 1000;
        int samples = 10_000;
        // HiveMQ in this JVM is still being compiled by the JIT after 2000 round trips (issue 15:
        // about 3000 compilations during the first 12000); 50000 lets it finish first.
        int warmup = 50_000;
        Path mosquitto = Path.of("/usr/sbin/mosquitto");
        long periodUs = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw usage(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--broker" ->
                        brokers =
                                switch (v) {
                                    case "hivemq", "mosquitto" -> List.of(v);
                                    case "both" -> List.of("hivemq", "mosquitto");
                                    default ->
                                            throw usage(
                                                    "--broker must be hivemq, mosquitto or both");
                                };
                case "--seconds" -> seconds = positive(a, v);
                case "--rate" -> rate = positive(a, v);
                case "--samples" -> samples = positive(a, v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--period-us" -> {
                    periodUs = Long.parseLong(v);
                    if (periodUs < 0) {
                        throw usage("--period-us must be 0 (back to back) or more, was " + v);
                    }
                }
                case "--mosquitto" -> mosquitto = Path.of(v);
                default -> throw usage("unknown option " + a);
            }
        }
        return new Options(
                new ArrayList<>(brokers), seconds, rate, samples, warmup, 200, periodUs, mosquitto);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the usage.
        }
        throw usage(option + " must be a positive integer, was " + value);
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(
                problem
                        + "\nusage: BusBenchmark [--broker hivemq|mosquitto|both] [--seconds 60]"
                        + " [--rate 1000] [--samples 10000] [--warmup 50000] [--period-us 0]"
                        + " [--mosquitto PATH]");
    }
}
