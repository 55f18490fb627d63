package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.engine.OpenClPhysicsEngine;
import armature.physics.reference.ReferencePhysicsEngine;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RK4 on the device (MJCF {@code integrator="RK4"}) against the reference engine's RK4, float64,
 * the same controls: the double pendulum, the Shadow hand without constraints, and the hand with
 * its block as written (contacts, limits, tendons), where the constraints are solved at each of the
 * four stages. Both engines run the same operations in the same order, so they agree to rounding;
 * the bounds allow the growth of rounding differences over the run.
 */
class Rk4MatchesReferenceTest {
    private static OpenClDevice device;

    @BeforeAll
    static void setUp() {
        device = TestModels.device();
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
    }

    @Test
    void theDoublePendulumFollowsTheReference() throws Exception {
        MultibodyModel m = TestModels.withIntegrator(TestModels.PENDULUM, "RK4");
        double[] q0 = new double[m.nq];
        for (int i = 0; i < m.nq; i++) {
            q0[i] = 0.7 + 0.3 * i; // off the hanging rest, so it swings
        }
        assertFollows(m, 1000, 1e-9, q0);
    }

    @Test
    void theHandWithoutConstraintsFollowsTheReference() throws Exception {
        MultibodyModel m =
                TestModels.withIntegrator(
                        TestModels.HAND_BLOCK,
                        "RK4",
                        "contact",
                        "limit",
                        "equality",
                        "frictionloss");
        assertFollows(m, 250, 1e-8, null);
    }

    @Test
    void theHandWithItsBlockAsWrittenFollowsTheReference() throws Exception {
        MultibodyModel m = TestModels.withIntegrator(TestModels.HAND_BLOCK, "RK4");
        int contacts = assertFollows(m, 250, 1e-7, null);
        assertThat(contacts).as("contacts in the run's last steps").isPositive();
    }

    /** Steps both engines with the same random controls; returns the contacts of the last step. */
    private static int assertFollows(MultibodyModel m, int steps, double tol, double[] q0) {
        assertThat(m.integrator).isEqualTo(Integrator.RK4);
        World ocl = new OpenClPhysicsEngine(device.name(), true).createWorld(m);
        World ref = new ReferencePhysicsEngine().createWorld(m);
        try {
            if (q0 != null) {
                for (World w : new World[] {ocl, ref}) {
                    w.writeState(q0, new double[m.nv], 0);
                }
            }
            Random rnd = new Random(7);
            double[] c = new double[m.nu];
            double[] q = new double[m.nq], v = new double[m.nv];
            double[] qr = new double[m.nq], vr = new double[m.nv];
            int contacts = 0;
            for (int k = 0; k < steps; k += 10) {
                for (int u = 0; u < m.nu; u++) {
                    double lo = m.actCtrlRange[2 * u], hi = m.actCtrlRange[2 * u + 1];
                    c[u] = lo + (hi - lo) * rnd.nextDouble();
                }
                for (World w : new World[] {ocl, ref}) {
                    w.setControls(c);
                    w.step(10);
                }
                contacts = Math.max(contacts, ocl.contactCount());
                assertThat(ocl.contactCount())
                        .as("contacts after step %d", k + 10)
                        .isEqualTo(ref.contactCount());
            }
            ocl.readState(q, v);
            ref.readState(qr, vr);
            double moved = 0;
            for (int i = 0; i < m.nq; i++) {
                assertThat(q[i])
                        .as("%s: qpos[%d] after %d RK4 steps", m.name, i, steps)
                        .isCloseTo(qr[i], within(tol));
                moved = Math.max(moved, Math.abs(qr[i] - (q0 != null ? q0[i] : m.qpos0[i])));
            }
            for (int i = 0; i < m.nv; i++) {
                assertThat(v[i])
                        .as("%s: qvel[%d] after %d RK4 steps", m.name, i, steps)
                        .isCloseTo(vr[i], within(100 * tol));
            }
            assertThat(moved).as("the run moved the model").isGreaterThan(0.01);
            return contacts;
        } finally {
            ((OpenClWorld) ocl).close();
        }
    }
}
