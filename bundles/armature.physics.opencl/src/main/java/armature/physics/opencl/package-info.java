/**
 * OpenCL for the batched physics engine (issue 10): which devices the machine has ({@link
 * armature.physics.opencl.OpenClPlatforms}), which one to use ({@link
 * armature.physics.opencl.DeviceChoice}) and kernel programs that fail with the compiler's log
 * ({@link armature.physics.opencl.KernelProgram}). JOCL's {@code org.jocl} is imported from the
 * never-swapped library bundle {@code armature.lib.jocl} (ADR 0100), so this bundle can be updated
 * while the container runs.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package armature.physics.opencl;
