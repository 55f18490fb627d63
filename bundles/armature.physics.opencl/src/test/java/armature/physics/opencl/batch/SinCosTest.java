package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * float32's own sine and cosine (common.cl, arm_sincos: reduction by multiples of pi/2 and Taylor
 * series) against {@link Math#sin} and {@link Math#cos} of the same float input: within 2 units of
 * float32's last place at 1 (2^-23), across the joint angles a robot has, up to the largest
 * argument it reduces itself (1e4) and beyond (the library's sincos), at the multiples of pi/2
 * where one of the two crosses zero, and NaN and infinities passed through.
 */
class SinCosTest {
    private static final double BOUND = Math.scalb(1.0, -22);

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    @Test
    void matchesJavasSineAndCosine() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        int dense = 200_001, random = 100_000, quarter = 2001;
        float[] x = new float[dense + random + 2 * quarter + 6];
        int n = 0;
        for (int i = 0; i < dense; i++) {
            x[n++] = (float) (-20 + 40.0 * i / (dense - 1));
        }
        for (int i = 0; i < random; i++) {
            x[n++] = (float) (r.nextDouble(-1.2e4, 1.2e4));
        }
        for (int k = -1000; k <= 1000; k++) {
            double m = k * Math.PI / 2;
            x[n++] = (float) m;
            x[n++] = Math.nextUp((float) m);
        }
        float[] special = {0f, -0f, 1e-30f, 3e5f, Float.NaN, Float.POSITIVE_INFINITY};
        for (float v : special) {
            x[n++] = v;
        }
        float[][] sc = run(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                assertThat(sc[0][i]).as("sin(%s)", x[i]).isNaN();
                assertThat(sc[1][i]).as("cos(%s)", x[i]).isNaN();
                continue;
            }
            double es = Math.abs(sc[0][i] - Math.sin(x[i])),
                    ec = Math.abs(sc[1][i] - Math.cos(x[i]));
            worst = Math.max(worst, Math.max(es, ec));
            assertThat(es).as("sin(%s) = %s", x[i], sc[0][i]).isLessThanOrEqualTo(BOUND);
            assertThat(ec).as("cos(%s) = %s", x[i], sc[1][i]).isLessThanOrEqualTo(BOUND);
        }
        System.out.printf(
                "arm_sincos: %d arguments, largest error %.3e (bound %.3e)%n", n, worst, BOUND);
    }

    private static float[][] run(float[] x) throws Exception {
        MultibodyModel m = TestModels.compile(TestModels.PENDULUM);
        int n = x.length;
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
                        "sincos_test.cl",
                        ModelSource.of(m, false, 1) + testKernel(),
                        ModelSource.options(m, false));
        cl_mem in =
                CL.clCreateBuffer(
                        context,
                        CL_MEM_READ_WRITE | CL.CL_MEM_COPY_HOST_PTR,
                        4L * n,
                        Pointer.to(x),
                        null);
        cl_mem s = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, 4L * n, null, null);
        cl_mem c = CL.clCreateBuffer(context, CL_MEM_READ_WRITE, 4L * n, null, null);
        cl_kernel k = CL.clCreateKernel(program, "test_sincos", null);
        try {
            CL.clSetKernelArg(k, 0, Sizeof.cl_int, Pointer.to(new int[] {n}));
            CL.clSetKernelArg(k, 1, Sizeof.cl_mem, Pointer.to(in));
            CL.clSetKernelArg(k, 2, Sizeof.cl_mem, Pointer.to(s));
            CL.clSetKernelArg(k, 3, Sizeof.cl_mem, Pointer.to(c));
            CL.clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {n}, null, 0, null, null);
            float[][] out = new float[2][n];
            CL.clEnqueueReadBuffer(queue, s, CL_TRUE, 0, 4L * n, Pointer.to(out[0]), 0, null, null);
            CL.clEnqueueReadBuffer(queue, c, CL_TRUE, 0, 4L * n, Pointer.to(out[1]), 0, null, null);
            return out;
        } finally {
            CL.clReleaseKernel(k);
            CL.clReleaseMemObject(in);
            CL.clReleaseMemObject(s);
            CL.clReleaseMemObject(c);
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private static String testKernel() {
        try (InputStream in = SinCosTest.class.getResourceAsStream("sincos_test.cl")) {
            return "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
