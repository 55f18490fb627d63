package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.collision.ContactSet;
import armature.physics.reference.constraint.Efc;
import armature.physics.reference.sim.ReferenceWorld;
import armature.physics.reference.sim.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Contact rows on the device before the device detects contacts: the reference engine steps a model
 * with contacts, and for a sample of its steps the device's constraint stage gets the same state,
 * controls, warm start and the reference's own contacts (test kernel constrain_test.cl), and must
 * produce the same constrained acceleration and Newton iteration count. Pyramidal and elliptic
 * cones, condim 1, 3, 4 and 6, and the Shadow hand grasping its block (pyramidal, with limits,
 * tendons and equalities in the same solve).
 */
class ContactRowsMatchReferenceTest {
    /**
     * float64: the same operations in the same order, so the accelerations differ by roundoff of
     * the Newton solve (a few ulps of the largest acceleration, amplified by the Hessian's
     * condition); 1e-9 relative to the largest |qacc| leaves room for that and none for a wrong row
     * (a sign, a friction coefficient or an impedance off changes qacc at 1e-3 or more).
     */
    private static final double FLOAT64_RELATIVE = 1e-9;

    /**
     * float32 factors Newton's matrix in another order and over each row's envelope only (ADR
     * 0120), rounds at 6e-8 and stops at a scaled improvement of 1e-6 instead of 1e-8: measured at
     * most 1.4e-5 relative (the hand). A Newton direction from a wrong matrix still converges, so
     * the iteration counts are bounded too: with the exact matrix float32 needs at most 3 more than
     * the reference in any step (the hand with elliptic cones, 2 with pyramidal ones) and up to 18
     * % more in all (the cube with condim 6), bounded at a third (another CPU's vector width rounds
     * the reassociated sums differently); a matrix missing the contact rows needs 3 to 8 times the
     * iterations, one whose envelopes leave out the cones 13 more in a step and errs by 1e-3.
     */
    private static final double FLOAT32_RELATIVE = 1e-4;

    private static OpenClDevice device;

    @TempDir Path dir;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    /** A cube resting on a plane, tilted, sliding and spinning: one to four contacts. */
    private Path cube(String cone, int condim) throws IOException {
        Path f = dir.resolve("cube-" + cone + "-" + condim + ".xml");
        Files.writeString(
                f,
                """
                <mujoco model="cube">
                  <option timestep="0.002" cone="%s" impratio="%s"/>
                  <worldbody>
                    <geom name="floor" type="plane" size="1 1 0.1" condim="%d"/>
                    <body name="cube" pos="0 0 0.05">
                      <joint name="free" type="free"/>
                      <geom name="box" type="box" size="0.05 0.05 0.05" mass="0.5" condim="%d"
                            friction="0.8 0.02 0.001"/>
                    </body>
                  </worldbody>
                </mujoco>
                """
                        .formatted(cone, cone.equals("elliptic") ? "3" : "1", condim, condim));
        return f;
    }

    @ParameterizedTest(name = "{0} cone, condim {1}")
    @CsvSource({
        "pyramidal, 1",
        "pyramidal, 3",
        "pyramidal, 4",
        "pyramidal, 6",
        "elliptic, 3",
        "elliptic, 4",
        "elliptic, 6"
    })
    void cubeOnPlane(String cone, int condim) throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(cube(cone, condim));
        ReferenceWorld ref = new ReferenceWorld(m);
        double[] q = new double[m.nq], v = new double[m.nv];
        m.copyInitialPositions(q);
        q[2] = 0.052; // just above the plane, tilted: it lands on an edge
        double tilt = 0.15;
        q[3] = Math.cos(tilt / 2);
        q[4] = Math.sin(tilt / 2);
        v[0] = 0.4;
        v[2] = -0.3;
        v[5] = 3;
        ref.writeState(q, v, 0);
        List<Case> cases = record(ref, 300, 7, new SplittableRandom(3));
        check(m, cases, cone + " condim " + condim);
        if (cone.equals("elliptic")) {
            assertThat(cases.stream().mapToInt(Case::coneZone).sum())
                    .as("elliptic contacts in the cone's middle zone (sliding)")
                    .isPositive();
        }
    }

    /**
     * With the row capacity forced below what the contacts need, whole contacts are left out and
     * counted, and the solve still runs on the rows that fit; never a write past the end.
     */
    @Test
    void rowsBeyondTheCapacityAreCountedNotWritten() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(cube("pyramidal", 3));
        ReferenceWorld ref = new ReferenceWorld(m);
        double[] q = new double[m.nq], v = new double[m.nv];
        m.copyInitialPositions(q);
        q[2] = 0.049; // flat and slightly in: four corner contacts, four rows each
        ref.writeState(q, v, 0);
        List<Case> cases = record(ref, 1, 1, new SplittableRandom(1));
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).contacts().count).isEqualTo(4);
        double[][] qacc = new double[1][];
        int[] it = new int[2];
        run(m, cases, qacc, it, " -DNEFC=6", true);
        assertThat(it[1]).as("contacts that did not fit 6 rows").isEqualTo(3);
        assertThat(it[0]).as("Newton iterations on the rows that fit").isPositive();
        assertThat(java.util.Arrays.stream(qacc[0]).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void shadowHandGraspingTheBlock() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(TestModels.HAND_BLOCK);
        ReferenceWorld ref = new ReferenceWorld(m);
        List<Case> cases = record(ref, 400, 9, new SplittableRandom(5));
        check(m, cases, "Shadow hand and block");
    }

    /**
     * The hand with elliptic cones: cone blocks coupling the fingers' and the block's dofs, whose
     * float32 envelopes then span two trees (ADR 0120).
     */
    @Test
    void shadowHandGraspingTheBlockWithEllipticCones() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.withCone(TestModels.HAND_BLOCK, "elliptic");
        ReferenceWorld ref = new ReferenceWorld(m);
        List<Case> cases = record(ref, 400, 9, new SplittableRandom(5));
        check(m, cases, "Shadow hand and block, elliptic");
        assertThat(cases.stream().mapToInt(Case::coneZone).sum())
                .as("elliptic contacts in the cone's middle zone (sliding)")
                .isPositive();
    }

    /** One sampled step: its input state, controls and warm start, the reference's results. */
    record Case(
            double[] q,
            double[] v,
            double[] ctrl,
            double[] warm,
            boolean warmOk,
            ContactSet contacts,
            double[] qacc,
            int iterations,
            int rows,
            int coneZone) {}

    /**
     * Steps the reference {@code steps} times under random controls (new ones every 25 steps) and
     * keeps every {@code every}-th step that had contact rows.
     */
    private static List<Case> record(ReferenceWorld ref, int steps, int every, SplittableRandom r) {
        MultibodyModel m = (MultibodyModel) ref.model();
        Simulator sim = ref.simulator();
        double[] ctrl = new double[m.nu];
        List<Case> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            if (s % 25 == 0) {
                for (int u = 0; u < m.nu; u++) {
                    double lo = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u] : -1;
                    double hi = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u + 1] : 1;
                    ctrl[u] = lo + (hi - lo) * r.nextDouble();
                }
                ref.setControls(ctrl);
            }
            double[] q = sim.data.qpos.clone(), v = sim.data.qvel.clone();
            double[] warm = sim.data.qacc.clone();
            ref.step(1);
            int contactRows = 0;
            Efc efc = sim.constraints();
            for (int row = 0; row < efc.rows(); row++) {
                contactRows += efc.contactOf(row) >= 0 ? 1 : 0;
            }
            if (s % every == 0 && contactRows > 0) {
                ContactSet c = sim.contacts;
                ContactSet copy = new ContactSet(c.capacity);
                copy.count = c.count;
                System.arraycopy(c.geom1, 0, copy.geom1, 0, c.count);
                System.arraycopy(c.geom2, 0, copy.geom2, 0, c.count);
                System.arraycopy(c.condim, 0, copy.condim, 0, c.count);
                System.arraycopy(c.pos, 0, copy.pos, 0, 3 * c.count);
                System.arraycopy(c.frame, 0, copy.frame, 0, 9 * c.count);
                System.arraycopy(c.dist, 0, copy.dist, 0, c.count);
                System.arraycopy(c.friction, 0, copy.friction, 0, 3 * c.count);
                System.arraycopy(c.solref, 0, copy.solref, 0, 2 * c.count);
                System.arraycopy(c.solimp, 0, copy.solimp, 0, 5 * c.count);
                System.arraycopy(c.margin, 0, copy.margin, 0, c.count);
                out.add(
                        new Case(
                                q,
                                v,
                                ctrl.clone(),
                                warm,
                                s > 0,
                                copy,
                                sim.data.qacc.clone(),
                                sim.constraintIterations(),
                                contactRows,
                                coneZone(efc, c)));
            }
        }
        return out;
    }

    /**
     * Elliptic contacts the reference left in the cone's middle zone (sliding): there the forces
     * lie on the cone, {@code |(f_1 / mu_1, f_2 / mu_2, ...)| = f_0 > 0}, which neither the
     * satisfied nor the all-quadratic zone gives but by accident.
     */
    private static int coneZone(Efc efc, ContactSet cs) {
        int n = 0;
        for (int row = 0; row < efc.rows(); row++) {
            if (efc.type(row) != Efc.CONTACT_ELLIPTIC || efc.contactOf(row) < 0) {
                continue;
            }
            int c = efc.contactOf(row), dim = cs.condim[c];
            double[] f5 = {
                cs.friction[3 * c],
                cs.friction[3 * c],
                cs.friction[3 * c + 1],
                cs.friction[3 * c + 2],
                cs.friction[3 * c + 2]
            };
            double f0 = efc.force(row), t2 = 0;
            for (int j = 1; j < dim; j++) {
                double u = efc.force(row + j) / Math.max(1e-5, f5[j - 1]);
                t2 += u * u;
            }
            if (f0 > 1e-9 && Math.abs(Math.sqrt(t2) - f0) <= 1e-9 * f0) {
                n++;
            }
            row += dim - 1;
        }
        return n;
    }

    private static void check(MultibodyModel m, List<Case> cases, String label) {
        assertThat(cases).as("%s: steps with contact rows", label).hasSizeGreaterThan(5);
        int n = cases.size();
        double[][] qacc = new double[n][];
        int[] it = new int[2 * n];
        run(m, cases, qacc, it, "", true);
        double worst = 0;
        int contactRows = 0, refIt = 0, devIt = 0, cone = 0;
        for (int k = 0; k < n; k++) {
            Case c = cases.get(k);
            worst = Math.max(worst, relativeError(qacc[k], c.qacc()));
            contactRows += c.rows();
            cone += c.coneZone();
            refIt += c.iterations();
            devIt += it[2 * k];
            assertThat(it[2 * k + 1]).as("%s case %d: dropped rows", label, k).isZero();
            assertThat(it[2 * k])
                    .as("%s case %d: Newton iterations", label, k)
                    .isEqualTo(c.iterations());
        }
        int nefc = ConstraintSource.capacity(m), nz = ConstraintSource.maxNonzeros(m);
        System.out.printf(
                "%s: nv %d, maxContacts %d, row capacity %d, %d nonzeros per row: the private"
                        + " row store takes %d bytes per world in float64%n",
                label, m.nv, m.maxContacts, nefc, nz, nefc * (4 * 4 + nz * (2 + 8) + 9 * 8));
        System.out.printf(
                "%s: %d steps, %d contact rows (%d elliptic contacts sliding), Newton"
                        + " iterations reference %d device %d;"
                        + " largest |qacc - qacc_ref| / max|qacc_ref| = %.3e%n",
                label, n, contactRows, cone, refIt, devIt, worst);
        assertThat(worst).as("%s: qacc relative error", label).isLessThan(FLOAT64_RELATIVE);
        checkFloat32(m, cases, label, worst);
    }

    /** Largest |device - reference| over the dofs, relative to max(1, max |reference|). */
    private static double relativeError(double[] device, double[] reference) {
        double scale = 1, worst = 0;
        for (double a : reference) {
            scale = Math.max(scale, Math.abs(a));
        }
        for (int i = 0; i < reference.length; i++) {
            worst = Math.max(worst, Math.abs(device[i] - reference[i]) / scale);
        }
        return worst;
    }

    private static void checkFloat32(
            MultibodyModel m, List<Case> cases, String label, double worst64) {
        int n = cases.size();
        double[][] qacc = new double[n][];
        int[] it = new int[2 * n];
        run(m, cases, qacc, it, "", false);
        double worst = 0;
        int refIt = 0, devIt = 0, maxDiff = 0;
        for (int k = 0; k < n; k++) {
            Case c = cases.get(k);
            worst = Math.max(worst, relativeError(qacc[k], c.qacc()));
            refIt += c.iterations();
            devIt += it[2 * k];
            maxDiff = Math.max(maxDiff, it[2 * k] - c.iterations());
        }
        System.out.printf(
                "%s float32: Newton iterations reference %d device %d (at most %d more in one"
                        + " step); largest |qacc - qacc_ref| / max|qacc_ref| = %.3e (float64 %.3e)%n",
                label, refIt, devIt, maxDiff, worst, worst64);
        assertThat(worst).as("%s float32: qacc relative error", label).isLessThan(FLOAT32_RELATIVE);
        assertThat(maxDiff)
                .as("%s float32: Newton iterations beyond the reference's in one step", label)
                .isLessThanOrEqualTo(4);
        assertThat(devIt)
                .as("%s float32: Newton iterations in all (reference %d)", label, refIt)
                .isLessThanOrEqualTo(refIt + refIt / 3);
    }

    /** Runs the test kernel on every case, in float64 or float32. */
    private static void run(
            MultibodyModel m,
            List<Case> cases,
            double[][] qaccOut,
            int[] itOut,
            String options,
            boolean float64) {
        int n = cases.size(),
                nv = m.nv,
                nuPad = Math.max(1, m.nu),
                maxcon = Math.max(1, m.maxContacts);
        double[] q = new double[n * m.nq], v = new double[n * nv], ctrl = new double[n * nuPad];
        double[] warm = new double[n * nv], reals = new double[n * 24 * maxcon];
        int[] warmOk = new int[n], ints = new int[n * (1 + 3 * maxcon)];
        for (int k = 0; k < n; k++) {
            Case c = cases.get(k);
            System.arraycopy(c.q(), 0, q, k * m.nq, m.nq);
            System.arraycopy(c.v(), 0, v, k * nv, nv);
            System.arraycopy(c.ctrl(), 0, ctrl, k * nuPad, m.nu);
            System.arraycopy(c.warm(), 0, warm, k * nv, nv);
            warmOk[k] = c.warmOk() ? 1 : 0;
            ContactSet cs = c.contacts();
            int io = k * (1 + 3 * maxcon), ro = k * 24 * maxcon;
            ints[io] = cs.count;
            for (int j = 0; j < cs.count; j++) {
                ints[io + 1 + 3 * j] = cs.geom1[j];
                ints[io + 2 + 3 * j] = cs.geom2[j];
                ints[io + 3 + 3 * j] = cs.condim[j];
                int o = ro + 24 * j;
                System.arraycopy(cs.pos, 3 * j, reals, o, 3);
                System.arraycopy(cs.frame, 9 * j, reals, o + 3, 9);
                reals[o + 12] = cs.dist[j];
                System.arraycopy(cs.friction, 3 * j, reals, o + 13, 3);
                System.arraycopy(cs.solref, 2 * j, reals, o + 16, 2);
                System.arraycopy(cs.solimp, 5 * j, reals, o + 18, 5);
                reals[o + 23] = cs.margin[j];
            }
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
                        "constrain_test.cl (" + m.name + ")",
                        ModelSource.of(m, float64, 1) + testKernel(),
                        ModelSource.options(m, float64) + options);
        List<cl_mem> mems = new ArrayList<>();
        try {
            int iwLength = 2 * m.nbody + nv + Math.max(1, m.ntendon) + 1;
            cl_mem iw = mem(context, mems, new double[iwLength], float64);
            cl_kernel weights = CL.clCreateKernel(program, "batch_invweights", null);
            CL.clSetKernelArg(weights, 0, Sizeof.cl_mem, Pointer.to(iw));
            CL.clEnqueueNDRangeKernel(queue, weights, 1, null, new long[] {1}, null, 0, null, null);
            CL.clReleaseKernel(weights);
            cl_mem qacc = mem(context, mems, new double[n * nv], float64);
            cl_mem its = mem(context, mems, new int[2 * n]);
            cl_kernel k = CL.clCreateKernel(program, "test_constrain", null);
            Object[] args = {
                n, m.timestepSeconds, q, v, ctrl, warm, warmOk, ints, reals, iw, qacc, its
            };
            for (int a = 0; a < args.length; a++) {
                Object x = args[a];
                if (x instanceof Integer i) {
                    CL.clSetKernelArg(k, a, Sizeof.cl_int, Pointer.to(new int[] {i}));
                } else if (x instanceof Double dd && float64) {
                    CL.clSetKernelArg(k, a, Sizeof.cl_double, Pointer.to(new double[] {dd}));
                } else if (x instanceof Double dd) {
                    CL.clSetKernelArg(
                            k, a, Sizeof.cl_float, Pointer.to(new float[] {dd.floatValue()}));
                } else if (x instanceof cl_mem b) {
                    CL.clSetKernelArg(k, a, Sizeof.cl_mem, Pointer.to(b));
                } else if (x instanceof double[] d) {
                    CL.clSetKernelArg(
                            k, a, Sizeof.cl_mem, Pointer.to(mem(context, mems, d, float64)));
                } else {
                    CL.clSetKernelArg(
                            k, a, Sizeof.cl_mem, Pointer.to(mem(context, mems, (int[]) x)));
                }
            }
            CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {n}, null, 0, null, null);
            double[] out = new double[n * nv];
            if (float64) {
                CL.clEnqueueReadBuffer(
                        queue, qacc, CL_TRUE, 0, 8L * out.length, Pointer.to(out), 0, null, null);
            } else {
                float[] f = new float[n * nv];
                CL.clEnqueueReadBuffer(
                        queue, qacc, CL_TRUE, 0, 4L * f.length, Pointer.to(f), 0, null, null);
                for (int i = 0; i < f.length; i++) {
                    out[i] = f[i];
                }
            }
            CL.clEnqueueReadBuffer(
                    queue, its, CL_TRUE, 0, 4L * itOut.length, Pointer.to(itOut), 0, null, null);
            CL.clReleaseKernel(k);
            for (int c = 0; c < n; c++) {
                qaccOut[c] = java.util.Arrays.copyOfRange(out, c * nv, (c + 1) * nv);
            }
        } finally {
            for (cl_mem b : mems) {
                CL.clReleaseMemObject(b);
            }
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private static cl_mem mem(cl_context c, List<cl_mem> mems, double[] v, boolean float64) {
        if (float64) {
            return mem(c, mems, v);
        }
        float[] f = new float[Math.max(1, v.length)];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        cl_mem b =
                CL.clCreateBuffer(
                        c,
                        CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                        4L * f.length,
                        Pointer.to(f),
                        null);
        mems.add(b);
        return b;
    }

    private static cl_mem mem(cl_context c, List<cl_mem> mems, double[] v) {
        cl_mem b =
                CL.clCreateBuffer(
                        c,
                        CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                        8L * Math.max(1, v.length),
                        Pointer.to(v.length == 0 ? new double[1] : v),
                        null);
        mems.add(b);
        return b;
    }

    private static cl_mem mem(cl_context c, List<cl_mem> mems, int[] v) {
        cl_mem b =
                CL.clCreateBuffer(
                        c,
                        CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                        4L * Math.max(1, v.length),
                        Pointer.to(v.length == 0 ? new int[1] : v),
                        null);
        mems.add(b);
        return b;
    }

    private static String testKernel() {
        try (InputStream in =
                ContactRowsMatchReferenceTest.class.getResourceAsStream("constrain_test.cl")) {
            return "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
