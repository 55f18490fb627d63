/**
 * Broad phase (sweep and prune on bounding spheres), MJCF filtering and narrow phase (analytic
 * pairs, separating axes and face clipping for boxes and meshes, feature clipping for cylinders and
 * flat capsules, Minkowski Portal Refinement for the rest; up to four points per pair, ADR 0023)
 * into a fixed-capacity contact buffer. Normals point from geom1 to geom2; negative distance means
 * penetration.
 */
package armature.physics.reference.collision;
