package armature.vision.synthetic;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.Pose3;
import armature.vision.fiducial.BrownDistortion;
import armature.vision.image.GreyImage;

/**
 * An exact renderer for one planar marker (or any printed plane) seen by a calibrated camera: for
 * each of n x n samples in every pixel it back-projects the sample through the lens model
 * (distortion included) onto the marker plane and reads the bitmap cell there; the pixel is the
 * mean (box-filter anti-aliasing). Ground truth for detector and pose tests, independent of any
 * detector.
 *
 * <p>Frames as in {@code armature.vision.api.MarkerDetection}: the marker's centre is the origin, x
 * to its right edge, y to its bottom edge as printed, z into the marker; the camera looks along its
 * +z with x right and y down.
 */
public final class PlanarMarkerRenderer {
    private PlanarMarkerRenderer() {}

    /**
     * @param bitmap the marker cells
     * @param markerSizeM the outer side of the black border, metres
     * @param cameraFromMarker the marker frame in the camera frame
     * @param camera the camera; the image has its size
     * @param samples samples per pixel side (1 = point sampling)
     * @param backgroundGrey the grey value where the marker is not
     */
    public static GreyImage render(
            MarkerBitmap bitmap,
            double markerSizeM,
            Pose3 cameraFromMarker,
            CameraIntrinsics camera,
            int samples,
            int backgroundGrey) {
        double cellM = markerSizeM / bitmap.markerCells();
        double half = bitmap.cells() * cellM / 2;
        return render(
                (u, v) -> {
                    int col = (int) Math.floor((u + half) / cellM);
                    int row = (int) Math.floor((v + half) / cellM);
                    return col >= 0 && row >= 0 && col < bitmap.cells() && row < bitmap.cells()
                            ? bitmap.at(col, row)
                            : -1;
                },
                cameraFromMarker,
                camera,
                samples,
                backgroundGrey);
    }

    /** A printed plane: the grey value at plane coordinates (metres), or -1 off the print. */
    @FunctionalInterface
    public interface Pattern {
        int greyAt(double uM, double vM);
    }

    /**
     * Any printed plane, e.g. a calibration chessboard, rendered as the marker is.
     *
     * @param cameraFromPlane the plane's frame (x, y in the plane, z into it) in the camera frame
     */
    public static GreyImage render(
            Pattern pattern,
            Pose3 cameraFromPlane,
            CameraIntrinsics camera,
            int samples,
            int backgroundGrey) {
        double[] r = cameraFromPlane.orientation().toMatrix();
        double tx = cameraFromPlane.xM();
        double ty = cameraFromPlane.yM();
        double tz = cameraFromPlane.zM();
        // The plane's normal (its z) in the camera frame, and its distance term n.t.
        double nx = r[2];
        double ny = r[5];
        double nz = r[8];
        double nt = nx * tx + ny * ty + nz * tz;
        BrownDistortion lens = new BrownDistortion(camera);
        int w = camera.widthPx();
        int h = camera.heightPx();
        byte[] out = new byte[w * h];
        double[] norm = new double[2];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int sy = 0; sy < samples; sy++) {
                    for (int sx = 0; sx < samples; sx++) {
                        lens.toNormalized(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples, norm);
                        double denom = nx * norm[0] + ny * norm[1] + nz;
                        double lambda = denom == 0 ? -1 : nt / denom;
                        int v = backgroundGrey;
                        if (lambda > 0) {
                            double px = lambda * norm[0] - tx;
                            double py = lambda * norm[1] - ty;
                            double pz = lambda - tz;
                            // Plane coordinates: R^T (P - t).
                            int g =
                                    pattern.greyAt(
                                            r[0] * px + r[3] * py + r[6] * pz,
                                            r[1] * px + r[4] * py + r[7] * pz);
                            if (g >= 0) {
                                v = g;
                            }
                        }
                        sum += v;
                    }
                }
                out[y * w + x] = (byte) Math.round((float) sum / (samples * samples));
            }
        }
        return new GreyImage(w, h, out);
    }
}
