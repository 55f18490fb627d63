package armature.physics.reference.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.math.Quat;
import armature.physics.math.Vec3;
import armature.physics.model.Integrator;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.dynamics.Dynamics;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.fixtures.Robots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Trajectories against closed-form mechanics. */
class IntegrationTest {
    static final double G = 9.81;

    /** Complete elliptic integral of the first kind K(k) by the arithmetic-geometric mean. */
    static double ellipticK(double k) {
        double a = 1, b = Math.sqrt(1 - k * k);
        for (int i = 0; i < 40; i++) {
            double an = 0.5 * (a + b);
            b = Math.sqrt(a * b);
            a = an;
        }
        return Math.PI / (2 * a);
    }

    /** Time of the second zero crossing of the velocity (one full period from rest at +theta0). */
    static double measurePeriod(Simulator sim, double theta0, double maxTime) {
        sim.data.qpos[0] = theta0;
        double h = sim.model.timestepSeconds;
        double prevV = 0, t = 0;
        int crossings = 0;
        while (t < maxTime) {
            sim.step();
            double v = sim.data.qvel[0];
            t = sim.data.time;
            if (t > h * 1.5 && Math.signum(v) != Math.signum(prevV) && prevV != 0) {
                crossings++;
                if (crossings == 2) {
                    return t - h + h * prevV / (prevV - v);
                }
            }
            prevV = v;
        }
        throw new AssertionError("no period within " + maxTime + " s");
    }

    @Test
    void smallAnglePendulumPeriodMatchesLinearTheory() {
        double l = 0.8, mass = 1.3, ic = 0.002;
        Simulator sim = new Simulator(Robots.pendulum(l, mass, ic, Integrator.RK4, 1e-3));
        double iPivot = ic + mass * l * l;
        double expected = 2 * Math.PI * Math.sqrt(iPivot / (mass * G * l));
        double measured = measurePeriod(sim, 1e-3, 5);
        // theta0^2/16 = 6e-8 relative amplitude correction; interpolation error ~1e-8 s
        assertThat(measured).isCloseTo(expected, within(1e-6 * expected));
    }

    @Test
    void largeAmplitudePendulumPeriodMatchesEllipticIntegral() {
        double l = 0.8, mass = 1.3, ic = 0.002, theta0 = 2.5;
        Simulator sim = new Simulator(Robots.pendulum(l, mass, ic, Integrator.RK4, 1e-3));
        double iPivot = ic + mass * l * l;
        double expected = 4 * Math.sqrt(iPivot / (mass * G * l)) * ellipticK(Math.sin(theta0 / 2));
        double measured = measurePeriod(sim, theta0, 10);
        assertThat(measured).isCloseTo(expected, within(1e-6 * expected));
        // and it is clearly not the small-angle period (the test can tell them apart)
        assertThat(expected / (2 * Math.PI * Math.sqrt(iPivot / (mass * G * l))))
                .isGreaterThan(1.3);
    }

    static double energy(Simulator sim) {
        Kinematics.forward(sim.data);
        Dynamics.crba(sim.data);
        return Dynamics.energy(sim.data);
    }

    static double maxEnergyDeviation(Integrator integrator, double h, double seconds) {
        Simulator sim = new Simulator(Robots.doublePendulum(integrator, h));
        sim.data.qpos[0] = 1.0;
        sim.data.qpos[1] = 0.5;
        double e0 = energy(sim);
        double maxDev = 0;
        int steps = (int) Math.round(seconds / h);
        for (int i = 0; i < steps; i++) {
            sim.step();
            maxDev = Math.max(maxDev, Math.abs(energy(sim) - e0));
        }
        return maxDev;
    }

    @Test
    void doublePendulumEnergyDriftWithRk4IsNegligibleOverTenSeconds() {
        // energy scale m g L ~ 10 J
        assertThat(maxEnergyDeviation(Integrator.RK4, 1e-3, 10)).isLessThan(1e-6);
    }

    @Test
    void doublePendulumEnergyDriftWithSemiImplicitEulerIsBoundedAndFirstOrder() {
        // Semi-implicit Euler evaluates Coriolis terms explicitly, so a chaotic double pendulum
        // slowly gains energy (measured: ~0.17 J after 10 s at 1 ms). The drift must stay below
        // 0.25 J (about 2.5 % of m g L) and halve with the timestep, i.e. be discretisation error.
        double coarse = maxEnergyDeviation(Integrator.SEMI_IMPLICIT_EULER, 1e-3, 10);
        double fine = maxEnergyDeviation(Integrator.SEMI_IMPLICIT_EULER, 5e-4, 10);
        assertThat(coarse).isLessThan(0.25);
        assertThat(fine / coarse).isBetween(0.4, 0.6);
    }

    @Test
    void handTreeEnergyIsConservedWithRk4() {
        MultibodyModel m = Robots.handTree(true, Integrator.RK4, 2.5e-4);
        Simulator sim = new Simulator(m);
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < m.nv; i++) {
            sim.data.qvel[i] = rnd.nextDouble() - 0.5;
        }
        double e0 = energy(sim);
        for (int i = 0; i < 2000; i++) {
            sim.step();
        }
        // measured 1.24e-6 relative since contacts use MuJoCo's damped soft law (ADR 0082)
        assertThat(energy(sim)).isCloseTo(e0, within(5e-6 * Math.max(1, Math.abs(e0))));
    }

    @Test
    void freeFallFollowsTheDiscreteAndContinuousParabola() {
        ModelBuilder b = new ModelBuilder("ball").timestep(1e-3);
        int ball = b.addBody(0, "ball", new double[] {0, 0, 10}, Robots.IDENTITY);
        b.inertial(ball, 0.5, Robots.ORIGIN, new double[] {1e-3, 1e-3, 1e-3, 0, 0, 0});
        b.addFree(ball, "free");
        Simulator sim = new Simulator(b.build());
        int n = 1000;
        for (int i = 0; i < n; i++) {
            sim.step();
        }
        double h = 1e-3;
        // semi-implicit Euler: z_n = z0 - g h^2 n (n + 1) / 2 exactly
        assertThat(sim.data.qpos[2]).isCloseTo(10 - G * h * h * n * (n + 1) / 2, within(1e-9));
        assertThat(sim.data.qpos[2]).isCloseTo(10 - 0.5 * G * 1.0, within(G * h));
        assertThat(sim.data.qvel[2]).isCloseTo(-G * 1.0, within(1e-9));
    }

    @ParameterizedTest
    @EnumSource(Integrator.class)
    void spinningAsymmetricProjectileConservesAngularMomentumAndFliesAParabola(
            Integrator integrator) {
        double h = integrator == Integrator.RK4 ? 1e-3 : 1e-4;
        ModelBuilder b = new ModelBuilder("brick").timestep(h).integrator(integrator);
        int body = b.addBody(0, "brick", new double[] {0, 0, 1}, Robots.IDENTITY);
        double[] comLocal = {0.05, 0, 0};
        double[] inertia = {0.01, 0.02, 0.03};
        b.inertial(body, 2, comLocal, new double[] {inertia[0], inertia[1], inertia[2], 0, 0, 0});
        b.addFree(body, "free");
        Simulator sim = new Simulator(b.build());
        double[] v = sim.data.qvel;
        v[0] = 1;
        v[2] = 5;
        // near the intermediate axis: tumbles (Dzhanibekov), a demanding case
        v[3] = 0.1;
        v[4] = 6;
        v[5] = 0.1;
        double[] l0 = angularMomentum(sim, comLocal, inertia);
        sim.ensureKinematics();
        double[] com0 = sim.data.xipos.clone();
        double[] wWorld = new double[3], r = new double[3], vcom0 = new double[3];
        Vec3.mulMat(sim.data.xmat, 9, v, 3, wWorld, 0);
        Vec3.mulMat(sim.data.xmat, 9, comLocal, 0, r, 0);
        Vec3.cross(wWorld, 0, r, 0, vcom0, 0);
        vcom0[0] += v[0];
        vcom0[1] += v[1];
        vcom0[2] += v[2];
        int steps = (int) Math.round(2.0 / h);
        for (int i = 0; i < steps; i++) {
            sim.step();
        }
        double t = sim.data.time;
        double[] l1 = angularMomentum(sim, comLocal, inertia);
        double tolL = integrator == Integrator.RK4 ? 1e-6 : 1e-3;
        for (int k = 0; k < 3; k++) {
            assertThat(l1[k]).as("L[%d]", k).isCloseTo(l0[k], within(tolL * 0.12));
        }
        sim.invalidate();
        sim.ensureKinematics();
        double tolX = integrator == Integrator.RK4 ? 1e-6 : 2e-3;
        for (int k = 0; k < 3; k++) {
            double expected = com0[3 + k] + vcom0[k] * t + (k == 2 ? -0.5 * G * t * t : 0);
            assertThat(sim.data.xipos[3 + k]).as("com[%d]", k).isCloseTo(expected, within(tolX));
        }
    }

    /** World angular momentum about the com: R I omega_body. */
    static double[] angularMomentum(Simulator sim, double[] comLocal, double[] inertia) {
        double[] q = new double[4], rm = new double[9], lb = new double[3], lw = new double[3];
        System.arraycopy(sim.data.qpos, 3, q, 0, 4);
        Quat.toMatrix(q, 0, rm, 0);
        for (int k = 0; k < 3; k++) {
            lb[k] = inertia[k] * sim.data.qvel[3 + k];
        }
        Vec3.mulMat(rm, 0, lb, 0, lw, 0);
        return lw;
    }
}
