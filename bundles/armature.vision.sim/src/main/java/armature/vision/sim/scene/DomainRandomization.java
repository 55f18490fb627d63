package armature.vision.sim.scene;

import armature.vision.api.CameraIntrinsics;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How much each synthetic frame may differ from the nominal scene, so that a model trained on
 * renders survives real images. Frame {@code i} of a camera draws its variation from {@code new
 * Random(seed * 1_000_003 + i)}: the same seed gives the same frames, and a frame does not depend
 * on how many frames came before it were rendered.
 *
 * @param seed the seed
 * @param lightAngleRad standard deviation of the light direction's tilt, radians
 * @param lightIntensitySpread the directional and ambient intensity are scaled by 1 + U(-s, s)
 * @param colourSpread every geom's colour channel is scaled by 1 + U(-s, s)
 * @param textureTintSpread textured faces (the tags' paper and ink) get one tint 1 + U(-s, s) per
 *     channel
 * @param cameraPositionM standard deviation of the camera position jitter, metres
 * @param cameraAngleRad standard deviation of the camera rotation jitter, radians
 * @param focalSpread focal lengths are scaled by 1 + N(0, s)
 * @param principalPointPx standard deviation of the principal point jitter, pixels
 * @param noiseMax sensor noise sigma drawn from U(0, max), in 0..1 intensity units
 * @param blurMaxPx Gaussian blur sigma drawn from U(0, max), pixels
 */
public record DomainRandomization(
        long seed,
        double lightAngleRad,
        double lightIntensitySpread,
        double colourSpread,
        double textureTintSpread,
        double cameraPositionM,
        double cameraAngleRad,
        double focalSpread,
        double principalPointPx,
        double noiseMax,
        double blurMaxPx) {
    /** Nothing varies. */
    public static final DomainRandomization NONE =
            new DomainRandomization(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public DomainRandomization {
        check("lightAngleRad", lightAngleRad, Math.PI);
        check("lightIntensitySpread", lightIntensitySpread, 0.9);
        check("colourSpread", colourSpread, 0.9);
        check("textureTintSpread", textureTintSpread, 0.9);
        check("cameraPositionM", cameraPositionM, 1);
        check("cameraAngleRad", cameraAngleRad, 0.5);
        check("focalSpread", focalSpread, 0.2);
        check("principalPointPx", principalPointPx, 100);
        check("noiseMax", noiseMax, 0.5);
        check("blurMaxPx", blurMaxPx, 10);
    }

    private static void check(String field, double v, double max) {
        if (!(v >= 0 && v <= max)) {
            throw new IllegalArgumentException(field + " = " + v + "; allowed: 0.." + max);
        }
    }

    /** The variation of one frame. */
    public Variation draw(long frame) {
        Random rnd = new Random(seed * 1_000_003L + frame);
        return new Variation(
                new double[] {
                    rnd.nextGaussian() * lightAngleRad, rnd.nextGaussian() * lightAngleRad
                },
                1 + spread(rnd, lightIntensitySpread),
                1 + spread(rnd, lightIntensitySpread),
                new double[] {
                    1 + spread(rnd, textureTintSpread),
                    1 + spread(rnd, textureTintSpread),
                    1 + spread(rnd, textureTintSpread)
                },
                new double[] {
                    rnd.nextGaussian() * cameraPositionM,
                    rnd.nextGaussian() * cameraPositionM,
                    rnd.nextGaussian() * cameraPositionM,
                    rnd.nextGaussian() * cameraAngleRad,
                    rnd.nextGaussian() * cameraAngleRad,
                    rnd.nextGaussian() * cameraAngleRad
                },
                1 + rnd.nextGaussian() * focalSpread,
                1 + rnd.nextGaussian() * focalSpread,
                rnd.nextGaussian() * principalPointPx,
                rnd.nextGaussian() * principalPointPx,
                rnd.nextDouble() * noiseMax,
                rnd.nextDouble() * blurMaxPx,
                colourSpread,
                rnd.nextLong());
    }

    private static double spread(Random rnd, double s) {
        return s == 0 ? 0 : (2 * rnd.nextDouble() - 1) * s;
    }

    /** One frame's draw; {@code rest} seeds what is drawn per geom and per pixel. */
    public record Variation(
            double[] lightTiltRad,
            double lightScale,
            double ambientScale,
            double[] tint,
            double[] cameraJitter,
            double fxScale,
            double fyScale,
            double cxShiftPx,
            double cyShiftPx,
            double noiseSigma,
            double blurSigmaPx,
            double colourSpread,
            long rest) {

        /** The light tilted and scaled. */
        public Light light(Light nominal) {
            Transform tilt = rotation(lightTiltRad[0], lightTiltRad[1], 0);
            double[] d = new double[3];
            tilt.rotate(nominal.toLight(), d);
            return new Light(
                    d,
                    Math.min(10, nominal.intensity() * lightScale),
                    Math.min(10, nominal.ambient() * ambientScale));
        }

        /** The camera moved by the jitter, in its own frame. */
        public Transform camera(Transform worldFromCamera) {
            double[] j = cameraJitter;
            Transform delta = rotation(j[3], j[4], j[5]);
            return worldFromCamera.compose(
                    Transform.ofMatrix(delta.rotation(), new double[] {j[0], j[1], j[2]}));
        }

        /** The intrinsics jittered (the rendered camera, not the announced one). */
        public CameraIntrinsics intrinsics(CameraIntrinsics k) {
            return new CameraIntrinsics(
                    k.widthPx(),
                    k.heightPx(),
                    k.fxPx() * Math.max(0.5, fxScale),
                    k.fyPx() * Math.max(0.5, fyScale),
                    k.cxPx() + cxShiftPx,
                    k.cyPx() + cyShiftPx,
                    k.radial(),
                    k.tangential());
        }

        /** Each drawable with its colours scaled; textured materials tinted. */
        public List<Drawable> recolour(List<Drawable> scene) {
            if (colourSpread == 0 && tint[0] == 1 && tint[1] == 1 && tint[2] == 1) {
                return scene;
            }
            Random rnd = new Random(rest);
            List<Drawable> out = new ArrayList<>(scene.size());
            for (Drawable d : scene) {
                double r = 1 + spread(rnd, colourSpread), g = 1 + spread(rnd, colourSpread);
                double b = 1 + spread(rnd, colourSpread);
                List<Material> mats = new ArrayList<>();
                for (Material m : d.materials()) {
                    mats.add(
                            m.textured() ? m.scaled(tint[0], tint[1], tint[2]) : m.scaled(r, g, b));
                }
                out.add(new Drawable(d.mesh(), mats, d.worldFromMesh()));
            }
            return out;
        }

        /** A random generator for the pixel noise of this frame. */
        public Random noiseRandom() {
            return new Random(rest ^ 0x5DEECE66DL);
        }

        private static Transform rotation(double rx, double ry, double rz) {
            double angle = Math.sqrt(rx * rx + ry * ry + rz * rz);
            if (angle < 1e-15) {
                return Transform.IDENTITY;
            }
            double s = Math.sin(angle / 2) / angle;
            return Transform.of(0, 0, 0, Math.cos(angle / 2), rx * s, ry * s, rz * s);
        }
    }
}
