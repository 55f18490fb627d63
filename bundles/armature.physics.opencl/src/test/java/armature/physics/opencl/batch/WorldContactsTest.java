package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.ContactPoint;
import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OpenClWorld#contacts()} reads the last timestep's contacts back from the device: against
 * the reference world's contacts for the same trajectory (float64; a cube on a plane with elliptic
 * cones, the hand with pyramidal ones), the same count, the same geoms in the same order,
 * positions, normals and distances within 1e-9 and the solver's normal forces close; and a batch
 * that records them moves nothing to the host until asked.
 */
class WorldContactsTest {
    private static final double TOL = 1e-9;

    private static OpenClDevice device;

    @TempDir Path dir;

    @BeforeAll
    static void setUp() {
        device = TestModels.device();
    }

    @Test
    void aCubeOnAPlaneReportsTheReferencesContacts() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        // elliptic: a contact's normal force is its first row's; the hand below sums pyramid edges
        for (String cone : new String[] {"elliptic"}) {
            Path f = dir.resolve(cone + ".xml");
            Files.writeString(
                    f,
                    """
                    <mujoco model="cube-%s">
                      <option timestep="0.002" cone="%s"/>
                      <worldbody>
                        <geom name="floor" type="plane" size="1 1 0.1"/>
                        <body name="cube" pos="0 0 0.06" euler="0.2 0.1 0">
                          <joint type="free"/>
                          <geom name="box" type="box" size="0.05 0.05 0.05" mass="0.5"/>
                        </body>
                      </worldbody>
                    </mujoco>
                    """
                            .formatted(cone, cone));
            MultibodyModel m = TestModels.compile(f);
            try (OpenClWorld ocl = OpenClWorld.open(m, device, true)) {
                World ref = new ReferencePhysicsEngine().createWorld(m);
                assertThat(ocl.contacts()).as("before the first step").isEmpty();
                int seen = 0;
                for (int steps : new int[] {1, 40, 1, 60, 200}) {
                    ocl.step(steps);
                    ref.step(steps);
                    seen += compare(ocl.contacts(), ref.contacts(), cone + " after " + steps);
                }
                assertThat(seen).as("contacts compared").isGreaterThanOrEqualTo(12);
                ocl.reset();
                assertThat(ocl.contacts()).as("after a reset").isEmpty();
            }
        }
    }

    @Test
    void theHandClosingOnItsBlockReportsTheReferencesContacts() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel hand = TestModels.compile(TestModels.HAND_BLOCK);
        try (OpenClWorld ocl = OpenClWorld.open(hand, device, true)) {
            World ref = new ReferencePhysicsEngine().createWorld(hand);
            double[] q = ClosingGrasp.initialQpos(hand, 77);
            int seen = 0;
            for (World w : new World[] {ocl, ref}) {
                w.writeState(q, new double[hand.nv], 0);
                w.setControls(ClosingGrasp.controls(hand, 0.5));
            }
            int settle = ClosingGrasp.settleSteps(hand);
            for (int s = 0; s < settle + 150; s += 30) {
                if (s == settle) {
                    ocl.setControls(ClosingGrasp.controls(hand, 1));
                    ref.setControls(ClosingGrasp.controls(hand, 1));
                }
                ocl.step(30);
                ref.step(30);
                seen += compare(ocl.contacts(), ref.contacts(), "hand at step " + (s + 30));
            }
            assertThat(seen).as("contacts compared").isGreaterThan(20);
        }
    }

    @Test
    void aRecordingBatchMovesNothingUntilAsked() throws Exception {
        MultibodyModel hand = TestModels.compile(TestModels.HAND_BLOCK);
        // OpenClWorld's options, so the device compiler's cache serves both tests' program
        int[] all = new int[hand.nbody];
        java.util.Arrays.setAll(all, i -> i);
        boolean f64 = device.fp64();
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, new OpenClBatch.Options(2, f64, 1, 0, all))) {
            long before = b.deviceBytesPerWorld();
            b.recordContacts(true);
            assertThat(b.deviceBytesPerWorld() - before)
                    .as("the recorded contacts' device memory per world")
                    .isEqualTo(b.contactCapacity() * (8L * (f64 ? 8 : 4) + 8));
            b.step(40); // the block falls into the palm
            long from = b.bytesFromDevice(), to = b.bytesToDevice();
            b.step(5);
            assertThat(b.bytesFromDevice()).isEqualTo(from);
            assertThat(b.bytesToDevice()).isEqualTo(to);
            int n = b.contactCounts()[1];
            assertThat(n).isPositive();
            from = b.bytesFromDevice();
            List<ContactPoint> c = b.contacts(1);
            assertThat(c).hasSize(n);
            assertThat(b.bytesFromDevice() - from).isEqualTo(4 + n * (8L * (f64 ? 8 : 4) + 8));
            for (ContactPoint p : c) {
                assertThat(p.distanceM()).isFinite();
                assertThat(p.normalForceN()).isGreaterThanOrEqualTo(0);
            }
            b.recordContacts(false);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.contacts(0))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * The engine's configured capacity reaches its worlds: three boxes on a plane make twelve
     * contacts, a capacity of 4 keeps the first four, reports them, and counts the rest.
     */
    @Test
    void theEnginesContactCapacityReachesItsWorlds() {
        MultibodyModel m = ContactCapacityTest.boxesOnAPlane();
        World w =
                new armature.physics.opencl.engine.OpenClPhysicsEngine(device.name(), false, 4)
                        .createWorld(m);
        try {
            assertThat(((OpenClWorld) w).contactCapacity()).isEqualTo(4);
            w.step(1);
            assertThat(w.contactCount()).isEqualTo(4);
            assertThat(w.droppedContacts()).isEqualTo(8);
            assertThat(w.contacts()).hasSize(4);
        } finally {
            ((OpenClWorld) w).close();
        }
    }

    /** Asserts the two lists agree; returns how many contacts were compared. */
    private static int compare(List<ContactPoint> ocl, List<ContactPoint> ref, String when) {
        assertThat(ocl).as(when + ": count").hasSameSizeAs(ref);
        for (int i = 0; i < ref.size(); i++) {
            ContactPoint a = ocl.get(i), r = ref.get(i);
            String at = when + ", contact " + i;
            assertThat(a.geom1()).as(at + " geom1").isEqualTo(r.geom1());
            assertThat(a.geom2()).as(at + " geom2").isEqualTo(r.geom2());
            for (int k = 0; k < 3; k++) {
                assertThat(Math.abs(a.positionM()[k] - r.positionM()[k]))
                        .as(at + " position")
                        .isLessThan(TOL);
                assertThat(Math.abs(a.normal()[k] - r.normal()[k]))
                        .as(at + " normal")
                        .isLessThan(TOL);
            }
            assertThat(Math.abs(a.distanceM() - r.distanceM()))
                    .as(at + " distance")
                    .isLessThan(TOL);
            assertThat(Math.abs(a.normalForceN() - r.normalForceN()))
                    .as(at + " normal force %s vs %s", a.normalForceN(), r.normalForceN())
                    .isLessThan(1e-6 * Math.max(1, Math.abs(r.normalForceN())));
            for (int k = 0; k < 3; k++) {
                WORST[0] = Math.max(WORST[0], Math.abs(a.positionM()[k] - r.positionM()[k]));
                WORST[2] = Math.max(WORST[2], Math.abs(a.normal()[k] - r.normal()[k]));
            }
            WORST[1] = Math.max(WORST[1], Math.abs(a.normalForceN() - r.normalForceN()));
            WORST[3] = Math.max(WORST[3], Math.abs(a.distanceM() - r.distanceM()));
        }
        System.out.printf(
                "%s: %d contacts; largest differences so far: position %.2e m, normal %.2e,"
                        + " distance %.2e m, normal force %.2e N%n",
                when, ref.size(), WORST[0], WORST[2], WORST[3], WORST[1]);
        return ref.size();
    }

    /** Largest differences seen: position, normal force, normal, distance. */
    private static final double[] WORST = new double[4];
}
