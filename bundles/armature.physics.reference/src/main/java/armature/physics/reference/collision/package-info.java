/**
 * Broad phase (sweep and prune on bounding spheres), MJCF filtering and narrow phase (analytic
 * pairs, box manifolds, Minkowski Portal Refinement for the rest) into a fixed-capacity contact
 * buffer. Normals point from geom1 to geom2; negative distance means penetration.
 */
package armature.physics.reference.collision;
