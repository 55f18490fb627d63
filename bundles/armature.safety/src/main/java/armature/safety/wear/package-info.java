/**
 * Per-joint wear accounting: snapshots ({@link armature.safety.wear.JointWear}, {@link
 * armature.safety.wear.WearSnapshot}); {@code armature.safety.persist.WearStore} keeps them on disk
 * so counts survive restarts and crashes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package armature.safety.wear;
