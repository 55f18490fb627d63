package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.Cone;
import armature.physics.model.DisableFlags;
import armature.physics.model.MultibodyModel;
import armature.robot.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every solver parameter MuJoCo 2.2.2 compiles for the Shadow hand reach scene, the Fetch
 * pick-and-place scene and a file that sets all of them through nested default classes arrives in
 * the engine model with MuJoCo's value (fixtures and the C program that printed them:
 * src/test/resources/mujoco/solver_params.*): joint limit and frictionloss solref/solimp, margins,
 * frictionloss; geom solref/solimp/solmix/gap/priority/margin/condim; tendon limit solref/solimp,
 * margin; pair solref/solimp/margin/gap/condim; option impratio, tolerance, iterations, cone and
 * disable flags. Equality softness and tendon friction, which the engine model does not hold, are
 * compared on the description.
 */
class SolverParamsMujocoTest {
    private static final Path RESOURCES = Path.of("src/test/resources/mujoco");
    private static final double EPS = 1e-12;

    private static Map<String, List<String[]>> fixture(String name) throws IOException {
        return Files.readAllLines(RESOURCES.resolve("solver_params_" + name + ".txt")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.trim().split(" "))
                .collect(Collectors.groupingBy(f -> f[0]));
    }

    private static double[] nums(String[] row, int from, int count) {
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            out[k] = Double.parseDouble(row[from + k]);
        }
        return out;
    }

    private static double[] slice(double[] a, int from, int count) {
        return Arrays.copyOfRange(a, from, from + count);
    }

    private static void close(double[] actual, double[] expected, String what) {
        assertThat(actual.length).as(what).isEqualTo(expected.length);
        for (int k = 0; k < actual.length; k++) {
            assertThat(actual[k]).as(what + "[" + k + "]").isCloseTo(expected[k], within());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(EPS);
    }

    private static Model description(String name) throws Exception {
        return switch (name) {
            case "hand_reach" -> RealModels.load(RealModels.HAND.resolve("reach.xml"));
            case "fetch_pick_and_place" ->
                    RealModels.load(RealModels.FETCH.resolve("pick_and_place.xml"));
            default -> RealModels.load(RESOURCES.resolve("solver_params_" + name + ".xml"));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"hand_reach", "fetch_pick_and_place", "classes"})
    void everySolverParameterMatchesMujoco(String name) throws Exception {
        Map<String, List<String[]>> fx = fixture(name);
        Model d = description(name);
        MultibodyModel m = ModelCompiler.compileWithReport(d).model();

        String[] o = fx.get("option").get(0);
        assertThat(m.impratio).isEqualTo(Double.parseDouble(o[2]));
        assertThat(m.solverTolerance).isCloseTo(Double.parseDouble(o[4]), within());
        assertThat(m.solverIterations).isEqualTo(Integer.parseInt(o[6]));
        assertThat(m.cone).isEqualTo(o[10].equals("0") ? Cone.PYRAMIDAL : Cone.ELLIPTIC);
        assertThat(m.disableFlags).as("mjtDisableBit values").isEqualTo(Integer.parseInt(o[14]));
        assertThat(d.options().noslipIterations()).isEqualTo(Integer.parseInt(o[8]));
        assertThat(d.options().solver())
                .isEqualTo(List.of("PGS", "CG", "Newton").get(Integer.parseInt(o[12])));

        List<String[]> jnt = fx.get("jnt");
        assertThat(m.njnt).isEqualTo(jnt.size());
        for (String[] r : jnt) {
            int i = Integer.parseInt(r[1]);
            String who = "joint " + r[2];
            assertThat(m.jointNames().get(i)).isEqualTo(r[2]);
            close(slice(m.jntSolref, 2 * i, 2), nums(r, 3, 2), who + " solreflimit");
            close(slice(m.jntSolimp, 5 * i, 5), nums(r, 5, 5), who + " solimplimit");
            close(new double[] {m.jntMargin[i]}, nums(r, 10, 1), who + " margin");
        }
        List<String[]> dof = fx.get("dof");
        assertThat(m.nv).isEqualTo(dof.size());
        for (String[] r : dof) {
            int i = Integer.parseInt(r[1]);
            String who = "dof " + i + " of " + r[2];
            close(slice(m.dofSolref, 2 * i, 2), nums(r, 3, 2), who + " solreffriction");
            close(slice(m.dofSolimp, 5 * i, 5), nums(r, 5, 5), who + " solimpfriction");
            close(new double[] {m.dofFrictionLoss[i]}, nums(r, 10, 1), who + " frictionloss");
        }
        List<String[]> geom = fx.get("geom");
        assertThat(m.ngeom).isEqualTo(geom.size());
        for (String[] r : geom) {
            int i = Integer.parseInt(r[1]);
            String who = "geom " + i + " " + r[2];
            if (!r[2].equals("-")) {
                assertThat(m.geomNames().get(i)).isEqualTo(r[2]);
            }
            close(slice(m.geomSolref, 2 * i, 2), nums(r, 3, 2), who + " solref");
            close(slice(m.geomSolimp, 5 * i, 5), nums(r, 5, 5), who + " solimp");
            close(
                    new double[] {
                        m.geomSolmix[i],
                        m.geomGap[i],
                        m.geomPriority[i],
                        m.geomMargin[i],
                        m.geomCondim[i]
                    },
                    nums(r, 10, 5),
                    who + " solmix gap priority margin condim");
        }
        List<String[]> tendon = fx.getOrDefault("tendon", List.of());
        assertThat(m.ntendon).isEqualTo(tendon.size());
        for (String[] r : tendon) {
            int i = Integer.parseInt(r[1]);
            String who = "tendon " + r[2];
            close(slice(m.tendonSolref, 2 * i, 2), nums(r, 3, 2), who + " solreflimit");
            close(slice(m.tendonSolimp, 5 * i, 5), nums(r, 5, 5), who + " solimplimit");
            var t = d.tendons().get(i);
            close(t.frictionSoftness().solrefArray(), nums(r, 10, 2), who + " solreffriction");
            close(t.frictionSoftness().solimpArray(), nums(r, 12, 5), who + " solimpfriction");
            close(
                    new double[] {m.tendonMargin[i], t.frictionLoss()},
                    nums(r, 17, 2),
                    who + " margin frictionloss");
        }
        for (String[] r : fx.getOrDefault("pair", List.of())) {
            int key = (int) Double.parseDouble(r[18]);
            int g1 = Math.min(key / 1000, key % 1000);
            int g2 = Math.max(key / 1000, key % 1000);
            int p = pairIndex(m, g1, g2);
            String who = "pair " + r[1] + " (geoms " + g1 + ", " + g2 + ")";
            close(slice(m.pairSolref, 2 * p, 2), nums(r, 3, 2), who + " solref");
            close(slice(m.pairSolimp, 5 * p, 5), nums(r, 5, 5), who + " solimp");
            close(
                    new double[] {m.pairMargin[p], m.pairGap[p], m.pairCondim[p]},
                    nums(r, 10, 3),
                    who + " margin gap condim");
        }
        List<String[]> eq = fx.getOrDefault("eq", List.of());
        assertThat(d.equalities()).hasSize(eq.size());
        for (String[] r : eq) {
            var e = d.equalities().get(Integer.parseInt(r[1]));
            close(e.softness().solrefArray(), nums(r, 3, 2), "equality " + r[1] + " solref");
            close(e.softness().solimpArray(), nums(r, 5, 5), "equality " + r[1] + " solimp");
        }
    }

    private static int pairIndex(MultibodyModel m, int g1, int g2) {
        for (int p = 0; p < m.pairGeom1.length; p++) {
            if (m.pairGeom1[p] == g1 && m.pairGeom2[p] == g2) {
                return p;
            }
        }
        throw new AssertionError("no engine pair for geoms " + g1 + ", " + g2);
    }

    @Test
    void handDefaultClassReachesEveryJointAndFetchFlagsChangeNothing() throws Exception {
        MultibodyModel hand =
                ModelCompiler.compile(RealModels.load(RealModels.HAND.resolve("reach.xml")));
        // robot0:asset's <joint margin="0.01" frictionloss="0.001"> reaches all 24 joints.
        for (int j = 0; j < hand.njnt; j++) {
            assertThat(hand.jntMargin[j]).as(hand.jointNames().get(j)).isEqualTo(0.01);
            assertThat(hand.dofFrictionLoss[hand.jntDofAdr[j]]).isEqualTo(0.001);
        }
        assertThat(hand.solverIterations).as("<option iterations=20>").isEqualTo(20);

        Compilation fetch =
                ModelCompiler.compileWithReport(
                        RealModels.load(RealModels.FETCH.resolve("pick_and_place.xml")));
        MultibodyModel f = fetch.model();
        assertThat(f.disableFlags).as("<flag warmstart=enable> is MuJoCo's default").isZero();
        assertThat(DisableFlags.disabled(f.disableFlags, DisableFlags.WARMSTART)).isFalse();
        assertThat(fetch.unsupported()).noneMatch(n -> n.contains("option flags"));
        int finger = f.jointNames().indexOf("robot0:l_gripper_finger_joint");
        assertThat(slice(f.jntSolref, 2 * finger, 2)).containsExactly(0.01, 1);
        assertThat(slice(f.jntSolimp, 5 * finger, 5)).containsExactly(0.99, 0.999, 0.01, 0.5, 2);
        List<Double> meshSolimp = new ArrayList<>();
        for (int g = 0; g < f.ngeom; g++) {
            if (f.geomMargin[g] == 0.001) {
                meshSolimp.add(f.geomSolimp[5 * g]);
            }
        }
        assertThat(meshSolimp).as("robot0:fetchGeom geoms: solimp 0.99 0.99 0.01").isNotEmpty();
        assertThat(meshSolimp).containsOnly(0.99);
    }

    @Test
    void urdfGetsMujocosDefaults() throws Exception {
        // MuJoCo's URDF import reads no solver parameter (only <dynamics friction> as
        // frictionloss).
        MultibodyModel m = ModelCompiler.compile(RealModels.load(RealModels.PANDA), w -> {});
        double[] solref = {0.02, 1};
        double[] solimp = {0.9, 0.95, 0.001, 0.5, 2};
        for (int j = 0; j < m.njnt; j++) {
            close(slice(m.jntSolref, 2 * j, 2), solref, "joint solref");
            close(slice(m.jntSolimp, 5 * j, 5), solimp, "joint solimp");
            assertThat(m.jntMargin[j]).isZero();
        }
        for (int v = 0; v < m.nv; v++) {
            close(slice(m.dofSolref, 2 * v, 2), solref, "dof solref");
            close(slice(m.dofSolimp, 5 * v, 5), solimp, "dof solimp");
        }
        for (int g = 0; g < m.ngeom; g++) {
            close(slice(m.geomSolref, 2 * g, 2), solref, "geom solref");
            close(slice(m.geomSolimp, 5 * g, 5), solimp, "geom solimp");
            assertThat(m.geomSolmix[g]).isEqualTo(1);
            assertThat(m.geomGap[g]).isZero();
            assertThat(m.geomPriority[g]).isZero();
        }
        assertThat(m.impratio).isEqualTo(1);
        assertThat(m.cone).isEqualTo(Cone.PYRAMIDAL);
        assertThat(m.solverIterations).isEqualTo(100);
        assertThat(m.solverTolerance).isEqualTo(1e-8);
        assertThat(m.disableFlags).isZero();
    }

    @Test
    void solverAndNoslipSettingsTheEngineDoesNotHaveAreNoted() throws Exception {
        Compilation c = ModelCompiler.compileWithReport(description("classes"));
        assertThat(c.unsupported())
                .anyMatch(n -> n.contains("solver=CG (Newton used)"))
                .anyMatch(n -> n.contains("noslip") && n.contains("noslip_iterations=2"));
        assertThat(c.unsupported()).noneMatch(n -> n.contains("condim 6"));
        assertThat(c.model().geomCondim).contains(6);
    }
}
