package armature.safety;

import armature.control.api.CommandContract;

/**
 * Where a loop's command epochs come from. A durable source ({@code
 * armature.safety.persist.EpochStore}) has written the epoch to disk before returning it, so an
 * epoch is never handed out twice, across restarts included.
 */
@FunctionalInterface
public interface EpochSource {
    /**
     * The next epoch, in [1, {@link CommandContract#MAX_EPOCH}].
     *
     * @throws java.io.UncheckedIOException when it could not be made durable; the epoch must then
     *     not be used
     */
    long next();

    /** An in-memory counter starting at {@code first} (tests, benchmarks: nothing survives). */
    static EpochSource counting(long first) {
        long[] next = {first};
        return () -> {
            synchronized (next) {
                long e = next[0];
                next[0] = CommandContract.epochAfter(e);
                return e;
            }
        };
    }
}
