package armature.vision.capture;

import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.PixelFormat;
import armature.vision.image.ImageDecoder;
import armature.vision.image.ImageStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames from a camera through an ffmpeg child process (ADR 0114): a V4L2 device ({@link
 * #v4l2Input}) or any input ffmpeg reads (a network stream, a file, a test pattern). ffmpeg scales
 * every frame to the configured size and writes PNG, JPEG or raw images to its standard output;
 * {@link ImageStream} splits them; each complete image becomes an {@link ImageFrame} stamped with
 * the time it arrived.
 *
 * <p>A camera is expected to fail: when ffmpeg exits (device unplugged, stream gone) or sends no
 * frame for the stall timeout (it is then killed), the reason with ffmpeg's last error lines goes
 * to the listener and the log, and ffmpeg is started again after a back-off (1 s doubling to the
 * maximum, back to 1 s after a frame). A malformed image ends that ffmpeg run the same way. {@link
 * #close()} kills ffmpeg and its children and waits for them.
 */
public final class FfmpegCapture implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FfmpegCapture.class.getName());
    private static final int STDERR_LINES = 12;

    /**
     * What to capture and how.
     *
     * @param input ffmpeg's input arguments, up to and including {@code -i SOURCE}
     * @param jpegQscale ffmpeg's {@code -q:v} for JPEG, 2 (best) to 31
     * @param stallTimeout ffmpeg is killed and started again after this long without a frame
     * @param maxBackoff the longest wait before starting ffmpeg again
     */
    public record Settings(
            String cameraId,
            Path executable,
            List<String> input,
            ImageEncoding encoding,
            PixelFormat format,
            int widthPx,
            int heightPx,
            int jpegQscale,
            Duration stallTimeout,
            Duration maxBackoff) {
        public Settings {
            input = List.copyOf(input);
            if (input.isEmpty()) {
                throw new IllegalArgumentException("camera '" + cameraId + "': no ffmpeg input");
            }
            if (widthPx < 16 || heightPx < 16 || widthPx > 8192 || heightPx > 8192) {
                throw new IllegalArgumentException(
                        "camera '"
                                + cameraId
                                + "': size "
                                + widthPx
                                + "x"
                                + heightPx
                                + "; allowed: 16..8192 each");
            }
            if ((long) widthPx * heightPx > ImageDecoder.MAX_PIXELS) {
                throw new IllegalArgumentException(
                        "camera '"
                                + cameraId
                                + "': "
                                + widthPx
                                + "x"
                                + heightPx
                                + " is more than "
                                + ImageDecoder.MAX_PIXELS
                                + " pixels");
            }
            if (jpegQscale < 2 || jpegQscale > 31) {
                throw new IllegalArgumentException(
                        "camera '" + cameraId + "': jpegQscale " + jpegQscale + "; allowed: 2..31");
            }
            if (stallTimeout.toMillis() < 100 || maxBackoff.toMillis() < 100) {
                throw new IllegalArgumentException(
                        "camera '"
                                + cameraId
                                + "': stall timeout "
                                + stallTimeout.toMillis()
                                + " ms and back-off "
                                + maxBackoff.toMillis()
                                + " ms; allowed: at least 100 ms each");
            }
        }
    }

    /** Called on the capture's own thread. */
    public interface Listener {
        /** A complete frame. */
        void frame(ImageFrame frame);

        /** ffmpeg was started (the {@code run}th time, from 1). */
        default void started(long run) {}

        /** The first frame of the {@code run}th ffmpeg run arrived (it is delivered next). */
        default void streaming(long run) {}

        /**
         * ffmpeg stopped and will be started again after {@code restartIn}.
         *
         * @param reason why, with ffmpeg's last error lines
         */
        default void stopped(String reason, Duration restartIn) {}
    }

    private final Settings settings;
    private final Listener listener;
    private final Clock clock;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong lastFrameNanos = new AtomicLong();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final ScheduledExecutorService watchdog;
    private final Thread thread;
    private volatile Process process;
    private volatile boolean stalled;
    private volatile boolean closed;
    private volatile String lastError = "";

    public FfmpegCapture(Settings settings, Listener listener) {
        this(settings, listener, Clock.systemUTC());
    }

    FfmpegCapture(Settings settings, Listener listener, Clock clock) {
        this.settings = settings;
        this.listener = listener;
        this.clock = clock;
        this.watchdog =
                Executors.newSingleThreadScheduledExecutor(
                        r -> daemon(r, "armature-camera-watchdog-" + settings.cameraId()));
        this.thread = daemon(this::run, "armature-camera-" + settings.cameraId());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts ffmpeg and the capture thread. */
    public void start() {
        long checkMillis = Math.max(50, settings.stallTimeout().toMillis() / 4);
        watchdog.scheduleWithFixedDelay(
                this::checkStall, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        thread.start();
    }

    /**
     * ffmpeg's input arguments for a V4L2 device.
     *
     * @param inputFormat the device's pixel format to ask for ({@code mjpeg}, {@code yuyv422},
     *     ...), or blank for the device's default
     */
    public static List<String> v4l2Input(
            String device, String inputFormat, double rateHz, int widthPx, int heightPx) {
        List<String> a = new ArrayList<>(List.of("-f", "v4l2"));
        if (!inputFormat.isBlank()) {
            a.add("-input_format");
            a.add(inputFormat);
        }
        a.addAll(
                List.of(
                        "-framerate",
                        String.format(Locale.ROOT, "%s", rateHz),
                        "-video_size",
                        widthPx + "x" + heightPx,
                        "-i",
                        device));
        return a;
    }

    /**
     * The ffmpeg executable: a path, or a name looked up on {@code PATH}.
     *
     * @throws IllegalArgumentException naming what was looked for and where
     */
    public static Path findExecutable(String nameOrPath) {
        if (nameOrPath.contains(File.separator)) {
            Path p = Path.of(nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new IllegalArgumentException(
                    "ffmpeg executable '" + nameOrPath + "' does not exist or is not executable");
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, nameOrPath);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "'"
                        + nameOrPath
                        + "' is not on PATH ("
                        + path
                        + "): install ffmpeg (Debian: apt-get install ffmpeg) or set the"
                        + " camera's ffmpeg to its full path");
    }

    /** The whole ffmpeg command line. */
    public List<String> command() {
        List<String> c = new ArrayList<>();
        c.add(settings.executable().toString());
        c.addAll(List.of("-hide_banner", "-nostdin", "-loglevel", "error"));
        c.addAll(settings.input());
        c.addAll(
                List.of(
                        "-an",
                        "-vf",
                        "scale=" + settings.widthPx() + ":" + settings.heightPx(),
                        "-pix_fmt",
                        pixelFormat()));
        switch (settings.encoding()) {
            case JPEG ->
                    c.addAll(
                            List.of(
                                    "-f",
                                    "image2pipe",
                                    "-c:v",
                                    "mjpeg",
                                    "-q:v",
                                    Integer.toString(settings.jpegQscale())));
            case PNG -> c.addAll(List.of("-f", "image2pipe", "-c:v", "png"));
            case RAW -> c.addAll(List.of("-f", "rawvideo"));
        }
        c.add("pipe:1");
        return c;
    }

    private String pixelFormat() {
        boolean grey = settings.format() == PixelFormat.GREY8;
        return switch (settings.encoding()) {
                // JPEG's colour is YCbCr; ffmpeg's JPEG encoder takes grey as is
            case JPEG -> grey ? "gray" : "yuvj420p";
            case PNG, RAW -> grey ? "gray" : "rgb24";
        };
    }

    /** Frames delivered since start. */
    public long frames() {
        return frames.get();
    }

    /** How many times ffmpeg was started. */
    public long runs() {
        return runs.get();
    }

    /** Why ffmpeg last stopped, or empty. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        long backoffMillis = 1000;
        while (!closed) {
            Run ended = runOnce();
            if (closed) {
                return;
            }
            if (ended.frames() > 0) {
                backoffMillis = 1000;
            }
            String reason = ended.reason();
            Duration wait =
                    Duration.ofMillis(Math.min(backoffMillis, settings.maxBackoff().toMillis()));
            lastError = reason;
            LOG.log(
                    Level.WARNING,
                    "camera "
                            + settings.cameraId()
                            + ": "
                            + reason
                            + "; starting ffmpeg again in "
                            + wait.toMillis()
                            + " ms");
            String why = reason;
            tell(() -> listener.stopped(why, wait));
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                return; // closed
            }
            backoffMillis = Math.min(backoffMillis * 2, settings.maxBackoff().toMillis());
        }
    }

    /** How one ffmpeg run ended, and how many frames it gave. */
    private record Run(String reason, long frames) {}

    /** One ffmpeg run: frames until it ends. */
    private Run runOnce() {
        synchronized (stderr) {
            stderr.clear();
        }
        stalled = false;
        long runFrames = 0;
        Process p;
        try {
            // Standard input stays a pipe that ffmpeg never reads (-nostdin); when the container
            // dies, ffmpeg's next write to its output fails and it exits.
            p = new ProcessBuilder(command()).start();
        } catch (IOException e) {
            return new Run("ffmpeg did not start: " + e.getMessage(), 0);
        }
        long run = runs.incrementAndGet();
        process = p;
        lastFrameNanos.set(System.nanoTime());
        if (closed) {
            kill(p);
            return new Run("closed", 0);
        }
        tell(() -> listener.started(run));
        Thread drain =
                daemon(
                        () -> drainStderr(p.getErrorStream()),
                        "armature-camera-stderr-" + settings.cameraId());
        drain.start();
        String ended;
        try (InputStream out = p.getInputStream()) {
            ImageStream images =
                    settings.encoding() == ImageEncoding.RAW
                            ? ImageStream.raw(
                                    out, settings.format(), settings.widthPx(), settings.heightPx())
                            : ImageStream.encoded(
                                    out, settings.encoding(), ImageDecoder.MAX_ENCODED_BYTES);
            ImageStream.Image image;
            while ((image = images.next()) != null) {
                if (runFrames == 0) {
                    tell(() -> listener.streaming(run));
                }
                deliver(image);
                runFrames++;
            }
            ended = "ffmpeg ended its output";
        } catch (IOException | RuntimeException e) {
            ended =
                    stalled || closed
                            ? "ffmpeg's output ended"
                            : "bad output from ffmpeg: " + e.getMessage();
        }
        kill(p);
        int code;
        try {
            p.waitFor(5, TimeUnit.SECONDS);
            drain.join(2000);
            code = p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        String why;
        if (stalled) {
            why = "no frame for " + settings.stallTimeout().toMillis() + " ms: ffmpeg killed";
        } else {
            why = ended + " (exit code " + code + ")";
        }
        String errors;
        synchronized (stderr) {
            errors = String.join(" | ", stderr);
        }
        return new Run(why + (errors.isEmpty() ? "" : ": " + errors), runFrames);
    }

    private void deliver(ImageStream.Image image) {
        if (image.widthPx() != settings.widthPx() || image.heightPx() != settings.heightPx()) {
            throw new IllegalStateException(
                    "ffmpeg sent a "
                            + image.widthPx()
                            + "x"
                            + image.heightPx()
                            + " image; expected "
                            + settings.widthPx()
                            + "x"
                            + settings.heightPx());
        }
        Instant now = clock.instant();
        long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ImageFrame frame =
                new ImageFrame(
                        settings.cameraId(),
                        ns,
                        settings.format(),
                        settings.encoding(),
                        image.widthPx(),
                        image.heightPx(),
                        image.bytes());
        lastFrameNanos.set(System.nanoTime());
        if (frames.incrementAndGet() == 1) {
            LOG.log(
                    Level.INFO,
                    "camera "
                            + settings.cameraId()
                            + ": first frame from ffmpeg, "
                            + image.widthPx()
                            + "x"
                            + image.heightPx()
                            + " "
                            + settings.encoding().wireName());
        }
        try {
            listener.frame(frame);
        } catch (RuntimeException e) {
            // The camera is fine; whoever takes the frame is not. ffmpeg keeps running.
            long n = refused.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.log(
                        Level.WARNING,
                        "camera "
                                + settings.cameraId()
                                + ": a frame was not taken ("
                                + n
                                + " so far): "
                                + e);
            }
        }
    }

    /** Runs a listener callback other than {@code frame}; a failure is logged, not thrown. */
    private void tell(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "camera " + settings.cameraId() + ": listener failed", e);
        }
    }

    /** Frames the listener threw on (e.g. the bus refused them). */
    public long framesNotTaken() {
        return refused.get();
    }

    private void drainStderr(InputStream err) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                synchronized (stderr) {
                    if (stderr.size() == STDERR_LINES) {
                        stderr.removeFirst();
                    }
                    stderr.addLast(trimmed.length() > 300 ? trimmed.substring(0, 300) : trimmed);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private void checkStall() {
        Process p = process;
        if (p == null || !p.isAlive() || stalled) {
            return;
        }
        long quietNanos = System.nanoTime() - lastFrameNanos.get();
        if (quietNanos > settings.stallTimeout().toNanos()) {
            stalled = true;
            kill(p);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Kills ffmpeg and its children, and waits for them and the capture thread. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        Process p = process;
        if (p != null) {
            kill(p);
        }
        thread.interrupt();
        try {
            thread.join(10_000);
            if (p != null) {
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
