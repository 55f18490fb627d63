package armature.policy.component;

import armature.safety.persist.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An operator's hold of one policy, kept across crashes and restarts like the loop's e-stop latch
 * (ADR 0071): {@code <armature.runtime>/policy/<name>/hold} holds the user name of whoever held it,
 * written atomically when the hold is taken and removed when a resume is accepted. A policy whose
 * file is there starts paused; one whose file cannot be read starts paused too (fail safe).
 */
final class HoldFile {
    private static final System.Logger LOG = System.getLogger(HoldFile.class.getName());
    private final AtomicFile file;

    private HoldFile(Path path) {
        this.file = new AtomicFile(path);
    }

    /** The policy's hold file under {@code runtime}, or null when there is no runtime folder. */
    static HoldFile of(String runtime, String policy) {
        return runtime == null || runtime.isBlank()
                ? null
                : new HoldFile(Path.of(runtime, "policy", policy, "hold"));
    }

    /** Who held the policy before it stopped, or empty when it was not held. */
    Optional<String> heldBy() {
        try {
            return file.read().map(b -> new String(b, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.of("an unreadable " + file.path() + " (fail safe)");
        }
    }

    void held(String by) {
        try {
            Files.createDirectories(file.path().getParent());
            file.write(by.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "hold of " + by + " not kept across a restart: " + file.path() + ": " + e);
        }
    }

    void released() {
        try {
            Files.deleteIfExists(file.path());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot remove " + file.path() + ": " + e);
        }
    }
}
