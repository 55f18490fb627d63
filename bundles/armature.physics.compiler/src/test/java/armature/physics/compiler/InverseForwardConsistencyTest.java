package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.JointType;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On the compiled real robots, inverse dynamics undoes forward dynamics: RNEA(q, qd, FD(q, qd,
 * tau)) equals tau to 1e-9 relative (infinity norm, relative to max(1, |tau|_inf)) at 20 random
 * states each. Forward dynamics is CRBA + tree-sparse LDL solve of (M + armature) qacc = tau - c.
 * This checks the compiled inertias, frames and axes are self-consistent, not agreement with MuJoCo
 * (the engine's own MuJoCo cross-check covers that).
 */
class InverseForwardConsistencyTest {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    static Stream<Path> robots() {
        return Stream.of(
                RealModels.PANDA, RealModels.UR5, RealModels.ALLEGRO, RealModels.SHADOW_BLOCK);
    }

    @ParameterizedTest
    @MethodSource("robots")
    void rneaOfForwardDynamicsReturnsTheAppliedForces(Path file) throws Exception {
        MultibodyModel m = ModelCompiler.compile(RealModels.load(file), w -> {});
        MultibodyData d = new MultibodyData(m);
        Random rnd = new Random(file.getFileName().toString().hashCode());
        double[] zeros = new double[m.nv];
        double[] bias = new double[m.nv];
        double[] tau = new double[m.nv];
        double[] qacc = new double[m.nv];
        double[] back = new double[m.nv];
        double worst = 0;
        for (int trial = 0; trial < 20; trial++) {
            randomState(m, d, rnd);
            for (int i = 0; i < m.nv; i++) {
                tau[i] = rnd.nextGaussian();
            }
            Kinematics.forward(d);
            Dynamics.rnea(d, zeros, false, bias);
            Dynamics.crba(d);
            Dynamics.factor(d, 0);
            for (int i = 0; i < m.nv; i++) {
                qacc[i] = tau[i] - bias[i];
            }
            Dynamics.solve(d, qacc, 0);
            Dynamics.rnea(d, qacc, true, back);
            double scale = 1;
            double err = 0;
            for (int i = 0; i < m.nv; i++) {
                scale = Math.max(scale, Math.abs(tau[i]));
                err = Math.max(err, Math.abs(back[i] - tau[i]));
            }
            worst = Math.max(worst, err / scale);
        }
        System.out.printf(
                "%s: worst relative |RNEA(FD(tau)) - tau| = %.2e%n", file.getFileName(), worst);
        assertThat(worst).isLessThan(RELATIVE_TOLERANCE);
    }

    /** Joint values uniform in their range (or +-pi), unit quaternions, velocities N(0, 1). */
    static void randomState(MultibodyModel m, MultibodyData d, Random rnd) {
        for (int j = 0; j < m.njnt; j++) {
            int a = m.jntQposAdr[j];
            JointType t = m.jntType[j];
            if (t == JointType.FREE) {
                for (int k = 0; k < 3; k++) {
                    d.qpos[a + k] = rnd.nextDouble() - 0.5;
                }
                randomQuat(d.qpos, a + 3, rnd);
            } else if (t == JointType.BALL) {
                randomQuat(d.qpos, a, rnd);
            } else if (m.jntLimited[j]) {
                double lo = m.jntRange[2 * j];
                double hi = m.jntRange[2 * j + 1];
                d.qpos[a] = lo + (hi - lo) * rnd.nextDouble();
            } else {
                d.qpos[a] = Math.PI * (2 * rnd.nextDouble() - 1);
            }
        }
        for (int i = 0; i < m.nv; i++) {
            d.qvel[i] = rnd.nextGaussian();
        }
    }

    private static void randomQuat(double[] q, int at, Random rnd) {
        double n = 0;
        for (int k = 0; k < 4; k++) {
            q[at + k] = rnd.nextGaussian();
            n += q[at + k] * q[at + k];
        }
        n = Math.sqrt(n);
        for (int k = 0; k < 4; k++) {
            q[at + k] /= n;
        }
    }
}
