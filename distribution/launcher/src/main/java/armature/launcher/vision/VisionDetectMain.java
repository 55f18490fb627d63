package armature.launcher.vision;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector.Result;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelPoint;
import armature.vision.api.PoseEstimate;
import armature.vision.camera.IntrinsicsFile;
import armature.vision.fiducial.Fiducials;
import armature.vision.image.GreyImage;
import armature.vision.image.ImageDecoder;
import armature.vision.json.VisionJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code vision detect IMAGE... [--family F] [--tag-size M] [--intrinsics FILE] [--json]}: the
 * square markers in each PNG or JPEG image, each with its id and four corners in the AprilTag
 * reference order (bottom-left, bottom-right, top-right, top-left of the marker as printed), and
 * with --tag-size and --intrinsics its pose in the camera frame with covariance. A bad image is
 * reported on one line and the others are still processed. Exit 0, 1 when an image or the
 * intrinsics file could not be used, 2 for bad usage.
 */
public final class VisionDetectMain {
    private VisionDetectMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Testable body of {@link #main}.
     *
     * @return exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Path> images = new ArrayList<>();
        MarkerFamily family = MarkerFamily.TAG36H11;
        Double tagSizeM = null;
        Path intrinsicsFile = null;
        boolean json = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--family" -> family = MarkerFamily.ofWireName(value(args, i++));
                    case "--tag-size" -> tagSizeM = tagSize(value(args, i++));
                    case "--intrinsics" -> intrinsicsFile = Path.of(value(args, i++));
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        images.add(Path.of(args[i]));
                    }
                }
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("no IMAGE given");
            }
            if ((tagSizeM == null) != (intrinsicsFile == null)) {
                throw new IllegalArgumentException(
                        "a pose needs both --tag-size and --intrinsics; give both or neither");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "; " + usage());
            return 2;
        }
        Optional<CameraIntrinsics> intrinsics = Optional.empty();
        if (intrinsicsFile != null) {
            try {
                intrinsics = Optional.of(IntrinsicsFile.read(intrinsicsFile));
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
        }
        Fiducials fiducials = new Fiducials();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = mapper.createObjectNode();
        doc.put("family", family.wireName());
        if (tagSizeM != null) {
            doc.put("tagSizeM", tagSizeM);
        }
        ArrayNode results = doc.putArray("images");
        int failed = 0;
        for (Path image : images) {
            ObjectNode r = results.addObject();
            r.put("image", image.toString());
            try {
                GreyImage grey = read(image);
                List<Result> found =
                        fiducials.detect(
                                grey,
                                family,
                                intrinsics,
                                tagSizeM == null ? 0 : tagSizeM,
                                "camera",
                                modifiedNs(image));
                ArrayNode markers = r.putArray("markers");
                String noPose = tagSizeM == null ? null : noPose(tagSizeM);
                for (Result m : found) {
                    ObjectNode marker = VisionJson.marker(m.detection(), m.pose());
                    if (noPose != null && m.pose().isEmpty()) {
                        marker.put("noPose", noPose);
                    }
                    markers.add(marker);
                }
                if (!json) {
                    out.print(text(image, family, found, noPose));
                }
            } catch (IllegalArgumentException e) {
                failed++;
                String message =
                        e.getMessage().startsWith(image.toString())
                                ? e.getMessage()
                                : image + ": " + e.getMessage();
                r.put("error", message);
                err.println("error: " + message);
            }
        }
        if (json) {
            out.println(doc.toString());
        }
        return failed == 0 ? 0 : 1;
    }

    /** The largest printed tag taken: a billboard, not a typo of millimetres for metres. */
    static final double MAX_TAG_SIZE_M = 10;

    static String usage() {
        return "usage: armature vision detect IMAGE... [--family tag36h11|aruco4x4_50|...]"
                + " [--tag-size M] [--intrinsics FILE] [--json]";
    }

    /** The image's grey pixels; the message names the file. */
    static GreyImage read(Path image) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(image + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(image + ": cannot read: " + e.getMessage());
        }
        return ImageDecoder.decode(bytes, image.toString());
    }

    private static long modifiedNs(Path image) {
        try {
            return Files.getLastModifiedTime(image).to(TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Why a marker asked for a pose has none: the solver found no pose in front of the camera that
     * fits its corners (a tag size or intrinsics far from the truth, or corners too distorted).
     */
    static String noPose(double tagSizeM) {
        return String.format(
                Locale.ROOT,
                "no pose: no pose in front of the camera fits these corners with --tag-size %s m"
                        + " and these intrinsics; check the tag's printed size (the black border's"
                        + " outer side) and the calibration",
                tagSizeM);
    }

    private static String text(Path image, MarkerFamily family, List<Result> found, String noPose) {
        StringBuilder s = new StringBuilder();
        s.append(image)
                .append(": ")
                .append(found.size())
                .append(found.size() == 1 ? " marker" : " markers")
                .append(" (")
                .append(family.wireName())
                .append(")\n");
        for (Result m : found) {
            s.append("  id ").append(m.detection().markerId()).append(": corners");
            for (PixelPoint p : m.detection().corners()) {
                s.append(String.format(Locale.ROOT, " (%.2f, %.2f)", p.xPx(), p.yPx()));
            }
            s.append('\n');
            m.pose().ifPresent(p -> s.append(poseText(p)));
            if (noPose != null && m.pose().isEmpty()) {
                s.append("    ").append(noPose).append('\n');
            }
        }
        return s.toString();
    }

    private static String poseText(PoseEstimate p) {
        var q = p.pose().orientation();
        return String.format(
                Locale.ROOT,
                "    pose in the camera frame: position [%.4f, %.4f, %.4f] m, quaternion wxyz"
                        + " [%.5f, %.5f, %.5f, %.5f]%n"
                        + "    sigma: position [%.2f, %.2f, %.2f] mm, rotation [%.2f, %.2f, %.2f]"
                        + " deg, quality %.2f%n",
                p.pose().xM(),
                p.pose().yM(),
                p.pose().zM(),
                q.w(),
                q.x(),
                q.y(),
                q.z(),
                1000 * Math.sqrt(p.covariance(0, 0)),
                1000 * Math.sqrt(p.covariance(1, 1)),
                1000 * Math.sqrt(p.covariance(2, 2)),
                Math.toDegrees(Math.sqrt(p.covariance(3, 3))),
                Math.toDegrees(Math.sqrt(p.covariance(4, 4))),
                Math.toDegrees(Math.sqrt(p.covariance(5, 5))),
                p.quality());
    }

    /** The value after option {@code args[i]}; the message names the option. */
    static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static double tagSize(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (Double.isFinite(v) && v > 0 && v <= MAX_TAG_SIZE_M) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with what is allowed
        }
        throw new IllegalArgumentException(
                "--tag-size '"
                        + text
                        + "' is not allowed; allowed: metres above 0, at most "
                        + (int) MAX_TAG_SIZE_M
                        + " (the black border's outer side, e.g. 0.04)");
    }
}
