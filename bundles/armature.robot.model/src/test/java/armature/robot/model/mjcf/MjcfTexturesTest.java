package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.ExampleModels;
import armature.robot.model.Geom;
import armature.robot.model.Material;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.StaticBodyFusion;
import armature.robot.model.Texture;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Texture and material assets: what the Shadow hand's block names, and bad input. */
class MjcfTexturesTest {
    @TempDir Path dir;

    @Test
    void theHandsBlockNamesItsCubeTexture() throws Exception {
        Path file = ExampleModels.file("gymnasium-robotics/hand/manipulate_block.xml");
        Model hand = MjcfLoader.load(file);
        Texture block = hand.appearance().texture("texture:object");
        assertThat(block.type()).isEqualTo(Texture.Type.CUBE);
        assertThat(block.builtin()).isEqualTo(Texture.Builtin.NONE);
        assertThat(block.file())
                .isEqualTo(
                        file.toAbsolutePath()
                                .getParent()
                                .resolve("../textures/block.png")
                                .normalize());
        assertThat(block.gridRows()).isEqualTo(3);
        assertThat(block.gridCols()).isEqualTo(4);
        assertThat(block.gridLayout()).isEqualTo(".U..LFRB.D..");

        Texture plane = hand.appearance().texture("robot0:texplane");
        assertThat(plane.type()).isEqualTo(Texture.Type.TWO_D);
        assertThat(plane.builtin()).isEqualTo(Texture.Builtin.CHECKER);
        assertThat(plane.widthPx()).isEqualTo(512);
        assertThat(plane.rgb1()).containsExactly(0.2, 0.3, 0.4);
        Texture geom = hand.appearance().texture("robot0:texgeom");
        assertThat(geom.mark()).isEqualTo(Texture.Mark.CROSS);
        assertThat(geom.random()).isEqualTo(0.01);

        Material object = hand.appearance().material("material:object");
        assertThat(object.texture()).isEqualTo("texture:object");
        assertThat(object.rgba()).isEqualTo(Material.DEFAULT_RGBA);
        assertThat(hand.appearance().material("material:target").rgba())
                .containsExactly(1.0, 1.0, 1.0, 0.5);
        assertThat(hand.appearance().material("robot0:MatGnd").texUniform()).isTrue();

        Geom cube = geom(hand, "object");
        assertThat(cube.material()).isEqualTo("material:object");
        assertThat(geom(hand, "target").material()).isEqualTo("material:target");
        // the material survives static body fusion (MuJoCo's compiler view)
        Model fused = StaticBodyFusion.fuse(hand).model();
        assertThat(geom(fused, "object").material()).isEqualTo("material:object");
        assertThat(fused.appearance()).isSameAs(hand.appearance());
    }

    @Test
    void aGeomWithItsOwnColourKeepsItsMaterialsTexture() throws Exception {
        png("t.png", 8, 8);
        Model m =
                MjcfLoader.load(
                        write(
                                "<mujoco><asset><texture name='t' type='2d' file='t.png'/>"
                                        + "<material name='m' texture='t' texrepeat='2 3'"
                                        + " rgba='0 1 0 1'/></asset>"
                                        + "<worldbody><geom name='g' type='plane' size='1 1 1'"
                                        + " material='m' rgba='1 0 0 1'/></worldbody></mujoco>"));
        Geom g = geom(m, "g");
        assertThat(g.rgba()).containsExactly(1.0, 0.0, 0.0, 1.0);
        assertThat(g.material()).isEqualTo("m");
        assertThat(m.appearance().material("m").texRepeat()).containsExactly(2.0, 3.0);
        // a texture without a name is named after its file
        Model unnamed =
                MjcfLoader.load(
                        write(
                                "<mujoco><asset><texture type='2d' file='t.png'/>"
                                        + "<material name='m' texture='t'/></asset></mujoco>"));
        assertThat(unnamed.appearance().texture("t")).isNotNull();
    }

    @Test
    void texturedirAndAssetdirPlaceTheFiles() throws Exception {
        Files.createDirectories(dir.resolve("tex"));
        png("tex/a.png", 4, 4);
        Model m =
                MjcfLoader.load(
                        write(
                                "<mujoco><compiler texturedir='tex'/><asset>"
                                        + "<texture name='a' file='a.png'/></asset></mujoco>"));
        assertThat(m.appearance().texture("a").file()).isEqualTo(dir.resolve("tex/a.png"));
        Model n =
                MjcfLoader.load(
                        write(
                                "<mujoco><compiler assetdir='tex'/><asset>"
                                        + "<texture name='a' file='a.png'/></asset></mujoco>"));
        assertThat(n.appearance().texture("a").file()).isEqualTo(dir.resolve("tex/a.png"));
    }

    @Test
    void badTexturesAreRefusedByName() throws Exception {
        png("wide.png", 40, 20);
        png("grid.png", 40, 24);
        Files.writeString(dir.resolve("fake.png"), "not an image");
        assertRefused(
                "<texture name='x' file='missing.png'/>", "texture file not found", "missing.png");
        assertRefused("<texture name='x' file='x.jpg'/>", "only PNG textures", "x.jpg");
        assertRefused("<texture name='x' file='fake.png'/>", "not a PNG image", "fake.png");
        assertRefused(
                "<texture name='x' type='cube' file='wide.png'/>", "40x20 pixels", "square faces");
        assertRefused(
                "<texture name='x' type='cube' file='grid.png' gridsize='3 4'"
                        + " gridlayout='.U..LFRB.D..'/>",
                "40x24 pixels");
        assertRefused(
                "<texture name='x' type='cube' builtin='checker' width='8' gridsize='3 4'"
                        + " gridlayout='.U..LXRB.D..'/>",
                "gridLayout",
                ". R L U D F B");
        assertRefused("<texture name='x' type='sphere' file='wide.png'/>", "2d, cube, skybox");
        assertRefused("<texture name='x' type='2d' builtin='checker'/>", "procedural texture 'x'");
        assertRefused("<texture type='2d' builtin='checker' width='4' height='4'/>", "'name'");
        assertRefused("<texture name='x' type='2d'/>", "has no pixels");
        assertRefused(
                "<texture name='x' type='2d' builtin='flat' width='2' height='2'/>"
                        + "<texture name='x' type='2d' builtin='flat' width='2' height='2'/>",
                "duplicate texture name 'x'");
        assertRefused("<material name='m' texture='nope'/>", "unknown texture 'nope'", "allowed");
    }

    private void assertRefused(String assets, String... parts) throws Exception {
        Path f = write("<mujoco><asset>" + assets + "</asset></mujoco>");
        assertThatThrownBy(() -> MjcfLoader.load(f))
                .isInstanceOf(ModelLoadException.class)
                .message()
                .contains(List.of(parts));
    }

    private Path write(String xml) throws Exception {
        Path f = Files.createTempFile(dir, "model", ".xml");
        Files.writeString(f, xml);
        return f;
    }

    private void png(String name, int width, int height) throws Exception {
        ImageIO.write(
                new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB),
                "png",
                dir.resolve(name).toFile());
    }

    private static Geom geom(Model m, String name) {
        return m.geoms().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }
}
