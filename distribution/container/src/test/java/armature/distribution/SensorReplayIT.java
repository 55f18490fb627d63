package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import armature.control.api.SensorTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded sensor run replayed into a container: a force/torque device streams 300 samples at 100
 * Hz into container A while {@code armature record} writes them to an MCAP file; container A stops;
 * a fresh container B (same id, its own home, the device's credential made anew) gets the file
 * replayed by {@code armature replay} logged in as the device. B's registry discovers the sensor
 * from the replayed retained descriptor and accepts exactly the 300 samples, which arrive byte for
 * byte, in order, and at their recorded offsets.
 */
class SensorReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "sreplay";
    private static final String DEVICE = "ft1";
    private static final int SAMPLES = 300;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @TempDir Path homeA;
    @TempDir Path homeB;
    @TempDir Path work;

    private record Received(byte[] payload, long atNanos) {}

    @Test
    void aRecordedSensorRunReplaysIntoAFreshContainerSampleForSampleWithItsTiming()
            throws Exception {
        SensorTopics ft = ContainerTopics.of(ID).sensor(DEVICE);
        Path file = work.resolve("ft1-run.mcap");
        List<byte[]> sent = new ArrayList<>();
        long[] sentAt = new long[SAMPLES];

        try (ContainerProcess a = sensorsContainer(homeA)) {
            ContainerProcess.Login device = a.createCredential(DEVICE, "device");
            // The device describes itself first (retained), as a real one does when it boots, so
            // the recorder receives those as retained messages and replay publishes them retained.
            PahoMessageBus bus = a.client(device, DEVICE);
            bus.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            publish(bus, ft.descriptor(), descriptor(), true);
            publish(bus, ft.state(), "{\"state\":\"online\"}", true);
            // The recorder says "recording ..." on stderr once its subscription stands; it stops
            // by itself after the descriptor, the state and every sample.
            List<String> cmd =
                    ContainerProcess.launcher(
                            "record",
                            ft.base() + "/#",
                            "-o",
                            file.toString(),
                            "--count",
                            Integer.toString(SAMPLES + 2),
                            "--home",
                            homeA.toString(),
                            "--id",
                            ID,
                            "--broker",
                            a.brokerUrl);
            cmd.addAll(a.operatorLogin().args());
            Process recorder = new ProcessBuilder(cmd).start();
            CompletableFuture<String> out =
                    CompletableFuture.supplyAsync(() -> text(recorder.getInputStream()));
            BufferedReader err =
                    new BufferedReader(
                            new InputStreamReader(
                                    recorder.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();
            assertThat(first).as("recorder's first line").startsWith("recording ");

            try {
                // At the device's nominal 100 Hz: a schedule, not a synchronisation.
                long start = System.nanoTime();
                for (int i = 0; i < SAMPLES; i++) {
                    LockSupport.parkNanos(start + i * PERIOD_NANOS - System.nanoTime());
                    byte[] payload = sample(i).getBytes(StandardCharsets.UTF_8);
                    sent.add(payload);
                    sentAt[i] = System.nanoTime();
                    bus.publish(
                                    Message.builder(ft.samples())
                                            .payload(payload)
                                            .qos(Qos.AT_LEAST_ONCE)
                                            .contentType("application/json")
                                            .build())
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                }
            } finally {
                bus.close();
            }
            assertThat(recorder.waitFor(60, TimeUnit.SECONDS)).as("record ended").isTrue();
            assertThat(recorder.exitValue()).as(out.get() + err.lines().toList()).isZero();
            assertThat(out.get()).startsWith("recorded " + (SAMPLES + 2) + " messages");
            JsonNode registry =
                    a.awaitMessage(
                            ContainerTopics.of(ID).sensorRegistryStatus(),
                            s -> accepted(s) == SAMPLES,
                            WAIT);
            assertThat(sensor(registry).path("rejected").asLong()).isZero();
        }

        try (ContainerProcess b = sensorsContainer(homeB)) {
            ContainerProcess.Login device = b.createCredential(DEVICE, "device");
            ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
            CountDownLatch all = new CountDownLatch(SAMPLES);
            Subscription sub =
                    b.observer()
                            .subscribe(
                                    ft.samples(),
                                    Qos.AT_LEAST_ONCE,
                                    m -> {
                                        received.add(new Received(m.payload(), System.nanoTime()));
                                        all.countDown();
                                    })
                            .toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
            try {
                List<String> cmd =
                        ContainerProcess.launcher(
                                "replay",
                                file.toString(),
                                "--home",
                                homeB.toString(),
                                "--id",
                                ID,
                                "--broker",
                                b.brokerUrl);
                cmd.addAll(device.args());
                ContainerProcess.Result r = ContainerProcess.run(cmd);
                assertThat(r.exit()).as(r.toString()).isZero();
                assertThat(r.out()).contains("replayed " + (SAMPLES + 2) + " messages");
                assertThat(all.await(60, TimeUnit.SECONDS))
                        .as("received %d of %d replayed samples", received.size(), SAMPLES)
                        .isTrue();
            } finally {
                sub.cancel();
            }

            // B's registry: discovered from the replayed retained descriptor, every sample valid;
            // once the replay has ended, the sensor (said online, no will fired) is silent.
            JsonNode registry =
                    b.awaitMessage(
                            ContainerTopics.of(ID).sensorRegistryStatus(),
                            s ->
                                    accepted(s) == SAMPLES
                                            && sensor(s).path("state").asText().equals("SILENT"),
                            WAIT);
            JsonNode s = sensor(registry);
            assertThat(s.path("type").asText()).isEqualTo("force-torque");
            assertThat(s.path("rejected").asLong()).isZero();

            // The same samples, byte for byte, in order.
            List<Received> got = new ArrayList<>(received);
            assertThat(got).hasSize(SAMPLES);
            for (int i = 0; i < SAMPLES; i++) {
                assertThat(got.get(i).payload()).as("sample " + i).isEqualTo(sent.get(i));
            }
            // With their timing: each sample's offset from the first, as sent and as replayed.
            long[] error = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                long original = sentAt[i] - sentAt[0];
                long replayed = got.get(i).atNanos() - got.get(0).atNanos();
                error[i] = Math.abs(replayed - original);
            }
            Arrays.sort(error);
            // The device took about 3 s; this machine is shared with other builds, so generous.
            assertThat(sentAt[SAMPLES - 1] - sentAt[0]).isGreaterThan(2_900_000_000L);
            assertThat(error[SAMPLES / 2])
                    .as("median |replayed - original| offset [ns]")
                    .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(error[SAMPLES - 1])
                    .as("largest |replayed - original| offset [ns]")
                    .isLessThan(TimeUnit.SECONDS.toNanos(1));
        }
    }

    private static ContainerProcess sensorsContainer(Path home) throws Exception {
        int port = ContainerProcess.freePort();
        ContainerProcess c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "sensors");
        c.awaitReady(WAIT);
        return c;
    }

    private static String descriptor() {
        return """
                {"schemaVersion": 1, "id": "ft1", "type": "force-torque", "frameId": "wrist",
                 "nominalRateHz": 100, "fields": [
                  {"name": "forceN", "unit": "N", "type": "array", "size": 3, "min": -200, "max": 200},
                  {"name": "torqueNm", "unit": "N*m", "type": "array", "size": 3, "min": -10, "max": 10}]}
                """;
    }

    /** A plausible load profile with the sample's own source time. */
    private static String sample(int i) {
        double t = i * 0.01;
        return String.format(
                Locale.ROOT,
                "{\"sourceTimeNs\": %d, \"values\": {\"forceN\": [%.4f, %.4f, %.4f],"
                        + " \"torqueNm\": [%.5f, %.5f, %.5f]}}",
                System.currentTimeMillis() * 1_000_000L,
                0.2 * Math.sin(t),
                -0.1 * Math.cos(t),
                9.81 + 5 * Math.sin(0.5 * t),
                0.01 * i % 7,
                -0.02,
                0.003 * Math.sin(t));
    }

    private static void publish(PahoMessageBus bus, String topic, String payload, boolean retained)
            throws Exception {
        bus.publish(
                        Message.builder(topic)
                                .payload(payload)
                                .qos(Qos.AT_LEAST_ONCE)
                                .retained(retained)
                                .contentType("application/json")
                                .build())
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static long accepted(JsonNode status) {
        return sensor(status).path("accepted").asLong(-1);
    }

    private static JsonNode sensor(JsonNode status) {
        for (JsonNode n : status.path("sensors")) {
            if (n.path("id").asText().equals(DEVICE)) {
                return n;
            }
        }
        return ContainerProcess.JSON.missingNode();
    }

    private static String text(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
