package armature.vision.sim.scene;

import armature.vision.api.CameraIntrinsics;
import armature.vision.sim.render.CameraRenderer;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.ImageEffects;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Transform;
import java.util.List;

/**
 * One simulated camera: the scene of a {@link SceneModel} at the simulation's body poses, seen from
 * a camera pose through a lens, in a light, with a frame's domain randomization. Plain Java; the DS
 * component {@code armature.vision.camera.sim} drives it. Not thread-safe.
 */
public final class SyntheticCamera {
    private final SceneModel scene;
    private final CameraIntrinsics intrinsics;
    private final Transform worldFromCamera;
    private final Light light;
    private final float[] background;
    private final int supersampling;
    private final DomainRandomization randomization;
    private final CameraRenderer renderer = new CameraRenderer();

    public SyntheticCamera(
            SceneModel scene,
            CameraIntrinsics intrinsics,
            Transform worldFromCamera,
            Light light,
            float[] background,
            int supersampling,
            DomainRandomization randomization) {
        this.scene = scene;
        this.intrinsics = intrinsics;
        this.worldFromCamera = worldFromCamera;
        this.light = light;
        this.background = background.clone();
        this.supersampling = supersampling;
        this.randomization = randomization;
    }

    public CameraIntrinsics intrinsics() {
        return intrinsics;
    }

    public Transform worldFromCamera() {
        return worldFromCamera;
    }

    public SceneModel scene() {
        return scene;
    }

    /** The nominal light (before randomization). */
    public Light light() {
        return light;
    }

    /** The background colour, red, green, blue 0..1. */
    public float[] background() {
        return background.clone();
    }

    /**
     * Frame {@code frame} of the scene with its bodies at {@code bodyPoses} ({@link
     * SceneModel#bodyPoses}).
     */
    public RgbImage render(Transform[] bodyPoses, long frame) {
        List<Drawable> drawables = scene.drawables(bodyPoses);
        if (randomization.equals(DomainRandomization.NONE)) {
            return renderer.render(
                    drawables, worldFromCamera, intrinsics, light, background, supersampling);
        }
        DomainRandomization.Variation v = randomization.draw(frame);
        RgbImage image =
                renderer.render(
                        v.recolour(drawables),
                        v.camera(worldFromCamera),
                        v.intrinsics(intrinsics),
                        v.light(light),
                        background,
                        supersampling);
        ImageEffects.blur(image, v.blurSigmaPx());
        ImageEffects.noise(image, v.noiseSigma(), v.noiseRandom());
        return image;
    }
}
