/**
 * Engine-neutral physics API: a {@link armature.physics.api.PhysicsEngine} turns a compiled {@link
 * armature.physics.api.PhysicsModel} into independent {@link armature.physics.api.World}s that are
 * stepped with a fixed timestep.
 *
 * <p>Conventions shared by every engine: SI units, world z up unless the model's gravity says
 * otherwise, quaternions ordered w, x, y, z. Generalised coordinates follow MuJoCo: a free joint
 * has 7 position entries (world position, orientation quaternion) and 6 velocity entries (linear
 * velocity in the world frame, then angular velocity in the body frame); a ball joint has 4 and 3
 * (angular velocity in the child frame); hinge and slide joints have 1 and 1.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package armature.physics.api;
