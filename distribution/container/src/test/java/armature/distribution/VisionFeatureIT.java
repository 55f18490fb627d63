package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.bus.api.Qos;
import armature.control.api.ContainerTopics;
import armature.control.api.VisionTopics;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.api.UnitQuaternion;
import armature.vision.image.ImageFiles;
import armature.vision.synthetic.CalibrationTargets;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code vision} feature in the real distribution, driven only through files in {@code config/}
 * and MQTT: an image-folder camera replays PNG frames of a tag (with a truncated file among them),
 * the fiducial pose publisher of that camera publishes markers and the tag's pose (within 5 mm and
 * 2 degrees of the rendered truth), then the pose as stale once the camera has sent its last file.
 * A network camera logged in as a device feeds the same pipeline over plain MQTT, and so does a
 * V4L2 camera component whose ffmpeg reads a picture in the webcam's place. Every message on the
 * vision topics matches docs/asyncapi.yaml, and the container keeps running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisionFeatureIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "vis";
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(320, 240, 300, 300, 160, 120);
    private static final Path EXAMPLES = AsyncApiDocument.REPO.resolve("examples/vision");

    /** A 640x480 camera: its calibration does not fit the 320x240 cameras of the calibrate test. */
    private static final CameraIntrinsics LARGE =
            new CameraIntrinsics(640, 480, 600, 600, 320, 240, new double[] {-0.1, 0.02}, null);

    @TempDir static Path home;
    private int port;
    private ContainerProcess c;
    private ConformanceCheck check;
    private final VisionTopics topics = ContainerTopics.of(ID).vision();

    @BeforeAll
    void start() throws Exception {
        port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--features",
                        "vision");
        check = new ConformanceCheck(AsyncApiDocument.load());
        for (String filter :
                List.of(
                        topics.framesFilter(),
                        topics.posesFilter(),
                        topics.markersFilter(),
                        topics.cameraInfoFilter(),
                        topics.cameraStatusFilter())) {
            c.observer()
                    .subscribe(filter, Qos.EXACTLY_ONCE, check::record)
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        }
        c.awaitReady(WAIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void aFolderCameraFeedsFiducialPosesThatGoStaleWhenItStops() throws Exception {
        Pose3 truth =
                new Pose3(0.012, -0.006, 0.3, UnitQuaternion.normalized(0.96, 0.2, -0.15, 0.1));
        byte[] png =
                ImageFiles.png(
                        PlanarMarkerRenderer.render(
                                MarkerBitmap.of(MarkerFamily.TAG36H11, 23),
                                0.05,
                                truth,
                                CAMERA,
                                3,
                                128));
        Path images = Files.createDirectories(home.resolve("images"));
        Files.write(images.resolve("f1.png"), png);
        Files.write(images.resolve("f2.png"), Arrays.copyOf(png, png.length / 3));
        Files.write(images.resolve("f3.png"), png);
        Path intrinsics = home.resolve("cam1.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300,"
                        + " \"cxPx\": 160, \"cyPx\": 120}");
        Path config = Files.createDirectories(home.resolve("config"));
        // The publisher first, so that it is subscribed before the camera's first frame.
        Files.writeString(
                config.resolve("armature.vision.fiducial.poses-cam1.cfg"),
                "cameraId=cam1\nfamily=tag36h11\ntagSizeM=0.05\nintrinsics="
                        + intrinsics
                        + "\nstaleAfterMillis=3000\n");
        awaitComponent("armature.vision.fiducial.poses~cam1");
        Files.writeString(
                config.resolve("armature.vision.camera.folder-cam1.cfg"),
                "cameraId=cam1\nfolder=" + images + "\nrateHz=10\nintrinsics=" + intrinsics + "\n");

        JsonNode stale =
                c.awaitMessage(topics.pose("tag36h11-23"), n -> n.path("stale").asBoolean(), WAIT);
        assertThat(stale.get("frameId").asText()).isEqualTo("cam1");
        Pose3 estimate = pose(stale);
        assertThat(estimate.distanceToM(truth)).isLessThan(0.005);
        assertThat(estimate.orientation().angleToRad(truth.orientation()))
                .isLessThan(Math.toRadians(2));

        assertThat(check.count(topics.frames("cam1")))
                .as("frames: the truncated file is skipped")
                .isEqualTo(2);
        // The publisher keeps only the newest frame: a frame that arrives while the previous one
        // still waits for the detector replaces it, so a busy machine may process only one.
        // The stale pose came to the test's own client; the observer that records for the
        // conformance check is another client and may see it a moment later.
        long recorded = System.nanoTime() + WAIT.toNanos();
        while (check.count(topics.pose("tag36h11-23")) <= check.count(topics.markers("cam1"))
                && System.nanoTime() < recorded) {
            Thread.sleep(20); // polling the recorder
        }
        long markers = check.count(topics.markers("cam1"));
        assertThat(markers).as("at most one markers document per frame").isBetween(1L, 2L);
        assertThat(check.count(topics.pose("tag36h11-23")))
                .as("a fresh pose per markers document and one stale")
                .isEqualTo(markers + 1);
        List<String> failures = check.check();
        assertThat(failures).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(check.jsonValidated())
                .containsKeys("visionCameraInfo", "visionMarkers", "visionPose");
        assertThat(c.isAlive()).isTrue();
        assertThat(c.log()).contains("skips a file").contains("f2.png");
    }

    /**
     * A network camera with only mosquitto_pub ({@code examples/vision/mqtt-camera.sh}) logs in as
     * a device named after its camera, publishes its model and PNG frames of a tag; the container's
     * fiducial publisher of that camera turns them into the tag's pose. The same device may not
     * publish another camera's frames or the markers of its own.
     */
    @Test
    void aNetworkCameraLoggedInAsADeviceFeedsFiducialPoses() throws Exception {
        ContainerProcess.Login cam = c.createCredential("cam2", "device");
        Pose3 truth =
                new Pose3(-0.01, 0.008, 0.32, UnitQuaternion.normalized(0.97, -0.1, 0.18, 0.05));
        Path frame = home.resolve("cam2-frame.png");
        Files.write(
                frame,
                ImageFiles.png(
                        PlanarMarkerRenderer.render(
                                MarkerBitmap.of(MarkerFamily.TAG36H11, 7),
                                0.05,
                                truth,
                                CAMERA,
                                3,
                                128)));
        String intrinsics =
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300,"
                        + " \"cxPx\": 160, \"cyPx\": 120}";
        Path intrinsicsFile = home.resolve("cam2.json");
        Files.writeString(intrinsicsFile, intrinsics);
        Path info = home.resolve("cam2-info.json");
        Files.writeString(
                info,
                "{\"cameraId\": \"cam2\", \"intrinsics\": "
                        + intrinsics
                        + ", \"robotFromCamera\": {\"positionM\": [0, 0, 0.5],"
                        + " \"quaternionWxyz\": [0, 1, 0, 0]}}");
        Files.writeString(
                Files.createDirectories(home.resolve("config"))
                        .resolve("armature.vision.fiducial.poses-cam2.cfg"),
                "cameraId=cam2\nfamily=tag36h11\ntagSizeM=0.05\nintrinsics="
                        + intrinsicsFile
                        + "\nstaleAfterMillis=5000\n");

        // The camera streams (5 frames/s) until the pose is there: a camera, not a test, sets
        // the pace, and the publisher may subscribe after the first frames.
        ProcessBuilder pb =
                new ProcessBuilder(
                                "bash",
                                EXAMPLES.resolve("mqtt-camera.sh").toString(),
                                info.toString(),
                                frame.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("cam2.log").toFile());
        pb.environment().put("ARMATURE_PORT", Integer.toString(port));
        pb.environment().put("ARMATURE_ID", ID);
        pb.environment().put("DEVICE", cam.user());
        pb.environment().put("DEVICE_PASSWORD_FILE", cam.passwordFile().toString());
        pb.environment().put("REPEAT", "600");
        Process camera = pb.start();
        try {
            JsonNode pose =
                    c.awaitMessage(
                            topics.pose("tag36h11-7"),
                            n -> !n.path("stale").asBoolean() && camera.isAlive(),
                            WAIT);
            assertThat(pose.get("frameId").asText()).isEqualTo("cam2");
            assertThat(pose(pose).distanceToM(truth)).isLessThan(0.005);
            JsonNode retained = c.awaitMessage(topics.cameraInfo("cam2"), n -> true, WAIT);
            assertThat(retained.path("intrinsics").path("fxPx").asDouble()).isEqualTo(300);
        } finally {
            camera.destroy();
            camera.waitFor(10, TimeUnit.SECONDS);
        }

        // Another camera's frames and its own markers are refused to the device.
        for (String topic : List.of(topics.frames("cam1"), topics.markers("cam2"))) {
            ContainerProcess.Result r =
                    ContainerProcess.run(
                            List.of(
                                    "mosquitto_pub",
                                    "-h",
                                    "127.0.0.1",
                                    "-p",
                                    Integer.toString(port),
                                    "-V",
                                    "mqttv5",
                                    "-u",
                                    cam.user(),
                                    "-P",
                                    Files.readString(cam.passwordFile()).trim(),
                                    "-q",
                                    "1",
                                    "-t",
                                    topic,
                                    "-m",
                                    "{}"));
            assertThat(r.out() + r.err()).as(topic).containsIgnoringCase("not authorized");
        }
        List<String> failures = check.check();
        assertThat(failures).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(c.isAlive()).isTrue();
    }

    /**
     * A V4L2 camera component whose ffmpeg reads a looping tag picture in the webcam's place (no
     * webcam here): its JPEG frames become the tag's pose. A camera whose device does not exist is
     * not active, and status says why. Removing the camera's configuration stops its ffmpeg.
     */
    @Test
    void aCaptureCameraThroughFfmpegFeedsFiducialPoses() throws Exception {
        Pose3 truth = new Pose3(0.015, 0.01, 0.3, UnitQuaternion.normalized(0.96, 0.1, 0.2, -0.05));
        Path frame = home.resolve("cam3-frame.png");
        Files.write(
                frame,
                ImageFiles.png(
                        PlanarMarkerRenderer.render(
                                MarkerBitmap.of(MarkerFamily.TAG36H11, 11),
                                0.05,
                                truth,
                                CAMERA,
                                3,
                                128)));
        Path intrinsics = home.resolve("cam3.json");
        Files.writeString(
                intrinsics,
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300,"
                        + " \"cxPx\": 160, \"cyPx\": 120}");
        Path config = Files.createDirectories(home.resolve("config"));
        Files.writeString(
                config.resolve("armature.vision.fiducial.poses-cam3.cfg"),
                "cameraId=cam3\nfamily=tag36h11\ntagSizeM=0.05\nintrinsics="
                        + intrinsics
                        + "\nstaleAfterMillis=5000\n");
        // FileInstall's typed .config syntax, for the list of ffmpeg arguments.
        Path camera = config.resolve("armature.vision.camera.v4l2-cam3.config");
        Files.writeString(
                camera,
                "cameraId=\"cam3\"\n"
                        + "ffmpegInput=[\"-re\",\"-loop\",\"1\",\"-framerate\",\"5\",\"-i\",\""
                        + frame
                        + "\"]\n"
                        + "widthPx=I\"320\"\nheightPx=I\"240\"\npixelFormat=\"grey8\"\n"
                        + "intrinsics=\""
                        + intrinsics
                        + "\"\n");
        JsonNode pose =
                c.awaitMessage(topics.pose("tag36h11-11"), n -> !n.path("stale").asBoolean(), WAIT);
        assertThat(pose.get("frameId").asText()).isEqualTo("cam3");
        assertThat(pose(pose).distanceToM(truth)).isLessThan(0.005);
        assertThat(ffmpegChildren()).as("the camera's ffmpeg").hasSize(1);
        assertThat(c.log()).contains("camera cam3: first frame from ffmpeg, 320x240 jpeg");
        JsonNode streaming =
                c.awaitMessage(
                        topics.cameraStatus("cam3"),
                        n -> n.path("state").asText().equals("STREAMING"),
                        WAIT);
        assertThat(streaming.path("runs").asLong()).isEqualTo(1);

        // A camera whose input is gone: restarted with ffmpeg's own error in its status.
        Files.writeString(
                config.resolve("armature.vision.camera.v4l2-cam5.config"),
                "cameraId=\"cam5\"\nffmpegInput=[\"-i\",\""
                        + home.resolve("unplugged.mp4")
                        + "\"]\nmaxBackoffMillis=L\"500\"\n");
        JsonNode restarting =
                c.awaitMessage(
                        topics.cameraStatus("cam5"),
                        n -> n.path("state").asText().equals("RESTARTING"),
                        WAIT);
        assertThat(restarting.path("lastError").asText())
                .contains("unplugged.mp4: No such file or directory");
        assertThat(restarting.path("frames").asLong()).isZero();
        assertThat(c.log()).contains("camera cam5: ffmpeg ended its output (exit code 1)");
        Files.delete(config.resolve("armature.vision.camera.v4l2-cam5.config"));

        Files.writeString(
                config.resolve("armature.vision.camera.v4l2-cam4.cfg"),
                "cameraId=cam4\ndevice=/dev/video97\n");
        JsonNode failed = awaitFailure("armature.vision.camera.v4l2", "video97");
        assertThat(failed.path("failure").asText())
                .contains("V4L2 device /dev/video97 does not exist");

        Files.delete(camera);
        long end = System.nanoTime() + WAIT.toNanos();
        while (!ffmpegChildren().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50); // polling the process table
        }
        assertThat(ffmpegChildren()).as("ffmpeg after the camera's configuration went").isEmpty();
        List<String> failures = check.check();
        assertThat(failures).as("conformance of " + check.size() + " messages").isEmpty();
        assertThat(check.jsonValidated()).containsKeys("visionCameraStatus");
        assertThat(c.isAlive()).isTrue();
    }

    /**
     * {@code vision calibrate --write FILE --apply PID}: the intrinsics from chessboard images go
     * into a running folder camera's configuration, and its camera info says so without a restart
     * of the container (the same path as before: the configuration is put in force again). A second
     * calibration from images of another size is refused by a 320x240 capture camera: the CLI exits
     * 1 naming the refusal and puts the file and both configurations back as they were.
     */
    @Test
    void calibrateApplyPutsNewIntrinsicsIntoTheRunningCameras() throws Exception {
        Path dir = Files.createDirectories(home.resolve("calib"));
        Path k = dir.resolve("cam6.json");
        Files.writeString(
                k,
                "{\"widthPx\": 320, \"heightPx\": 240, \"fxPx\": 300, \"fyPx\": 300,"
                        + " \"cxPx\": 160, \"cyPx\": 120}");
        CameraIntrinsics small =
                new CameraIntrinsics(
                        320, 240, 310, 308, 161.5, 118.7, new double[] {-0.1, 0.02}, null);
        List<String> boards = boards(dir.resolve("small"), small);
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Files.copy(Path.of(boards.get(0)), frames.resolve("f.png"));
        Path config = Files.createDirectories(home.resolve("config"));
        String folder = "armature.vision.camera.folder~cam6";
        c.cliJson(
                "config",
                "set",
                folder,
                "cameraId=cam6",
                "folder=" + frames,
                "rateHz=2",
                "loop=true",
                "intrinsics=" + k);
        c.awaitMessage(topics.cameraInfo("cam6"), n -> fx(n) == 300, WAIT);
        ContainerProcess.Result applied = calibrate(boards, k, folder);
        assertThat(applied.exit()).as(applied.toString()).isZero();
        assertThat(applied.out())
                .contains("configuration " + folder + ": intrinsics = " + k)
                .contains("armature.vision.camera.folder ACTIVE");
        JsonNode info =
                c.awaitMessage(topics.cameraInfo("cam6"), n -> Math.abs(fx(n) - 310) < 3.1, WAIT);
        assertThat(info.at("/intrinsics/fyPx").asDouble()).isCloseTo(308, within(3.1));
        String calibrated = Files.readString(k);
        // Again with --json: the replies under "applied"; the same file name, so "reloaded".
        List<String> again = new java.util.ArrayList<>(boards);
        again.addAll(
                List.of(
                        "--target",
                        "chessboard",
                        "6x9:0.03",
                        "--write",
                        k.toString(),
                        "--apply",
                        folder,
                        "--json"));
        again.add(0, "calibrate");
        again.add(0, "vision");
        ContainerProcess.Result json = c.cli(again.toArray(String[]::new));
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonNode replies = ContainerProcess.JSON.readTree(json.out()).path("applied");
        assertThat(replies.size()).as(json.out()).isEqualTo(1);
        assertThat(replies.get(0).path("pid").asText()).isEqualTo(folder);
        assertThat(replies.get(0).path("reloaded").asBoolean()).as(json.out()).isTrue();
        assertThat(Files.readString(k)).isEqualTo(calibrated);

        // A capture camera of 320x240 naming the same file, then images of 640x480.
        Files.writeString(
                config.resolve("armature.vision.camera.v4l2-cam7.config"),
                "cameraId=\"cam7\"\n"
                        + "ffmpegInput=[\"-re\",\"-loop\",\"1\",\"-framerate\",\"2\",\"-i\",\""
                        + boards.get(0)
                        + "\"]\n"
                        + "widthPx=I\"320\"\nheightPx=I\"240\"\npixelFormat=\"grey8\"\n"
                        + "intrinsics=\""
                        + k
                        + "\"\n");
        c.awaitMessage(
                topics.cameraStatus("cam7"),
                n -> n.path("state").asText().equals("STREAMING"),
                WAIT);
        String capture = "armature.vision.camera.v4l2~cam7";
        ContainerProcess.Result refused =
                calibrate(boards(dir.resolve("large"), LARGE), k, folder, capture);
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err())
                .contains("error: " + capture + ": ")
                .contains("was refused by component armature.vision.camera.v4l2")
                .contains(k + " restored to what it was")
                .contains(folder + " names '" + k + "' again")
                .contains(capture + " names '" + k + "' again");
        assertThat(Files.readString(k)).isEqualTo(calibrated);
        // The folder camera publishes its info again on the put-back's restart.
        c.awaitMessage(
                topics.cameraInfo("cam6"),
                n -> n.at("/intrinsics/widthPx").asInt() == 320 && Math.abs(fx(n) - 310) < 3.1,
                WAIT);
        JsonNode status = c.cliJson("status");
        for (String pid : List.of(folder, capture)) {
            List<String> states = new java.util.ArrayList<>();
            for (JsonNode component : status.path("components")) {
                if (pid.equals(component.path("pid").asText())) {
                    states.add(component.path("state").asText());
                }
            }
            assertThat(states).as(pid + " after the put-back: " + status).containsExactly("ACTIVE");
        }

        // A configuration that does not exist: refused before anything is calibrated or written.
        Path fresh = dir.resolve("never.json");
        ContainerProcess.Result missing =
                calibrate(boards, fresh, folder, "armature.vision.camera.folder~nope");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err())
                .contains(
                        "configuration armature.vision.camera.folder~nope does not exist in"
                                + " container 'vis'")
                .contains("nothing calibrated or written");
        assertThat(fresh).doesNotExist();
        assertThat(Files.readString(k)).isEqualTo(calibrated);
        assertThat(c.cliJson("config", "get", capture).at("/properties/intrinsics").asText())
                .isEqualTo(k.toString());
        Files.delete(config.resolve("armature.vision.camera.v4l2-cam7.config"));
        Files.delete(config.resolve("armature.vision.camera.folder-cam6.config"));
        // cam7's ffmpeg gone before another test counts ffmpeg processes.
        long end = System.nanoTime() + WAIT.toNanos();
        while (!ffmpegChildren().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50); // polling the process table
        }
        assertThat(ffmpegChildren()).as("ffmpeg after cam7's configuration went").isEmpty();
        assertThat(c.isAlive()).isTrue();
    }

    private static double fx(JsonNode cameraInfo) {
        return cameraInfo.at("/intrinsics/fxPx").asDouble();
    }

    /** {@code vision calibrate IMAGES --target chessboard 6x9:0.03 --write FILE --apply PID...}. */
    private ContainerProcess.Result calibrate(List<String> images, Path file, String... pids)
            throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("vision", "calibrate"));
        argv.addAll(images);
        argv.addAll(List.of("--target", "chessboard", "6x9:0.03", "--write", file.toString()));
        for (String pid : pids) {
            argv.addAll(List.of("--apply", pid));
        }
        return c.cli(argv.toArray(String[]::new));
    }

    /** Eight PNG views of a 6x9 chessboard of 3 cm squares through {@code camera}, tilted. */
    private static List<String> boards(Path dir, CameraIntrinsics camera) throws Exception {
        Files.createDirectories(dir);
        var board = CalibrationTargets.chessboard(6, 9, 0.03, 0.02);
        // The board about 60 % of the image wide, at any size.
        List<Pose3> views = CalibrationTargets.views(1.05 * camera.fxPx() / camera.widthPx());
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            Path png = dir.resolve("board-" + i + ".png");
            Files.write(
                    png,
                    ImageFiles.png(
                            PlanarMarkerRenderer.render(board, views.get(i), camera, 2, 120)));
            out.add(png.toString());
        }
        return out;
    }

    private List<ProcessHandle> ffmpegChildren() {
        return c.handle()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
                .toList();
    }

    private JsonNode awaitFailure(String name, String text) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode status = c.cliJson("status");
            for (JsonNode component : status.path("components")) {
                if (name.equals(component.path("name").asText())
                        && component.path("failure").asText().contains(text)) {
                    return component;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(name + " never failed with " + text + ": " + status);
            }
            // A CLI call is itself a JVM start: polling it is paced by that.
        }
    }

    private static Pose3 pose(JsonNode estimate) {
        JsonNode p = estimate.get("positionM");
        JsonNode q = estimate.get("quaternionWxyz");
        return new Pose3(
                p.get(0).asDouble(),
                p.get(1).asDouble(),
                p.get(2).asDouble(),
                new UnitQuaternion(
                        q.get(0).asDouble(),
                        q.get(1).asDouble(),
                        q.get(2).asDouble(),
                        q.get(3).asDouble()));
    }

    /** Waits until the component of configuration {@code pid} is ACTIVE. */
    private void awaitComponent(String pid) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode status = c.cliJson("status");
            for (JsonNode component : status.path("components")) {
                if (pid.equals(component.path("pid").asText())
                        && "ACTIVE".equals(component.path("state").asText())) {
                    return;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(pid + " not ACTIVE: " + status + "\n" + c.log());
            }
            // A CLI call is itself a JVM start: polling it is paced by that.
        }
    }
}
