/**
 * The compiled flat multibody model and its builder. Exported so that description compilers (MJCF,
 * URDF) and other engines can produce and read the same model.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package armature.physics.model;
