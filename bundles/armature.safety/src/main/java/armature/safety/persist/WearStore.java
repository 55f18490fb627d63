package armature.safety.persist;

import armature.safety.wear.JointWear;
import armature.safety.wear.ThresholdTime;
import armature.safety.wear.WearSnapshot;
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
 * Persists a {@link WearSnapshot} as a small JSON file so wear counts survive restarts and crashes.
 *
 * <p>Saving replaces the file atomically ({@link AtomicFile}: temp file, force, rename, force the
 * folder), so a crash leaves the counts of the last save, never a torn file. Loading a file that
 * cannot be read as a wear file moves it aside to {@code <name>.corrupt-<UTC time>} (never deleting
 * it) and starts from zero; {@link Loaded#problem()} then names the file, the reason and where the
 * bad file was kept.
 *
 * <p>Format ({@code "format": "armature.safety.wear", "version": 1}): a {@code joints} array of
 * objects with {@code name}, {@code timeAboveEffort} (list of {@code effortFraction}/{@code
 * seconds}), {@code peakAbsVelocityRadPerSec}, {@code directionReversals}, {@code
 * overTemperatureEvents}, {@code totalTravelRad} and {@code poweredSeconds}.
 */
public final class WearStore {
    static final String FORMAT = "armature.safety.wear";
    static final long VERSION = 1;

    private final AtomicFile file;
    private final Clock wallClock;

    /**
     * @param file the wear file; its folder is created on the first save
     * @param wallClock used only to name corrupt files that are moved aside
     */
    public WearStore(Path file, Clock wallClock) {
        this.file = new AtomicFile(Objects.requireNonNull(file, "file"));
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    public Path file() {
        return file.path();
    }

    /**
     * Result of {@link #load()}.
     *
     * @param snapshot what was read, or an empty snapshot when there was no usable file
     * @param problem why the file was not usable (names the file), if it was corrupt
     * @param keptAsidePath where the corrupt file now is, if it was corrupt
     */
    public record Loaded(
            WearSnapshot snapshot, Optional<String> problem, Optional<Path> keptAsidePath) {}

    /**
     * Reads the wear file. A missing file is a fresh start; a corrupt one is moved aside and
     * reported.
     *
     * @throws IOException only when the file exists but cannot be read or moved aside at all
     */
    public Loaded load() throws IOException {
        Optional<byte[]> bytes = file.read();
        if (bytes.isEmpty()) {
            return new Loaded(WearSnapshot.empty(), Optional.empty(), Optional.empty());
        }
        try {
            return new Loaded(read(bytes.get()), Optional.empty(), Optional.empty());
        } catch (StateJson.BadStateException e) {
            Path aside = file.keepAside(wallClock);
            String problem =
                    "wear file "
                            + file.path()
                            + " is corrupt ("
                            + e.getMessage()
                            + "); moved it to "
                            + aside
                            + " and started wear counts from zero";
            return new Loaded(WearSnapshot.empty(), Optional.of(problem), Optional.of(aside));
        }
    }

    /** Writes the snapshot atomically and durably. */
    public void save(WearSnapshot snapshot) throws IOException {
        file.write(write(snapshot));
    }

    static byte[] write(WearSnapshot snapshot) {
        List<Map<String, Object>> joints = new ArrayList<>();
        for (JointWear j : snapshot.joints()) {
            List<Map<String, Object>> times = new ArrayList<>();
            for (ThresholdTime t : j.timeAboveEffort()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("effortFraction", t.effortFraction());
                m.put("seconds", t.seconds());
                times.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", j.jointName());
            m.put("timeAboveEffort", times);
            m.put("peakAbsVelocityRadPerSec", j.peakAbsVelocityRadPerSec());
            m.put("directionReversals", j.directionReversals());
            m.put("overTemperatureEvents", j.overTemperatureEvents());
            m.put("totalTravelRad", j.totalTravelRad());
            m.put("poweredSeconds", j.poweredSeconds());
            joints.add(m);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("format", FORMAT);
        top.put("version", VERSION);
        top.put("joints", joints);
        return StateJson.write(top);
    }

    static WearSnapshot read(byte[] bytes) throws StateJson.BadStateException {
        JsonNode root = StateJson.parse(bytes, FORMAT, VERSION);
        try {
            JsonNode joints = StateJson.array(root, "joints", "joints");
            List<JointWear> out = new ArrayList<>(joints.size());
            for (int i = 0; i < joints.size(); i++) {
                out.add(joint(StateJson.object(joints.get(i), "joints[" + i + "]"), i));
            }
            return new WearSnapshot(out);
        } catch (IllegalArgumentException e) {
            throw new StateJson.BadStateException(e.getMessage(), e);
        }
    }

    private static JointWear joint(JsonNode j, int i) {
        String at = "joints[" + i + "].";
        String name = StateJson.text(j, "name", at + "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException(at + "name = \"\"; allowed: a non-blank string");
        }
        JsonNode thresholds = StateJson.array(j, "timeAboveEffort", at + "timeAboveEffort");
        List<ThresholdTime> times = new ArrayList<>(thresholds.size());
        for (int k = 0; k < thresholds.size(); k++) {
            String tat = at + "timeAboveEffort[" + k + "]";
            JsonNode t = StateJson.object(thresholds.get(k), tat);
            double fraction = StateJson.decimal(t, "effortFraction", tat + ".effortFraction");
            double seconds = StateJson.decimal(t, "seconds", tat + ".seconds");
            times.add(withField(tat + ".", () -> new ThresholdTime(fraction, seconds)));
        }
        double peak =
                StateJson.decimal(j, "peakAbsVelocityRadPerSec", at + "peakAbsVelocityRadPerSec");
        long reversals = StateJson.integer(j, "directionReversals", at + "directionReversals");
        long overTemperature =
                StateJson.integer(j, "overTemperatureEvents", at + "overTemperatureEvents");
        double travel = StateJson.decimal(j, "totalTravelRad", at + "totalTravelRad");
        double powered = StateJson.decimal(j, "poweredSeconds", at + "poweredSeconds");
        return withField(
                at,
                () ->
                        new JointWear(
                                name, times, peak, reversals, overTemperature, travel, powered));
    }

    private interface Maker<T> {
        T make();
    }

    /** Prefixes a record's validation message with where in the file the bad value was. */
    private static <T> T withField(String where, Maker<T> maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }
}
