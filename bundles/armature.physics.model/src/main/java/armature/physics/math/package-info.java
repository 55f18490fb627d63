/**
 * Allocation-free vector, quaternion (w, x, y, z) and spatial (angular, linear at the world origin)
 * algebra on double arrays with offsets.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.physics.math;
