package armature.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorStoreTest {
    @TempDir Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsTheLastValidDescriptorPerSensorAndForgetsAClearedOne() throws Exception {
        DescriptorStore store = new DescriptorStore(dir.resolve("sensors/descriptors"));
        assertThat(store.load()).isEmpty();
        store.save("thermo1", bytes("{\"id\":\"thermo1\",\"v\":1}"));
        store.save("thermo1", bytes("{\"id\":\"thermo1\",\"v\":2}"));
        store.save("ft1", bytes("{\"id\":\"ft1\"}"));
        // An id that is a topic level but would be a path elsewhere stays a file here.
        store.save("..", bytes("{\"id\":\"..\"}"));
        var kept = store.load();
        assertThat(kept.keySet()).containsExactly("..", "ft1", "thermo1");
        assertThat(new String(kept.get("thermo1"), StandardCharsets.UTF_8)).contains("\"v\":2");
        assertThat(Files.exists(dir.resolve("sensors/descriptors/d-...json"))).isTrue();

        store.delete("thermo1");
        assertThat(store.load().keySet()).containsExactly("..", "ft1");
        assertThatThrownBy(() -> store.save("a/b", bytes("{}")))
                .hasMessageContaining("cannot name a file");
    }

    @Test
    void leftoversOfAnInterruptedWriteAreNotDescriptors() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("d"));
        Files.writeString(folder.resolve(".d-x.json.part"), "{\"half\":");
        Files.writeString(folder.resolve("notes.txt"), "x");
        assertThat(new DescriptorStore(folder).load()).isEmpty();
    }
}
