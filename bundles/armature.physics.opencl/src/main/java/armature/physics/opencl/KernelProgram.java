package armature.physics.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;

import java.nio.charset.StandardCharsets;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_program;

/**
 * Compiles OpenCL C source for one device. A program that does not compile throws {@link
 * KernelBuildException} with the compiler's log (file, line, column and message as the driver
 * writes them), never a bare error code.
 */
public final class KernelProgram {
    private KernelProgram() {}

    /**
     * @param name what the program is, for the error message (e.g. {@code integrate.cl})
     * @param options compiler options, e.g. {@code -cl-fast-relaxed-math}, or empty
     * @return the built program; the caller releases it
     */
    public static cl_program build(
            cl_context context, OpenClDevice device, String name, String source, String options) {
        CL.setExceptionsEnabled(true);
        cl_program program =
                CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            CL.clBuildProgram(
                    program,
                    1,
                    new org.jocl.cl_device_id[] {device.deviceId()},
                    options,
                    null,
                    null);
            return program;
        } catch (CLException e) {
            String log = buildLog(program, device);
            CL.clReleaseProgram(program);
            throw new KernelBuildException(name, device.describe(), log, e);
        }
    }

    /** The compiler's log of a built program (warnings, where it gave any). */
    public static String buildLog(cl_program program, OpenClDevice device) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(
                    program, device.deviceId(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] b = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(
                    program,
                    device.deviceId(),
                    CL_PROGRAM_BUILD_LOG,
                    b.length,
                    Pointer.to(b),
                    null);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            String log = new String(b, 0, n, StandardCharsets.UTF_8).strip();
            return log.isEmpty() ? "(the driver wrote no log)" : log;
        } catch (CLException e) {
            return "(the driver's log could not be read: " + e.getMessage() + ")";
        }
    }
}
