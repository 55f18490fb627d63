package armature.vision.sim.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.sim.render.CameraRenderer;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.ImageEffects;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.Material;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Shapes;
import armature.vision.sim.render.Transform;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Randomized frames are reproducible from the seed and the frame index, and differ otherwise. */
class DomainRandomizationTest {
    private static final DomainRandomization R =
            new DomainRandomization(42, 0.3, 0.3, 0.2, 0.1, 0.002, 0.005, 0.01, 2, 0.02, 0.8);
    private static final CameraIntrinsics K = CameraIntrinsics.pinhole(160, 120, 150, 150, 80, 60);

    private static byte[] frame(DomainRandomization r, long index) {
        TaggedCube cube = new TaggedCube(MarkerFamily.TAG36H11, new int[] {0, 1, 2, 3, 4, 5}, 0.04);
        Drawable d =
                new Drawable(
                        Shapes.box(0.025, 0.025, 0.025),
                        cube.materials(
                                new double[] {0.025, 0.025, 0.025}, Material.of(0.5, 0.5, 0.5)),
                        Transform.of(0, 0, 0.4, 0.9, 0.3, 0.2, 0.1));
        DomainRandomization.Variation v = r.draw(index);
        RgbImage image =
                new CameraRenderer()
                        .render(
                                v.recolour(List.of(d)),
                                v.camera(Transform.IDENTITY),
                                v.intrinsics(K),
                                v.light(Light.overhead()),
                                new float[] {0.4f, 0.4f, 0.4f},
                                1);
        ImageEffects.blur(image, v.blurSigmaPx());
        ImageEffects.noise(image, v.noiseSigma(), v.noiseRandom());
        return image.grey8();
    }

    @Test
    void sameSeedAndFrameGiveTheSameImageOtherFramesDiffer() {
        assertThat(frame(R, 7)).isEqualTo(frame(R, 7));
        assertThat(Arrays.equals(frame(R, 7), frame(R, 8))).isFalse();
        DomainRandomization other =
                new DomainRandomization(43, 0.3, 0.3, 0.2, 0.1, 0.002, 0.005, 0.01, 2, 0.02, 0.8);
        assertThat(Arrays.equals(frame(R, 7), frame(other, 7))).isFalse();
        // Without randomization every frame is the same.
        assertThat(frame(DomainRandomization.NONE, 1))
                .isEqualTo(frame(DomainRandomization.NONE, 2));
    }

    @Test
    void drawsStayWithinTheirRanges() {
        for (long i = 0; i < 200; i++) {
            DomainRandomization.Variation v = R.draw(i);
            assertThat(v.lightScale()).isBetween(0.7, 1.3);
            for (double t : v.tint()) {
                assertThat(t).isBetween(0.9, 1.1);
            }
            assertThat(v.noiseSigma()).isBetween(0.0, 0.02);
            assertThat(v.blurSigmaPx()).isBetween(0.0, 0.8);
        }
    }

    @Test
    void outOfRangeSpreadIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new DomainRandomization(1, 0, 0, 0, 0, 0, 0, 0, 0, 0.9, 0))
                .hasMessage("noiseMax = 0.9; allowed: 0..0.5");
    }
}
