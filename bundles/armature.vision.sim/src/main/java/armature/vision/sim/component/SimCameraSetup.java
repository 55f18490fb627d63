package armature.vision.sim.component;

import armature.control.api.Names;
import armature.robot.model.Model;
import armature.vision.api.CameraIntrinsics;
import armature.vision.api.ImageEncoding;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelFormat;
import armature.vision.sim.render.CameraRenderer;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.Transform;
import armature.vision.sim.scene.DomainRandomization;
import armature.vision.sim.scene.SceneModel;
import armature.vision.sim.scene.SyntheticCamera;
import armature.vision.sim.scene.TaggedCube;
import java.util.Set;
import java.util.TreeSet;

/**
 * A synthetic camera from its configuration and the loaded description, every value checked: a bad
 * one is refused with its field, its value and what is allowed. No OSGi, so tests build cameras
 * with it directly.
 */
public final class SimCameraSetup {
    private SimCameraSetup() {}

    public static SyntheticCamera camera(SimCameraConfig c, Model model) {
        Names.require(c.cameraId(), "cameraId");
        return new SyntheticCamera(
                scene(c, model),
                intrinsics(c),
                pose(c),
                new Light(c.lightDirection(), c.lightIntensity(), c.ambientIntensity()),
                colour("background", c.background()),
                supersampling(c.supersampling()),
                randomization(c));
    }

    public static SceneModel scene(SimCameraConfig c, Model model) {
        Set<Integer> groups = new TreeSet<>();
        for (int g : c.visibleGeomGroups()) {
            groups.add(g);
        }
        String body = c.taggedBody() == null ? "" : c.taggedBody().trim();
        TaggedCube tags = body.isEmpty() ? null : cube(c);
        return new SceneModel(model, groups, body, tags);
    }

    public static TaggedCube cube(SimCameraConfig c) {
        MarkerFamily family;
        try {
            family = MarkerFamily.ofWireName(c.tagFamily());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tagFamily: " + e.getMessage(), e);
        }
        return new TaggedCube(family, c.tagIds(), c.tagSizeM());
    }

    public static CameraIntrinsics intrinsics(SimCameraConfig c) {
        if (c.widthPx() < 1 || c.heightPx() < 1 || c.widthPx() > 8192 || c.heightPx() > 8192) {
            throw new IllegalArgumentException(
                    "resolution widthPx x heightPx = "
                            + c.widthPx()
                            + " x "
                            + c.heightPx()
                            + "; allowed: 1..8192 each");
        }
        double cx = c.cxPx() < 0 ? c.widthPx() / 2.0 : c.cxPx();
        double cy = c.cyPx() < 0 ? c.heightPx() / 2.0 : c.cyPx();
        return new CameraIntrinsics(
                c.widthPx(), c.heightPx(), c.fxPx(), c.fyPx(), cx, cy, c.radial(), c.tangential());
    }

    /** The camera in the robot (simulation world) frame. */
    public static Transform pose(SimCameraConfig c) {
        if (c.lookAtM().length > 0) {
            if (c.lookAtM().length != 3 || c.positionM().length != 3) {
                throw new IllegalArgumentException(
                        "lookAtM has "
                                + c.lookAtM().length
                                + " and positionM "
                                + c.positionM().length
                                + " values; allowed: 3 each (x, y, z [m])");
            }
            return Transform.lookAt(c.positionM(), c.lookAtM(), new double[] {0, 0, 1});
        }
        double[] p = c.robotFromCamera();
        if (p.length != 7) {
            throw new IllegalArgumentException(
                    "robotFromCamera has "
                            + p.length
                            + " values; allowed: 7 (x, y, z, qw, qx, qy, qz)");
        }
        return Transform.of(p, 0);
    }

    public static PixelFormat pixelFormat(SimCameraConfig c) {
        return PixelFormat.ofWireName(c.pixelFormat());
    }

    public static ImageEncoding encoding(SimCameraConfig c) {
        return switch (c.encoding()) {
            case "png" -> ImageEncoding.PNG;
            case "raw" -> ImageEncoding.RAW;
            default ->
                    throw new IllegalArgumentException(
                            "encoding = '" + c.encoding() + "'; allowed: png, raw");
        };
    }

    public static DomainRandomization randomization(SimCameraConfig c) {
        if (!c.randomize()) {
            return DomainRandomization.NONE;
        }
        return new DomainRandomization(
                c.randomSeed(),
                c.randomLightAngleRad(),
                c.randomLightSpread(),
                c.randomColourSpread(),
                c.randomTextureTint(),
                c.randomCameraPositionM(),
                c.randomCameraAngleRad(),
                c.randomFocalSpread(),
                c.randomPrincipalPointPx(),
                c.randomNoiseMax(),
                c.randomBlurMaxPx());
    }

    static double rateHz(SimCameraConfig c) {
        if (!(c.rateHz() >= 0.1 && c.rateHz() <= 200)) {
            throw new IllegalArgumentException("rateHz = " + c.rateHz() + "; allowed: 0.1..200");
        }
        return c.rateHz();
    }

    private static int supersampling(int s) {
        if (s < 1 || s > CameraRenderer.MAX_SUPERSAMPLING) {
            throw new IllegalArgumentException(
                    "supersampling = " + s + "; allowed: 1.." + CameraRenderer.MAX_SUPERSAMPLING);
        }
        return s;
    }

    private static float[] colour(String field, double[] v) {
        if (v.length != 3) {
            throw new IllegalArgumentException(field + " has " + v.length + " values; allowed: 3");
        }
        float[] out = new float[3];
        for (int i = 0; i < 3; i++) {
            if (!(v[i] >= 0 && v[i] <= 1)) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] = " + v[i] + "; allowed: 0..1");
            }
            out[i] = (float) v[i];
        }
        return out;
    }
}
