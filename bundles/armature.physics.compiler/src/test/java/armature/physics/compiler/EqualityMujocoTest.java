package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.constraint.Efc;
import armature.physics.reference.sim.Simulator;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each equality kind against MuJoCo 2.2.2's own numbers for a small MJCF file (under
 * src/test/resources/mujoco/equality; the {@code *.mujoco.txt} beside each were printed by {@code
 * benchmarks/physics/mujoco/equality.sh}): the compiled eq_data, every constraint row of the first
 * step (position, diagApprox, R, aref, force, Jacobian), and qpos after 1, 10, 100 and 250 steps.
 */
class EqualityMujocoTest {
    /** Compiled data, row positions and Jacobians are the same arithmetic: close to round-off. */
    private static final double EXACT = 1e-12;

    /** Forces and states go through the Newton solve (tolerance 1e-8) and 250 steps. */
    private static final double SOLVED = 1e-8;

    @Test
    void connectFollowsMujoco() throws Exception {
        Oracle o = compare("connect", null);
        // the world anchor of the box's connect, as MuJoCo's compiler places it at qpos0
        assertThat(o.eq.get(0)[3]).isCloseTo(0.36472785548180303, within(1e-15));
    }

    @Test
    void weldToAMovedMocapBodyFollowsMujoco() throws Exception {
        double[] pose = {0.05, -0.03, 1.1, 0.9848078, 0.1736482, 0, 0};
        Oracle o = compare("weld", pose);
        // relpose taken from qpos0: the held box sits 15 degrees about y from the target
        assertThat(o.eq.get(0)[8]).isCloseTo(0.13052619222005157, within(1e-15));
    }

    @Test
    void jointCouplingFollowsMujoco() throws Exception {
        compare("joint", null);
    }

    @Test
    void tendonCouplingFollowsMujoco() throws Exception {
        compare("tendon", null);
    }

    /**
     * soft.xml built with {@link ModelBuilder}: the equalities' own solref (both forms) and solimp
     * reach their rows' R and aref as in MuJoCo.
     */
    @Test
    void equalitySolrefAndSolimpFollowMujoco() throws Exception {
        ModelBuilder b = new ModelBuilder("soft");
        double[] identity = {1, 0, 0, 0}, yAxis = {0, 1, 0};
        int b1 = b.addBody(0, "b1", new double[] {0, 0, 1}, identity);
        b.inertialDiagonal(
                b1, 1, new double[] {0.3, 0, 0}, new double[] {0.01, 0.02, 0.03}, identity);
        int j1 = b.addHinge(b1, "j1", new double[3], yAxis);
        b.jointRef(j1, 0.2);
        int b2 = b.addBody(0, "b2", new double[] {0, 0.5, 1}, identity);
        b.inertialDiagonal(
                b2, 0.5, new double[] {0.3, 0, 0.1}, new double[] {0.01, 0.01, 0.01}, identity);
        int j2 = b.addHinge(b2, "j2", new double[3], yAxis);
        b.jointRef(j2, -0.1);
        int b3 = b.addBody(0, "b3", new double[] {0, 1, 1}, identity);
        b.inertialDiagonal(b3, 2, new double[3], new double[] {0.01, 0.01, 0.01}, identity);
        int s3 = b.addSlide(b3, "s3", new double[3], new double[] {0, 0, 1});
        b.jointRef(s3, 0.05);
        int b4 = b.addBody(0, "b4", new double[] {0.5, 1, 1}, identity);
        b.inertialDiagonal(b4, 1.5, new double[3], new double[] {0.02, 0.03, 0.04}, identity);
        b.addFree(b4, "free");
        int e0 = b.addJointCoupling(j1, j2, 0.05, -0.8, 0.3, 0.2, -0.1);
        b.equalitySolref(e0, 0.05, 0.7).equalitySolimp(e0, 0.8, 0.9, 0.01, 0.4, 3);
        int e1 = b.addJointCoupling(s3, -1, 0.02);
        b.equalitySolimp(e1, 0.95, 0.99, 0.001, 0.5, 2);
        int e2 = b.addConnect(b4, 0, new double[] {0.1, 0, 0.05});
        b.equalitySolref(e2, -2000, -30);
        compare(b.build(), "soft", null);
    }

    private static Oracle compare(String name, double[] mocapPose) throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(
                                resource("mujoco/equality").resolve(name + ".xml"),
                                LoadOptions.defaults()),
                        w -> {
                            throw new AssertionError("unexpected compiler warning: " + w);
                        });
        return compare(m, name, mocapPose);
    }

    private static Oracle compare(MultibodyModel m, String name, double[] mocapPose)
            throws Exception {
        Oracle o = Oracle.read(resource("mujoco/equality").resolve(name + ".mujoco.txt"));
        for (int i = 0; i < m.neq; i++) {
            for (int k = 0; k < 11; k++) {
                assertThat(m.eqData[11 * i + k])
                        .as("%s eq_data[%d][%d]", name, i, k)
                        .isCloseTo(o.eq.get(i)[k], within(EXACT));
            }
        }
        Simulator sim = new Simulator(m);
        if (mocapPose != null) {
            System.arraycopy(mocapPose, 0, sim.data.mocapPos, 0, 3);
            System.arraycopy(mocapPose, 3, sim.data.mocapQuat, 0, 4);
        }
        sim.step();
        Efc efc = sim.constraints();
        assertThat(efc.rows()).as("%s rows", name).isEqualTo(o.rows.size());
        assertThat(efc.equalityRows()).as("%s equality rows", name).isEqualTo(o.ne);
        for (int r = 0; r < efc.rows(); r++) {
            double[] mj = o.rows.get(r);
            String row = name + " row " + r;
            assertThat(efc.type(r)).as(row + " type").isEqualTo((int) mj[0]);
            assertThat(efc.id(r)).as(row + " id").isEqualTo((int) mj[1]);
            assertThat(efc.position(r)).as(row + " pos").isCloseTo(mj[2], within(EXACT));
            assertThat(efc.diagApprox(r)).as(row + " diagApprox").isCloseTo(mj[3], rel(mj[3]));
            assertThat(efc.regularisation(r)).as(row + " R").isCloseTo(mj[4], rel(mj[4]));
            assertThat(efc.referenceAcceleration(r)).as(row + " aref").isCloseTo(mj[5], rel(mj[5]));
            for (int i = 0; i < m.nv; i++) {
                assertThat(efc.jacobian(r, i))
                        .as(row + " J[" + i + "]")
                        .isCloseTo(mj[7 + i], within(EXACT));
            }
        }
        for (int r = 0; r < efc.rows(); r++) {
            assertThat(efc.force(r))
                    .as(name + " row " + r + " force")
                    .isCloseTo(o.rows.get(r)[6], within(SOLVED));
        }
        int step = 1;
        for (var e : o.qpos.entrySet()) {
            while (step < e.getKey()) {
                sim.step();
                step++;
            }
            for (int k = 0; k < m.nq; k++) {
                assertThat(sim.data.qpos[k])
                        .as("%s qpos[%d] after %d steps", name, k, step)
                        .isCloseTo(e.getValue()[k], within(SOLVED));
            }
        }
        return o;
    }

    private static org.assertj.core.data.Offset<Double> rel(double v) {
        return within(EXACT * Math.max(1, Math.abs(v)));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EqualityMujocoTest.class.getClassLoader().getResource(name).toURI());
    }

    /** MuJoCo's printout: eq lines, a rows line, row lines, qpos lines (in step order). */
    private record Oracle(
            List<double[]> eq, int ne, List<double[]> rows, Map<Integer, double[]> qpos) {
        static Oracle read(Path file) throws IOException {
            List<double[]> eq = new ArrayList<>(), rows = new ArrayList<>();
            Map<Integer, double[]> qpos = new java.util.TreeMap<>();
            int ne = -1;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                switch (f[0]) {
                    case "eq" -> eq.add(numbers(f, 2));
                    case "rows" -> ne = Integer.parseInt(f[2]);
                    case "row" -> rows.add(numbers(f, 1));
                    case "qpos" -> qpos.put(Integer.parseInt(f[1]), numbers(f, 2));
                    default -> {
                        // comment
                    }
                }
            }
            return new Oracle(eq, ne, rows, qpos);
        }

        private static double[] numbers(String[] f, int from) {
            return Arrays.stream(f, from, f.length).mapToDouble(Double::parseDouble).toArray();
        }
    }
}
