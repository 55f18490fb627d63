/**
 * Crash-safe files for the safety state that must survive {@code kill -9}: the e-stop latch, the
 * epoch counter ({@link armature.safety.persist.EStopStore}, {@link
 * armature.safety.persist.EpochStore}) and wear counts ({@link armature.safety.persist.WearStore}).
 * Every write replaces the whole file atomically ({@link armature.safety.persist.AtomicFile});
 * every read that finds anything but a complete, valid file says so by name, and the callers choose
 * the fail-safe reading (a latched e-stop, a random epoch).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package armature.safety.persist;
