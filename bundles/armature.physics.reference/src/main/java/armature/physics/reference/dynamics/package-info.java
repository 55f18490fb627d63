/**
 * Per-world state and the tree algorithms: forward kinematics (MJCF joint semantics), RNEA, CRBA,
 * the tree-sparse L^T D L factorisation, actuator and passive forces. See ADR 0020.
 */
package armature.physics.reference.dynamics;
