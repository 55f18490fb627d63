package armature.safety;

/**
 * Monotonic nanosecond time source. Injected so tests can step time exactly; production code passes
 * {@code System::nanoTime}.
 */
@FunctionalInterface
@org.osgi.annotation.versioning.ConsumerType
public interface NanoClock {
    /** Returns monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();
}
