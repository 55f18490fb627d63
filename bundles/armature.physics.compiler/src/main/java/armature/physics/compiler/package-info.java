/**
 * Compiles a robot description ({@link armature.robot.model.Model}, from MJCF or URDF) into the
 * reference engine's flat {@link armature.physics.model.MultibodyModel}. Whatever the engine cannot
 * represent is reported in one warning; see ADR 0021.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.physics.compiler;
