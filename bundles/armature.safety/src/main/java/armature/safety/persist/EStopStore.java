package armature.safety.persist;

import armature.safety.EStopSnapshot;
import armature.safety.EStopState;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The e-stop latch of one loop on disk, rewritten atomically on every change so that a loop that
 * died latched comes back latched.
 *
 * <p>Reading is fail-safe: a file that is there but cannot be read as a latch (truncated, garbled,
 * another format, an unknown state) restores {@link EStopSnapshot#LATCHED}, never CLEAR, and is
 * moved aside; only a missing file (a loop that never ran here) restores CLEAR.
 *
 * <p>Format: {@code {"format": "armature.safety.estop", "version": 1, "state":
 * "CLEAR|LATCHED|ACKNOWLEDGED", "assertedSources": ["name", ...]}}.
 */
public final class EStopStore {
    static final String FORMAT = "armature.safety.estop";
    static final long VERSION = 1;

    private final AtomicFile file;
    private final Clock wallClock;

    /**
     * @param wallClock names a corrupt file moved aside
     */
    public EStopStore(Path file, Clock wallClock) {
        this(new AtomicFile(file), wallClock);
    }

    EStopStore(AtomicFile file, Clock wallClock) {
        this.file = Objects.requireNonNull(file, "file");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    public Path file() {
        return file.path();
    }

    /**
     * What {@link #load()} found.
     *
     * @param snapshot the latch to restore
     * @param found whether a file was there (false: CLEAR because this loop never ran here)
     * @param problem why the file could not be used (it then restores LATCHED), naming the file and
     *     where it was kept
     */
    public record Loaded(EStopSnapshot snapshot, boolean found, Optional<String> problem) {}

    /**
     * Reads the latch; see the class comment for what each kind of file restores.
     *
     * @throws IOException only when the file exists but can neither be read nor moved aside; the
     *     caller must then treat the latch as LATCHED too
     */
    public Loaded load() throws IOException {
        Optional<byte[]> bytes = file.read();
        if (bytes.isEmpty()) {
            return new Loaded(EStopSnapshot.CLEAR, false, Optional.empty());
        }
        try {
            return new Loaded(read(bytes.get()), true, Optional.empty());
        } catch (StateJson.BadStateException e) {
            Path aside = file.keepAside(wallClock);
            return new Loaded(
                    EStopSnapshot.LATCHED,
                    true,
                    Optional.of(
                            "e-stop state file "
                                    + file.path()
                                    + " is unreadable ("
                                    + e.getMessage()
                                    + "); restored LATCHED (fail safe), kept the file as "
                                    + aside));
        }
    }

    /** Writes the latch atomically and durably; returns once it is on disk. */
    public void save(EStopSnapshot snapshot) throws IOException {
        file.write(write(snapshot));
    }

    static byte[] write(EStopSnapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("state", s.state().name());
        m.put("assertedSources", s.assertedSources());
        return StateJson.write(m);
    }

    static EStopSnapshot read(byte[] bytes) throws StateJson.BadStateException {
        JsonNode root = StateJson.parse(bytes, FORMAT, VERSION);
        try {
            String state = StateJson.text(root, "state", "state");
            EStopState parsed;
            try {
                parsed = EStopState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "state = \"" + state + "\"; allowed: CLEAR, LATCHED, ACKNOWLEDGED");
            }
            JsonNode sources = StateJson.array(root, "assertedSources", "assertedSources");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                JsonNode n = sources.get(i);
                if (!n.isTextual() || n.asText().isEmpty()) {
                    throw new IllegalArgumentException(
                            "assertedSources[" + i + "] = " + n + "; allowed: a name");
                }
                names.add(n.asText());
            }
            return new EStopSnapshot(parsed, names);
        } catch (IllegalArgumentException e) {
            throw new StateJson.BadStateException(e.getMessage(), e);
        }
    }
}
