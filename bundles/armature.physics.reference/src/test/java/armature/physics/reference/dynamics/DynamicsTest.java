package armature.physics.reference.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.fixtures.Robots;
import armature.robot.model.JointType;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Consistency of RNEA, CRBA and the sparse factorisation on branched, multi-joint and floating
 * trees.
 */
class DynamicsTest {

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(Robots.panda(Integrator.SEMI_IMPLICIT_EULER, 0.001)),
                Arguments.of(Robots.handTree(false, Integrator.SEMI_IMPLICIT_EULER, 0.001)),
                Arguments.of(Robots.handTree(true, Integrator.SEMI_IMPLICIT_EULER, 0.001)),
                Arguments.of(Robots.doublePendulum(Integrator.RK4, 0.001)));
    }

    /** Random configuration: joint angles in [-1, 1], random unit quaternions. */
    static void randomState(MultibodyModel m, MultibodyData d, Random rnd) {
        for (int j = 0; j < m.njnt; j++) {
            int qa = m.jntQposAdr[j];
            JointType t = m.jntType[j];
            int qo = t == JointType.FREE ? qa + 3 : qa;
            if (t == JointType.FREE) {
                for (int k = 0; k < 3; k++) {
                    d.qpos[qa + k] = rnd.nextDouble() - 0.5;
                }
            }
            if (t == JointType.FREE || t == JointType.BALL) {
                double n = 0;
                for (int k = 0; k < 4; k++) {
                    d.qpos[qo + k] = rnd.nextGaussian();
                    n += d.qpos[qo + k] * d.qpos[qo + k];
                }
                for (int k = 0; k < 4; k++) {
                    d.qpos[qo + k] /= Math.sqrt(n);
                }
            } else {
                d.qpos[qa] = 2 * rnd.nextDouble() - 1;
            }
        }
        for (int i = 0; i < m.nv; i++) {
            d.qvel[i] = 4 * rnd.nextDouble() - 2;
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void inverseDynamicsOfForwardDynamicsReturnsTheTorques(MultibodyModel m) {
        MultibodyData d = new MultibodyData(m);
        Random rnd = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            randomState(m, d, rnd);
            double[] tau = new double[m.nv];
            for (int i = 0; i < m.nv; i++) {
                tau[i] = 10 * rnd.nextGaussian();
            }
            Kinematics.forward(d);
            double[] bias = new double[m.nv];
            Dynamics.rnea(d, new double[m.nv], false, bias);
            Dynamics.crba(d);
            Dynamics.factor(d, 0);
            double[] qacc = new double[m.nv];
            for (int i = 0; i < m.nv; i++) {
                qacc[i] = tau[i] - bias[i];
            }
            Dynamics.solve(d, qacc, 0);
            double[] back = new double[m.nv];
            Dynamics.rnea(d, qacc, true, back);
            for (int i = 0; i < m.nv; i++) {
                assertThat(back[i])
                        .as("dof %d, trial %d", i, trial)
                        .isCloseTo(tau[i], within(1e-9 * Math.max(1, Math.abs(tau[i]))));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void massMatrixColumnsMatchInverseDynamicsDifferences(MultibodyModel m) {
        MultibodyData d = new MultibodyData(m);
        randomState(m, d, new Random(7));
        Kinematics.forward(d);
        Dynamics.crba(d);
        double[] base = new double[m.nv], col = new double[m.nv], e = new double[m.nv];
        Dynamics.rnea(d, e, false, base);
        for (int c = 0; c < m.nv; c++) {
            java.util.Arrays.fill(e, 0);
            e[c] = 1;
            Dynamics.rnea(d, e, false, col);
            for (int r = 0; r < m.nv; r++) {
                assertThat(d.qM[r * m.nv + c])
                        .as("M[%d][%d]", r, c)
                        .isCloseTo(col[r] - base[r], within(1e-10));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void kineticEnergyRateEqualsPowerOfBiasFreeMotion(MultibodyModel m) {
        // d/dt (1/2 v^T M v) with qacc = 0 and no gravity equals v . (-c(q, v)) only if the
        // Coriolis
        // terms are consistent with M; check by finite differences along the motion.
        MultibodyData d = new MultibodyData(m);
        d.gravity[0] = d.gravity[1] = d.gravity[2] = 0;
        randomState(m, d, new Random(3));
        Kinematics.forward(d);
        double[] bias = new double[m.nv];
        Dynamics.rnea(d, new double[m.nv], false, bias);
        Dynamics.crba(d);
        double[] mdot = new double[m.nv * m.nv];
        double eps = 1e-6;
        double[] q0 = d.qpos.clone(), tmp = new double[8];
        double[] plus = new double[m.nv * m.nv], minus = new double[m.nv * m.nv];
        armature.physics.reference.sim.Simulator.integratePositions(
                m, q0, d.qvel, eps, d.qpos, tmp);
        Kinematics.forward(d);
        Dynamics.crba(d);
        System.arraycopy(d.qM, 0, plus, 0, plus.length);
        armature.physics.reference.sim.Simulator.integratePositions(
                m, q0, d.qvel, -eps, d.qpos, tmp);
        Kinematics.forward(d);
        Dynamics.crba(d);
        System.arraycopy(d.qM, 0, minus, 0, minus.length);
        for (int k = 0; k < mdot.length; k++) {
            mdot[k] = (plus[k] - minus[k]) / (2 * eps);
        }
        // power identity: v^T c = 1/2 v^T Mdot v (c without gravity, qacc = 0)
        double vc = 0, vmv = 0;
        for (int i = 0; i < m.nv; i++) {
            vc += d.qvel[i] * bias[i];
            for (int j = 0; j < m.nv; j++) {
                vmv += d.qvel[i] * mdot[i * m.nv + j] * d.qvel[j];
            }
        }
        assertThat(vc).isCloseTo(0.5 * vmv, within(1e-6 * Math.max(1, Math.abs(vc))));
    }
}
