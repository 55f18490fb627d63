package armature.physics.opencl.batch;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * The engine's program with the test-only kernel collide_test.cl appended: kinematics and collide()
 * for given states, the contacts read back. Lets the tests compare collision detection with the
 * reference before the constraint solver can step models with contacts.
 */
final class CollideKernel {
    static final int REALS = 24;

    /**
     * Contacts of one state, laid out as the reference's ContactSet, and the geom poses collide()
     * worked with (position 3, rotation 9 per geom; zero for geoms in no candidate pair).
     */
    record Found(int count, int dropped, int[] ints, double[] reals, double[] poses) {}

    private CollideKernel() {}

    /** Runs collide() for each row of {@code qpos} (nq entries each), with the model's friction. */
    static Found[] run(MultibodyModel m, OpenClDevice device, boolean float64, double[][] qpos)
            throws IOException {
        double[][] friction = new double[qpos.length][];
        java.util.Arrays.fill(friction, m.geomFriction);
        return run(m, device, float64, qpos, friction);
    }

    /**
     * As {@link #run(MultibodyModel, OpenClDevice, boolean, double[][])} with each state's geom
     * friction (3 per geom), as a world's randomized parameters carry it.
     */
    static Found[] run(
            MultibodyModel m,
            OpenClDevice device,
            boolean float64,
            double[][] qpos,
            double[][] geomFriction)
            throws IOException {
        String test;
        try (InputStream in = CollideKernel.class.getResourceAsStream("collide_test.cl")) {
            test = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int nw = qpos.length, cap = Math.max(1, m.maxContacts), nq = m.nq;
        int real = float64 ? Sizeof.cl_double : Sizeof.cl_float;
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
                        "collide_test.cl (" + m.name + ")",
                        ModelSource.of(m, float64, 1) + test,
                        ModelSource.options(m, float64));
        cl_kernel kernel = CL.clCreateKernel(program, "collide_test", null);
        double[] flat = new double[nw * nq];
        int nf = 3 * Math.max(1, m.ngeom);
        double[] fr = new double[nw * nf];
        for (int w = 0; w < nw; w++) {
            System.arraycopy(qpos[w], 0, flat, w * nq, nq);
            System.arraycopy(geomFriction[w], 0, fr, w * nf, 3 * m.ngeom);
        }
        cl_mem q = buffer(context, (long) real * Math.max(1, flat.length));
        cl_mem counts = buffer(context, 8L * nw);
        cl_mem friction = buffer(context, (long) real * fr.length);
        cl_mem ints = buffer(context, 12L * nw * cap);
        cl_mem reals = buffer(context, (long) real * REALS * nw * cap);
        int ng = Math.max(1, m.ngeom);
        cl_mem poses = buffer(context, (long) real * 12 * nw * ng);
        try {
            writeReals(queue, q, flat, float64);
            writeReals(queue, friction, fr, float64);
            writeReals(queue, poses, new double[12 * nw * ng], float64);
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_int, Pointer.to(new int[] {nw}));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(q));
            CL.clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(friction));
            CL.clSetKernelArg(kernel, 3, Sizeof.cl_mem, Pointer.to(counts));
            CL.clSetKernelArg(kernel, 4, Sizeof.cl_mem, Pointer.to(ints));
            CL.clSetKernelArg(kernel, 5, Sizeof.cl_mem, Pointer.to(reals));
            CL.clSetKernelArg(kernel, 6, Sizeof.cl_mem, Pointer.to(poses));
            // one work-item per group: with PoCL's own choice this kernel (Data, Contacts and the
            // narrow phase's arrays in private memory) overran the worker thread's stack in float64
            CL.clEnqueueNDRangeKernel(
                    queue, kernel, 1, null, new long[] {nw}, new long[] {1}, 0, null, null);
            int[] c = new int[2 * nw];
            int[] iv = new int[3 * nw * cap];
            double[] rv = readReals(queue, reals, REALS * nw * cap, float64);
            double[] pv = readReals(queue, poses, 12 * nw * ng, float64);
            CL.clEnqueueReadBuffer(
                    queue, counts, CL_TRUE, 0, 8L * nw, Pointer.to(c), 0, null, null);
            CL.clEnqueueReadBuffer(
                    queue, ints, CL_TRUE, 0, 4L * iv.length, Pointer.to(iv), 0, null, null);
            Found[] out = new Found[nw];
            for (int w = 0; w < nw; w++) {
                int n = c[2 * w];
                out[w] =
                        new Found(
                                n,
                                c[2 * w + 1],
                                java.util.Arrays.copyOfRange(iv, 3 * w * cap, 3 * (w * cap + n)),
                                java.util.Arrays.copyOfRange(
                                        rv, REALS * w * cap, REALS * (w * cap + n)),
                                java.util.Arrays.copyOfRange(
                                        pv, 12 * w * ng, 12 * w * ng + 12 * m.ngeom));
            }
            return out;
        } finally {
            for (cl_mem b : new cl_mem[] {q, friction, counts, ints, reals, poses}) {
                CL.clReleaseMemObject(b);
            }
            CL.clReleaseKernel(kernel);
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private static void writeReals(cl_command_queue queue, cl_mem b, double[] v, boolean float64) {
        Pointer src;
        if (float64) {
            src = Pointer.to(v);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            src = Pointer.to(f);
        }
        long bytes = (float64 ? 8L : 4L) * v.length;
        CL.clEnqueueWriteBuffer(queue, b, CL_TRUE, 0, bytes, src, 0, null, null);
    }

    private static double[] readReals(cl_command_queue queue, cl_mem b, int n, boolean float64) {
        double[] v = new double[n];
        if (float64) {
            CL.clEnqueueReadBuffer(queue, b, CL_TRUE, 0, 8L * n, Pointer.to(v), 0, null, null);
        } else {
            float[] f = new float[n];
            CL.clEnqueueReadBuffer(queue, b, CL_TRUE, 0, 4L * n, Pointer.to(f), 0, null, null);
            for (int i = 0; i < n; i++) {
                v[i] = f[i];
            }
        }
        return v;
    }

    private static cl_mem buffer(cl_context context, long bytes) {
        return CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(4, bytes), null, null);
    }
}
