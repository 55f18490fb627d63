package armature.vision.sim.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import armature.robot.model.Texture;
import armature.vision.api.CameraIntrinsics;
import armature.vision.sim.render.CameraRenderer;
import armature.vision.sim.render.CubeMap;
import armature.vision.sim.render.Drawable;
import armature.vision.sim.render.Light;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.TexMapping;
import armature.vision.sim.render.Transform;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Textures named by MJCF, drawn by the synthetic camera: the Shadow hand's block (a 3x4 grid of
 * faces in one PNG) seen from outside each face looks like that face's grid cell, neither mirrored
 * nor turned, under OpenGL's cube-map rules with MuJoCo's face order (right +x, left -x, up +y,
 * down -y, front +z, back -z); procedural textures follow MJCF's descriptions.
 */
class DescriptionTexturesTest {
    static final Path TEXTURES =
            Path.of("../../examples/models/gymnasium-robotics/textures")
                    .toAbsolutePath()
                    .normalize();

    /** Uniform light: what is drawn is the texture's colour itself. */
    private static final Light FLAT = new Light(new double[] {0, 0, 1}, 0, 1);

    private static final double HALF = 0.025;
    private static final double DISTANCE = 0.2;

    @TempDir Path dir;

    @Test
    void eachFaceOfTheBlockShowsItsGridCell() throws Exception {
        Model model =
                load(
                        "<mujoco><compiler texturedir='"
                                + TEXTURES
                                + "'/><asset><texture name='t' file='block.png' gridsize='3 4'"
                                + " gridlayout='.U..LFRB.D..'/><material name='m' texture='t'/>"
                                + "</asset><worldbody><body name='b'><geom type='box' size='"
                                + HALF
                                + " "
                                + HALF
                                + " "
                                + HALF
                                + "' material='m'/></body></worldbody></mujoco>");
        SceneModel scene = new SceneModel(model, Set.of(0, 1, 2), "", null);
        List<Drawable> drawables =
                scene.drawables(scene.bodyPoses(List.of("b"), new double[] {0, 0, 0, 1, 0, 0, 0}));
        BufferedImage png = ImageIO.read(TEXTURES.resolve("block.png").toFile());
        int cell = png.getWidth() / 4;
        // face: where the camera is, the image's up, the grid cell (row, column) of the face
        double[][] eyes = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        double[][] ups = {{0, 1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {0, 1, 0}, {0, 1, 0}};
        int[][] cells = {{1, 2}, {1, 0}, {0, 1}, {2, 1}, {1, 1}, {1, 3}}; // R L U D F B
        CameraIntrinsics k = new CameraIntrinsics(240, 240, 400, 400, 120, 120, null, null);
        for (int f = 0; f < 6; f++) {
            double[] eye = eyes[f].clone();
            for (int i = 0; i < 3; i++) {
                eye[i] *= DISTANCE;
            }
            RgbImage image =
                    new CameraRenderer()
                            .render(
                                    drawables,
                                    Transform.lookAt(eye, new double[3], ups[f]),
                                    k,
                                    FLAT,
                                    new float[] {0, 0, 0},
                                    1);
            // the face, head on, is a square of this side around the principal point
            double side = 400 * 2 * HALF / (DISTANCE - HALF);
            double left = 120 - side / 2, top = 120 - side / 2;
            int compared = 0, different = 0;
            for (int y = (int) top + 2; y < top + side - 2; y++) {
                for (int x = (int) left + 2; x < left + side - 2; x++) {
                    double s = (x + 0.5 - left) / side, t = (y + 0.5 - top) / side;
                    int rgb =
                            png.getRGB(
                                    cells[f][1] * cell + (int) (s * cell),
                                    cells[f][0] * cell + (int) (t * cell));
                    float[] want = {
                        ((rgb >> 16) & 0xff) / 255f, ((rgb >> 8) & 0xff) / 255f, (rgb & 0xff) / 255f
                    };
                    compared++;
                    for (int c = 0; c < 3; c++) {
                        if (Math.abs(image.get(x, y, c) - want[c]) > 0.2) {
                            different++;
                            break;
                        }
                    }
                }
            }
            assertThat(compared).isGreaterThan(10_000);
            // only pixels on the letters' edges may differ (bilinear sampling, pixel grid)
            assertThat((double) different / compared)
                    .as("face %d: %d of %d pixels differ from grid cell", f, different, compared)
                    .isLessThan(0.03);
        }
    }

    @Test
    void theSceneMapsTheHandsBlockAsACube() throws Exception {
        Model hand =
                Models.load(
                        TEXTURES.resolve("../hand/manipulate_block.xml").normalize(),
                        LoadOptions.defaults());
        DescriptionTextures textures = new DescriptionTextures(hand.appearance());
        var object = hand.geoms().stream().filter(g -> g.name().equals("object")).findFirst();
        TexMapping m = textures.mapping(object.orElseThrow());
        assertThat(m).isInstanceOf(TexMapping.Cube.class);
        // not texuniform: coordinates scaled to a unit box
        assertThat(((TexMapping.Cube) m).kx()).isCloseTo(1 / HALF, within(1e-9));
        // a geom without a textured material is not mapped
        var mount = hand.geoms().get(0);
        assertThat(mount.material() == null || textures.mapping(mount) == null).isTrue();
    }

    @Test
    void theHandScenesTargetBoxIsTheOnlyTranslucentPart() throws Exception {
        Model hand =
                Models.load(
                        TEXTURES.resolve("../hand/manipulate_block.xml").normalize(),
                        LoadOptions.defaults());
        SceneModel scene = new SceneModel(hand, java.util.Set.of(0, 1, 2), "", null);
        var drawables = scene.drawables(scene.bodyPoses(java.util.List.of(), new double[0]));
        var translucent =
                drawables.stream()
                        .flatMap(d -> d.materials().stream())
                        .filter(armature.vision.sim.render.Material::translucent)
                        .toList();
        // material:target's rgba 1 1 1 0.5; everything else (the block included) is opaque
        assertThat(translucent).hasSize(1);
        assertThat(translucent.get(0).alpha()).isEqualTo(0.5f);
        assertThat(translucent.get(0).textured()).isTrue();
    }

    @Test
    void planarTexturesRepeatAsMujocoMapsThem() throws Exception {
        Model m =
                load(
                        "<mujoco><asset><texture name='c' type='2d' builtin='checker'"
                                + " width='4' height='4'/>"
                                + "<material name='extent' texture='c' texrepeat='2 3'/>"
                                + "<material name='metre' texture='c' texrepeat='2 3'"
                                + " texuniform='true'/></asset><worldbody>"
                                + "<geom name='a' type='plane' size='2 0.5 1' material='extent'/>"
                                + "<geom name='b' type='plane' size='2 0.5 1' material='metre'/>"
                                + "</worldbody></mujoco>");
        DescriptionTextures textures = new DescriptionTextures(m.appearance());
        TexMapping.Planar a = (TexMapping.Planar) textures.mapping(m.geoms().get(0));
        // over the plane's full width (4 m) the image repeats texrepeat (2) times
        assertThat(a.sPerM() * 4).isCloseTo(2, within(1e-12));
        assertThat(a.tPerM() * 1).isCloseTo(3, within(1e-12));
        TexMapping.Planar b = (TexMapping.Planar) textures.mapping(m.geoms().get(1));
        assertThat(b.sPerM()).isCloseTo(1, within(1e-12)); // 0.5 x texrepeat per metre
        assertThat(b.tPerM()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void proceduresPaintWhatMjcfDescribes() throws Exception {
        Texture checker = texture("type='2d' builtin='checker' width='4' height='2'");
        var img = (armature.vision.sim.render.Texture) DescriptionTextures.image(checker);
        float[] out = new float[3];
        // rgb1 (0.8) top-left and bottom-right quadrants, rgb2 (0.5) the others
        img.sample(0.1, 0.1, out);
        assertThat(out[0]).isCloseTo(0.8f, within(1e-6f));
        img.sample(0.9, 0.1, out);
        assertThat(out[0]).isCloseTo(0.5f, within(1e-6f));
        img.sample(0.9, 0.9, out);
        assertThat(out[0]).isCloseTo(0.8f, within(1e-6f));

        CubeMap flat =
                (CubeMap)
                        DescriptionTextures.image(
                                texture(
                                        "builtin='flat' width='9' rgb1='1 0 0' rgb2='0 0 1'"
                                                + " mark='cross' markrgb='0 1 0'"));
        flat.sample(0, 0, 1, out); // centre of the front face: on the cross
        assertThat(out).containsExactly(0f, 1f, 0f);
        flat.sample(0.6, -0.6, 1, out);
        assertThat(out).containsExactly(1f, 0f, 0f);
        flat.sample(0.6, -1, 0.6, out); // the down face is rgb2
        assertThat(out).containsExactly(0f, 0f, 1f);

        CubeMap gradient =
                (CubeMap)
                        DescriptionTextures.image(
                                texture("builtin='gradient' width='16' rgb1='1 1 1' rgb2='0 0 0'"));
        float[] up = new float[3], side = new float[3], down = new float[3];
        gradient.sample(0, 1, 0, up);
        gradient.sample(1, 0, 0, side);
        gradient.sample(0, -1, 0, down);
        assertThat(up[0]).isGreaterThan(side[0]);
        assertThat(side[0]).isGreaterThan(down[0]);
    }

    @Test
    void filesAreFlippedAndMissingFacesFilled() throws Exception {
        BufferedImage two = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        two.setRGB(0, 0, 0xff0000);
        two.setRGB(1, 0, 0x0000ff);
        ImageIO.write(two, "png", dir.resolve("two.png").toFile());
        float[] out = new float[3];
        var plain =
                (armature.vision.sim.render.Texture)
                        DescriptionTextures.image(texture("type='2d' file='two.png'"));
        plain.sample(0.1, 0.5, out);
        assertThat(out).containsExactly(1f, 0f, 0f);
        var flipped =
                (armature.vision.sim.render.Texture)
                        DescriptionTextures.image(texture("type='2d' file='two.png' hflip='true'"));
        flipped.sample(0.1, 0.5, out);
        assertThat(out).containsExactly(0f, 0f, 1f);

        BufferedImage square = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(square, "png", dir.resolve("sq.png").toFile());
        CubeMap one = (CubeMap) DescriptionTextures.image(texture("fileup='sq.png' rgb1='0 1 0'"));
        one.sample(0, 1, 0, out);
        assertThat(out).containsExactly(0f, 0f, 0f); // the black file
        one.sample(1, 0, 0, out);
        assertThat(out).containsExactly(0f, 1f, 0f); // missing faces: rgb1

        assertThatThrownBy(() -> DescriptionTextures.image(texture("filedown='two.png'")))
                .hasMessageContaining("two.png")
                .hasMessageContaining("square");
    }

    private Texture texture(String attributes) throws Exception {
        Model m =
                load(
                        "<mujoco><compiler texturedir='"
                                + dir
                                + "'/><asset><texture name='x' "
                                + attributes
                                + "/></asset></mujoco>");
        return m.appearance().texture("x");
    }

    private Model load(String xml) throws Exception {
        Path f = Files.createTempFile(dir, "model", ".xml");
        Files.writeString(f, xml);
        return Models.load(f, LoadOptions.defaults());
    }
}
