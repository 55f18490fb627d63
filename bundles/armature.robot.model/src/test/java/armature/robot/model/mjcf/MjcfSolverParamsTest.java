package armature.robot.model.mjcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Softness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MuJoCo's solver parameters (solref, solimp, solmix, priority, margin, frictionloss, option solver
 * settings and flags) on elements, through default classes and childclass, with MuJoCo's defaults
 * and MuJoCo's rule that a short solref/solimp keeps the defaults for the rest. Values were checked
 * against MuJoCo 2.2.2 compiling the same snippets.
 */
class MjcfSolverParamsTest {
    @TempDir Path dir;

    private Model load(String xml) throws Exception {
        Path f = dir.resolve("m.xml");
        Files.writeString(f, xml);
        return MjcfLoader.load(f);
    }

    private static Softness soft(double[] solref, double... solimp) {
        return new Softness(MjcfContext.list(solref), MjcfContext.list(solimp));
    }

    private static final String TREE =
            """
            <worldbody>
              <geom name="floor" type="plane" size="1 1 1"/>
              <body name="b" childclass="%s">
                <joint name="j" range="-1 1"/>
                <geom name="g" size="0.1"/>
                <body name="c">
                  <joint name="k" class="%s" range="-1 1"/>
                  <geom name="h" class="%s" size="0.1"/>
                </body>
              </body>
            </worldbody>
            """;

    @Test
    void absentParametersAreMujocosDefaults() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + TREE.formatted("main", "main", "main")
                                + "<tendon><fixed name='t'><joint joint='j' coef='1'/></fixed>"
                                + "</tendon><contact><pair geom1='floor' geom2='g'/></contact>"
                                + "<equality><joint joint1='j' joint2='k'/></equality></mujoco>");
        var j = m.joint("j").orElseThrow();
        assertThat(j.limitSoftness()).isEqualTo(Softness.DEFAULT);
        assertThat(j.frictionSoftness()).isEqualTo(Softness.DEFAULT);
        assertThat(Softness.DEFAULT.solref()).containsExactly(0.02, 1.0);
        assertThat(Softness.DEFAULT.solimp()).containsExactly(0.9, 0.95, 0.001, 0.5, 2.0);
        var g = m.geom("g").orElseThrow();
        assertThat(g.softness()).isEqualTo(Softness.DEFAULT);
        assertThat(g.solmix()).isEqualTo(1);
        assertThat(g.priority()).isZero();
        assertThat(g.gapM()).isZero();
        var t = m.tendons().get(0);
        assertThat(t.limitSoftness()).isEqualTo(Softness.DEFAULT);
        assertThat(t.frictionSoftness()).isEqualTo(Softness.DEFAULT);
        assertThat(t.marginM()).isZero();
        assertThat(t.frictionLoss()).isZero();
        assertThat(m.contactPairs().get(0).softness()).isEqualTo(Softness.DEFAULT);
        assertThat(m.equalities().get(0).softness()).isEqualTo(Softness.DEFAULT);
        var o = m.options();
        assertThat(o.impratio()).isEqualTo(1);
        assertThat(o.cone()).isEqualTo("pyramidal");
        assertThat(o.tolerance()).isEqualTo(1e-8);
        assertThat(o.solver()).isEqualTo("Newton");
        assertThat(o.noslipIterations()).isZero();
    }

    @Test
    void elementAttributesAreRead() throws Exception {
        Model m =
                load(
                        """
                        <mujoco><worldbody><geom name="floor" type="plane" size="1 1 1"/>
                        <body name="b">
                          <joint name="j" range="-1 1" solreflimit="0.01 0.5"
                              solimplimit="0.8 0.85 0.02 0.4 3" solreffriction="-100 -10"
                              solimpfriction="0.7 0.75 0.003 0.6 4" margin="0.01"/>
                          <joint name="k" range="-1 1"/>
                          <geom name="g" size="0.1" solref="0.05 0.7" solimp="0.5 0.6 0.01 0.3 1"
                              solmix="3" priority="2"/>
                        </body></worldbody>
                        <tendon><fixed name="t" range="-1 1" solreflimit="0.03 2"
                            solimplimit="0.6 0.7 0.04" solreffriction="0.04 1.5"
                            solimpfriction="0.1" margin="0.02" frictionloss="0.3">
                          <joint joint="j" coef="1"/></fixed></tendon>
                        <contact><pair geom1="floor" geom2="g" solref="0.07 1.2"
                            solimp="0.55 0.65"/></contact>
                        <equality><weld body1="b" solref="0.09 1.1" solimp="0.91 0.92 0.005"/>
                        </equality></mujoco>
                        """);
        var j = m.joint("j").orElseThrow();
        assertThat(j.limitSoftness())
                .isEqualTo(soft(new double[] {0.01, 0.5}, 0.8, 0.85, 0.02, 0.4, 3));
        assertThat(j.frictionSoftness())
                .as("the direct (-stiffness, -damping) form is kept")
                .isEqualTo(soft(new double[] {-100, -10}, 0.7, 0.75, 0.003, 0.6, 4));
        assertThat(j.marginRadOrM()).isEqualTo(0.01);
        var g = m.geom("g").orElseThrow();
        assertThat(g.softness()).isEqualTo(soft(new double[] {0.05, 0.7}, 0.5, 0.6, 0.01, 0.3, 1));
        assertThat(g.solmix()).isEqualTo(3);
        assertThat(g.priority()).isEqualTo(2);
        var t = m.tendons().get(0);
        assertThat(t.limitSoftness())
                .isEqualTo(soft(new double[] {0.03, 2}, 0.6, 0.7, 0.04, 0.5, 2));
        assertThat(t.frictionSoftness())
                .isEqualTo(soft(new double[] {0.04, 1.5}, 0.1, 0.95, 0.001, 0.5, 2));
        assertThat(t.marginM()).isEqualTo(0.02);
        assertThat(t.frictionLoss()).isEqualTo(0.3);
        assertThat(m.contactPairs().get(0).softness())
                .isEqualTo(soft(new double[] {0.07, 1.2}, 0.55, 0.65, 0.001, 0.5, 2));
        assertThat(m.equalities().get(0).softness())
                .isEqualTo(soft(new double[] {0.09, 1.1}, 0.91, 0.92, 0.005, 0.5, 2));
    }

    @Test
    void shortSolrefKeepsTheDefaultDampingRatio() throws Exception {
        // MuJoCo 2.2.2 reads solref="0.05" as 0.05 1.
        Model m =
                load(
                        "<mujoco><worldbody><geom name='g' size='1' solref='0.05'/></worldbody>"
                                + "</mujoco>");
        assertThat(m.geom("g").orElseThrow().softness().solref()).containsExactly(0.05, 1.0);
    }

    @Test
    void shortListsOverlayTheInheritedValuesPositionByPosition() throws Exception {
        // The same file compiled by MuJoCo 2.2.2 gives exactly these geom_solref/geom_solimp.
        Model m =
                load(
                        """
                        <mujoco><default>
                          <geom solimp="0.8 0.85 0.01" solref="0.03 0.7"/>
                          <default class="a"><geom solimp="0.5"/></default>
                        </default><worldbody>
                          <geom name="g0" size="1"/>
                          <geom name="g1" size="1" class="a"/>
                          <geom name="g2" size="1" solimp="0.6 0.61"/>
                          <geom name="g3" size="1" solref="0.05"/>
                        </worldbody></mujoco>
                        """);
        assertThat(m.geom("g0").orElseThrow().softness())
                .isEqualTo(soft(new double[] {0.03, 0.7}, 0.8, 0.85, 0.01, 0.5, 2));
        assertThat(m.geom("g1").orElseThrow().softness())
                .isEqualTo(soft(new double[] {0.03, 0.7}, 0.5, 0.85, 0.01, 0.5, 2));
        assertThat(m.geom("g2").orElseThrow().softness())
                .isEqualTo(soft(new double[] {0.03, 0.7}, 0.6, 0.61, 0.01, 0.5, 2));
        assertThat(m.geom("g3").orElseThrow().softness())
                .isEqualTo(soft(new double[] {0.05, 0.7}, 0.8, 0.85, 0.01, 0.5, 2));
    }

    @Test
    void shortFrictionListsOverlayTheInheritedValuesToo() throws Exception {
        // MuJoCo 2.2.2 on this file: geom_friction 0.5 0.02 0.003 / 0.7 0.02 0.003 /
        // 0.9 0.01 0.003, pair_friction 0.6 0.3 0.02 0.001 0.002.
        Model m =
                load(
                        """
                        <mujoco><default><geom friction="0.5 0.02 0.003"/>
                          <pair friction="0.4 0.3 0.02 0.001 0.002"/>
                          <default class="a"><geom friction="0.7"/></default></default>
                        <worldbody><geom name="g0" size="1"/><geom name="g1" size="1" class="a"/>
                          <geom name="g2" size="1" friction="0.9 0.01"/></worldbody>
                        <contact><pair geom1="g0" geom2="g1" friction="0.6"/></contact></mujoco>
                        """);
        assertThat(m.geom("g0").orElseThrow().friction())
                .isEqualTo(new armature.robot.model.Friction(0.5, 0.02, 0.003));
        assertThat(m.geom("g1").orElseThrow().friction())
                .isEqualTo(new armature.robot.model.Friction(0.7, 0.02, 0.003));
        assertThat(m.geom("g2").orElseThrow().friction())
                .isEqualTo(new armature.robot.model.Friction(0.9, 0.01, 0.003));
        assertThat(m.contactPairs().get(0).friction())
                .containsExactly(0.6, 0.3, 0.02, 0.001, 0.002);
    }

    @Test
    void gapOnGeomsAndPairsThroughDefaults() throws Exception {
        Model m =
                load(
                        """
                        <mujoco><default><geom gap="0.002"/><pair gap="0.004" margin="0.01"/>
                          <default class="wide"><geom gap="0.003"/></default></default>
                        <worldbody><geom name="a" size="1"/>
                          <body childclass="wide"><geom name="b" size="1"/></body></worldbody>
                        <contact><pair geom1="a" geom2="b"/><pair geom1="a" geom2="b" gap="0"/>
                        </contact></mujoco>
                        """);
        assertThat(m.geom("a").orElseThrow().gapM()).isEqualTo(0.002);
        assertThat(m.geom("b").orElseThrow().gapM()).isEqualTo(0.003);
        assertThat(m.contactPairs().get(0).gapM()).isEqualTo(0.004);
        assertThat(m.contactPairs().get(0).marginM()).isEqualTo(0.01);
        assertThat(m.contactPairs().get(1).gapM()).isZero();
        assertThatThrownBy(
                        () ->
                                load(
                                        "<mujoco><worldbody><geom size='1' gap='-0.1'/>"
                                                + "</worldbody></mujoco>"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("attribute 'gap'")
                .hasMessageContaining("must be >= 0, got -0.1");
    }

    private static final String CLASSES =
            """
            <default>
              <joint solreflimit="0.03 1" margin="0.01"/>
              <geom solimp="0.8 0.85 0.01" solmix="2"/>
              <tendon solimplimit="0.5 0.6"/>
              <pair solref="0.04 1"/>
              <equality solimp="0.99 0.99 0.01"/>
              <default class="soft">
                <joint solimplimit="0.7 0.8 0.01" solreffriction="0.05 2" frictionloss="0.1"/>
                <geom solref="0.1 0.9" priority="1"/>
                <pair solimp="0.6"/>
                <default class="softer">
                  <geom solimp="0.5"/>
                </default>
              </default>
            </default>
            """;

    @Test
    void mainClassAppliesEverywhere() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + CLASSES
                                + TREE.formatted("main", "main", "main")
                                + "<tendon><fixed name='t'><joint joint='j'/></fixed></tendon>"
                                + "<contact><pair geom1='floor' geom2='g'/></contact>"
                                + "<equality><connect body1='b' anchor='0 0 0'/></equality>"
                                + "</mujoco>");
        var j = m.joint("j").orElseThrow();
        assertThat(j.limitSoftness().solref()).containsExactly(0.03, 1.0);
        assertThat(j.limitSoftness().solimp()).isEqualTo(Softness.DEFAULT_SOLIMP);
        assertThat(j.marginRadOrM()).isEqualTo(0.01);
        assertThat(j.frictionSoftness()).isEqualTo(Softness.DEFAULT);
        var g = m.geom("floor").orElseThrow();
        assertThat(g.softness().solimp()).containsExactly(0.8, 0.85, 0.01, 0.5, 2.0);
        assertThat(g.softness().solref()).isEqualTo(Softness.DEFAULT_SOLREF);
        assertThat(g.solmix()).isEqualTo(2);
        assertThat(m.tendons().get(0).limitSoftness().solimp())
                .containsExactly(0.5, 0.6, 0.001, 0.5, 2.0);
        assertThat(m.contactPairs().get(0).softness().solref()).containsExactly(0.04, 1.0);
        assertThat(m.equalities().get(0).softness().solimp())
                .containsExactly(0.99, 0.99, 0.01, 0.5, 2.0);
    }

    @Test
    void childclassNestedClassesAndExplicitClass() throws Exception {
        Model m =
                load(
                        "<mujoco>"
                                + CLASSES
                                + TREE.formatted("soft", "main", "softer")
                                + "<contact><pair class='soft' geom1='floor' geom2='g'/></contact>"
                                + "</mujoco>");
        var j = m.joint("j").orElseThrow();
        assertThat(j.limitSoftness())
                .as("childclass soft: its solimplimit, main's solreflimit (inherited)")
                .isEqualTo(soft(new double[] {0.03, 1}, 0.7, 0.8, 0.01, 0.5, 2));
        assertThat(j.frictionSoftness().solref()).containsExactly(0.05, 2.0);
        assertThat(j.frictionLossNmOrN()).isEqualTo(0.1);
        var k = m.joint("k").orElseThrow();
        assertThat(k.limitSoftness().solimp())
                .as("class='main' overrides the childclass")
                .isEqualTo(Softness.DEFAULT_SOLIMP);
        var g = m.geom("g").orElseThrow();
        assertThat(g.softness()).isEqualTo(soft(new double[] {0.1, 0.9}, 0.8, 0.85, 0.01, 0.5, 2));
        assertThat(g.priority()).isEqualTo(1);
        var h = m.geom("h").orElseThrow();
        assertThat(h.softness())
                .as("softer's solimp='0.5' overlays main's 0.8 0.85 0.01; solref comes from soft")
                .isEqualTo(soft(new double[] {0.1, 0.9}, 0.5, 0.85, 0.01, 0.5, 2));
        var p = m.contactPairs().get(0);
        assertThat(p.softness())
                .as("a pair takes its own class, never the geoms' values")
                .isEqualTo(soft(new double[] {0.04, 1}, 0.6, 0.95, 0.001, 0.5, 2));
    }

    @Test
    void optionSolverSettingsAndFlags() throws Exception {
        Model m =
                load(
                        """
                        <mujoco><option impratio="3" cone="elliptic" solver="CG" tolerance="1e-6"
                            noslip_iterations="2" iterations="7">
                          <flag contact="disable" gravity="disable" warmstart="enable"
                              energy="enable"/>
                          <flag refsafe="disable"/>
                        </option><worldbody/></mujoco>
                        """);
        var o = m.options();
        assertThat(o.impratio()).isEqualTo(3);
        assertThat(o.cone()).isEqualTo("elliptic");
        assertThat(o.solver()).isEqualTo("CG");
        assertThat(o.tolerance()).isEqualTo(1e-6);
        assertThat(o.noslipIterations()).isEqualTo(2);
        assertThat(o.iterations()).isEqualTo(7);
        assertThat(o.flags())
                .containsEntry("contact", "disable")
                .containsEntry("gravity", "disable")
                .containsEntry("refsafe", "disable")
                .containsEntry("warmstart", "enable")
                .containsEntry("energy", "enable");
        assertThat(o.changes("contact")).isTrue();
        assertThat(o.changes("warmstart")).as("enable is MuJoCo's default").isFalse();
        assertThat(o.changes("energy")).isTrue();
        assertThat(m.warnings()).isEmpty();
    }

    private ModelLoadException failure(String xml) {
        try {
            load(xml);
        } catch (ModelLoadException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure for " + xml);
    }

    @Test
    void badValuesAreRefusedNamingTheAttribute() {
        record Bad(String xml, String attribute, String reason) {}
        String body = "<mujoco><worldbody><body name='b'>%s</body></worldbody>%s</mujoco>";
        List<Bad> cases =
                List.of(
                        new Bad(
                                body.formatted("<geom size='1' solref='0.02 -1'/>", ""),
                                "solref",
                                "mixes the two forms"),
                        new Bad(
                                body.formatted("<geom size='1' solref='0.02 1 3'/>", ""),
                                "solref",
                                "expected 1..2 numbers"),
                        new Bad(
                                body.formatted("<geom size='1' solimp='1 2 3 4 5 6'/>", ""),
                                "solimp",
                                "expected 1..5 numbers"),
                        new Bad(
                                body.formatted("<geom size='1' solimp='0.9 x'/>", ""),
                                "solimp",
                                "'x' is not a number"),
                        new Bad(
                                body.formatted("<geom size='1' solmix='-1'/>", ""),
                                "solmix",
                                "must be >= 0"),
                        new Bad(
                                body.formatted("<geom size='1' priority='high'/>", ""),
                                "priority",
                                "is not an integer"),
                        new Bad(
                                body.formatted("<joint solreflimit='-1 0.5'/><geom size='1'/>", ""),
                                "solreflimit",
                                "mixes the two forms"),
                        new Bad(
                                body.formatted("<joint solimpfriction=''/><geom size='1'/>", ""),
                                "solimpfriction",
                                "expected 1..5 numbers"),
                        new Bad(
                                body.formatted(
                                        "<joint name='j'/><geom size='1'/>",
                                        "<tendon><fixed margin='-0.1'><joint joint='j'/></fixed>"
                                                + "</tendon>"),
                                "margin",
                                "must be >= 0"),
                        new Bad(
                                body.formatted(
                                        "<joint name='j'/><geom size='1'/>",
                                        "<tendon><fixed frictionloss='-1'><joint joint='j'/>"
                                                + "</fixed></tendon>"),
                                "frictionloss",
                                "must be >= 0"),
                        new Bad(
                                body.formatted(
                                        "<geom name='g' size='1'/>",
                                        "<contact><pair geom1='g' geom2='g' solref='0 1'/>"
                                                + "</contact>"),
                                "solref",
                                "mixes the two forms"),
                        new Bad(
                                body.formatted(
                                        "<geom size='1'/>",
                                        "<equality><weld body1='b' solimp='a'/></equality>"),
                                "solimp",
                                "'a' is not a number"),
                        new Bad(
                                "<mujoco><option impratio='0'/></mujoco>",
                                "impratio",
                                "must be > 0"),
                        new Bad(
                                "<mujoco><option cone='round'/></mujoco>",
                                "cone",
                                "'round' is not pyramidal or elliptic"),
                        new Bad(
                                "<mujoco><option solver='LBFGS'/></mujoco>",
                                "solver",
                                "'LBFGS' is not Newton, CG or PGS"),
                        new Bad(
                                "<mujoco><option tolerance='-1'/></mujoco>",
                                "tolerance",
                                "must be >= 0"),
                        new Bad(
                                "<mujoco><option noslip_iterations='-2'/></mujoco>",
                                "noslip_iterations",
                                "must be >= 0"),
                        new Bad(
                                "<mujoco><option><flag contact='off'/></option></mujoco>",
                                "contact",
                                "'off' is not enable or disable"),
                        new Bad(
                                "<mujoco><option><flag friction='disable'/></option></mujoco>",
                                "friction",
                                "unknown flag; allowed: [actuation, clampctrl, constraint"));
        for (Bad bad : cases) {
            ModelLoadException e = failure(bad.xml());
            assertThat(e.getMessage())
                    .as(bad.xml())
                    .contains("attribute '" + bad.attribute() + "'")
                    .contains(bad.reason());
        }
    }

    @Test
    void badDefaultValueIsReportedWhereTheDefaultWroteIt() throws Exception {
        Path f = dir.resolve("d.xml");
        Files.writeString(
                f,
                "<mujoco>\n<default>\n<geom solref='0.02 -1'/>\n</default>\n"
                        + "<worldbody>\n<geom size='1'/>\n</worldbody>\n</mujoco>\n");
        assertThatThrownBy(() -> MjcfLoader.load(f))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(f + ":3: <geom>:")
                .hasMessageContaining("attribute 'solref'")
                .hasMessageContaining("0.02, -1.0");
    }
}
