package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Forces;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compiled real MJCF files (Shadow hand block and reach scenes, Fetch pick-and-place) and URDFs
 * (UR5, Panda) agree with MuJoCo 3.14.0 loading the same files, at 3 random states each with
 * controls up to 20 % outside each ctrlrange (values and script in
 * src/test/resources/mujoco/real_models.*). Compared, to 1e-9 relative to the largest entry:
 * actuator forces (gains, gears, tendon transmissions, ctrl and force clamping), actuator and
 * passive generalized forces, the dense joint-space inertia with armature, bias forces (gravity,
 * Coriolis, centrifugal); for the MJCF files also body and site positions and fixed-tendon lengths
 * to 1e-9, and the world-frame extent of every mesh geom along +-x, +-y, +-z to 1e-6 m (MuJoCo
 * recentres meshes and keeps float32 vertices; this checks the hulls are placed and scaled alike;
 * measured 3e-9 m on the hand, 2e-7 m on the Fetch). MuJoCo lays out URDF bodies differently, so
 * only joint space is compared there; the Allegro URDF is left out because MuJoCo rejects its
 * inertias. None of these involve constraints, so they check the compiler against MuJoCo's own
 * compiler even for the Fetch scene whose mocap weld the engine drops.
 */
class RealModelMujocoCrossCheckTest {
    private static final double RELATIVE = 1e-9;
    private static final double POSITION_M = 1e-9;

    /** MuJoCo stores mesh vertices as float32: about 1e-8 m on these 0.01-1 m meshes. */
    private static final double MESH_M = 1e-6;

    record Case(String file, int state, Map<String, double[]> fields) {
        @Override
        public String toString() {
            return file + " state " + state;
        }
    }

    static Stream<Case> cases() throws Exception {
        Map<String, Case> byKey = new LinkedHashMap<>();
        try (var in =
                        RealModelMujocoCrossCheckTest.class.getResourceAsStream(
                                "/mujoco/real_models.csv");
                var reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", 4);
                int state = Integer.parseInt(parts[1]);
                Case c =
                        byKey.computeIfAbsent(
                                parts[0] + "#" + state,
                                k -> new Case(parts[0], state, new HashMap<>()));
                c.fields()
                        .put(
                                parts[2],
                                parts[3].isBlank()
                                        ? new double[0]
                                        : Arrays.stream(parts[3].trim().split(" "))
                                                .mapToDouble(Double::parseDouble)
                                                .toArray());
            }
        }
        return byKey.values().stream();
    }

    private static final Map<String, MultibodyModel> COMPILED = new HashMap<>();

    private static synchronized MultibodyModel compiled(String file) throws Exception {
        MultibodyModel m = COMPILED.get(file);
        if (m == null) {
            m = ModelCompiler.compile(RealModels.load(RealModels.ROOT.resolve(file)), w -> {});
            COMPILED.put(file, m);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void inertiaBiasAndBodyPositionsMatchMujoco(Case c) throws Exception {
        MultibodyModel m = compiled(c.file());
        double[] qpos = c.fields().get("qpos");
        double[] qvel = c.fields().get("qvel");
        assertThat(qpos).hasSize(m.nq);
        assertThat(qvel).hasSize(m.nv);
        MultibodyData d = new MultibodyData(m);
        System.arraycopy(qpos, 0, d.qpos, 0, m.nq);
        System.arraycopy(qvel, 0, d.qvel, 0, m.nv);
        System.arraycopy(c.fields().get("ctrl"), 0, d.ctrl, 0, m.nu);
        Kinematics.forward(d);
        Forces.compute(d);
        double aErr = relative(d.actuatorForce, c.fields().get("actuator_force"));
        double qaErr = relative(d.qfrcActuator, c.fields().get("qfrc_actuator"));
        double pErr = relative(d.qfrcPassive, c.fields().get("qfrc_passive"));
        double[] bias = new double[m.nv];
        Dynamics.rnea(d, new double[m.nv], false, bias);
        Dynamics.crba(d);

        double[] mjM = c.fields().get("qM");
        double[] ours = d.qM.clone();
        for (int i = 0; i < m.nv; i++) {
            ours[i * m.nv + i] += m.dofArmature[i];
        }
        double mErr = relative(ours, mjM);
        double bErr = relative(bias, c.fields().get("bias"));
        System.out.printf(
                "%s: |dM|/|M| = %.1e, |dbias|/|bias| = %.1e, |dforce|/|force| = %.1e,"
                        + " |dqfrc_act| = %.1e, |dqfrc_passive| = %.1e",
                c, mErr, bErr, aErr, qaErr, pErr);
        assertThat(aErr).as("actuator forces").isLessThan(RELATIVE);
        assertThat(qaErr).as("actuator generalized forces").isLessThan(RELATIVE);
        assertThat(pErr).as("passive forces").isLessThan(RELATIVE);
        if (c.fields().containsKey("mesh_support")) {
            double[] mj = c.fields().get("mesh_support");
            double[] extent = meshSupport(m, d);
            double meshErr = maxAbs(extent, mj, mj.length);
            System.out.printf(", |dmesh extent| = %.1e m (%d mesh geoms)", meshErr, mj.length / 6);
            assertThat(meshErr).as("mesh geom extents").isLessThan(MESH_M);
        }
        if (c.fields().containsKey("xpos")) {
            double xErr = maxAbs(d.xpos, c.fields().get("xpos"), 3 * m.nbody);
            double sErr = maxAbs(d.siteXpos, c.fields().get("site_xpos"), 3 * m.nsite);
            double tErr = maxAbs(d.tendonLength, c.fields().get("ten_length"), m.ntendon);
            System.out.printf(
                    ", |dxpos| = %.1e m, |dsite| = %.1e m, |dtendon| = %.1e", xErr, sErr, tErr);
            assertThat(xErr).as("body positions").isLessThan(POSITION_M);
            assertThat(sErr).as("site positions").isLessThan(POSITION_M);
            assertThat(tErr).as("tendon lengths").isLessThan(POSITION_M);
        }
        System.out.println();
        assertThat(mErr).as("mass matrix").isLessThan(RELATIVE);
        assertThat(bErr).as("bias forces").isLessThan(RELATIVE);
    }

    /** Per mesh geom: max of x, y, z, -x, -y, -z over its hull vertices in world frame. */
    private static double[] meshSupport(MultibodyModel m, MultibodyData d) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomType[g] != armature.robot.model.GeomType.MESH) {
                continue;
            }
            int mesh = m.geomMesh[g];
            double[] max = new double[6];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int v = m.meshVertStart[mesh];
                    v < m.meshVertStart[mesh] + m.meshVertCount[mesh];
                    v++) {
                for (int r = 0; r < 3; r++) {
                    double w = d.geomXpos[3 * g + r];
                    for (int k = 0; k < 3; k++) {
                        w += d.geomXmat[9 * g + 3 * r + k] * m.meshVert[3 * v + k];
                    }
                    max[r] = Math.max(max[r], w);
                    max[3 + r] = Math.max(max[3 + r], -w);
                }
            }
            for (double x : max) {
                out.add(x);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double maxAbs(double[] ours, double[] theirs, int n) {
        assertThat(theirs).hasSize(n);
        double err = 0;
        for (int i = 0; i < n; i++) {
            err = Math.max(err, Math.abs(ours[i] - theirs[i]));
        }
        return err;
    }

    private static double relative(double[] ours, double[] theirs) {
        assertThat(ours).hasSameSizeAs(theirs);
        double scale = 0;
        double err = 0;
        if (ours.length == 0) {
            return 0;
        }
        for (int i = 0; i < ours.length; i++) {
            scale = Math.max(scale, Math.abs(theirs[i]));
            err = Math.max(err, Math.abs(ours[i] - theirs[i]));
        }
        return err / Math.max(scale, 1e-300);
    }
}
