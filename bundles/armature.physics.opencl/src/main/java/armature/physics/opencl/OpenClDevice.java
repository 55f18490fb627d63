package armature.physics.opencl;

import java.util.Locale;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as the driver describes it.
 *
 * @param platform the platform's name (e.g. {@code Portable Computing Language})
 * @param name the device's name
 * @param vendor the device's vendor
 * @param type {@code GPU}, {@code CPU}, {@code ACCELERATOR} or {@code OTHER}
 * @param version the OpenCL version the device supports, as the driver reports it
 * @param computeUnits parallel compute units
 * @param globalMemoryBytes global memory
 * @param maxWorkGroupSize largest work group
 * @param fp64 whether the device computes in double precision ({@code cl_khr_fp64})
 * @param platformId the platform handle
 * @param deviceId the device handle
 */
public record OpenClDevice(
        String platform,
        String name,
        String vendor,
        String type,
        String version,
        int computeUnits,
        long globalMemoryBytes,
        long maxWorkGroupSize,
        boolean fp64,
        cl_platform_id platformId,
        cl_device_id deviceId) {

    /** One line for logs and {@code status}: name, type, platform, units, memory, precision. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s (%s, %s, %d compute units, %d MiB, %s)",
                name,
                type,
                platform,
                computeUnits,
                globalMemoryBytes >> 20,
                fp64 ? "float32 and float64" : "float32 only");
    }
}
