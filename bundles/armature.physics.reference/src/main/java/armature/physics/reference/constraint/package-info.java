/**
 * MuJoCo's constraint model (ADR 0082, superseding the constraint parts of ADR 0020): rows built in
 * MuJoCo's order with its impedance law ({@link armature.physics.reference.constraint.RowBuilder}),
 * solved at the acceleration level as MuJoCo's convex primal problem by Newton's method ({@link
 * armature.physics.reference.constraint.NewtonSolver}).
 */
package armature.physics.reference.constraint;
