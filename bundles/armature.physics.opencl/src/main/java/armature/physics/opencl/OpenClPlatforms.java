package armature.physics.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Lists the OpenCL devices of every platform the ICD loader knows. Never throws for a machine
 * without OpenCL: the result then carries one line that says what is missing, so the simulator can
 * say it and keep the reference engine.
 */
public final class OpenClPlatforms {
    private OpenClPlatforms() {}

    /**
     * What the machine has.
     *
     * @param devices every device of every platform, in the loader's order
     * @param problem why there is none ({@code null} when there are devices)
     */
    public record Discovery(List<OpenClDevice> devices, String problem) {
        public boolean available() {
            return !devices.isEmpty();
        }
    }

    /** Asks the OpenCL ICD loader for its platforms and their devices. */
    public static Discovery discover() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                CL.clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                // the ICD loader returns CL_PLATFORM_NOT_FOUND_KHR when no driver is installed
                return new Discovery(
                        List.of(),
                        "no OpenCL platform is installed ("
                                + e.getMessage()
                                + "); on Debian: apt-get install pocl-opencl-icd ocl-icd-opencl-dev");
            }
            if (count[0] == 0) {
                return new Discovery(List.of(), "no OpenCL platform is installed");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            List<OpenClDevice> devices = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue; // a platform without devices (CL_DEVICE_NOT_FOUND)
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id d : ids) {
                    devices.add(describe(platformName, p, d));
                }
            }
            return devices.isEmpty()
                    ? new Discovery(List.of(), "the OpenCL platforms have no devices")
                    : new Discovery(List.copyOf(devices), null);
        } catch (UnsatisfiedLinkError e) {
            return new Discovery(
                    List.of(),
                    "OpenCL cannot be loaded ("
                            + e.getMessage()
                            + "); on Debian: apt-get install ocl-icd-opencl-dev pocl-opencl-icd");
        }
    }

    private static OpenClDevice describe(String platform, cl_platform_id p, cl_device_id d) {
        long type = deviceLong(d, CL_DEVICE_TYPE);
        String kind =
                (type & CL_DEVICE_TYPE_GPU) != 0
                        ? "GPU"
                        : (type & CL_DEVICE_TYPE_CPU) != 0
                                ? "CPU"
                                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0
                                        ? "ACCELERATOR"
                                        : "OTHER";
        String extensions = deviceString(d, CL_DEVICE_EXTENSIONS);
        return new OpenClDevice(
                platform,
                deviceString(d, CL_DEVICE_NAME).trim(),
                deviceString(d, CL_DEVICE_VENDOR).trim(),
                kind,
                deviceString(d, CL_DEVICE_VERSION).trim(),
                deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceSize(d, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                List.of(extensions.split(" ")).contains("cl_khr_fp64"),
                p,
                d);
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return text(b);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return text(b);
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    /** A NUL-terminated C string. */
    private static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
