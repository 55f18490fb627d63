package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MuJoCo default-class semantics on small inline models. */
class MjcfDefaultsTest {
    @TempDir Path dir;

    Model load(String xml) throws Exception {
        Path f = dir.resolve("m.xml");
        Files.writeString(f, xml);
        return MjcfLoader.load(f);
    }

    private static final String CLASSES =
            """
            <default>
              <joint damping="1" armature="0.5"/>
              <geom friction="0.7" condim="4" type="box" size="0.1 0.1 0.1"/>
              <default class="a">
                <joint damping="2"/>
                <geom condim="6"/>
                <default class="b">
                  <joint stiffness="3" type="slide"/>
                </default>
              </default>
              <default class="c">
                <joint damping="7"/>
              </default>
            </default>
            """;

    @Test
    void mainDefaultsApplyWithoutClass() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + CLASSES
                                + "<worldbody><body name='b1'><joint name='j'/><geom name='g'/>"
                                + "</body></worldbody></mujoco>");
        var j = m.joint("j").orElseThrow();
        assertThat(j.dampingNmsPerRadOrNsPerM()).isEqualTo(1);
        assertThat(j.armatureKgM2OrKg()).isEqualTo(0.5);
        assertThat(j.type()).isEqualTo(JointType.HINGE);
        var g = m.geom("g").orElseThrow();
        assertThat(g.type()).isEqualTo(GeomType.BOX);
        assertThat(g.condim()).isEqualTo(4);
        assertThat(g.friction().slidingCoefficient()).isEqualTo(0.7);
        assertThat(g.friction().torsionalM())
                .as("unspecified friction parts keep defaults")
                .isEqualTo(0.005);
    }

    @Test
    void nestedClassInheritsParentAndMain() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + CLASSES
                                + "<worldbody><body><joint name='j' class='b'/><geom name='g' class='b'/>"
                                + "</body></worldbody></mujoco>");
        var j = m.joint("j").orElseThrow();
        assertThat(j.type()).isEqualTo(JointType.SLIDE);
        assertThat(j.stiffnessNmPerRadOrNPerM()).isEqualTo(3);
        assertThat(j.dampingNmsPerRadOrNsPerM()).as("from parent class a").isEqualTo(2);
        assertThat(j.armatureKgM2OrKg()).as("from main").isEqualTo(0.5);
        assertThat(m.geom("g").orElseThrow().condim()).as("from a").isEqualTo(6);
        assertThat(m.geom("g").orElseThrow().friction().slidingCoefficient())
                .as("from main")
                .isEqualTo(0.7);
    }

    @Test
    void childclassPropagatesToNestedBodiesUntilOverridden() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + CLASSES
                                + "<worldbody><body childclass='a'><joint name='j1'/>"
                                + "<body><joint name='j2'/>"
                                + "<body childclass='c'><joint name='j3'/><joint name='j4' class='b'/>"
                                + "<joint name='j5' damping='9'/></body></body></body></worldbody></mujoco>");
        assertThat(m.joint("j1").orElseThrow().dampingNmsPerRadOrNsPerM()).isEqualTo(2);
        assertThat(m.joint("j2").orElseThrow().dampingNmsPerRadOrNsPerM()).isEqualTo(2);
        assertThat(m.joint("j3").orElseThrow().dampingNmsPerRadOrNsPerM()).isEqualTo(7);
        assertThat(m.joint("j4").orElseThrow().dampingNmsPerRadOrNsPerM())
                .as("explicit class beats childclass")
                .isEqualTo(2);
        assertThat(m.joint("j5").orElseThrow().dampingNmsPerRadOrNsPerM())
                .as("attribute beats class")
                .isEqualTo(9);
        assertThat(m.joints())
                .extracting(j -> j.name())
                .containsExactly("j1", "j2", "j3", "j4", "j5");
    }

    @Test
    void actuatorShortcutsShareOneDefault() throws Exception {
        Model m =
                load(
                        "<mujoco><default><default class='s'><general ctrllimited='true' gear='2'/>"
                                + "<position kp='7'/></default></default>"
                                + "<worldbody><body><joint name='j'/><geom size='0.1'/></body></worldbody>"
                                + "<actuator><position class='s' joint='j' ctrlrange='-1 1'/>"
                                + "<motor class='s' joint='j'/></actuator></mujoco>");
        var pos = m.actuators().get(0);
        assertThat(pos.kp()).isEqualTo(7);
        assertThat(pos.ctrlLimited()).isTrue();
        assertThat(pos.gear().get(0)).isEqualTo(2);
        var motor = m.actuators().get(1);
        assertThat(motor.gear().get(0)).isEqualTo(2);
        assertThat(motor.gainPrm().get(0)).as("motor ignores kp").isEqualTo(1);
        assertThat(motor.forceLimited()).as("no forcerange given: auto means unlimited").isFalse();
    }

    @Test
    void unknownClassIsAnErrorWithLocation() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco>\n<worldbody>\n<body>\n"
                                                + "<geom name='g' class='nope' size='1'/>\n"
                                                + "</body></worldbody></mujoco>"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("m.xml:4")
                .hasMessageContaining("<geom>")
                .hasMessageContaining("unknown default class 'nope'");
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco>\n<worldbody>\n<body childclass='zz'>\n"
                                                + "</body></worldbody></mujoco>"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("m.xml:3")
                .hasMessageContaining("'zz'");
    }

    @Test
    void duplicateClassIsAnError() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco><default><default class='x'/>\n<default class='x'/>"
                                                + "</default></mujoco>"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(":2")
                .hasMessageContaining("defined twice");
    }

    @Test
    void badValueInDefaultIsReportedAtTheDefault() {
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco><default>\n<joint damping='lots'/></default>\n"
                                                + "<worldbody><body><joint/><geom size='1'/></body>"
                                                + "</worldbody></mujoco>"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("m.xml:2")
                .hasMessageContaining("<joint>")
                .hasMessageContaining("'lots' is not a number");
    }
}
