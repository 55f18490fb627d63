package armature.safety.wear;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Persists a {@link WearSnapshot} as a small JSON file so wear counts survive restarts.
 *
 * <p>Saving writes a temporary file in the same directory, forces it to disk and renames it over
 * the old file (atomically where the file system supports it), so a crash leaves either the old or
 * the new file, never a torn one. Loading a file that cannot be read as a wear file moves it aside
 * to {@code <name>.corrupt-<UTC time>} (never deleting it) and starts from zero; {@link
 * Loaded#problem()} then names the file, the reason and where the bad file was kept.
 *
 * <p>Format ({@code "format": "armature.safety.wear", "version": 1}): a {@code joints} array of
 * objects with {@code name}, {@code timeAboveEffort} (list of {@code effortFraction}/{@code
 * seconds}), {@code peakAbsVelocityRadPerSec}, {@code directionReversals}, {@code
 * overTemperatureEvents}, {@code totalTravelRad} and {@code poweredSeconds}.
 */
public final class WearStore {
    static final String FORMAT = "armature.safety.wear";
    static final long VERSION = 1;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Clock wallClock;

    /**
     * @param file the wear file; its directory must exist
     * @param wallClock used only to name corrupt files that are moved aside
     */
    public WearStore(Path file, Clock wallClock) {
        this.file = Objects.requireNonNull(file, "file");
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    public Path file() {
        return file;
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Loaded(WearSnapshot.empty(), Optional.empty(), Optional.empty());
        }
        String reason;
        try {
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
            return new Loaded(read(Json.parse(text)), Optional.empty(), Optional.empty());
        } catch (CharacterCodingException e) {
            reason = "not UTF-8 text";
        } catch (Json.ParseException e) {
            reason = "not valid JSON: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            reason = e.getMessage();
        }
        Path aside = keepAside();
        String problem =
                "wear file "
                        + file
                        + " is corrupt ("
                        + reason
                        + "); moved it to "
                        + aside
                        + " and started wear counts from zero";
        return new Loaded(WearSnapshot.empty(), Optional.of(problem), Optional.of(aside));
    }

    private Path keepAside() throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(wallClock.instant());
        Path target = file.resolveSibling(base);
        for (int n = 1; Files.exists(target); n++) {
            target = file.resolveSibling(base + "-" + n);
        }
        return Files.move(file, target);
    }

    /** Writes the snapshot atomically (temp file, force, rename). */
    public void save(WearSnapshot snapshot) throws IOException {
        byte[] bytes = write(snapshot).getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String write(WearSnapshot snapshot) {
        StringBuilder sb = new StringBuilder(256 + 320 * snapshot.joints().size());
        sb.append("{\n  \"format\": ").append(Json.quote(FORMAT)).append(",\n");
        sb.append("  \"version\": ").append(VERSION).append(",\n");
        sb.append("  \"joints\": [");
        String sep = "\n";
        for (JointWear j : snapshot.joints()) {
            sb.append(sep).append("    {\"name\": ").append(Json.quote(j.jointName()));
            sb.append(", \"timeAboveEffort\": [");
            String tsep = "";
            for (ThresholdTime t : j.timeAboveEffort()) {
                sb.append(tsep)
                        .append("{\"effortFraction\": ")
                        .append(t.effortFraction())
                        .append(", \"seconds\": ")
                        .append(t.seconds())
                        .append('}');
                tsep = ", ";
            }
            sb.append("], \"peakAbsVelocityRadPerSec\": ").append(j.peakAbsVelocityRadPerSec());
            sb.append(", \"directionReversals\": ").append(j.directionReversals());
            sb.append(", \"overTemperatureEvents\": ").append(j.overTemperatureEvents());
            sb.append(", \"totalTravelRad\": ").append(j.totalTravelRad());
            sb.append(", \"poweredSeconds\": ").append(j.poweredSeconds()).append('}');
            sep = ",\n";
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    static WearSnapshot read(Object root) {
        Map<?, ?> top = object("(top level)", root);
        Object format = top.get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "format = " + format + "; allowed: \"" + FORMAT + "\"");
        }
        long version = integer("version", top.get("version"));
        if (version != VERSION) {
            throw new IllegalArgumentException("version = " + version + "; allowed: " + VERSION);
        }
        List<?> joints = list("joints", top.get("joints"));
        List<JointWear> out = new ArrayList<>(joints.size());
        for (int i = 0; i < joints.size(); i++) {
            String at = "joints[" + i + "].";
            Map<?, ?> j = object("joints[" + i + "]", joints.get(i));
            Object name = j.get("name");
            if (!(name instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException(
                        at + "name = " + name + "; allowed: a non-blank string");
            }
            List<?> thresholds = list(at + "timeAboveEffort", j.get("timeAboveEffort"));
            List<ThresholdTime> times = new ArrayList<>(thresholds.size());
            for (int k = 0; k < thresholds.size(); k++) {
                String tat = at + "timeAboveEffort[" + k + "]";
                Map<?, ?> t = object(tat, thresholds.get(k));
                times.add(
                        withField(
                                tat,
                                () ->
                                        new ThresholdTime(
                                                decimal(
                                                        tat + ".effortFraction",
                                                        t.get("effortFraction")),
                                                decimal(tat + ".seconds", t.get("seconds")))));
            }
            out.add(
                    withField(
                            at.substring(0, at.length() - 1),
                            () ->
                                    new JointWear(
                                            (String) name,
                                            times,
                                            decimal(
                                                    at + "peakAbsVelocityRadPerSec",
                                                    j.get("peakAbsVelocityRadPerSec")),
                                            integer(
                                                    at + "directionReversals",
                                                    j.get("directionReversals")),
                                            integer(
                                                    at + "overTemperatureEvents",
                                                    j.get("overTemperatureEvents")),
                                            decimal(at + "totalTravelRad", j.get("totalTravelRad")),
                                            decimal(
                                                    at + "poweredSeconds",
                                                    j.get("poweredSeconds")))));
        }
        return new WearSnapshot(out);
    }

    private interface Maker<T> {
        T make();
    }

    /** Prefixes record-validation messages with where in the file the bad value was. */
    private static <T> T withField(String where, Maker<T> maker) {
        try {
            return maker.make();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(m.startsWith(where) ? m : where + "." + m, e);
        }
    }

    private static Map<?, ?> object(String field, Object v) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(field + " = " + v + "; allowed: a JSON object");
    }

    private static List<?> list(String field, Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(field + " = " + v + "; allowed: a JSON array");
    }

    private static double decimal(String field, Object v) {
        if (v instanceof Json.Number n) {
            double d = Double.parseDouble(n.text());
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw new IllegalArgumentException(field + " = " + v + "; allowed: a finite number");
    }

    private static long integer(String field, Object v) {
        if (v instanceof Json.Number n) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                // fall through to the named error
            }
        }
        throw new IllegalArgumentException(field + " = " + v + "; allowed: an integer");
    }
}
