package armature.physics.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;

import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the machine's real OpenCL device (PoCL on the CPU here and in CI, which installs it): the
 * device is found and described, a kernel compiles and computes what the host computes, and a
 * broken kernel fails with the compiler's own log. Outside CI a machine without OpenCL skips these;
 * in CI (CI=true) that is a failure.
 */
class OpenClDeviceTest {
    private static OpenClDevice device;
    private static cl_context context;

    @BeforeAll
    static void openTheDevice() {
        OpenClPlatforms.Discovery found = OpenClPlatforms.discover();
        if (!found.available() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + found.problem());
        }
        Assumptions.assumeTrue(found.available(), found.problem());
        device = DeviceChoice.select(found.devices(), "auto").orElseThrow();
        context =
                CL.clCreateContext(
                        null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
    }

    @AfterAll
    static void close() {
        if (context != null) {
            CL.clReleaseContext(context);
        }
    }

    @Test
    void theDeviceDescribesItself() {
        assertThat(device.name()).isNotBlank();
        assertThat(device.platform()).isNotBlank();
        assertThat(device.version()).startsWith("OpenCL ");
        assertThat(device.computeUnits()).isPositive();
        assertThat(device.globalMemoryBytes()).isGreaterThan(1L << 20);
        assertThat(device.maxWorkGroupSize()).isPositive();
        assertThat(device.describe()).startsWith(device.name() + " (" + device.type() + ", ");
    }

    @Test
    void aKernelComputesWhatTheHostComputes() {
        int n = 4099; // not a multiple of any work-group size
        float[] a = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.5f;
            b[i] = 1.0f / (i + 1);
        }
        String source =
                "__kernel void add(__global const float* a, __global const float* b,"
                        + " __global float* c, const int n) {\n"
                        + "  int i = get_global_id(0);\n"
                        + "  if (i < n) c[i] = a[i] + b[i];\n"
                        + "}\n";
        cl_program program = KernelProgram.build(context, device, "add.cl", source, "");
        cl_kernel kernel = CL.clCreateKernel(program, "add", null);
        cl_command_queue queue =
                CL.clCreateCommandQueueWithProperties(context, device.deviceId(), null, null);
        cl_mem da =
                CL.clCreateBuffer(
                        context,
                        CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                        (long) Sizeof.cl_float * n,
                        Pointer.to(a),
                        null);
        cl_mem db =
                CL.clCreateBuffer(
                        context,
                        CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                        (long) Sizeof.cl_float * n,
                        Pointer.to(b),
                        null);
        cl_mem dc =
                CL.clCreateBuffer(
                        context, CL_MEM_WRITE_ONLY, (long) Sizeof.cl_float * n, null, null);
        try {
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(da));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(db));
            CL.clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(dc));
            CL.clSetKernelArg(kernel, 3, Sizeof.cl_int, Pointer.to(new int[] {n}));
            CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {n}, null, 0, null, null);
            float[] c = new float[n];
            CL.clEnqueueReadBuffer(
                    queue,
                    dc,
                    CL_TRUE,
                    0,
                    (long) Sizeof.cl_float * n,
                    Pointer.to(c),
                    0,
                    null,
                    null);
            for (int i = 0; i < n; i++) {
                // one IEEE float addition, correctly rounded on host and device alike
                assertThat(c[i]).as("c[%d]", i).isEqualTo(a[i] + b[i]);
            }
        } finally {
            CL.clReleaseMemObject(da);
            CL.clReleaseMemObject(db);
            CL.clReleaseMemObject(dc);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseKernel(kernel);
            CL.clReleaseProgram(program);
        }
    }

    @Test
    void aKernelThatDoesNotCompileFailsWithTheCompilersLog() {
        String source =
                "__kernel void step(__global float* q) {\n"
                        + "  q[get_global_id(0)] += undeclaredVelocity;\n"
                        + "}\n";
        assertThatThrownBy(() -> KernelProgram.build(context, device, "step.cl", source, ""))
                .isInstanceOf(KernelBuildException.class)
                .hasMessageStartingWith(
                        "kernel program 'step.cl' did not compile for " + device.name())
                .hasMessageContaining("undeclaredVelocity")
                .satisfies(
                        e ->
                                assertThat(((KernelBuildException) e).log())
                                        .contains("undeclaredVelocity")
                                        .containsIgnoringCase("error"));
    }
}
