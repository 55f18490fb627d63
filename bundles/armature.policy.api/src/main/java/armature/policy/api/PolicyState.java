package armature.policy.api;

/** What a runtime component is doing; {@code state} of its retained status document. */
public enum PolicyState {
    /** Waiting for the loop's schema and limits, or for its policy provider. */
    STARTING,
    /** Acting: one command per tick. */
    RUNNING,
    /** Not acting because an observation is missing or too old; acts again once all are fresh. */
    WAITING_FOR_OBSERVATIONS,
    /**
     * Not acting because an operator commanded the loop, asked for a hold, or the e-stop is not
     * CLEAR; acts again only after a {@code resume} request.
     */
    PAUSED,
    /** The policy threw; nothing is published until the component is restarted. */
    FAILED
}
