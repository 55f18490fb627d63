package armature.physics.opencl.batch;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import java.util.SplittableRandom;

/**
 * The Shadow hand closing on its block, the scene the device's contact capacity is sized from
 * (docs/physics-opencl.md, ADR 0112). Per seed the block starts at the model's position moved by up
 * to 1 cm in x and y with a uniformly random orientation, falls into the palm for {@link #SETTLE_S}
 * with the hand's controls at their mid-range, then every actuator's control goes to the upper end
 * of its range (flexing the fingers and thumb onto the block) for {@link #CLOSE_S}.
 */
final class ClosingGrasp {
    static final double SETTLE_S = 0.3, CLOSE_S = 1.2;

    private ClosingGrasp() {}

    /** The initial state of seed {@code seed}: qpos0 with the block moved and turned. */
    static double[] initialQpos(MultibodyModel hand, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = hand.qpos0.clone();
        int a = hand.jntQposAdr[hand.jointNames().indexOf("object:joint")];
        q[a] += 0.01 * (2 * rng.nextDouble() - 1);
        q[a + 1] += 0.01 * (2 * rng.nextDouble() - 1);
        // a uniform random rotation: a normalised 4-d Gaussian
        double[] g = new double[4];
        double n = 0;
        for (int k = 0; k < 4; k++) {
            g[k] = gaussian(rng);
            n += g[k] * g[k];
        }
        n = Math.sqrt(n);
        for (int k = 0; k < 4; k++) {
            q[a + 3 + k] = g[k] / n;
        }
        return q;
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1 - rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Controls at {@code fraction} of every actuator's range (0 lower end, 1 upper end). */
    static double[] controls(MultibodyModel hand, double fraction) {
        double[] c = new double[hand.nu];
        for (int u = 0; u < hand.nu; u++) {
            double lo = hand.actCtrlRange[2 * u], hi = hand.actCtrlRange[2 * u + 1];
            c[u] = lo + fraction * (hi - lo);
        }
        return c;
    }

    /** Timesteps of the settling phase and of the whole grasp. */
    static int settleSteps(MultibodyModel hand) {
        return (int) Math.round(SETTLE_S / hand.timestepSeconds);
    }

    static int steps(MultibodyModel hand) {
        return (int) Math.round((SETTLE_S + CLOSE_S) / hand.timestepSeconds);
    }

    /**
     * The largest contact count of any timestep of seed {@code seed}, with the reference engine.
     */
    static int referencePeak(MultibodyModel hand, long seed) {
        return referencePeak(hand, seed, 1);
    }

    /** As {@link #referencePeak(MultibodyModel, long)}, closing to {@code close} of the ranges. */
    static int referencePeak(MultibodyModel hand, long seed, double close) {
        World w = new ReferencePhysicsEngine().createWorld(hand);
        w.writeState(initialQpos(hand, seed), new double[hand.nv], 0);
        int peak = 0, settle = settleSteps(hand), all = steps(hand);
        w.setControls(controls(hand, 0.5));
        for (int s = 0; s < all; s++) {
            if (s == settle) {
                w.setControls(controls(hand, close));
            }
            w.step(1);
            peak = Math.max(peak, w.contactCount());
            if (w.droppedContacts() > 0) {
                throw new IllegalStateException("the reference dropped contacts at step " + s);
            }
        }
        return peak;
    }

    /** Prints each seed's peak and the largest: the measurement behind the default capacity. */
    public static void main(String[] args) throws Exception {
        MultibodyModel hand = TestModels.compile(TestModels.HAND_BLOCK);
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int most = 0, resting = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            int p = referencePeak(hand, seed);
            int r = referencePeak(hand, seed, 0.5);
            most = Math.max(most, p);
            resting = Math.max(resting, r);
            System.out.printf("seed %d: peak %d contacts closing, %d resting%n", seed, p, r);
        }
        System.out.printf("resting hand: largest peak %d%n", resting);
        System.out.printf(
                "largest peak over %d seeds: %d (model maxContacts %d)%n",
                seeds, most, hand.maxContacts);
    }
}
