package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.collision.NarrowPhase;
import armature.physics.reference.dynamics.MultibodyData;
import armature.robot.model.GeomType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mesh contacts on the device (hull.cl) against the reference engine's narrow phase: geom poses are
 * drawn at random around touching (random orientations, and orientations near face-aligned so that
 * faces rest on faces and capsules lie on faces), written into the reference's geom poses and given
 * to the test kernel hull_test.cl, and both must report the same contacts in the same order: geoms,
 * positions, frames and distances within {@link #TOLERANCE_M} in float64.
 */
class HullContactsMatchReferenceTest {
    /**
     * The same operations in the same order give the same numbers up to the compiler's freedom
     * (contraction into fused multiply-adds); positions of centimetre geoms then differ by a few
     * 1e-18 m. 1e-9 leaves room for that and none for a wrong feature (another face or edge moves a
     * contact by millimetres).
     */
    private static final double TOLERANCE_M = 1e-9;

    private static final int IN = 25, OUT = 13, LOCAL = 8;

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    private static Path resource(String name) throws Exception {
        return Path.of(HullContactsMatchReferenceTest.class.getResource(name).toURI());
    }

    /** A geom pair and both poses: position 3, rotation 9 each, and the margin. */
    record Case(int g1, int g2, double[] reals, int prefill) {
        Case(int g1, int g2, double[] reals) {
            this(g1, g2, reals, 0);
        }
    }

    @Test
    void meshesAgainstPlaneBoxSphereCapsuleAndMesh() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(resource("hulls.xml"));
        int floor = geom(m, "floor"), oct = geom(m, "oct"), hex = geom(m, "hex");
        int hex2 = geom(m, "hex2");
        int box = geom(m, "box"), ball = geom(m, "ball"), capsule = geom(m, "capsule");
        int[][] pairs = {
            {floor, oct},
            {hex, floor},
            {ball, oct},
            {hex, ball},
            {capsule, hex},
            {oct, capsule},
            {box, hex},
            {oct, box},
            {oct, hex},
            {hex, oct},
            {hex2, hex}
        };
        SplittableRandom r = new SplittableRandom(11);
        List<Case> cases = new ArrayList<>();
        for (int[] p : pairs) {
            for (int k = 0; k < 400; k++) {
                cases.add(draw(m, p[0], p[1], r));
            }
        }
        Result res = compare(m, cases, "test meshes");
        // every path taken: manifolds of several points and single points, on every pair
        for (int[] p : pairs) {
            assertThat(res.touching(p[0], p[1]))
                    .as(
                            "cases with contacts for %s - %s",
                            m.geomNames().get(p[0]), m.geomNames().get(p[1]))
                    .isGreaterThan(40);
        }
        assertThat(res.multi(hex, floor)).as("hexagon resting on the floor").isPositive();
        assertThat(res.multi(box, hex)).as("box face on a prism face").isPositive();
        assertThat(res.multi(hex, oct)).as("prism face on an octahedron face").isPositive();
        assertThat(res.multi(hex2, hex)).as("prism on prism (one mesh, two geoms)").isPositive();
        assertThat(res.multi(capsule, hex)).as("capsule lying on a prism face").isPositive();
    }

    /**
     * Cylinders (hull.cl's CurvedContacts and PlaneContacts.cylinder) against a plane, a sphere, a
     * capsule, a box, a cylinder and a mesh, each pair in both orders where the order matters: the
     * reference computes a box with a cylinder box first and then swaps the contacts into MuJoCo's
     * order (cylinder first, normal negated, frame remade). Near-aligned draws put caps on faces
     * and caps, sides along faces and along each other (the parallel side lines), so the manifold
     * paths are taken as well as the single MPR point.
     */
    @Test
    void cylindersAgainstEveryGeomType() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(resource("cylinders.xml"));
        int floor = geom(m, "floor"), cyl = geom(m, "cyl"), cyl2 = geom(m, "cyl2");
        int box = geom(m, "box"), ball = geom(m, "ball"), capsule = geom(m, "capsule");
        int hex = geom(m, "hex");
        int[][] pairs = {
            {floor, cyl},
            {cyl2, floor},
            {ball, cyl},
            {cyl2, ball},
            {capsule, cyl},
            {cyl2, capsule},
            {box, cyl},
            {cyl2, box},
            {cyl, cyl2},
            {cyl2, cyl},
            {cyl, hex},
            {hex, cyl2}
        };
        SplittableRandom r = new SplittableRandom(31);
        List<Case> cases = new ArrayList<>();
        for (int[] p : pairs) {
            for (int k = 0; k < 400; k++) {
                cases.add(draw(m, p[0], p[1], r));
            }
        }
        Result res = compare(m, cases, "cylinders");
        for (int[] p : pairs) {
            assertThat(res.touching(p[0], p[1]))
                    .as(
                            "cases with contacts for %s - %s",
                            m.geomNames().get(p[0]), m.geomNames().get(p[1]))
                    .isGreaterThan(40);
        }
        assertThat(res.multi(floor, cyl) + res.multi(cyl2, floor)).as("on the floor").isPositive();
        assertThat(res.multi(box, cyl) + res.multi(cyl2, box)).as("on a box").isPositive();
        assertThat(res.multi(cyl, cyl2) + res.multi(cyl2, cyl)).as("on a cylinder").isPositive();
        assertThat(res.multi(capsule, cyl) + res.multi(cyl2, capsule))
                .as("capsule on a cylinder")
                .isPositive();
        assertThat(res.multi(cyl, hex) + res.multi(hex, cyl2)).as("on a mesh").isPositive();
        assertThat(res.multi(ball, cyl) + res.multi(cyl2, ball)).as("sphere: one point").isZero();
    }

    /**
     * The Shadow hand's one collidable mesh (the forearm's convex hull, 400-odd vertices: the
     * vertex-graph descents) against the block, and the block's faces resting on it, and against a
     * phalanx capsule (MPR's support climb on the hull, the capsule lying on a face); with the hull
     * arrays as program constants and, as a device whose constant memory they overflow needs them,
     * in global buffers (-DHULL_GLOBAL).
     */
    @Test
    void shadowHandMeshAgainstItsBlock() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        int mesh = -1, block = geom(m, "object");
        for (int g = 0; g < m.ngeom; g++) {
            if (m.geomType[g] == GeomType.MESH
                    && (m.geomContype[g] != 0 || m.geomConaffinity[g] != 0)) {
                assertThat(mesh).as("one collidable mesh").isNegative();
                mesh = g;
            }
        }
        assertThat(mesh).isNotNegative();
        System.out.printf(
                "hand: collidable mesh %s, %d vertices, %d faces; hull constants %d bytes in"
                        + " float64, %d in float32%n",
                m.geomNames().get(mesh),
                m.meshVertCount[m.geomMesh[mesh]],
                m.meshFaces.faceCount[m.geomMesh[mesh]],
                HullSource.constantBytes(m, true),
                HullSource.constantBytes(m, false));
        int capsule = -1;
        for (int g = 0; g < m.ngeom && capsule < 0; g++) {
            if (m.geomType[g] == GeomType.CAPSULE && m.geomContype[g] != 0) {
                // a phalanx: the filter never pairs it with the forearm (conaffinity 0 on
                // both), but it takes the capsule-mesh path on a large hull here
                capsule = g;
            }
        }
        assertThat(capsule).isNotNegative();
        SplittableRandom r = new SplittableRandom(17);
        List<Case> cases = new ArrayList<>();
        for (int k = 0; k < 600; k++) {
            cases.add(draw(m, k % 2 == 0 ? block : mesh, k % 2 == 0 ? mesh : block, r));
        }
        for (int k = 0; k < 300; k++) {
            cases.add(draw(m, capsule, mesh, r));
        }
        for (boolean global : new boolean[] {false, true}) {
            Result res =
                    compare(
                            m,
                            cases,
                            "hand mesh and block" + (global ? ", hulls in global memory" : ""),
                            global);
            assertThat(res.touching(block, mesh) + res.touching(mesh, block)).isGreaterThan(100);
            assertThat(res.multi(block, mesh) + res.multi(mesh, block)).isPositive();
            assertThat(res.touching(capsule, mesh)).isGreaterThan(50);
        }
    }

    /**
     * A contact buffer with two free slots: manifolds of up to four points keep their first two and
     * count the rest as dropped, as the reference's ContactSet does, never writing past the end.
     */
    @Test
    void aFullBufferCountsTheContactsItDrops() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(resource("hulls.xml"));
        int floor = geom(m, "floor"), hex = geom(m, "hex"), box = geom(m, "box");
        int oct = geom(m, "oct");
        int full = Math.max(1, m.maxContacts) - 2;
        SplittableRandom r = new SplittableRandom(29);
        List<Case> cases = new ArrayList<>();
        int[][] pairs = {{hex, floor}, {box, hex}, {oct, hex}};
        for (int[] p : pairs) {
            for (int k = 0; k < 200; k++) {
                Case c = draw(m, p[0], p[1], r);
                cases.add(new Case(c.g1(), c.g2(), c.reals(), full));
            }
        }
        Result res = compare(m, cases, "two free slots");
        assertThat(res.dropped()).as("contacts dropped").isGreaterThan(20);
    }

    /**
     * The same program in float32 builds and runs; it must find the pairs that clearly overlap
     * (deeper than 1 mm in the reference), with distances within a float32 bound. Feature choices
     * may differ near ties, so counts are not compared.
     */
    @Test
    void float32FindsTheSameOverlaps() throws Exception {
        MultibodyModel m = TestModels.compile(resource("hulls.xml"));
        int floor = geom(m, "floor"), oct = geom(m, "oct"), hex = geom(m, "hex");
        int box = geom(m, "box"), ball = geom(m, "ball"), capsule = geom(m, "capsule");
        int[][] pairs = {{floor, hex}, {ball, oct}, {capsule, hex}, {box, oct}, {oct, hex}};
        SplittableRandom r = new SplittableRandom(23);
        List<Case> cases = new ArrayList<>();
        for (int[] p : pairs) {
            for (int k = 0; k < 200; k++) {
                cases.add(draw(m, p[0], p[1], r));
            }
        }
        int maxcon = Math.max(1, m.maxContacts);
        NarrowPhase narrow = new NarrowPhase(m);
        MultibodyData d = new MultibodyData(m);
        int[] ints = new int[cases.size() * (3 + 2 * maxcon)];
        double[] reals = new double[cases.size() * maxcon * OUT];
        run(m, cases, ints, reals, false, false);
        int deep = 0;
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            ContactSet e = reference(narrow, d, c, maxcon);
            double deepest = 0;
            for (int j = 0; j < e.count; j++) {
                deepest = Math.min(deepest, e.dist[j]);
            }
            if (deepest >= -1e-3) {
                continue;
            }
            deep++;
            int io = k * (3 + 2 * maxcon);
            assertThat(ints[io + 1]).as("float32 case %d: contacts", k).isPositive();
            double found = 0;
            for (int j = 0; j < ints[io + 1]; j++) {
                found = Math.min(found, reals[(k * maxcon + j) * OUT + 12]);
            }
            // a float32 pose is off by ~1e-8 m; features chosen near ties may differ more
            assertThat(found)
                    .as("float32 case %d: deepest distance", k)
                    .isCloseTo(deepest, org.assertj.core.data.Offset.offset(2e-3));
        }
        assertThat(deep).isGreaterThan(200);
    }

    private static ContactSet reference(NarrowPhase narrow, MultibodyData d, Case c, int maxcon) {
        double[] x = c.reals();
        System.arraycopy(x, 0, d.geomXpos, 3 * c.g1(), 3);
        System.arraycopy(x, 3, d.geomXmat, 9 * c.g1(), 9);
        System.arraycopy(x, 12, d.geomXpos, 3 * c.g2(), 3);
        System.arraycopy(x, 15, d.geomXmat, 9 * c.g2(), 9);
        ContactSet set = new ContactSet(maxcon);
        set.count = c.prefill();
        int n = narrow.collide(d, c.g1(), c.g2(), x[24], set);
        assertThat(n).isEqualTo(set.count - c.prefill());
        return set;
    }

    private static int geom(MultibodyModel m, String name) {
        for (int g = 0; g < m.ngeom; g++) {
            if (name.equals(m.geomNames().get(g))) {
                return g;
            }
        }
        throw new AssertionError("no geom " + name);
    }

    /**
     * Geom 1 at a random place and orientation; geom 2 at a random direction from it, at a distance
     * between 0.2 and 1.05 of the bounding radii's sum (a plane: that height above it). Every other
     * case snaps both orientations near one of a few axis-aligned ones and the offset near a local
     * axis, so that faces meet faces (clipping) and capsules lie on faces.
     */
    private static Case draw(MultibodyModel m, int g1, int g2, SplittableRandom r) {
        double[] x = new double[IN];
        boolean aligned = r.nextBoolean();
        double[] m1 = aligned ? nearAxes(r) : rotation(r), m2 = aligned ? nearAxes(r) : rotation(r);
        double[] p1 = {r.nextDouble(-0.2, 0.2), r.nextDouble(-0.2, 0.2), r.nextDouble(0, 0.3)};
        double[] dir;
        if (aligned) {
            int axis = r.nextInt(3);
            dir = new double[3];
            dir[axis] = r.nextBoolean() ? 1 : -1;
            for (int k = 0; k < 3; k++) {
                dir[k] += r.nextDouble(-0.15, 0.15);
            }
        } else {
            dir = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        }
        double n = Math.sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
        double[] p2 = new double[3];
        GeomType t1 = m.geomType[g1], t2 = m.geomType[g2];
        if (t1 == GeomType.PLANE || t2 == GeomType.PLANE) {
            int gp = t1 == GeomType.PLANE ? g1 : g2, go = gp == g1 ? g2 : g1;
            double[] mp = gp == g1 ? m1 : m2, po = gp == g1 ? p2 : p1, pp = gp == g1 ? p1 : p2;
            double h = r.nextDouble(-0.4, 1.05) * m.geomRbound[go];
            for (int k = 0; k < 3; k++) {
                po[k] = pp[k] + h * mp[3 * k + 2] + r.nextDouble(-0.1, 0.1);
            }
            // keep the height exact along the plane normal
            double along = 0;
            for (int k = 0; k < 3; k++) {
                along += (po[k] - pp[k]) * mp[3 * k + 2];
            }
            for (int k = 0; k < 3; k++) {
                po[k] += (h - along) * mp[3 * k + 2];
            }
        } else {
            double dist = r.nextDouble(0.2, 1.05) * (m.geomRbound[g1] + m.geomRbound[g2]) * 0.6;
            for (int k = 0; k < 3; k++) {
                p2[k] = p1[k] + dist * dir[k] / n;
            }
        }
        System.arraycopy(p1, 0, x, 0, 3);
        System.arraycopy(m1, 0, x, 3, 9);
        System.arraycopy(p2, 0, x, 12, 3);
        System.arraycopy(m2, 0, x, 15, 9);
        double[] margins = {0, 0.0005, 0.01};
        x[24] = margins[r.nextInt(3)];
        return new Case(g1, g2, x);
    }

    private static double[] rotation(SplittableRandom r) {
        double[] q = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        return matrix(q);
    }

    /** One of the 90-degree turns about x, y or none, tilted by up to about 0.03 rad. */
    private static double[] nearAxes(SplittableRandom r) {
        double s = Math.sqrt(0.5);
        double[][] base = {{1, 0, 0, 0}, {s, s, 0, 0}, {s, 0, s, 0}, {0, 1, 0, 0}};
        double[] b = base[r.nextInt(base.length)];
        double[] t = {
            1, r.nextDouble(-0.015, 0.015), r.nextDouble(-0.015, 0.015), r.nextDouble(-0.015, 0.015)
        };
        double[] q = {
            b[0] * t[0] - b[1] * t[1] - b[2] * t[2] - b[3] * t[3],
            b[0] * t[1] + b[1] * t[0] + b[2] * t[3] - b[3] * t[2],
            b[0] * t[2] - b[1] * t[3] + b[2] * t[0] + b[3] * t[1],
            b[0] * t[3] + b[1] * t[2] - b[2] * t[1] + b[3] * t[0]
        };
        return matrix(q);
    }

    private static double[] matrix(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return new double[] {
            1 - 2 * (y * y + z * z),
            2 * (x * y - w * z),
            2 * (x * z + w * y),
            2 * (x * y + w * z),
            1 - 2 * (x * x + z * z),
            2 * (y * z - w * x),
            2 * (x * z - w * y),
            2 * (y * z + w * x),
            1 - 2 * (x * x + y * y)
        };
    }

    /** Per ordered pair: cases with contacts, and cases with more than one. */
    record Result(java.util.Map<Long, int[]> counts, int dropped) {
        int touching(int g1, int g2) {
            return counts.getOrDefault(((long) g1 << 32) | g2, new int[2])[0];
        }

        int multi(int g1, int g2) {
            return counts.getOrDefault(((long) g1 << 32) | g2, new int[2])[1];
        }
    }

    private static Result compare(MultibodyModel m, List<Case> cases, String label) {
        return compare(m, cases, label, false);
    }

    private static Result compare(
            MultibodyModel m, List<Case> cases, String label, boolean global) {
        int maxcon = Math.max(1, m.maxContacts);
        NarrowPhase narrow = new NarrowPhase(m);
        MultibodyData d = new MultibodyData(m);
        List<ContactSet> expected = new ArrayList<>();
        for (Case c : cases) {
            expected.add(reference(narrow, d, c, maxcon));
        }
        int[] ints = new int[cases.size() * (3 + 2 * maxcon)];
        double[] reals = new double[cases.size() * maxcon * OUT];
        run(m, cases, ints, reals, true, global);
        java.util.Map<Long, int[]> counts = new java.util.HashMap<>();
        double worst = 0;
        int contacts = 0, dropped = 0;
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            ContactSet e = expected.get(k);
            int io = k * (3 + 2 * maxcon);
            String what =
                    label
                            + " case "
                            + k
                            + " ("
                            + m.geomNames().get(c.g1())
                            + ", "
                            + m.geomNames().get(c.g2())
                            + ")";
            assertThat(ints[io]).as("%s: returned", what).isEqualTo(e.count - c.prefill());
            assertThat(ints[io + 1]).as("%s: count", what).isEqualTo(e.count);
            assertThat(ints[io + 2]).as("%s: dropped", what).isEqualTo(e.dropped);
            for (int j = c.prefill(); j < e.count; j++) {
                assertThat(ints[io + 3 + 2 * j]).as("%s: geom1", what).isEqualTo(e.geom1[j]);
                assertThat(ints[io + 4 + 2 * j]).as("%s: geom2", what).isEqualTo(e.geom2[j]);
                int ro = (k * maxcon + j) * OUT;
                for (int i = 0; i < 3; i++) {
                    worst = Math.max(worst, Math.abs(reals[ro + i] - e.pos[3 * j + i]));
                }
                for (int i = 0; i < 9; i++) {
                    worst = Math.max(worst, Math.abs(reals[ro + 3 + i] - e.frame[9 * j + i]));
                }
                worst = Math.max(worst, Math.abs(reals[ro + 12] - e.dist[j]));
                assertThat(worst)
                        .as("%s contact %d: largest difference", what, j)
                        .isLessThan(TOLERANCE_M);
            }
            int added = e.count - c.prefill();
            contacts += added;
            dropped += e.dropped;
            int[] cnt = counts.computeIfAbsent(((long) c.g1() << 32) | c.g2(), g -> new int[2]);
            cnt[0] += added > 0 ? 1 : 0;
            cnt[1] += added > 1 ? 1 : 0;
        }
        System.out.printf(
                "%s: %d cases, %d contacts, %d dropped; largest difference (position, frame,"
                        + " distance) %.3e%n",
                label, cases.size(), contacts, dropped, worst);
        return new Result(counts, dropped);
    }

    private static void run(
            MultibodyModel m,
            List<Case> cases,
            int[] intsOut,
            double[] realsOut,
            boolean float64,
            boolean global) {
        int n = cases.size();
        int[] g = new int[3 * n];
        double[] x = new double[IN * n];
        for (int k = 0; k < n; k++) {
            g[3 * k] = cases.get(k).g1();
            g[3 * k + 1] = cases.get(k).g2();
            g[3 * k + 2] = cases.get(k).prefill();
            System.arraycopy(cases.get(k).reals(), 0, x, IN * k, IN);
        }
        CL.setExceptionsEnabled(true);
        cl_context context =
                CL.clCreateContext(
                        null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
        cl_command_queue queue =
                CL.clCreateCommandQueueWithProperties(context, device.deviceId(), null, null);
        cl_program program =
                KernelProgram.build(
                        context,
                        device,
                        "hull_test.cl (" + m.name + ")",
                        ModelSource.of(m, float64, 1) + testKernel(),
                        ModelSource.options(m, float64)
                                + " -DARM_HULLS"
                                + (global ? " -DHULL_GLOBAL" : ""));
        List<cl_mem> mems = new ArrayList<>();
        try {
            cl_mem gi = mem(context, mems, 4L * g.length, Pointer.to(g));
            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            int rb = float64 ? 8 : 4;
            cl_mem ri =
                    mem(
                            context,
                            mems,
                            (long) rb * x.length,
                            float64 ? Pointer.to(x) : Pointer.to(xf));
            cl_mem io = mem(context, mems, 4L * intsOut.length, null);
            cl_mem ro = mem(context, mems, (long) rb * Math.max(1, realsOut.length), null);
            double[] hr = HullSource.globalReals(m);
            int[] hi = HullSource.globalInts(m);
            float[] hrf = new float[hr.length];
            for (int i = 0; i < hr.length; i++) {
                hrf[i] = (float) hr[i];
            }
            cl_mem hullReals =
                    mem(
                            context,
                            mems,
                            (long) rb * hr.length,
                            float64 ? Pointer.to(hr) : Pointer.to(hrf));
            cl_mem hullInts = mem(context, mems, 4L * hi.length, Pointer.to(hi));
            cl_kernel k = CL.clCreateKernel(program, "test_hull", null);
            CL.clSetKernelArg(k, 0, Sizeof.cl_int, Pointer.to(new int[] {n}));
            CL.clSetKernelArg(k, 1, Sizeof.cl_mem, Pointer.to(gi));
            CL.clSetKernelArg(k, 2, Sizeof.cl_mem, Pointer.to(ri));
            CL.clSetKernelArg(k, 3, Sizeof.cl_mem, Pointer.to(io));
            CL.clSetKernelArg(k, 4, Sizeof.cl_mem, Pointer.to(ro));
            CL.clSetKernelArg(k, 5, Sizeof.cl_mem, Pointer.to(hullReals));
            CL.clSetKernelArg(k, 6, Sizeof.cl_mem, Pointer.to(hullInts));
            // an explicit small work-group: left to PoCL, a work-group of thousands of work-items
            // each with this kernel's private contact buffer and hull scratch overflows its stack
            long groups = (n + LOCAL - 1) / LOCAL;
            // the first launch includes PoCL's compilation of the work-group function; time the
            // second (the kernel is idempotent)
            CL.clEnqueueNDRangeKernel(
                    queue,
                    k,
                    1,
                    null,
                    new long[] {groups * LOCAL},
                    new long[] {LOCAL},
                    0,
                    null,
                    null);
            CL.clEnqueueReadBuffer(
                    queue, io, CL_TRUE, 0, 4L * intsOut.length, Pointer.to(intsOut), 0, null, null);
            CL.clFinish(queue);
            long t0 = System.nanoTime();
            CL.clEnqueueNDRangeKernel(
                    queue,
                    k,
                    1,
                    null,
                    new long[] {groups * LOCAL},
                    new long[] {LOCAL},
                    0,
                    null,
                    null);
            CL.clEnqueueReadBuffer(
                    queue, io, CL_TRUE, 0, 4L * intsOut.length, Pointer.to(intsOut), 0, null, null);
            CL.clFinish(queue);
            System.out.printf(
                    "%s, %s%s: %d cases in %.1f ms on %s%n",
                    m.name,
                    float64 ? "float64" : "float32",
                    global ? ", hulls in global memory" : "",
                    n,
                    (System.nanoTime() - t0) / 1e6,
                    device.describe());
            float[] rf = new float[realsOut.length];
            CL.clEnqueueReadBuffer(
                    queue,
                    ro,
                    CL_TRUE,
                    0,
                    (long) rb * realsOut.length,
                    float64 ? Pointer.to(realsOut) : Pointer.to(rf),
                    0,
                    null,
                    null);
            if (!float64) {
                for (int i = 0; i < rf.length; i++) {
                    realsOut[i] = rf[i];
                }
            }
            CL.clReleaseKernel(k);
        } finally {
            for (cl_mem b : mems) {
                CL.clReleaseMemObject(b);
            }
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private static cl_mem mem(cl_context c, List<cl_mem> mems, long bytes, Pointer host) {
        cl_mem b =
                CL.clCreateBuffer(
                        c,
                        CL_MEM_READ_WRITE | (host == null ? 0 : CL.CL_MEM_COPY_HOST_PTR),
                        bytes,
                        host,
                        null);
        mems.add(b);
        return b;
    }

    private static String testKernel() {
        try (InputStream in =
                HullContactsMatchReferenceTest.class.getResourceAsStream("hull_test.cl")) {
            return "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
