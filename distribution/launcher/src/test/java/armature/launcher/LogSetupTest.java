package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker replaces the root logger's handlers with its SLF4J bridge while it starts,
 * side by side with the framework: Armature's own lines must still reach the container's log, and
 * only once each after the handlers are put back.
 */
class LogSetupTest {
    @TempDir Path dir;

    /** The ready line carries the Foxglove token: the log is the owner's alone. */
    @Test
    void theLogFolderAndFilesAreTheOwnersAlone() throws Exception {
        java.nio.file.Path logs = dir.resolve("logs");
        LogSetup.configure(logs, false);
        java.util.logging.Logger.getLogger("armature.test").info("a line");
        assertThat(
                        java.nio.file.attribute.PosixFilePermissions.toString(
                                java.nio.file.Files.getPosixFilePermissions(logs)))
                .isEqualTo("rwx------");
        assertThat(
                        java.nio.file.attribute.PosixFilePermissions.toString(
                                java.nio.file.Files.getPosixFilePermissions(
                                        logs.resolve("armature.0.log"))))
                .isEqualTo("rw-------");
    }

    @Test
    void armatureLinesReachTheLogWhileALibraryHoldsTheRootHandlers() throws Exception {
        LogSetup.configure(dir, false);
        Logger root = Logger.getLogger("");
        Handler[] ours = root.getHandlers();
        // what the broker's start does to java.util.logging
        for (Handler h : ours) {
            root.removeHandler(h);
        }
        Handler bridge =
                new Handler() {
                    @Override
                    public void publish(LogRecord r) {}

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                };
        root.addHandler(bridge);
        System.getLogger("armature.management.FeatureManager")
                .log(
                        System.Logger.Level.INFO,
                        "feature 'dashboard' installed (during the broker's start)");
        Logger.getLogger("org.example.Library").info("a library's line during the broker's start");
        LogSetup.reapply();
        Logger.getLogger("armature.bus.paho.Connection").info("connected (after reapply)");
        for (Handler h : root.getHandlers()) {
            h.flush();
        }
        String log = Files.readString(dir.resolve("armature.0.log"));
        assertThat(log)
                .contains(
                        "INFO [FeatureManager] feature 'dashboard' installed (during the broker's start)")
                .doesNotContain("a library's line");
        assertThat(log.split("connected \\(after reapply\\)", -1)).as("written once").hasSize(2);
        assertThat(Logger.getLogger("armature").isLoggable(Level.FINE)).isFalse();
        assertThat(root.getHandlers()).doesNotContain(bridge);
    }
}
