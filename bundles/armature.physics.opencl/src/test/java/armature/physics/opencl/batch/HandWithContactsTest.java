package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Shadow hand with its block as written (contacts with the forearm hull, capsules and boxes,
 * joint and tendon limits, friction loss), on the device against the reference engine: per world
 * and per control step the same number of contacts, the same solver iterations, and the block where
 * the reference has it, over many seeds of random controls.
 */
class HandWithContactsTest {
    private static final int WORLDS = 8;
    private static final int CONTROL_STEPS = 50;
    private static final int SUBSTEPS = 10;

    private static OpenClDevice device;
    private static MultibodyModel hand;

    @BeforeAll
    static void setUp() throws Exception {
        device = TestModels.device();
        hand = TestModels.compile(TestModels.HAND_BLOCK);
    }

    @Test
    void float64FollowsTheReferenceContactForContact() {
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
        Result r = run(true);
        System.out.printf(
                "hand float64: %d worlds x %d control steps, contact counts equal in %d of %d,"
                        + " iterations equal in %d, largest |q - q_ref| %.2e, block %.2e m,"
                        + " contacts per step up to %d%n",
                WORLDS,
                CONTROL_STEPS,
                r.sameContacts,
                r.samples,
                r.sameIterations,
                r.worstQ,
                r.worstBlockM,
                r.mostContacts);
        assertThat(r.mostContacts).as("the block and fingers really touch").isGreaterThan(3);
        assertThat(r.dropped).isZero();
        // The two run the same operations; a contact appearing or a Newton iteration more in one
        // of them would show in these counts at once.
        assertThat(r.sameContacts).isEqualTo(r.samples);
        assertThat(r.sameIterations).isEqualTo(r.samples);
        assertThat(r.worstBlockM).as("block position after 1 s").isLessThan(1e-9);
    }

    /**
     * float32 rounds differently from the first step; contacts switch on and off a step apart at
     * the edges, so counts agree in most steps, not all, and the block ends within a millimetre.
     */
    @Test
    void float32KeepsTheBlockWhereTheReferenceHasIt() {
        Result r = run(false);
        System.out.printf(
                "hand float32: contact counts equal in %d of %d, block %.2e m, largest |q - q_ref|"
                        + " %.2e%n",
                r.sameContacts, r.samples, r.worstBlockM, r.worstQ);
        assertThat(r.dropped).isZero();
        assertThat((double) r.sameContacts).isGreaterThan(0.8 * r.samples);
        assertThat(r.worstBlockM).isLessThan(1e-3);
    }

    private static final class Result {
        int samples, sameContacts, sameIterations, mostContacts;
        long dropped;
        double worstQ, worstBlockM;
    }

    private static Result run(boolean float64) {
        Result r = new Result();
        World[] ref = new World[WORLDS];
        for (int w = 0; w < WORLDS; w++) {
            ref[w] = new ReferencePhysicsEngine().createWorld(hand);
        }
        int block = hand.jntQposAdr[hand.jointNames().indexOf("object:joint")];
        try (OpenClBatch b =
                OpenClBatch.create(
                        hand, device, OpenClBatch.Options.of(WORLDS).withFloat64(float64))) {
            SplittableRandom rng = new SplittableRandom(2026);
            double[] ctrl = new double[WORLDS * hand.nu];
            double[] c = new double[hand.nu];
            for (int s = 0; s < CONTROL_STEPS; s++) {
                for (int w = 0; w < WORLDS; w++) {
                    for (int u = 0; u < hand.nu; u++) {
                        double lo = hand.actCtrlRange[2 * u], hi = hand.actCtrlRange[2 * u + 1];
                        c[u] = lo + (hi - lo) * rng.nextDouble();
                        ctrl[w * hand.nu + u] = c[u];
                    }
                    ref[w].setControls(c);
                    ref[w].step(SUBSTEPS);
                }
                b.setControls(ctrl);
                b.step(SUBSTEPS);
                int[] contacts = b.contactCounts();
                int[] iterations = b.solverIterations();
                for (int w = 0; w < WORLDS; w++) {
                    r.samples++;
                    r.mostContacts = Math.max(r.mostContacts, ref[w].contactCount());
                    r.sameContacts += contacts[w] == ref[w].contactCount() ? 1 : 0;
                    r.sameIterations += iterations[w] == ref[w].solverIterations() ? 1 : 0;
                }
            }
            assertThat(b.status()).containsOnly(0);
            for (int d : b.droppedContacts()) {
                r.dropped += d;
            }
            double[] q = new double[WORLDS * hand.nq], qr = new double[hand.nq];
            double[] vr = new double[hand.nv];
            b.readQpos(q);
            for (int w = 0; w < WORLDS; w++) {
                ref[w].readState(qr, vr);
                for (int i = 0; i < hand.nq; i++) {
                    r.worstQ = Math.max(r.worstQ, Math.abs(q[w * hand.nq + i] - qr[i]));
                }
                for (int k = 0; k < 3; k++) {
                    r.worstBlockM =
                            Math.max(
                                    r.worstBlockM,
                                    Math.abs(q[w * hand.nq + block + k] - qr[block + k]));
                }
            }
        }
        return r;
    }
}
