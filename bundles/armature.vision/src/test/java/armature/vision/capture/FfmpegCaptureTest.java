package armature.vision.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerDetection;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelFormat;
import armature.vision.api.PixelPoint;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.fiducial.SquareMarkerFinder;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageDecoder;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture against the real ffmpeg (Debian's; {@code .ci/run} installs it, and under CI a
 * missing ffmpeg fails these tests rather than skipping them). Without a webcam on the machine,
 * ffmpeg reads a rendered tag picture or its own test pattern in the V4L2 device's place; the
 * device test runs where {@code /dev/video0} exists.
 */
class FfmpegCaptureTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);

    @TempDir static Path dir;
    private static Path ffmpeg;

    @BeforeAll
    static void findFfmpeg() {
        try {
            ffmpeg = FfmpegCapture.findExecutable("ffmpeg");
        } catch (IllegalArgumentException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("no ffmpeg: " + e.getMessage());
        }
    }

    /** Frames and stops as they come, for the test thread to wait on. */
    private static final class Recorder implements FfmpegCapture.Listener {
        final BlockingQueue<ImageFrame> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<String> stops = new LinkedBlockingQueue<>();
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void started(long run) {
            events.add("started " + run);
        }

        @Override
        public void streaming(long run) {
            events.add("streaming " + run + " after " + frames.size() + " frames");
        }

        @Override
        public void frame(ImageFrame frame) {
            frames.add(frame);
        }

        @Override
        public void stopped(String reason, Duration restartIn) {
            stops.add(reason + " / restart in " + restartIn.toMillis() + " ms");
        }

        ImageFrame frame() throws InterruptedException {
            ImageFrame f = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(f).as("a frame within " + WAIT + "; stops: " + stops).isNotNull();
            return f;
        }

        String stop() throws InterruptedException {
            String s = stops.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(s).as("ffmpeg stopped within " + WAIT).isNotNull();
            return s;
        }
    }

    private static FfmpegCapture.Settings settings(
            List<String> input,
            ImageEncoding encoding,
            PixelFormat format,
            int w,
            int h,
            int stallMs) {
        return new FfmpegCapture.Settings(
                "cam1",
                ffmpeg,
                input,
                encoding,
                format,
                w,
                h,
                3,
                Duration.ofMillis(stallMs),
                Duration.ofMillis(200));
    }

    @Test
    void aTagPictureThroughFfmpegIsFoundInEveryFrameWhereItWasDrawn() throws Exception {
        Pose3 cameraFromTag =
                new Pose3(0.01, -0.02, 0.35, UnitQuaternion.normalized(0.95, 0.2, -0.2, 0.1));
        GreyImage drawn =
                PlanarMarkerRenderer.render(
                        MarkerBitmap.of(MarkerFamily.TAG36H11, 7),
                        0.06,
                        cameraFromTag,
                        CAMERA,
                        3,
                        150);
        Path png = dir.resolve("tag.png");
        Files.write(png, ImageFiles.png(drawn));
        SquareMarkerFinder finder = new SquareMarkerFinder(MarkerFamily.TAG36H11);
        MarkerDetection truth = finder.find(drawn).get(0);

        Recorder r = new Recorder();
        List<String> input = List.of("-re", "-loop", "1", "-framerate", "20", "-i", png.toString());
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(input, ImageEncoding.JPEG, PixelFormat.GREY8, 640, 480, 5000),
                        r)) {
            assertThat(capture.command())
                    .containsSubsequence("-i", png.toString(), "-an", "-vf", "scale=640:480")
                    .containsSubsequence(
                            "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "3", "pipe:1");
            capture.start();
            long previousNs = 0;
            for (int i = 0; i < 5; i++) {
                ImageFrame frame = r.frame();
                assertThat(frame.encoding()).isEqualTo(ImageEncoding.JPEG);
                assertThat(frame.cameraId()).isEqualTo("cam1");
                assertThat(frame.timestampNs()).isGreaterThan(previousNs);
                previousNs = frame.timestampNs();
                List<MarkerDetection> found = finder.find(ImageDecoder.decode(frame));
                assertThat(found).extracting(MarkerDetection::markerId).containsExactly(7);
                List<PixelPoint> corners = found.get(0).corners();
                for (int k = 0; k < 4; k++) {
                    assertThat(corners.get(k).distanceToPx(truth.corners().get(k)))
                            .as("corner %d after JPEG", k)
                            .isLessThan(0.5);
                }
            }
            assertThat(capture.runs()).isEqualTo(1);
            assertThat(r.events).containsExactly("started 1", "streaming 1 after 0 frames");
        }
    }

    @Test
    void rawAndPngFramesHaveTheConfiguredSize() throws Exception {
        List<String> pattern = List.of("-re", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25");
        Recorder raw = new Recorder();
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(pattern, ImageEncoding.RAW, PixelFormat.RGB8, 160, 120, 5000),
                        raw)) {
            capture.start();
            for (int i = 0; i < 3; i++) {
                ImageFrame f = raw.frame();
                assertThat(f.data()).hasSize(160 * 120 * 3);
                assertThat(f.format()).isEqualTo(PixelFormat.RGB8);
            }
        }
        Recorder png = new Recorder();
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(pattern, ImageEncoding.PNG, PixelFormat.GREY8, 200, 100, 5000),
                        png)) {
            capture.start();
            for (int i = 0; i < 3; i++) {
                GreyImage g = ImageDecoder.decode(png.frame());
                assertThat(g.widthPx()).isEqualTo(200);
                assertThat(g.heightPx()).isEqualTo(100);
            }
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheCamera() throws Exception {
        List<String> pattern = List.of("-re", "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25");
        BlockingQueue<ImageFrame> taken = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        FfmpegCapture.Listener listener =
                f -> {
                    if (calls.incrementAndGet() % 2 == 1) {
                        throw new IllegalStateException("bus refused the frame");
                    }
                    taken.add(f);
                };
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(pattern, ImageEncoding.RAW, PixelFormat.GREY8, 64, 48, 5000),
                        listener)) {
            capture.start();
            for (int i = 0; i < 3; i++) {
                assertThat(taken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            }
            assertThat(capture.framesNotTaken()).isGreaterThanOrEqualTo(3);
            assertThat(capture.runs()).isEqualTo(1);
        }
    }

    @Test
    void anInputThatFailsIsStartedAgainWithFfmpegsErrorAndCloseLeavesNoProcess() throws Exception {
        Recorder r = new Recorder();
        Path missing = dir.resolve("unplugged.mp4");
        FfmpegCapture capture =
                new FfmpegCapture(
                        settings(
                                List.of("-i", missing.toString()),
                                ImageEncoding.JPEG,
                                PixelFormat.RGB8,
                                64,
                                48,
                                5000),
                        r);
        try (capture) {
            capture.start();
            String first = r.stop();
            assertThat(first)
                    .contains("exit code 1")
                    .contains("unplugged.mp4: No such file or directory")
                    .contains("restart in");
            r.stop();
            assertThat(capture.runs()).isGreaterThanOrEqualTo(2);
            assertThat(r.events)
                    .startsWith("started 1", "started 2")
                    .noneMatch(e -> e.startsWith("streaming"));
            assertThat(capture.lastError()).contains("No such file or directory");
            assertThat(r.frames).isEmpty();
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .as("ffmpeg processes after close")
                .isEmpty();
    }

    @Test
    void anInputThatSendsNothingIsKilledAfterTheStallTimeout() throws Exception {
        Path fifo = dir.resolve("silent.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
        Recorder r = new Recorder();
        List<String> input =
                List.of(
                        "-f",
                        "rawvideo",
                        "-video_size",
                        "16x16",
                        "-pix_fmt",
                        "gray",
                        "-i",
                        fifo.toString());
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(input, ImageEncoding.RAW, PixelFormat.GREY8, 16, 16, 400), r)) {
            capture.start();
            assertThat(r.stop()).startsWith("no frame for 400 ms: ffmpeg killed");
            assertThat(r.stop()).startsWith("no frame for 400 ms: ffmpeg killed");
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
                .isEmpty();
    }

    @Test
    void aV4l2DeviceIsAskedForItsModeAndScaled() {
        List<String> input = FfmpegCapture.v4l2Input("/dev/video2", "mjpeg", 30, 1280, 720);
        assertThat(input)
                .containsExactly(
                        "-f",
                        "v4l2",
                        "-input_format",
                        "mjpeg",
                        "-framerate",
                        "30.0",
                        "-video_size",
                        "1280x720",
                        "-i",
                        "/dev/video2");
        assertThat(FfmpegCapture.v4l2Input("/dev/video0", "", 15, 640, 480))
                .doesNotContain("-input_format");
    }

    @Test
    void aMissingFfmpegIsNamedWithWhereItWasLookedFor() {
        assertThatThrownBy(() -> FfmpegCapture.findExecutable("no-such-ffmpeg-here"))
                .hasMessageContaining("'no-such-ffmpeg-here' is not on PATH")
                .hasMessageContaining("apt-get install ffmpeg");
        assertThatThrownBy(() -> FfmpegCapture.findExecutable("/nowhere/ffmpeg"))
                .hasMessage(
                        "ffmpeg executable '/nowhere/ffmpeg' does not exist or is not executable");
    }

    @Test
    void aRealWebcamGivesFrames() throws Exception {
        Path device = Path.of("/dev/video0");
        Assumptions.assumeTrue(Files.exists(device), "no /dev/video0 on this machine");
        Recorder r = new Recorder();
        try (FfmpegCapture capture =
                new FfmpegCapture(
                        settings(
                                FfmpegCapture.v4l2Input(device.toString(), "", 30, 640, 480),
                                ImageEncoding.JPEG,
                                PixelFormat.RGB8,
                                640,
                                480,
                                5000),
                        r)) {
            capture.start();
            List<ImageFrame> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(r.frame());
            }
            assertThat(ImageDecoder.decode(got.get(2)).widthPx()).isEqualTo(640);
        }
    }
}
