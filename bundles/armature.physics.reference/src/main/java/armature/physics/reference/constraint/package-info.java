/**
 * Soft velocity-level constraints (contacts with elliptic friction, joint and tendon limits,
 * frictionloss) solved by projected Gauss-Seidel on impulses. The equations are in ADR 0020 and in
 * {@link armature.physics.reference.constraint.ConstraintSolver}.
 */
package armature.physics.reference.constraint;
