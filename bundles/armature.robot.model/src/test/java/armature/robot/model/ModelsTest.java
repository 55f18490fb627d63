package armature.robot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {
    @TempDir Path tmp;

    @Test
    void picksLoaderByExtensionOrRootElement() throws Exception {
        Model mjcf =
                Models.load(
                        ExampleModels.file("gymnasium-robotics/hand/manipulate_block.xml"),
                        LoadOptions.defaults());
        assertThat(mjcf.format()).isEqualTo(SourceFormat.MJCF);
        Model urdf =
                Models.load(
                        ExampleModels.file(
                                "example-robot-data/robots/double_pendulum_description/urdf/double_pendulum_simple.urdf"),
                        LoadOptions.defaults());
        assertThat(urdf.format()).isEqualTo(SourceFormat.URDF);
        Path urdfAsXml = tmp.resolve("robot.xml");
        Files.writeString(
                urdfAsXml,
                "<?xml version='1.0'?>\n<!-- c -->\n<robot name='r'><link name='a'/></robot>");
        assertThat(Models.load(urdfAsXml, LoadOptions.defaults()).format())
                .isEqualTo(SourceFormat.URDF);
    }

    @Test
    void rejectsUnknownAndMissingFiles() throws Exception {
        Path other = tmp.resolve("x.xml");
        Files.writeString(other, "<svg/>");
        assertThatThrownBy(() -> Models.load(other, LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("root element is <svg>");
        assertThatThrownBy(() -> Models.load(tmp.resolve("none.xml"), LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("none.xml")
                .hasMessageContaining("file not found");
        Path dir = Files.createDirectories(tmp.resolve("models.urdf"));
        assertThatThrownBy(() -> Models.load(dir, LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("models.urdf")
                .hasMessageContaining("is a directory; expected a model file");
    }

    @Test
    void modelListsAreImmutable() throws Exception {
        Model m =
                Models.load(
                        ExampleModels.file("gymnasium-robotics/fetch/reach.xml"),
                        LoadOptions.defaults());
        assertThatThrownBy(() -> m.joints().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.bodies().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.world().children().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(LoadOptions.defaults().withPackagePath(List.of(tmp)).packagePath())
                .containsExactly(tmp);
    }

    @Test
    void recordsValidateTheirFields() {
        assertThatThrownBy(() -> new Options(0, Vec3.ZERO, 1, "Euler", java.util.Map.of()))
                .hasMessageContaining("timestepSeconds")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> new Friction(-1, 0, 0)).hasMessageContaining("slidingCoefficient");
        assertThatThrownBy(
                        () ->
                                new Joint(
                                        "j",
                                        JointType.HINGE,
                                        Vec3.ZERO,
                                        Vec3.ZERO,
                                        false,
                                        0,
                                        0,
                                        0,
                                        -1,
                                        0,
                                        0,
                                        0,
                                        0,
                                        java.util.OptionalDouble.empty(),
                                        java.util.OptionalDouble.empty(),
                                        java.util.Optional.empty()))
                .hasMessageContaining("dampingNmsPerRadOrNsPerM of joint 'j'")
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new Inertial(Double.NaN, Vec3.ZERO, Inertia.ZERO, false))
                .hasMessageContaining("massKg");
    }
}
