package armature.vision.sim.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.vision.api.CameraIntrinsics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Translucent surfaces (MJCF rgba alpha below 1) blend over what is behind them whatever order the
 * scene lists them in, and are hidden behind nearer opaque ones. Camera at the origin looking down
 * +z; uniform light, so a surface's pixel is its colour and the expected pixel is the blend
 * computed by hand: over a red wall, a green box at alpha 0.5 gives (0.5, 0.5, 0); a blue box at
 * alpha 0.5 nearer still gives (0.25, 0.25, 0.5).
 */
class TranslucencyTest {
    private static final Light FLAT = new Light(new double[] {0, 0, 1}, 0, 1);
    private static final float[] BLACK = {0, 0, 0};
    private static final CameraIntrinsics K =
            new CameraIntrinsics(64, 48, 60, 60, 32, 24, new double[0], new double[0]);

    private static Drawable box(double z, Material m) {
        return new Drawable(
                Shapes.box(0.2, 0.2, 0.01), List.of(m), Transform.of(0, 0, z, 1, 0, 0, 0));
    }

    private static final Drawable WALL = box(1.0, Material.of(1, 0, 0));
    private static final Drawable GREEN = box(0.6, Material.of(0, 1, 0).withAlpha(0.5));
    private static final Drawable BLUE = box(0.4, Material.of(0, 0, 1).withAlpha(0.5));

    private static float[] centre(List<Drawable> scene) {
        RgbImage image = new CameraRenderer().render(scene, Transform.IDENTITY, K, FLAT, BLACK, 1);
        return new float[] {image.get(32, 24, 0), image.get(32, 24, 1), image.get(32, 24, 2)};
    }

    @Test
    void aTranslucentSurfaceBlendsOverWhatIsBehindItInAnyListOrder() {
        assertThat(centre(List.of(WALL, GREEN)))
                .containsExactly(new float[] {0.5f, 0.5f, 0f}, within(1e-6f));
        assertThat(centre(List.of(GREEN, WALL)))
                .containsExactly(new float[] {0.5f, 0.5f, 0f}, within(1e-6f));
    }

    @Test
    void twoTranslucentSurfacesAreDrawnFarthestFirst() {
        List<Drawable> scene = new ArrayList<>(List.of(BLUE, WALL, GREEN));
        for (int i = 0; i < 3; i++) {
            Collections.rotate(scene, 1);
            assertThat(centre(scene))
                    .as("listed as %s", scene)
                    .containsExactly(new float[] {0.25f, 0.25f, 0.5f}, within(1e-6f));
        }
    }

    /**
     * Translucent surfaces write no depth: a tilted green sheet whose origin is farther than a blue
     * box's (so it is drawn first) but whose surface is nearer at the centre pixel does not hide
     * the box there; the box blends over it, as in MuJoCo, which sorts by geom distance.
     */
    @Test
    void aTranslucentSurfaceWritesNoDepth() {
        double c = Math.cos(Math.PI / 8), sn = Math.sin(Math.PI / 8);
        Drawable sheet =
                new Drawable(
                        Shapes.box(0.8, 0.3, 0.005),
                        List.of(Material.of(0, 1, 0).withAlpha(0.5)),
                        // origin 1.08 m away, tilted 45 degrees: 0.6 m deep on the optical axis
                        Transform.of(0.4, 0, 1.0, c, 0, -sn, 0));
        Drawable wall =
                new Drawable(
                        Shapes.box(2, 2, 0.01),
                        List.of(Material.of(1, 0, 0)),
                        Transform.of(0, 0, 2, 1, 0, 0, 0));
        Drawable near = box(0.9, Material.of(0, 0, 1).withAlpha(0.5));
        assertThat(centre(List.of(wall, sheet, near)))
                .containsExactly(new float[] {0.25f, 0.25f, 0.5f}, within(1e-6f));
    }

    @Test
    void aTranslucentSurfaceBehindAnOpaqueOneIsHidden() {
        Drawable behind = box(1.5, Material.of(0, 1, 0).withAlpha(0.5));
        assertThat(centre(List.of(behind, WALL)))
                .containsExactly(new float[] {1f, 0f, 0f}, within(0f));
    }

    @Test
    void anOpaqueMaterialIsDrawnAsBeforeAndAlphaIsChecked() {
        assertThat(Material.of(0.2, 0.3, 0.4).alpha()).isEqualTo(1f);
        assertThat(Material.of(0.2, 0.3, 0.4).translucent()).isFalse();
        assertThat(Material.of(1, 1, 1).withAlpha(0.5).scaled(0.5, 0.5, 0.5).alpha())
                .isEqualTo(0.5f);
        assertThatThrownBy(() -> Material.of(1, 1, 1).withAlpha(0))
                .hasMessageContaining("alpha 0.0; allowed: above 0 and at most 1");
        assertThatThrownBy(() -> Material.of(1, 1, 1).withAlpha(Double.NaN))
                .hasMessageContaining("alpha NaN");
    }
}
