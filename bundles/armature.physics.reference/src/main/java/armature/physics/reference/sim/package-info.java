/**
 * Time stepping (semi-implicit Euler with implicit damping, RK4) and the {@link
 * armature.physics.api.World} implementation.
 */
package armature.physics.reference.sim;
