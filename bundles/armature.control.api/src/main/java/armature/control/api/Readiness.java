package armature.control.api;

/**
 * How a component tells the container's status that it does not work although its SCR state is
 * ACTIVE (a simulation waiting for its physics engine, a loop without a driver): it registers a
 * {@code java.util.function.Supplier<String>} service with property {@link #PROPERTY} = what it is
 * (e.g. {@code sim 'hand'}); {@code get()} answers null while it works, else one sentence saying
 * why not. Every such answer is one reason in {@code status}'s {@code notReady} (problem kind
 * {@code health}), so "ready" means that what is installed works, not only that it started.
 */
public final class Readiness {
    /** The service property naming the subject; its presence marks a readiness supplier. */
    public static final String PROPERTY = "armature.readiness";

    private Readiness() {}
}
