package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.collision.CollisionDetector;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.dynamics.Kinematics;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * collide() on the device against the reference engine's CollisionDetector for many random states:
 * in float64 the same contacts in the same order (geom pairs, condim, mixed parameters exactly),
 * positions, frames and distances to 1e-9. The states put bodies into each other at random
 * orientations, so every pair routine (and box-box's face and edge paths) is exercised; each test
 * also checks that the pair types it is about did produce contacts.
 *
 * <p>The reference detects on the geom poses the device computed (read back from the test kernel)
 * rather than on its own, which differ from them by an ulp or two (the device's kinematics
 * contracts multiply-adds). The contacts of curved pairs and of meshes are not continuous in the
 * poses at that scale: MPR on round surfaces stops after a pose-dependent number of refinements,
 * and a cylinder cap or mesh face offers several equally deep points to choose from. Perturbing the
 * reference's own geom poses by one ulp moves some of its cylinder, sphere-cylinder and plane-mesh
 * contacts by up to 0.14 (positions in m, frame components) in these states, as the device's poses
 * do; the poses themselves are checked against the reference's to 1e-12.
 */
class CollideMatchesReferenceTest {
    static final Path MODELS = Path.of("src/test/resources/models").toAbsolutePath();

    /** Rounding differs only in sqrt/division order-free operations; 1e-9 m is far above it. */
    private static final double TOLERANCE = 1e-9;

    /** The device's geom poses against the reference's: a few ulps of metre-sized numbers. */
    private static final double POSE_TOLERANCE = 1e-12;

    private static final int STATES = 400;

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    @Test
    void boxOnAPlane() throws Exception {
        MultibodyModel m = TestModels.compile(MODELS.resolve("box_plane.xml"));
        TreeSet<String> seen = compare(device, m, states(m, 0.3, 0.25, 1));
        assertThat(seen).contains("PLANE-BOX");
    }

    @Test
    void capsulesAndSpheres() throws Exception {
        MultibodyModel m = TestModels.compile(MODELS.resolve("capsules_spheres.xml"));
        TreeSet<String> seen = compare(device, m, states(m, 0.15, 0.12, 2));
        assertThat(seen)
                .contains(
                        "PLANE-SPHERE",
                        "PLANE-CAPSULE",
                        "SPHERE-SPHERE",
                        "SPHERE-CAPSULE",
                        "CAPSULE-CAPSULE");
    }

    @Test
    void boxStacksWithASphereAndACapsule() throws Exception {
        MultibodyModel m = TestModels.compile(MODELS.resolve("boxes_mixed.xml"));
        TreeSet<String> seen = compare(device, m, states(m, 0.08, 0.06, 3));
        assertThat(seen).contains("PLANE-BOX", "BOX-BOX", "SPHERE-BOX", "CAPSULE-BOX");
    }

    /**
     * Two cylinders with a plane, a sphere, a capsule, a box and a convex mesh, all within reach of
     * each other: the whole collide() (filter, sweep, hull.cl's cylinder pairs with the reference's
     * swap into MuJoCo's order, mixed parameters) against the reference.
     */
    @Test
    void cylindersAgainstEveryType() throws Exception {
        MultibodyModel m =
                TestModels.compile(
                        Path.of(
                                CollideMatchesReferenceTest.class
                                        .getResource("cylinders.xml")
                                        .toURI()));
        TreeSet<String> seen = compare(device, m, states(m, 0.06, 0.05, 7));
        assertThat(seen)
                .contains(
                        "PLANE-CYLINDER",
                        "SPHERE-CYLINDER",
                        "CAPSULE-CYLINDER",
                        "CYLINDER-CYLINDER",
                        "CYLINDER-BOX",
                        "CYLINDER-MESH");
    }

    /**
     * The Shadow hand's fingers (capsules), palm (boxes) and block: random finger angles within the
     * joint ranges, the block near its start over the palm. The forearm is a collidable convex mesh
     * the device does not collide; states where the reference finds a mesh contact are left out
     * (and must be few).
     */
    @Test
    void shadowHandWithItsBlock() throws Exception {
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        double[][] all = states(m, 0.03, 0.03, 4);
        List<double[]> kept = new ArrayList<>();
        CollisionDetector detector = new CollisionDetector(m);
        for (double[] q : all) {
            ContactSet ref = reference(m, detector, q);
            boolean mesh = false;
            for (int c = 0; c < ref.count; c++) {
                mesh |= m.geomType[ref.geom1[c]] == GeomType.MESH;
                mesh |= m.geomType[ref.geom2[c]] == GeomType.MESH;
            }
            if (!mesh) {
                kept.add(q);
            }
        }
        assertThat(kept.size()).isGreaterThan(all.length * 8 / 10);
        TreeSet<String> seen = compare(device, m, kept.toArray(new double[0][]));
        assertThat(seen).contains("CAPSULE-CAPSULE", "CAPSULE-BOX");
    }

    /**
     * Per-world geom friction (domain randomization scales each geom's) reaches the contacts mixed
     * as the reference mixes d.geomFriction: the higher priority geom's, else the larger per
     * component; an explicit pair keeps its own (capsules_spheres has a priority geom, boxes_mixed
     * an explicit pair).
     */
    @Test
    void perWorldFrictionIsMixedAsTheReferenceMixesIt() throws Exception {
        for (String file : new String[] {"capsules_spheres.xml", "boxes_mixed.xml"}) {
            MultibodyModel m = TestModels.compile(MODELS.resolve(file));
            double[][] q = states(m, 0.08, 0.06, 6);
            SplittableRandom rnd = new SplittableRandom(6);
            double[][] friction = new double[q.length][];
            for (int w = 0; w < q.length; w++) {
                friction[w] = m.geomFriction.clone();
                for (int g = 0; g < m.ngeom; g++) {
                    double s = rnd.nextDouble(0.5, 1.5);
                    for (int k = 0; k < 3; k++) {
                        friction[w][3 * g + k] *= s;
                    }
                }
            }
            compare(device, m, q, friction);
        }
    }

    /**
     * float32 compiles and finds the same number of contacts in nearly every state (a contact at
     * the margin may flip), each within float32's rounding of the float64 position.
     */
    @Test
    void float32AgreesApproximately() throws Exception {
        MultibodyModel m = TestModels.compile(MODELS.resolve("boxes_mixed.xml"));
        double[][] q = states(m, 0.08, 0.06, 5);
        CollideKernel.Found[] f32 = CollideKernel.run(m, device, false, q);
        CollisionDetector detector = new CollisionDetector(m);
        int same = 0, contacts = 0;
        for (int w = 0; w < q.length; w++) {
            ContactSet ref = reference(m, detector, q[w]);
            for (double x : f32[w].reals()) {
                assertThat(Double.isFinite(x)).as("state %d: finite", w).isTrue();
            }
            if (f32[w].count() != ref.count) {
                continue;
            }
            same++;
            for (int c = 0; c < ref.count; c++) {
                contacts++;
                for (int k = 0; k < 3; k++) {
                    assertThat(f32[w].reals()[CollideKernel.REALS * c + k])
                            .isCloseTo(
                                    ref.pos[3 * c + k], org.assertj.core.data.Offset.offset(1e-3));
                }
            }
        }
        assertThat(same).isGreaterThan(q.length * 9 / 10);
        assertThat(contacts).isGreaterThan(q.length);
    }

    /** Random states: free bodies moved by up to ±spread (z: ±spreadZ) at random orientations. */
    static double[][] states(MultibodyModel m, double spread, double spreadZ, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] out = new double[STATES][];
        for (int s = 0; s < STATES; s++) {
            double[] q = m.qpos0.clone();
            for (int j = 0; j < m.njnt; j++) {
                int a = m.jntQposAdr[j];
                JointType t = m.jntType[j];
                if (t == JointType.FREE) {
                    q[a] += rnd.nextDouble(-spread, spread);
                    q[a + 1] += rnd.nextDouble(-spread, spread);
                    q[a + 2] += rnd.nextDouble(-spreadZ, spreadZ);
                    randomQuat(rnd, q, a + 3);
                } else if (t == JointType.BALL) {
                    randomQuat(rnd, q, a);
                } else if (m.jntLimited[j]) {
                    q[a] = rnd.nextDouble(m.jntRange[2 * j], m.jntRange[2 * j + 1]);
                } else {
                    q[a] += rnd.nextDouble(-Math.PI, Math.PI);
                }
            }
            out[s] = q;
        }
        return out;
    }

    private static void randomQuat(SplittableRandom rnd, double[] q, int o) {
        double n = 0;
        for (int k = 0; k < 4; k++) {
            q[o + k] = rnd.nextGaussian();
            n += q[o + k] * q[o + k];
        }
        n = Math.sqrt(n);
        for (int k = 0; k < 4; k++) {
            q[o + k] /= n;
        }
    }

    static ContactSet reference(MultibodyModel m, CollisionDetector detector, double[] q) {
        return reference(m, detector, q, m.geomFriction, null);
    }

    /**
     * The reference's contacts with the world's geom friction set to {@code friction} and, unless
     * {@code poses} is null, the colliding geoms at the device's poses (a {@link
     * CollideKernel.Found#poses}) instead of the reference's own.
     */
    static ContactSet reference(
            MultibodyModel m,
            CollisionDetector detector,
            double[] q,
            double[] friction,
            double[] poses) {
        MultibodyData d = new MultibodyData(m);
        System.arraycopy(q, 0, d.qpos, 0, m.nq);
        System.arraycopy(friction, 0, d.geomFriction, 0, friction.length);
        Kinematics.forward(d);
        if (poses != null) {
            for (int g : new ContactPairs(m).collidingGeoms) {
                for (int k = 0; k < 3; k++) {
                    assertThat(Math.abs(poses[12 * g + k] - d.geomXpos[3 * g + k]))
                            .as("geom %d position", g)
                            .isLessThan(POSE_TOLERANCE);
                }
                for (int k = 0; k < 9; k++) {
                    assertThat(Math.abs(poses[12 * g + 3 + k] - d.geomXmat[9 * g + k]))
                            .as("geom %d rotation", g)
                            .isLessThan(POSE_TOLERANCE);
                }
                System.arraycopy(poses, 12 * g, d.geomXpos, 3 * g, 3);
                System.arraycopy(poses, 12 * g + 3, d.geomXmat, 9 * g, 9);
            }
        }
        ContactSet set = new ContactSet(m.maxContacts);
        detector.detect(d, set);
        return set;
    }

    /** Compares every state in float64; returns the geom type pairs that had contacts. */
    static TreeSet<String> compare(OpenClDevice device, MultibodyModel m, double[][] q)
            throws Exception {
        double[][] friction = new double[q.length][];
        java.util.Arrays.fill(friction, m.geomFriction);
        return compare(device, m, q, friction);
    }

    /** As above, each state with its own geom friction (a world's randomized parameters). */
    static TreeSet<String> compare(
            OpenClDevice device, MultibodyModel m, double[][] q, double[][] friction)
            throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        CollideKernel.Found[] found = CollideKernel.run(m, device, true, q, friction);
        CollisionDetector detector = new CollisionDetector(m);
        TreeSet<String> seen = new TreeSet<>();
        int total = 0;
        double worst = 0;
        for (int w = 0; w < q.length; w++) {
            CollideKernel.Found f = found[w];
            ContactSet ref = reference(m, detector, q[w], friction[w], f.poses());
            assertThat(f.count()).as("state %d: contacts", w).isEqualTo(ref.count);
            assertThat(f.dropped()).as("state %d: dropped", w).isEqualTo(ref.dropped);
            for (int c = 0; c < ref.count; c++) {
                String at = "state " + w + ", contact " + c;
                int[] iv = f.ints();
                assertThat(new int[] {iv[3 * c], iv[3 * c + 1], iv[3 * c + 2]})
                        .as(at + ": geom1, geom2, condim")
                        .containsExactly(ref.geom1[c], ref.geom2[c], ref.condim[c]);
                double[] r = f.reals();
                int o = CollideKernel.REALS * c;
                double[] expected = new double[CollideKernel.REALS];
                System.arraycopy(ref.pos, 3 * c, expected, 0, 3);
                System.arraycopy(ref.frame, 9 * c, expected, 3, 9);
                expected[12] = ref.dist[c];
                System.arraycopy(ref.friction, 3 * c, expected, 13, 3);
                System.arraycopy(ref.solref, 2 * c, expected, 16, 2);
                System.arraycopy(ref.solimp, 5 * c, expected, 18, 5);
                expected[23] = ref.margin[c];
                for (int k = 0; k < CollideKernel.REALS; k++) {
                    double tol = k < 13 ? TOLERANCE : 0;
                    worst = Math.max(worst, Math.abs(r[o + k] - expected[k]));
                    assertThat(Math.abs(r[o + k] - expected[k]))
                            .as("%s: value %d (%s vs reference %s)", at, k, r[o + k], expected[k])
                            .isLessThanOrEqualTo(tol);
                }
                seen.add(m.geomType[ref.geom1[c]] + "-" + m.geomType[ref.geom2[c]]);
                total++;
            }
        }
        assertThat(total).as("contacts compared").isGreaterThan(q.length / 2);
        System.out.printf(
                "%s: %d states, %d contacts (%s), largest difference %.3e%n",
                m.name, q.length, total, seen, worst);
        return seen;
    }
}
