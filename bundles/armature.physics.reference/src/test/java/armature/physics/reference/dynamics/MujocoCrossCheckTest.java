package armature.physics.reference.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agreement with MuJoCo 3.14.0 on the same models: forward kinematics, the joint-space inertia
 * (with armature), bias forces (gravity, Coriolis, centrifugal) and smooth forward dynamics, for
 * hinge, slide, ball and free joints and a body with two joints. The reference values and the
 * script that produced them are in src/test/resources/mujoco. This pins the coordinate conventions
 * the MJCF compiler relies on, not just internal consistency.
 */
class MujocoCrossCheckTest {

    /** MJCF twin: see tumbler() in generate.py. */
    static MultibodyModel tumbler() {
        ModelBuilder b = new ModelBuilder("tumbler");
        int base =
                b.addBody(
                        0,
                        "base",
                        new double[] {0.1, 0.2, 0.5},
                        new double[] {0.9, 0.1, 0.3, -0.2});
        b.addFree(base, "root");
        b.inertial(
                base,
                2,
                new double[] {0.05, -0.02, 0.01},
                new double[] {0.02, 0.03, 0.04, 0.001, -0.002, 0.003});
        int arm = b.addBody(base, "arm", new double[] {0, 0, 0.2}, Robots.IDENTITY);
        int shoulder = b.addBall(arm, "shoulder", new double[] {0, 0, -0.05});
        b.jointArmature(shoulder, 0.01);
        b.inertial(
                arm,
                0.7,
                new double[] {0.1, 0, 0},
                new double[] {0.002, 0.004, 0.005, 0, 0, 0.0002});
        int forearm =
                b.addBody(arm, "forearm", new double[] {0.2, 0, 0}, new double[] {0.8, 0, 0.6, 0});
        int elbow = b.addHinge(forearm, "elbow", new double[] {0.01, 0, 0}, Robots.Y);
        b.jointDamping(elbow, 0.3);
        b.addHinge(forearm, "twist", new double[] {0, 0.02, 0}, Robots.X);
        b.inertial(
                forearm,
                0.4,
                new double[] {0.08, 0.01, 0},
                new double[] {0.0005, 0.002, 0.002, 0, 0.0001, 0});
        int slider = b.addBody(forearm, "slider", new double[] {0.15, 0, 0}, Robots.IDENTITY);
        b.addSlide(slider, "extend", Robots.ORIGIN, new double[] {0.6, 0.8, 0});
        b.inertial(
                slider, 0.2, new double[] {0.02, 0, 0}, new double[] {1e-4, 1e-4, 1e-4, 0, 0, 0});
        return b.build();
    }

    static Map<String, double[]> load(String model, int state) throws IOException {
        Map<String, double[]> fields = new LinkedHashMap<>();
        try (var in = MujocoCrossCheckTest.class.getResourceAsStream("/mujoco/reference.csv");
                var reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(",");
                if (parts[0].equals(model) && Integer.parseInt(parts[1]) == state) {
                    double[] v = new double[parts.length - 3];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Double.parseDouble(parts[i + 3]);
                    }
                    fields.put(parts[2], v);
                }
            }
        }
        assertThat(fields).as("reference rows for %s state %d", model, state).isNotEmpty();
        return fields;
    }

    @ParameterizedTest
    @ValueSource(strings = {"panda", "tumbler"})
    void matchesMujoco(String name) throws IOException {
        MultibodyModel m =
                name.equals("panda")
                        ? Robots.panda(Integrator.SEMI_IMPLICIT_EULER, 0.002)
                        : tumbler();
        MultibodyData d = new MultibodyData(m);
        List<String> checked = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            Map<String, double[]> ref = load(name, s);
            System.arraycopy(ref.get("qpos"), 0, d.qpos, 0, m.nq);
            System.arraycopy(ref.get("qvel"), 0, d.qvel, 0, m.nv);
            Kinematics.forward(d);
            double[] xpos = ref.get("xpos"), xquat = ref.get("xquat");
            for (int b = 0; b < m.nbody; b++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(d.xpos[3 * b + k])
                            .as("%s xpos[%d][%d]", name, b, k)
                            .isCloseTo(xpos[3 * b + k], within(1e-12));
                }
                double sign =
                        Math.signum(
                                d.xquat[4 * b] * xquat[4 * b]
                                        + d.xquat[4 * b + 1] * xquat[4 * b + 1]
                                        + d.xquat[4 * b + 2] * xquat[4 * b + 2]
                                        + d.xquat[4 * b + 3] * xquat[4 * b + 3]);
                for (int k = 0; k < 4; k++) {
                    assertThat(sign * d.xquat[4 * b + k])
                            .as("%s xquat[%d][%d]", name, b, k)
                            .isCloseTo(xquat[4 * b + k], within(1e-12));
                }
            }
            Dynamics.crba(d);
            double[] qM = ref.get("qM");
            for (int i = 0; i < m.nv; i++) {
                for (int j = 0; j < m.nv; j++) {
                    double ours = d.qM[i * m.nv + j] + (i == j ? m.dofArmature[i] : 0);
                    assertThat(ours)
                            .as("%s qM[%d][%d]", name, i, j)
                            .isCloseTo(qM[i * m.nv + j], within(1e-10));
                }
            }
            double[] bias = new double[m.nv];
            Dynamics.rnea(d, new double[m.nv], false, bias);
            double[] refBias = ref.get("bias"),
                    tau = ref.get("tau"),
                    refPassive = ref.get("passive");
            for (int i = 0; i < m.nv; i++) {
                assertThat(bias[i]).as("%s bias[%d]", name, i).isCloseTo(refBias[i], within(1e-9));
            }
            Forces.compute(d);
            double[] qacc = new double[m.nv];
            for (int i = 0; i < m.nv; i++) {
                assertThat(d.qfrcPassive[i])
                        .as("%s passive[%d]", name, i)
                        .isCloseTo(refPassive[i], within(1e-12));
                qacc[i] = tau[i] + d.qfrcPassive[i] - bias[i];
            }
            Dynamics.factor(d, 0);
            Dynamics.solve(d, qacc, 0);
            double[] refAcc = ref.get("qacc");
            for (int i = 0; i < m.nv; i++) {
                assertThat(qacc[i])
                        .as("%s qacc[%d]", name, i)
                        .isCloseTo(refAcc[i], within(1e-8 * Math.max(1, Math.abs(refAcc[i]))));
            }
            checked.add(name + s);
        }
        assertThat(checked).hasSize(5);
    }
}
