package armature.vision.capture;

import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an ffmpeg camera costs (docs/benchmarks.md): ffmpeg's own test pattern at WxH, as fast as
 * ffmpeg makes it, through {@link FfmpegCapture} for S seconds per encoding; frames/s delivered,
 * MB/s through the pipe, and CPU per frame of ffmpeg (its {@code /proc} times) and of this JVM
 * (splitting, stamping; the JVM's whole CPU time, so an upper bound). Run from
 * bundles/armature.vision after {@code mvn test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}: {@code java -cp target/classes:target/test-classes:$(cat cp.txt)
 * armature.vision.capture.CaptureBenchmark [W] [H] [SECONDS]}.
 */
public final class CaptureBenchmark {
    private CaptureBenchmark() {}

    public static void main(String[] args) throws Exception {
        int w = args.length > 0 ? Integer.parseInt(args[0]) : 640;
        int h = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        Path ffmpeg = FfmpegCapture.findExecutable("ffmpeg");
        // The pattern at the output size: the figures are the capture's, not a scaler's.
        List<String> input =
                List.of("-f", "lavfi", "-i", "testsrc2=size=" + w + "x" + h + ":rate=1000");
        for (ImageEncoding encoding : ImageEncoding.values()) {
            for (PixelFormat format : PixelFormat.values()) {
                run(ffmpeg, input, encoding, format, w, h, seconds);
            }
        }
    }

    private static void run(
            Path ffmpeg,
            List<String> input,
            ImageEncoding encoding,
            PixelFormat format,
            int w,
            int h,
            double seconds)
            throws Exception {
        AtomicLong frames = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        FfmpegCapture.Settings s =
                new FfmpegCapture.Settings(
                        "bench",
                        ffmpeg,
                        input,
                        encoding,
                        format,
                        w,
                        h,
                        3,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1));
        FfmpegCapture capture =
                new FfmpegCapture(
                        s,
                        (ImageFrame f) -> {
                            frames.incrementAndGet();
                            bytes.addAndGet(f.data().length);
                        });
        capture.start();
        // One second of warm-up, then the measured window.
        Thread.sleep(1000); // benchmark pacing, not synchronisation
        ProcessHandle child =
                ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .findFirst()
                        .orElseThrow();
        long f0 = frames.get();
        long b0 = bytes.get();
        double c0 = procCpuSeconds(child.pid());
        long j0 = jvmCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000)); // the measured window
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long n = frames.get() - f0;
        long mb = bytes.get() - b0;
        double ffmpegCpu = procCpuSeconds(child.pid()) - c0;
        double jvmCpu = (jvmCpuNanos() - j0) / 1e9;
        capture.close();
        System.out.printf(
                Locale.ROOT,
                "%dx%d %-4s %-5s %7.1f frames/s %7.1f MB/s  ffmpeg %6.2f ms CPU/frame  JVM %6.3f ms CPU/frame  %7d B/frame%n",
                w,
                h,
                encoding.wireName(),
                format.wireName(),
                n / elapsed,
                mb / elapsed / 1e6,
                1000 * ffmpegCpu / n,
                1000 * jvmCpu / n,
                n == 0 ? 0 : mb / n);
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of a process from /proc/PID/stat, in seconds (100 ticks per second). */
    private static double procCpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
}
