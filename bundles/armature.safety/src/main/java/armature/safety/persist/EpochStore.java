package armature.safety.persist;

import armature.control.api.CommandContract;
import armature.safety.EpochSource;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A loop's epoch counter on disk: {@link #next()} writes the new epoch durably before returning it,
 * so no epoch is used twice, across restarts and crashes included. Without a usable file (first
 * start, a wiped runtime folder, a corrupt file) the counter starts at a random epoch in [{@link
 * CommandContract#MIN_RANDOM_EPOCH}, {@link CommandContract#MAX_RANDOM_EPOCH}), so a command stream
 * stamped before the wipe matches only by a 1 in 2^31 chance.
 *
 * <p>Format: {@code {"format": "armature.safety.epoch", "version": 1, "lastEpoch": N}}: the last
 * epoch handed out.
 */
public final class EpochStore implements EpochSource {
    static final String FORMAT = "armature.safety.epoch";
    static final long VERSION = 1;

    private final AtomicFile file;
    private final Optional<String> problem;
    private final boolean found;
    private long last; // guarded by this

    /**
     * Reads the counter (a corrupt file is moved aside and reported in {@link #problem()}).
     *
     * @param wallClock names a corrupt file moved aside
     * @throws IOException when the file exists but can neither be read nor moved aside
     */
    public EpochStore(Path file, Clock wallClock) throws IOException {
        this(new AtomicFile(file), wallClock, randomStart());
    }

    EpochStore(AtomicFile file, Clock wallClock, LongSupplier randomStart) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        Optional<byte[]> bytes = file.read();
        String bad = null;
        long restored = 0;
        if (bytes.isPresent()) {
            try {
                restored = read(bytes.get());
            } catch (StateJson.BadStateException e) {
                Path aside = file.keepAside(wallClock);
                bad =
                        "epoch counter file "
                                + file.path()
                                + " is unreadable ("
                                + e.getMessage()
                                + "); starting at a random epoch, kept the file as "
                                + aside;
            }
        }
        found = bytes.isPresent();
        problem = Optional.ofNullable(bad);
        // The epoch before the random start, so that next() hands out the random start itself.
        last = restored != 0 ? restored : randomStart.getAsLong() - 1;
    }

    private static LongSupplier randomStart() {
        SecureRandom random = new SecureRandom();
        return () ->
                random.nextLong(CommandContract.MIN_RANDOM_EPOCH, CommandContract.MAX_RANDOM_EPOCH);
    }

    public Path file() {
        return file.path();
    }

    /** Whether a counter file was there at construction (corrupt or not). */
    public boolean found() {
        return found;
    }

    /** Why the file found at construction could not be used. */
    public Optional<String> problem() {
        return problem;
    }

    /**
     * The next epoch, written durably first.
     *
     * @throws UncheckedIOException when it could not be written; the counter is unchanged then
     */
    @Override
    public synchronized long next() {
        long epoch = CommandContract.epochAfter(last);
        try {
            file.write(write(epoch));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "epoch " + epoch + " not saved to " + file.path() + ": " + e, e);
        }
        last = epoch;
        return epoch;
    }

    /**
     * Writes the counter again if its file has gone (deleted while the loop ran), so that a crash
     * after that still finds it.
     *
     * @return whether the file was missing and is written again
     * @throws IOException when it could not be written
     */
    public synchronized boolean restoreIfMissing() throws IOException {
        if (java.nio.file.Files.exists(file.path())) {
            return false;
        }
        file.write(write(last));
        return true;
    }

    static byte[] write(long lastEpoch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("lastEpoch", lastEpoch);
        return StateJson.write(m);
    }

    static long read(byte[] bytes) throws StateJson.BadStateException {
        JsonNode root = StateJson.parse(bytes, FORMAT, VERSION);
        try {
            long e = StateJson.integer(root, "lastEpoch", "lastEpoch");
            if (e < 1 || e > CommandContract.MAX_EPOCH) {
                throw new IllegalArgumentException(
                        "lastEpoch = " + e + "; allowed: [1, " + CommandContract.MAX_EPOCH + "]");
            }
            return e;
        } catch (IllegalArgumentException e) {
            throw new StateJson.BadStateException(e.getMessage(), e);
        }
    }
}
