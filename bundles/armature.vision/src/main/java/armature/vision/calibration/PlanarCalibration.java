package armature.vision.calibration;

import armature.vision.api.CameraIntrinsics;
import armature.vision.image.GreyImage;
import boofcv.abst.fiducial.calib.ConfigChessboardX;
import boofcv.abst.fiducial.calib.ConfigGridDimen;
import boofcv.abst.fiducial.calib.ConfigSquareGrid;
import boofcv.abst.geo.calibration.CalibrateMonoPlanar;
import boofcv.abst.geo.calibration.DetectSingleFiducialCalibration;
import boofcv.abst.geo.calibration.ImageResults;
import boofcv.factory.fiducial.FactoryFiducialCalibration;
import boofcv.struct.calib.CameraPinholeBrown;
import boofcv.struct.image.GrayF32;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Intrinsics and lens distortion of one camera from images of a flat calibration target, with
 * BoofCV's Zhang (1999) calibration: the target's corners are found in every image, a closed-form
 * first guess is refined by bundle adjustment over the intrinsics, the distortion and each view's
 * pose. The model is the one of {@link CameraIntrinsics}: pinhole without skew, 0 to 3 radial and
 * optionally the 2 tangential Brown-Conrady terms.
 *
 * <p>The reprojection error says how well the model explains the images (BoofCV and OpenCV report
 * the same quantity): the RMS over all corners and each image's mean and largest, in pixels. An
 * image whose target was not found is reported and left out; at least {@link #MIN_VIEWS} must
 * remain.
 */
public final class PlanarCalibration {
    /** Fewest views with the target found: Zhang's method needs three for a general camera. */
    public static final int MIN_VIEWS = 3;

    /** Views whose corners moved less than this on average count as one view [px]. */
    static final double SAME_VIEW_PX = 2.0;

    private PlanarCalibration() {}

    /** The kinds of target: {@code chessboard} (X-corners) and {@code grid} (separate squares). */
    public enum TargetKind {
        CHESSBOARD("chessboard"),
        GRID("grid");

        private final String wireName;

        TargetKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static TargetKind ofWireName(String name) {
            for (TargetKind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "target '" + name + "' is unknown; allowed: chessboard, grid");
        }
    }

    /**
     * A printed target.
     *
     * @param rows squares down the target
     * @param cols squares across the target
     * @param squareM side of one square, metres (intrinsics do not depend on it; view poses do)
     * @param spaceM gap between two squares of a grid, metres; 0 for a chessboard
     */
    public record Target(TargetKind kind, int rows, int cols, double squareM, double spaceM) {
        public Target {
            if (rows < 2 || cols < 2 || rows > 100 || cols > 100) {
                throw new IllegalArgumentException(
                        "target of "
                                + rows
                                + "x"
                                + cols
                                + " squares; allowed: 2..100 squares each way");
            }
            if (!(squareM > 0) || !Double.isFinite(squareM)) {
                throw new IllegalArgumentException(
                        "square size " + squareM + " m; allowed: a number of metres > 0");
            }
            if (kind == TargetKind.GRID ? !(spaceM > 0) || !Double.isFinite(spaceM) : spaceM != 0) {
                throw new IllegalArgumentException(
                        "space "
                                + spaceM
                                + " m; allowed: "
                                + (kind == TargetKind.GRID
                                        ? "a number of metres > 0 between the grid's squares"
                                        : "none for a chessboard"));
            }
        }

        /**
         * A target from the command line: {@code ROWSxCOLS:SQUARE} for a chessboard, {@code
         * ROWSxCOLS:SQUARE:SPACE} for a grid, sizes in metres, e.g. {@code chessboard 7x10:0.025}.
         */
        public static Target parse(String kind, String spec) {
            TargetKind k = TargetKind.ofWireName(kind);
            String form =
                    k == TargetKind.GRID ? "ROWSxCOLS:SQUARE_M:SPACE_M" : "ROWSxCOLS:SQUARE_M";
            String[] parts = spec.split(":", -1);
            String[] dims = parts[0].split("x", -1);
            if (parts.length != (k == TargetKind.GRID ? 3 : 2) || dims.length != 2) {
                throw new IllegalArgumentException(
                        k.wireName() + " '" + spec + "' is not allowed; allowed: " + form);
            }
            try {
                return new Target(
                        k,
                        Integer.parseInt(dims[0].trim()),
                        Integer.parseInt(dims[1].trim()),
                        Double.parseDouble(parts[1].trim()),
                        k == TargetKind.GRID ? Double.parseDouble(parts[2].trim()) : 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        k.wireName() + " '" + spec + "' is not allowed; allowed: " + form);
            }
        }

        /** Corners the detector must find in every view. */
        public int corners() {
            return kind == TargetKind.CHESSBOARD ? (rows - 1) * (cols - 1) : rows * cols * 4;
        }

        DetectSingleFiducialCalibration detector() {
            return kind == TargetKind.CHESSBOARD
                    ? FactoryFiducialCalibration.chessboardX(
                            new ConfigChessboardX(), new ConfigGridDimen(rows, cols, squareM))
                    : FactoryFiducialCalibration.squareGrid(
                            new ConfigSquareGrid(),
                            new ConfigGridDimen(rows, cols, squareM, spaceM));
        }
    }

    /** One image, named for the report (its file, usually). */
    public record View(String name, GreyImage image) {}

    /**
     * What became of one image.
     *
     * @param found whether the whole target was found (else the image was left out)
     * @param meanErrorPx mean reprojection error of its corners (NaN when not found)
     * @param maxErrorPx largest reprojection error of its corners (NaN when not found)
     */
    public record ViewResult(String name, boolean found, double meanErrorPx, double maxErrorPx) {}

    /**
     * The calibration.
     *
     * @param rmsErrorPx root mean square reprojection error over every corner of every used view
     * @param maxErrorPx the largest reprojection error of any corner
     */
    public record Result(
            CameraIntrinsics intrinsics,
            double rmsErrorPx,
            double maxErrorPx,
            int viewsUsed,
            List<ViewResult> views) {
        public String summary() {
            CameraIntrinsics k = intrinsics;
            return String.format(
                    Locale.ROOT,
                    "%dx%d px: fx %.2f, fy %.2f, cx %.2f, cy %.2f px, radial %s, tangential %s;"
                            + " reprojection error RMS %.3f px, max %.3f px over %d of %d images",
                    k.widthPx(),
                    k.heightPx(),
                    k.fxPx(),
                    k.fyPx(),
                    k.cxPx(),
                    k.cyPx(),
                    Arrays.toString(k.radial()),
                    Arrays.toString(k.tangential()),
                    rmsErrorPx,
                    maxErrorPx,
                    viewsUsed,
                    views.size());
        }
    }

    /**
     * Calibrates from {@code views}, all of one camera at one size.
     *
     * @param radialTerms 0 to 3 radial terms (2 suits most lenses; 3 for strong wide-angle ones)
     * @param tangential whether to estimate the tangential terms p1, p2
     * @throws IllegalArgumentException naming the image of another size, or saying in how few
     *     images the target was found
     */
    public static Result calibrate(
            List<View> views, Target target, int radialTerms, boolean tangential) {
        if (radialTerms < 0 || radialTerms > 3) {
            throw new IllegalArgumentException("radial terms " + radialTerms + "; allowed: 0..3");
        }
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no image to calibrate from");
        }
        int width = views.get(0).image().widthPx();
        int height = views.get(0).image().heightPx();
        for (View v : views) {
            if (v.image().widthPx() != width || v.image().heightPx() != height) {
                throw new IllegalArgumentException(
                        v.name()
                                + " is "
                                + v.image().widthPx()
                                + "x"
                                + v.image().heightPx()
                                + " px, "
                                + views.get(0).name()
                                + " "
                                + width
                                + "x"
                                + height
                                + "; allowed: images of one camera at one size");
            }
        }
        DetectSingleFiducialCalibration detector = target.detector();
        CalibrateMonoPlanar calibration = new CalibrateMonoPlanar();
        calibration.initialize(width, height, List.of(detector.getLayout()));
        calibration.configurePinhole(true, radialTerms, tangential);
        boolean[] found = new boolean[views.size()];
        List<double[]> distinct = new ArrayList<>();
        GrayF32 grey = new GrayF32(width, height);
        int used = 0;
        for (int i = 0; i < views.size(); i++) {
            byte[] px = views.get(i).image().pixels();
            for (int p = 0; p < px.length; p++) {
                grey.data[p] = px[p] & 0xff;
            }
            if (detector.process(grey) && detector.getDetectedPoints().size() == target.corners()) {
                calibration.addImage(detector.getDetectedPoints().copy());
                found[i] = true;
                used++;
                double[] corners = new double[2 * target.corners()];
                for (int c = 0; c < target.corners(); c++) {
                    corners[2 * c] = detector.getDetectedPoints().get(c).p.x;
                    corners[2 * c + 1] = detector.getDetectedPoints().get(c).p.y;
                }
                if (distinct.stream().noneMatch(d -> meanDistance(d, corners) < SAME_VIEW_PX)) {
                    distinct.add(corners);
                }
            }
        }
        if (used < MIN_VIEWS) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < views.size(); i++) {
                if (!found[i]) {
                    missing.add(views.get(i).name());
                }
            }
            throw new IllegalArgumentException(
                    "the "
                            + target.kind().wireName()
                            + " of "
                            + target.rows()
                            + "x"
                            + target.cols()
                            + " squares was found in "
                            + used
                            + " of "
                            + views.size()
                            + " images (not in "
                            + String.join(", ", missing)
                            + "); allowed: at least "
                            + MIN_VIEWS
                            + ", better 10 or more, tilted and spread over the whole image");
        }
        if (distinct.size() < MIN_VIEWS) {
            throw new IllegalArgumentException(
                    "the target was found in "
                            + used
                            + " images, but in only "
                            + distinct.size()
                            + " different positions (its corners moved less than "
                            + SAME_VIEW_PX
                            + " px between the others); allowed: at least "
                            + MIN_VIEWS
                            + " different views, better 10 or more, tilted and spread over the"
                            + " whole image");
        }
        CameraPinholeBrown k = calibration.process();
        String degenerate = degenerate(k, width, height);
        if (degenerate != null) {
            throw new IllegalArgumentException(
                    "the calibration did not converge to a camera: "
                            + degenerate
                            + "; take more views, tilted and spread over the whole image");
        }
        List<ImageResults> errors = calibration.getErrors();
        List<ViewResult> out = new ArrayList<>(views.size());
        double sumSquares = 0;
        double max = 0;
        long points = 0;
        int e = 0;
        for (int i = 0; i < views.size(); i++) {
            if (!found[i]) {
                out.add(new ViewResult(views.get(i).name(), false, Double.NaN, Double.NaN));
                continue;
            }
            ImageResults r = errors.get(e++);
            for (double d : r.pointError) {
                sumSquares += d * d;
            }
            points += r.pointError.length;
            max = Math.max(max, r.maxError);
            out.add(new ViewResult(views.get(i).name(), true, r.meanError, r.maxError));
        }
        double[] radial = k.radial == null ? new double[0] : k.radial.clone();
        double[] tangent = tangential ? new double[] {k.t1, k.t2} : new double[0];
        CameraIntrinsics intrinsics =
                new CameraIntrinsics(width, height, k.fx, k.fy, k.cx, k.cy, radial, tangent);
        return new Result(intrinsics, Math.sqrt(sumSquares / points), max, used, out);
    }

    /** Mean distance between corresponding corners of two views [px]. */
    private static double meanDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i += 2) {
            sum += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1]);
        }
        return sum / (a.length / 2);
    }

    /**
     * What makes a solved model impossible for a real camera, or {@code null}: a principal point
     * outside the image, a focal length that is not positive or over 100 image widths (a field of
     * view under about 0.6 degrees), or pixels more than twice as tall as wide or the other way.
     */
    static String degenerate(CameraPinholeBrown k, int width, int height) {
        if (!(k.cx >= 0 && k.cx <= width && k.cy >= 0 && k.cy <= height)) {
            return String.format(
                    java.util.Locale.ROOT,
                    "its principal point (%.1f, %.1f) px lies outside the %dx%d image",
                    k.cx,
                    k.cy,
                    width,
                    height);
        }
        double limit = 100.0 * Math.max(width, height);
        if (!(k.fx > 0 && k.fy > 0 && k.fx <= limit && k.fy <= limit)) {
            return String.format(
                    java.util.Locale.ROOT,
                    "its focal lengths fx %.1f, fy %.1f px are outside (0, %.0f]",
                    k.fx,
                    k.fy,
                    limit);
        }
        double aspect = k.fx / k.fy;
        if (!(aspect >= 0.5 && aspect <= 2)) {
            return String.format(
                    java.util.Locale.ROOT,
                    "its focal lengths fx %.1f, fy %.1f px differ by more than a factor 2",
                    k.fx,
                    k.fy);
        }
        return null;
    }
}
