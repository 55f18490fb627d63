package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More contacts than the model's capacity: the device keeps the first maxContacts in the
 * reference's order, counts the rest as dropped (as the reference's ContactSet does), writes
 * nothing out of bounds and stays finite; OpenClBatch reports the overflow per world.
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
