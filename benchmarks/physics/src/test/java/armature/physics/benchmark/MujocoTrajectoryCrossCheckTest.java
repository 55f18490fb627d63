package armature.physics.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.sim.Simulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole step (kinematics, RNEA, CRBA, implicit-damping Euler, position actuators on joints and
 * fixed tendons, ctrl and force ranges, armature, free-falling block) against MuJoCo 3.14.0 running
 * the exported MJCF of the same contact-free hand for 500 steps. Reference values and the script
 * are in src/test/resources/mujoco. Contacts are off because the two engines' contact models differ
 * by design (ADR 0020); everything else should agree to rounding.
 */
class MujocoTrajectoryCrossCheckTest {

    static Map<String, double[]> reference(String resource) throws IOException {
        Map<String, double[]> rows = new HashMap<>();
        try (var in = MujocoTrajectoryCrossCheckTest.class.getResourceAsStream(resource);
                var reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split(",");
                double[] v = new double[p.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(p[i + 2]);
                }
                rows.put(p[0] + ":" + p[1], v);
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void contactFreeHandFollowsMujocosTrajectory(Integrator integrator) throws IOException {
        Map<String, double[]> ref =
                reference(
                        integrator == Integrator.RK4
                                ? "/mujoco/hand_no_contacts_rk4.csv"
                                : "/mujoco/hand_no_contacts.csv");
        MultibodyModel m = ShadowLikeHand.build(0.002, false, integrator);
        Simulator sim = new Simulator(m);
        int checks = 0;
        for (int step = 1; step <= 500; step++) {
            double t = sim.data.time;
            for (int u = 0; u < m.nu; u++) {
                double lo = m.actCtrlRange[2 * u], hi = m.actCtrlRange[2 * u + 1];
                sim.data.ctrl[u] = lo + (hi - lo) * (0.35 + 0.15 * Math.sin(2 * t + 0.7 * u));
            }
            sim.step();
            double[] q = ref.get(step + ":qpos");
            if (q == null) {
                continue;
            }
            assertThat(sim.constraintRows()).as("no joint limit engaged").isZero();
            for (int i = 0; i < m.nq; i++) {
                assertThat(sim.data.qpos[i])
                        .as("qpos[%d] after %d steps", i, step)
                        .isCloseTo(q[i], within(1e-9));
            }
            double[] f = ref.get(step + ":force");
            for (int u = 0; u < m.nu; u++) {
                assertThat(sim.data.actuatorForce[u])
                        .as("force[%d] in step %d", u, step)
                        .isCloseTo(f[u], within(1e-9));
            }
            checks++;
        }
        assertThat(checks).isEqualTo(3);
    }
}
