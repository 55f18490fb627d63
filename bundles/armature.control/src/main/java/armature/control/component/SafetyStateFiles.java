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
            } else if (!loaded.found() && epochs.found()) {
                // The loop ran here before (it has an epoch counter) but its latch is gone.
                latch = EStopSnapshot.LATCHED;
                origin =
                        "a missing " + eStop.file() + " of a loop that ran here before (fail safe)";
                problems.add(
                        new Problem(
                                eStop.file(),
                                "e-stop state file "
                                        + eStop.file()
                                        + " is missing although "
                                        + epochs.file()
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

        Path wearPath =
                wearFile == null || wearFile.isBlank()
                        ? folder.resolve(WEAR_FILE)
                        : resolve(Path.of(wearFile), home);
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

    private static Path resolve(Path p, String home) {
        if (p.isAbsolute() || home == null || home.isBlank()) {
            return p.toAbsolutePath();
        }
        return Path.of(home).resolve(p).toAbsolutePath();
    }
}
