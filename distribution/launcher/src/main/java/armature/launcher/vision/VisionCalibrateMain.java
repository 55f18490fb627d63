package armature.launcher.vision;

import armature.vision.calibration.PlanarCalibration;
import armature.vision.calibration.PlanarCalibration.Result;
import armature.vision.calibration.PlanarCalibration.Target;
import armature.vision.calibration.PlanarCalibration.View;
import armature.vision.calibration.PlanarCalibration.ViewResult;
import armature.vision.camera.IntrinsicsFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code vision calibrate IMAGE... --target chessboard|grid SPEC [--radial N] [--tangential]
 * [--write FILE] [--json]}: the camera's intrinsics and lens distortion from images of a printed
 * target ({@link PlanarCalibration}), with the reprojection error overall and per image. SPEC is
 * {@code ROWSxCOLS:SQUARE_M} for a chessboard (squares, not inner corners) and {@code
 * ROWSxCOLS:SQUARE_M:SPACE_M} for a grid of separate squares; it may follow the kind as its own
 * word or after a colon ({@code --target chessboard:7x10:0.025}). With --write the intrinsics go to
 * FILE in the form that {@code vision detect --intrinsics} and the camera and fiducial
 * configurations' {@code intrinsics} read, written whole or not at all. An image that cannot be
 * read, or where the target is not found, is reported and left out. Exit 0 when the calibration
 * succeeded, 1 when it could not be made (or written), 2 for bad usage.
 */
public final class VisionCalibrateMain {
    private static final Pattern SPEC = Pattern.compile("\\d+x\\d+:[^/\\\\]+");

    private VisionCalibrateMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Testable body of {@link #main}.
     *
     * @return exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> operands = new ArrayList<>();
        String target = null;
        int radial = 2;
        boolean tangential = false;
        Path write = null;
        boolean json = false;
        Target parsed;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--target" -> target = VisionDetectMain.value(args, i++);
                    case "--radial" -> radial = radial(VisionDetectMain.value(args, i++));
                    case "--tangential" -> tangential = true;
                    case "--write" -> write = Path.of(VisionDetectMain.value(args, i++));
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        operands.add(args[i]);
                    }
                }
            }
            if (target == null) {
                throw new IllegalArgumentException("--target is missing");
            }
            parsed = target(target, operands);
            if (operands.isEmpty()) {
                throw new IllegalArgumentException("no IMAGE given");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "; " + usage());
            return 2;
        }
        List<View> views = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (String image : operands) {
            try {
                views.add(new View(image, VisionDetectMain.read(Path.of(image))));
            } catch (IllegalArgumentException e) {
                unreadable.put(image, e.getMessage());
                err.println("error: " + e.getMessage() + " (left out)");
            }
        }
        Result result;
        try {
            if (views.isEmpty()) {
                throw new IllegalArgumentException("none of the images could be read");
            }
            result = PlanarCalibration.calibrate(views, parsed, radial, tangential);
        } catch (IllegalArgumentException e) {
            err.println("error: calibration failed: " + e.getMessage());
            return 1;
        }
        ObjectNode intrinsics = IntrinsicsFile.toJson(result.intrinsics());
        if (write != null) {
            try {
                writeWhole(write, intrinsics.toPrettyString() + "\n");
            } catch (IOException e) {
                err.println("error: cannot write " + write + ": " + e.getMessage());
                return 1;
            }
        }
        if (json) {
            out.println(document(parsed, result, intrinsics, unreadable, write));
        } else {
            out.print(text(result, unreadable, write));
        }
        return 0;
    }

    static String usage() {
        return "usage: armature vision calibrate IMAGE... --target chessboard|grid SPEC"
                + " (ROWSxCOLS:SQUARE_M, a grid ROWSxCOLS:SQUARE_M:SPACE_M) [--radial 0..3]"
                + " [--tangential] [--write FILE] [--json]";
    }

    /**
     * The target from {@code --target KIND[:SPEC]}; a SPEC given as its own word is taken out of
     * the operands (a word of the form ROWSxCOLS:... that names no file).
     */
    private static Target target(String option, List<String> operands) {
        int colon = option.indexOf(':');
        if (colon >= 0) {
            return Target.parse(option.substring(0, colon), option.substring(colon + 1));
        }
        String spec = null;
        for (String o : operands) {
            if (SPEC.matcher(o).matches() && !Files.exists(Path.of(o))) {
                if (spec != null) {
                    throw new IllegalArgumentException(
                            "two target sizes, '" + spec + "' and '" + o + "'; allowed: one");
                }
                spec = o;
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException(
                    "--target " + option + " has no size; e.g. --target " + option + " 7x10:0.025");
        }
        operands.remove(spec);
        return Target.parse(option, spec);
    }

    private static ObjectNode document(
            Target target,
            Result r,
            ObjectNode intrinsics,
            Map<String, String> unreadable,
            Path written) {
        ObjectNode doc = new ObjectMapper().createObjectNode();
        ObjectNode t = doc.putObject("target");
        t.put("kind", target.kind().wireName());
        t.put("rows", target.rows());
        t.put("cols", target.cols());
        t.put("squareM", target.squareM());
        if (target.spaceM() > 0) {
            t.put("spaceM", target.spaceM());
        }
        doc.set("intrinsics", intrinsics);
        doc.put("rmsErrorPx", r.rmsErrorPx());
        doc.put("maxErrorPx", r.maxErrorPx());
        doc.put("imagesUsed", r.viewsUsed());
        ArrayNode images = doc.putArray("images");
        for (ViewResult v : r.views()) {
            ObjectNode i = images.addObject();
            i.put("image", v.name());
            i.put("targetFound", v.found());
            if (v.found()) {
                i.put("meanErrorPx", v.meanErrorPx());
                i.put("maxErrorPx", v.maxErrorPx());
            }
        }
        unreadable.forEach(
                (name, why) -> {
                    ObjectNode i = images.addObject();
                    i.put("image", name);
                    i.put("targetFound", false);
                    i.put("error", why);
                });
        if (written != null) {
            doc.put("written", written.toString());
        }
        return doc;
    }

    private static String text(Result r, Map<String, String> unreadable, Path written) {
        StringBuilder s = new StringBuilder();
        for (ViewResult v : r.views()) {
            s.append(v.name()).append(": ");
            if (v.found()) {
                s.append(
                        String.format(
                                Locale.ROOT,
                                "target found, reprojection error mean %.3f px, max %.3f px%n",
                                v.meanErrorPx(),
                                v.maxErrorPx()));
            } else {
                s.append("target not found, left out\n");
            }
        }
        unreadable.forEach((name, why) -> s.append(name).append(": not read, left out\n"));
        s.append(r.summary()).append('\n');
        if (written != null) {
            s.append("intrinsics written to ")
                    .append(written)
                    .append(" (give it as a camera's or fiducial publisher's intrinsics)\n");
        }
        return s.toString();
    }

    /**
     * Writes {@code content} to {@code file} beside it and moves it into place, so a reader never
     * sees half a file.
     */
    public static void writeWhole(Path file, String content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, content);
            Files.move(
                    tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int radial(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 0 && n <= 3) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with what is allowed
        }
        throw new IllegalArgumentException(
                "--radial '" + text + "' is not allowed; allowed: 0, 1, 2 (default) or 3");
    }
}
