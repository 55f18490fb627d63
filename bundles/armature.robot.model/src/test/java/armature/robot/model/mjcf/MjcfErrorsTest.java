package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input: every error names file, line and element; includes resolve relative to the
 * includer.
 */
class MjcfErrorsTest {
    @TempDir Path dir;

    Path write(String name, String xml) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, xml);
        return f;
    }

    ModelLoadException failure(Path file) {
        try {
            MjcfLoader.load(file);
        } catch (ModelLoadException e) {
            return e;
        }
        throw new AssertionError("expected " + file + " to fail");
    }

    @Test
    void badNumber() throws Exception {
        Path f =
                write(
                        "bad.xml",
                        "<mujoco>\n<worldbody>\n  <body pos='0 0 1'>\n"
                                + "    <geom name='g' type='sphere' size='0.1x'/>\n"
                                + "  </body>\n</worldbody>\n</mujoco>\n");
        ModelLoadException e = failure(f);
        assertThat(e.getMessage())
                .startsWith(f.toString() + ":4: <geom>:")
                .contains("'size'")
                .contains("'0.1x' is not a number");
        assertThat(e.line()).contains(4);
        assertThat(e.element()).isEqualTo("geom");
        assertThat(e.file()).isEqualTo(f);
    }

    @Test
    void wrongCountAndNonFinite() throws Exception {
        assertThat(
                        failure(
                                        write(
                                                "c.xml",
                                                "<mujoco><worldbody>\n<body pos='0 1'/></worldbody></mujoco>"))
                                .getMessage())
                .contains("c.xml:2")
                .contains("expected 3 numbers, got 2");
        assertThat(
                        failure(write("n.xml", "<mujoco><option timestep='NaN'/></mujoco>"))
                                .getMessage())
                .contains("<option>")
                .contains("not finite");
    }

    @Test
    void brokenXml() throws Exception {
        Path f = write("broken.xml", "<mujoco>\n<worldbody>\n<body>\n</worldbody>\n</mujoco>\n");
        ModelLoadException e = failure(f);
        assertThat(e.getMessage()).startsWith(f + ":4:").contains("malformed XML");
    }

    @Test
    void aBodyChainDeeperThanTheLimitIsRefusedWithoutOverflowingTheStack() throws Exception {
        StringBuilder xml = new StringBuilder("<mujoco><worldbody>\n");
        int levels = 20_000;
        for (int i = 0; i < levels; i++) {
            xml.append("<body><joint/><geom size='0.1'/>\n");
        }
        xml.append("</body>".repeat(levels)).append("</worldbody></mujoco>\n");
        ModelLoadException e = failure(write("deep.xml", xml.toString()));
        assertThat(e.getMessage())
                .contains(
                        ":1023: <body>: <joint> is nested 1025 elements deep; allowed: at most 1024");
    }

    @Test
    void aDoctypeIsRefusedAsSuch() throws Exception {
        Path f =
                write(
                        "lol.xml",
                        "<?xml version='1.0'?>\n<!DOCTYPE mujoco [<!ENTITY a 'aaaa'>]>\n"
                                + "<mujoco model='&a;'/>\n");
        assertThat(failure(f).getMessage())
                .contains("a DOCTYPE declaration is not allowed: robot descriptions need no DTD");
        // The same through the format detection (what `sim info` and the simulator use).
        assertThatThrownBy(
                        () ->
                                armature.robot.model.Models.load(
                                        f, armature.robot.model.LoadOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "a DOCTYPE declaration is not allowed: robot descriptions need no DTD");
    }

    @Test
    void missingIncludeNamesTheIncludingLine() throws Exception {
        Path f = write("main.xml", "<mujoco>\n\n<include file='nothere.xml'/>\n</mujoco>");
        ModelLoadException e = failure(f);
        assertThat(e.getMessage())
                .startsWith(f + ":3: <include>:")
                .contains("included file not found")
                .contains("nothere.xml");
    }

    @Test
    void errorInsideIncludedFileNamesThatFile() throws Exception {
        Path inc =
                write(
                        "parts/arm.xml",
                        "<mujoco>\n<body>\n<joint type='twist'/>\n</body>\n</mujoco>");
        Path f =
                write(
                        "scene.xml",
                        "<mujoco><worldbody><include file='parts/arm.xml'/></worldbody></mujoco>");
        ModelLoadException e = failure(f);
        assertThat(e.getMessage()).startsWith(inc + ":3: <joint>:").contains("'twist'");
    }

    @Test
    void includesResolveRelativeToTheIncludingFile() throws Exception {
        write(
                "parts/arm.xml",
                "<mujoco><body name='arm'><joint name='shoulder'/><geom size='0.1'/>"
                        + "<include file='hand/hand.xml'/></body></mujoco>");
        write(
                "parts/hand/hand.xml",
                "<mujoco><body name='hand'><joint name='wrist' type='ball'/><geom size='0.05'/></body></mujoco>");
        Path f =
                write(
                        "scene.xml",
                        "<mujoco><worldbody><include file='parts/arm.xml'/>"
                                + "<body name='box'><freejoint/><geom type='box' size='.1 .1 .1'/></body>"
                                + "</worldbody></mujoco>");
        Model m = MjcfLoader.load(f);
        assertThat(m.bodies())
                .extracting(b -> b.name())
                .containsExactly("world", "arm", "hand", "box");
        assertThat(m.nq()).isEqualTo(1 + 4 + 7);
        assertThat(m.nv()).isEqualTo(1 + 3 + 6);
    }

    @Test
    void includeCycleIsDetected() throws Exception {
        write("a.xml", "<mujoco><include file='b.xml'/></mujoco>");
        write("b.xml", "<mujoco><include file='a.xml'/></mujoco>");
        assertThat(failure(dir.resolve("a.xml")).getMessage()).contains("cycle");
    }

    @Test
    void missingMeshFile() throws Exception {
        Path f =
                write(
                        "m.xml",
                        "<mujoco><compiler meshdir='meshes'/>\n<asset>\n<mesh name='m' file='gone.stl'/>"
                                + "</asset></mujoco>");
        ModelLoadException e = failure(f);
        assertThat(e.getMessage())
                .startsWith(f + ":3: <mesh>:")
                .contains("mesh file not found")
                .contains("meshes")
                .contains("gone.stl");
    }

    @Test
    void referencesToUnknownNames() throws Exception {
        String body =
                "<worldbody><body name='b'><joint name='j'/><geom name='g' size='1'/></body></worldbody>";
        assertThat(
                        failure(
                                        write(
                                                "a.xml",
                                                "<mujoco>"
                                                        + body
                                                        + "\n<actuator><motor joint='k'/></actuator></mujoco>"))
                                .getMessage())
                .contains("a.xml:2: <motor>")
                .contains("unknown joint 'k'");
        assertThat(
                        failure(
                                        write(
                                                "p.xml",
                                                "<mujoco>"
                                                        + body
                                                        + "<contact><pair geom1='g' geom2='h'/></contact></mujoco>"))
                                .getMessage())
                .contains("unknown geom 'h'");
        assertThat(
                        failure(
                                        write(
                                                "g.xml",
                                                "<mujoco>"
                                                        + body
                                                        + "<worldbody><geom type='mesh' mesh='none'/></worldbody></mujoco>"))
                                .getMessage())
                .contains("unknown mesh 'none'");
    }

    @Test
    void semanticErrors() throws Exception {
        assertThat(
                        failure(
                                        write(
                                                "o.xml",
                                                "<mujoco><worldbody><body quat='1 0 0 0' euler='0 0 1'/>"
                                                        + "</worldbody></mujoco>"))
                                .getMessage())
                .contains("more than one orientation");
        assertThat(
                        failure(
                                        write(
                                                "r.xml",
                                                "<mujoco><worldbody><body><joint range='1 -1'/>"
                                                        + "<geom size='1'/></body></worldbody></mujoco>"))
                                .getMessage())
                .contains("lower 1.0 > upper -1.0");
        assertThat(
                        failure(write("w.xml", "<mujoco><worldbody><joint/></worldbody></mujoco>"))
                                .getMessage())
                .contains("not allowed in <worldbody>");
        assertThat(failure(write("root.xml", "<robot name='x'/>")).getMessage())
                .contains("root element must be <mujoco>");
        assertThat(
                        failure(
                                        write(
                                                "k.xml",
                                                "<mujoco><worldbody><body><joint/><geom size='1'/></body>"
                                                        + "</worldbody><keyframe><key qpos='1 2'/></keyframe></mujoco>"))
                                .getMessage())
                .contains("<key>")
                .contains("expected 1 numbers, got 2");
    }
}
