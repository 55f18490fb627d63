package armature.vision.sim.render;

import armature.vision.api.CameraIntrinsics;
import java.util.List;

/**
 * One camera's picture of a scene: the scene rasterized through the ideal pinhole, {@code s x s}
 * samples per pixel averaged (supersampling against jagged edges), then the lens distortion. Keeps
 * the distortion map of the last camera model, so a camera that keeps its model pays for it once.
 * Not thread-safe: one per camera.
 */
public final class CameraRenderer {
    /** Most samples per pixel and axis. */
    public static final int MAX_SUPERSAMPLING = 4;

    private LensWarp warp;

    /**
     * @param background colour where nothing is drawn, red, green, blue 0..1
     * @param supersampling samples per pixel and axis, 1..4
     */
    public RgbImage render(
            List<Drawable> scene,
            Transform worldFromCamera,
            CameraIntrinsics k,
            Light light,
            float[] background,
            int supersampling) {
        if (supersampling < 1 || supersampling > MAX_SUPERSAMPLING) {
            throw new IllegalArgumentException(
                    "supersampling = " + supersampling + "; allowed: 1.." + MAX_SUPERSAMPLING);
        }
        boolean distorted = LensWarp.distorts(k);
        int offX = 0, offY = 0, w = k.widthPx(), h = k.heightPx();
        if (distorted) {
            if (warp == null || !warp.intrinsics().equals(k)) {
                warp = new LensWarp(k);
            }
            offX = warp.canvasOffsetXPx();
            offY = warp.canvasOffsetYPx();
            w = warp.canvasWidthPx();
            h = warp.canvasHeightPx();
        }
        int s = supersampling;
        RgbImage canvas = new RgbImage(w * s, h * s);
        canvas.fill(background[0], background[1], background[2]);
        // Pixel coordinates scale with s (a pixel [i, i+1) becomes [s i, s i + s)), and the canvas
        // starts at (offX, offY) of the undistorted image.
        Rasterizer r =
                new Rasterizer(
                        canvas,
                        k.fxPx() * s,
                        k.fyPx() * s,
                        (k.cxPx() - offX) * s,
                        (k.cyPx() - offY) * s);
        r.draw(scene, worldFromCamera, light);
        RgbImage image = s == 1 ? canvas : canvas.shrink(s);
        return distorted ? warp.apply(image) : image;
    }
}
