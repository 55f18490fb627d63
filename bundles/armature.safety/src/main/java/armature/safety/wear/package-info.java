/**
 * Per-joint wear accounting and its persistence: snapshots ({@link armature.safety.wear.JointWear},
 * {@link armature.safety.wear.WearSnapshot}) and an atomic JSON store ({@link
 * armature.safety.wear.WearStore}) so counts survive restarts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package armature.safety.wear;
