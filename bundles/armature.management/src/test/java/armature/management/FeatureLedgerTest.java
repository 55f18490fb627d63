package armature.management;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What operators install and uninstall at runtime comes back at the next start. */
class FeatureLedgerTest {
    private static final List<String> START = List.of("sim-hand", "heartbeat");
    private final ObjectMapper json = new ObjectMapper();

    @TempDir Path dir;

    private FeatureLedger reread() {
        return new FeatureLedger(dir.resolve("runtime/c/features.json"), json);
    }

    @Test
    void installsAndUninstallsAreAppliedToTheStartListAtTheNextStart() {
        FeatureLedger run1 = reread();
        assertThat(run1.atStart(START)).containsExactly("sim-hand", "heartbeat");
        run1.installed("dynamixel", START);
        run1.installed("sim-hand", START); // in the start list already: nothing to record
        run1.uninstalled("heartbeat", START);
        assertThat(reread().atStart(START)).containsExactly("sim-hand", "dynamixel");

        FeatureLedger run2 = reread();
        run2.installed("heartbeat", START);
        run2.uninstalled("dynamixel", START);
        assertThat(reread().atStart(START)).containsExactly("sim-hand", "heartbeat");
        assertThat(new DefaultFeatures("sim-hand,heartbeat", reread()).startList())
                .containsExactly("sim-hand", "heartbeat");
    }

    @Test
    void anUnreadableFileLeavesTheStartList() throws Exception {
        Path file = Files.createDirectories(dir.resolve("runtime/c")).resolve("features.json");
        Files.writeString(file, "{\"installed\": [");
        assertThat(reread().atStart(START)).containsExactly("sim-hand", "heartbeat");
    }
}
