package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.sim.Simulator;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Step response of a position actuator of the real Shadow hand ({@code hand/reach.xml}), gravity
 * off, every other servo holding its start position. The joint should behave like I q'' + c q' + kp
 * q = kp target, with I the joint's diagonal of the mass matrix plus its armature at the start
 * pose, c the joint damping and kp from the MJCF. Checked: the time to cover 63.2 % of the step is
 * within 5 % of that second-order model's (measured: within 1 to 2 %; couplings through the other
 * joints and the discrete step account for it), and the joint settles within 1 % of the step
 * (friction loss 0.001 N m over kp 1 to 5) after ten of those times.
 */
class PositionServoStepTest {

    @ParameterizedTest
    @CsvSource({"robot0:A_WRJ0, 0.2", "robot0:A_FFJ3, 0.2", "robot0:A_THJ4, 0.3"})
    void stepResponseMatchesTheSecondOrderModelOfKpAndJointInertia(String actuator, double step)
            throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        RealModels.load(RealModels.HAND.resolve("reach.xml")), w -> {});
        Simulator sim = new Simulator(m);
        Arrays.fill(sim.data.gravity, 0);
        int u = m.actuatorNames().indexOf(actuator);
        assertThat(u).isNotNegative();
        assertThat(m.actOnTendon[u]).isFalse();
        int joint = m.actTarget[u];
        int qa = m.jntQposAdr[joint];
        int dof = m.jntDofAdr[joint];
        holdCurrentPose(sim);
        double q0 = sim.data.qpos[qa];
        double target = q0 + step;
        assertThat(target).isBetween(m.actCtrlRange[2 * u], m.actCtrlRange[2 * u + 1]);
        assertThat(m.actGain[u] * step)
                .as("no force saturation")
                .isLessThan(m.actForceRange[2 * u + 1]);

        Kinematics.forward(sim.data);
        Dynamics.crba(sim.data);
        double inertia = sim.data.qM[dof * m.nv + dof] + m.dofArmature[dof];
        double kp = m.actGain[u];
        double damping = m.dofDamping[dof];
        double predicted = t63(inertia, damping, kp);

        sim.data.ctrl[u] = target;
        double t63 = Double.NaN;
        int steps = (int) Math.ceil(10 * predicted / m.timestepSeconds);
        for (int s = 1; s <= steps; s++) {
            sim.step();
            if (Double.isNaN(t63) && sim.data.qpos[qa] - q0 >= 0.632 * step) {
                t63 = s * m.timestepSeconds;
            }
        }
        System.out.printf(
                "%s: I = %.3e kg m^2, c = %.3g, kp = %.3g: 63%% rise %.4f s, model %.4f s,"
                        + " final error %.2e rad%n",
                actuator, inertia, damping, kp, t63, predicted, sim.data.qpos[qa] - target);
        assertThat(t63).isCloseTo(predicted, within(0.05 * predicted));
        assertThat(sim.data.qpos[qa]).isCloseTo(target, within(0.01 * step));
    }

    /** Sets every servo's command to where its joint or tendon is, then lets the hand settle. */
    private static void holdCurrentPose(Simulator sim) {
        MultibodyModel m = sim.model;
        sim.ensureKinematics();
        for (int a = 0; a < m.nu; a++) {
            double length =
                    m.actOnTendon[a]
                            ? sim.data.tendonLength[m.actTarget[a]]
                            : sim.data.qpos[m.jntQposAdr[m.actTarget[a]]];
            sim.data.ctrl[a] = m.actGear[a] * length;
        }
        for (int s = 0; s < 250; s++) {
            sim.step();
        }
    }

    /** Time for I x'' + c x' + kp x = kp (x(0) = x'(0) = 0) to reach 0.632, by fine RK4. */
    static double t63(double inertia, double damping, double kp) {
        double h = 1e-6 * Math.sqrt(inertia / kp) + 1e-7;
        double x = 0;
        double v = 0;
        double t = 0;
        while (x < 0.632) {
            double[] k1 = deriv(x, v, inertia, damping, kp);
            double[] k2 = deriv(x + h / 2 * k1[0], v + h / 2 * k1[1], inertia, damping, kp);
            double[] k3 = deriv(x + h / 2 * k2[0], v + h / 2 * k2[1], inertia, damping, kp);
            double[] k4 = deriv(x + h * k3[0], v + h * k3[1], inertia, damping, kp);
            x += h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
            v += h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
            t += h;
        }
        return t;
    }

    private static double[] deriv(double x, double v, double inertia, double damping, double kp) {
        return new double[] {v, (kp * (1 - x) - damping * v) / inertia};
    }
}
