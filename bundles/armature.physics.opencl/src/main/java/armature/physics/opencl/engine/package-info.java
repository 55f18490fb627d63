/** The OpenCL engine as a {@link armature.physics.api.PhysicsEngine} service. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package armature.physics.opencl.engine;
