/**
 * Allocation-free vector, quaternion (w, x, y, z) and spatial (angular, linear at the world origin)
 * algebra on double arrays with offsets.
 */
package armature.physics.reference.math;
