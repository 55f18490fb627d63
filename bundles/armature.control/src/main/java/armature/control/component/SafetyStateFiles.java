package armature.control.component;

import armature.safety.EStopSnapshot;
import armature.safety.SafetySupervisor;
import armature.safety.persist.EStopStore;
import armature.safety.persist.EpochStore;
import armature.safety.persist.WearStore;
import armature.safety.wear.WearSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop's crash-safe state under {@code <armature.runtime>/control/<loop>/}: the e-stop latch
 * ({@code estop.json}), the epoch counter ({@code epoch.json}) and, unless configured elsewhere,
 * the wear counts ({@code wear.json}). Opening reads everything back before the loop's first tick,
 * choosing the fail-safe reading whenever a file is not what it should be.
 */
final class SafetyStateFiles {
    static final String ESTOP_FILE = "estop.json";
    static final String EPOCH_FILE = "epoch.json";
    static final String WEAR_FILE = "wear.json";

    /** A file that could not be used, for a {@link LoopEvent#STATE_FILE_UNREADABLE} event. */
    record Problem(Path file, String message) {}

    final Path folder;
    final EStopStore eStop;
    final EpochStore epochs;
    final WearStore wear;
    final SafetySupervisor.Restored restored;
    final List<Problem> problems;

    private SafetyStateFiles(
            Path folder,
            EStopStore eStop,
            EpochStore epochs,
            WearStore wear,
            SafetySupervisor.Restored restored,
            List<Problem> problems) {
        this.folder = folder;
        this.eStop = eStop;
        this.epochs = epochs;
        this.wear = wear;
        this.restored = restored;
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads the loop's state and writes the e-stop latch back at once, so the file is valid from
     * the first tick on.
     *
     * @param runtime the container's runtime folder (framework property {@code armature.runtime})
     * @param wearFile the configured wear file ({@code wearFile}; relative to {@code home}), or
     *     blank for the loop's folder
     * @param home the container home, or {@code null}
     * @throws IOException when the folder or the e-stop latch cannot be written: a loop that cannot
     *     keep its e-stop across a crash does not run
     */
    static SafetyStateFiles open(Path runtime, String loopName, String wearFile, String home)
            throws IOException {
        Clock wallClock = Clock.systemUTC();
        Path folder = Files.createDirectories(runtime.resolve("control").resolve(loopName));
        List<Problem> problems = new ArrayList<>();

        EpochStore epochs = new EpochStore(folder.resolve(EPOCH_FILE), wallClock);
        epochs.problem().ifPresent(p -> problems.add(new Problem(epochs.file(), p)));

        EStopStore eStop = new EStopStore(folder.resolve(ESTOP_FILE), wallClock);
        EStopSnapshot latch;
        String origin = eStop.file().toString();
        try {
            EStopStore.Loaded loaded = eStop.load();
            latch = loaded.snapshot();
            loaded.problem().ifPresent(p -> problems.add(new Problem(eStop.file(), p)));
            if (loaded.problem().isPresent()) {
                origin = "an unreadable " + eStop.file() + " (fail safe)";
            } else if (!loaded.found() && ranHere(epochs, folder)) {
                // The loop ran here before (it has an epoch counter or wear counts) but its latch
                // is gone.
                latch = EStopSnapshot.LATCHED;
                origin =
                        "a missing " + eStop.file() + " of a loop that ran here before (fail safe)";
                problems.add(
                        new Problem(
                                eStop.file(),
                                "e-stop state file "
                                        + eStop.file()
                                        + " is missing although "
                                        + (epochs.found()
                                                ? epochs.file()
                                                : folder.resolve(WEAR_FILE))
                                        + " shows the loop ran here; restored LATCHED (fail safe)"));
            }
        } catch (IOException e) {
            latch = EStopSnapshot.LATCHED;
            origin = "an unreadable " + eStop.file() + " (fail safe)";
            problems.add(
                    new Problem(
                            eStop.file(),
                            "e-stop state file "
                                    + eStop.file()
                                    + " cannot be read ("
                                    + e
                                    + "); restored LATCHED (fail safe)"));
        }
        eStop.save(latch);

        Path wearPath = wearPath(wearFile, home, folder);
        WearStore wear = new WearStore(wearPath, wallClock);
        WearStore.Loaded loadedWear;
        try {
            loadedWear = wear.load();
        } catch (IOException e) {
            problems.add(new Problem(wearPath, "wear file " + wearPath + " cannot be read: " + e));
            loadedWear =
                    new WearStore.Loaded(
                            WearSnapshot.empty(),
                            java.util.Optional.empty(),
                            java.util.Optional.empty());
        }
        loadedWear.problem().ifPresent(p -> problems.add(new Problem(wearPath, p)));
        return new SafetyStateFiles(
                folder,
                eStop,
                epochs,
                wear,
                new SafetySupervisor.Restored(loadedWear.snapshot(), latch, origin),
                problems);
    }

    /** Whether the loop left state here before: its epoch counter, or its wear counts. */
    private static boolean ranHere(EpochStore epochs, Path folder) {
        return epochs.found() || Files.exists(folder.resolve(WEAR_FILE));
    }

    /**
     * Where the wear counts go: the loop's folder, or the configured {@code wearFile}, which must
     * be a {@code .json} file inside the container home and outside its {@code config/} and {@code
     * deploy/} folders (the loop renames a file it cannot read and then writes it every few
     * seconds: anywhere else it would destroy what it was pointed at, {@code /etc/passwd} or a
     * bundle alike).
     *
     * @throws IllegalArgumentException naming {@code wearFile}, the path and what is allowed
     */
    static Path wearPath(String wearFile, String home, Path folder) {
        if (wearFile == null || wearFile.isBlank()) {
            return folder.resolve(WEAR_FILE);
        }
        String allowed =
                "; allowed: a .json file inside the container home, outside its config/ and"
                        + " deploy/ folders (e.g. wear/hand-serial-1234.json), or empty for "
                        + folder.resolve(WEAR_FILE);
        if (home == null || home.isBlank()) {
            throw new IllegalArgumentException(
                    "wearFile = '" + wearFile + "' needs a container home" + allowed);
        }
        Path root = Path.of(home).toAbsolutePath().normalize();
        Path p;
        try {
            p = root.resolve(wearFile).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    "wearFile = '"
                            + wearFile
                            + "' is not a path ("
                            + e.getReason()
                            + ")"
                            + allowed);
        }
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!p.startsWith(root)
                || p.equals(root)
                || !name.endsWith(".json")
                || p.startsWith(root.resolve("config"))
                || p.startsWith(root.resolve("deploy"))
                || !insideThroughLinks(p, root)) {
            throw new IllegalArgumentException(
                    "wearFile = '" + wearFile + "' (" + p + ") is not allowed" + allowed);
        }
        return p;
    }

    /**
     * The nearest existing folder above {@code p} is still inside {@code root} once links are
     * followed.
     */
    private static boolean insideThroughLinks(Path p, Path root) {
        try {
            Path realRoot = root.toRealPath();
            if (Files.isSymbolicLink(p)) {
                return false;
            }
            for (Path d = p.getParent(); d != null; d = d.getParent()) {
                if (Files.exists(d)) {
                    Path real = d.toRealPath();
                    return real.startsWith(realRoot)
                            && !real.startsWith(realRoot.resolve("config"))
                            && !real.startsWith(realRoot.resolve("deploy"));
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
