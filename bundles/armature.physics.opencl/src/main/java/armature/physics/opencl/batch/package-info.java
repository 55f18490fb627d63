/**
 * Thousands of worlds of one model per call on an OpenCL device: {@link
 * armature.physics.opencl.batch.OpenClBatch} (batched reset, controls, observations, domain
 * randomization) and {@link armature.physics.opencl.batch.OpenClWorld} (one world behind the
 * engine-neutral World API).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package armature.physics.opencl.batch;
