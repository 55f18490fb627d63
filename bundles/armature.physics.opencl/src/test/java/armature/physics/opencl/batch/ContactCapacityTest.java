package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More contacts than the batch's capacity (here the model's maxContacts, or the one the options
 * give): the device keeps the first ones in the reference's order, counts the rest as dropped (as
 * the reference's ContactSet does), writes nothing out of bounds and stays finite; OpenClBatch
 * reports the overflow per world.
 */
class ContactCapacityTest {
    private static final int BOXES = 3, CAPACITY = 6;

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    /** Three free 10 cm boxes sunk 1 mm into a plane: twelve corner contacts for six slots. */
    static MultibodyModel boxesOnAPlane() {
        ModelBuilder b = new ModelBuilder("boxes_capacity").maxContacts(CAPACITY);
        double[] zero = new double[3], identity = {1, 0, 0, 0};
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], zero, identity);
        for (int i = 0; i < BOXES; i++) {
            int body = b.addBody(0, "box" + i, new double[] {0.3 * i, 0, 0.049}, identity);
            b.addFree(body, "free" + i);
            b.addGeom(
                    body, "box" + i, GeomType.BOX, new double[] {0.05, 0.05, 0.05}, zero, identity);
            b.inertialFromGeoms(body);
        }
        return b.build();
    }

    @Test
    void collideKeepsTheFirstContactsAndCountsTheRest() throws Exception {
        MultibodyModel m = boxesOnAPlane();
        double[][] q = {m.qpos0.clone()};
        CollideKernel.Found[] f = CollideKernel.run(m, device, device.fp64(), q);
        assertThat(f[0].count()).isEqualTo(CAPACITY);
        assertThat(f[0].dropped()).isEqualTo(4 * BOXES - CAPACITY);
        for (double x : f[0].reals()) {
            assertThat(Double.isFinite(x)).isTrue();
        }
        if (device.fp64()) {
            // the same six contacts as the reference, whose ContactSet drops the same six
            CollideMatchesReferenceTest.compare(device, m, q);
        }
    }

    /**
     * Two thousand worlds of a 30-dof model with contacts in float64: PoCL's default work-group
     * kept every work-item's private working set on one thread's stack and crashed the JVM
     * (SIGSEGV) from about a thousand worlds; OpenClBatch now runs one work-item per group on CPUs.
     */
    @Test
    void manyWorldsWithContactsStepWithoutOverflowingTheDeviceStack() throws Exception {
        MultibodyModel m =
                TestModels.compile(CollideMatchesReferenceTest.MODELS.resolve("boxes_mixed.xml"));
        int nw = 2048;
        try (OpenClBatch batch =
                OpenClBatch.create(
                        m, device, OpenClBatch.Options.of(nw).withFloat64(device.fp64()))) {
            batch.step(2);
            assertThat(batch.status()).containsOnly(0);
            assertThat(batch.contactCounts()).containsOnly(batch.contactCounts()[0]);
            assertThat(batch.contactCounts()[0]).isPositive();
        }
    }

    /**
     * The Shadow hand closing on its block, two block poses including the measurement's largest
     * (seed 77: 32 contacts in the reference engine): the default capacity (48, ADR 0112) keeps
     * every contact, and a deliberately small one (8) counts the overflow per world, keeps the
     * first 8 and stays finite.
     */
    @Test
    void aClosingGraspFitsTheDefaultCapacityAndOverflowsASmallOneVisibly() throws Exception {
        MultibodyModel hand = TestModels.compile(TestModels.HAND_BLOCK);
        assertThat(OpenClBatch.Options.of(1).contactCapacity(hand))
                .isEqualTo(OpenClBatch.DEFAULT_CONTACT_CAPACITY)
                .isLessThan(hand.maxContacts);
        long[] seeds = {77, 73};
        int small = 8;
        int[] peakDefault = grasp(hand, seeds, 0, device.fp64(), ClosingGrasp.CLOSE_S);
        // the fingers are on the block a quarter of a second after closing starts
        int[] peakSmall = grasp(hand, seeds, small, device.fp64(), 0.3);
        for (int w = 0; w < seeds.length; w++) {
            System.out.printf(
                    "hand closing, seed %d: peak %d contacts at the default capacity; %d kept of"
                            + " %d%n",
                    seeds[w], peakDefault[w], peakSmall[w], small);
        }
        assertThat(peakDefault[0]).as("seed 77's peak, as measured").isGreaterThanOrEqualTo(30);
        assertThat(peakSmall).containsOnly(small);
    }

    /**
     * Runs the closing grasp for the seeds' block poses on the device at {@code capacity} (0: the
     * default), closing for {@code closeS}; asserts the drop counts and finiteness and returns each
     * world's peak contact count.
     */
    private static int[] grasp(
            MultibodyModel hand, long[] seeds, int capacity, boolean float64, double closeS) {
        int nw = seeds.length;
        int[] peak = new int[nw];
        try (OpenClBatch b =
                OpenClBatch.create(
                        hand,
                        device,
                        // no latency ring, as OpenClWorld: the default capacity's program is
                        // then WorldContactsTest's, and the device compiler's cache serves both
                        new OpenClBatch.Options(nw, float64, 1, 0, new int[0], capacity))) {
            for (int w = 0; w < nw; w++) {
                b.writeState(w, ClosingGrasp.initialQpos(hand, seeds[w]), new double[hand.nv]);
            }
            int substeps = 10, settle = ClosingGrasp.settleSteps(hand) / substeps;
            int all = settle + (int) Math.round(closeS / hand.timestepSeconds / substeps);
            double[] ctrl = new double[nw * hand.nu];
            for (int s = 0; s < all; s++) {
                double[] c = ClosingGrasp.controls(hand, s < settle ? 0.5 : 1);
                for (int w = 0; w < nw; w++) {
                    System.arraycopy(c, 0, ctrl, w * hand.nu, hand.nu);
                }
                b.setControls(ctrl);
                b.step(substeps);
                int[] n = b.contactCounts();
                for (int w = 0; w < nw; w++) {
                    peak[w] = Math.max(peak[w], n[w]);
                }
            }
            assertThat(b.status()).as("every world still running").containsOnly(0);
            double[] q = new double[nw * hand.nq], v = new double[nw * hand.nv];
            b.readQpos(q);
            b.readQvel(v);
            assertThat(java.util.Arrays.stream(q).allMatch(Double::isFinite)).isTrue();
            assertThat(java.util.Arrays.stream(v).allMatch(Double::isFinite)).isTrue();
            if (capacity == 0) {
                assertThat(b.droppedContacts())
                        .as("nothing dropped at the default")
                        .containsOnly(0);
                assertThat(b.droppedConstraintRows()).containsOnly(0);
            } else {
                assertThat(java.util.Arrays.stream(b.droppedContacts()).min().orElseThrow())
                        .as("every world closing on its block overflows %d", capacity)
                        .isPositive();
                assertThat(b.droppedConstraintRows()).containsOnly(0);
            }
        }
        return peak;
    }

    @Test
    void batchReportsDroppedContactsPerWorldAndStaysFinite() {
        MultibodyModel m = boxesOnAPlane();
        int substeps = 5;
        for (boolean float64 :
                device.fp64() ? new boolean[] {false, true} : new boolean[] {false}) {
            try (OpenClBatch batch =
                    OpenClBatch.create(m, device, OpenClBatch.Options.of(4).withFloat64(float64))) {
                batch.step(substeps);
                // the boxes sink further (no constraint solver yet): all four corners stay in
                // contact, twelve found and six dropped in every substep
                assertThat(batch.contactCounts()).containsOnly(CAPACITY);
                assertThat(batch.droppedContacts()).containsOnly((4 * BOXES - CAPACITY) * substeps);
                assertThat(batch.status()).containsOnly(0);
                double[] qpos = new double[4 * m.nq];
                batch.readQpos(qpos);
                for (double x : qpos) {
                    assertThat(Double.isFinite(x)).isTrue();
                }
            }
        }
    }
}
