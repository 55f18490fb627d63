package armature.robot.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Never a crash": real files with one attribute value replaced by garbage either load or fail with
 * a {@link ModelLoadException} that names the file; nothing else may escape.
 */
class MutationRobustnessTest {
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final String[] GARBAGE = {
        "abc", "", "1 2", "-1", "NaN", "1e999", "0 0 0 0", "true", "1 2 3 4 5 6 7 8", "-0.5 0.5"
    };

    @TempDir Path tmp;

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private void mutateAndLoad(Path file, Path entry, LoadOptions options, int mutations, long seed)
            throws IOException {
        String original = Files.readString(file);
        List<int[]> spans = new ArrayList<>();
        Matcher m = ATTRIBUTE.matcher(original);
        while (m.find()) {
            spans.add(new int[] {m.start(2), m.end(2)});
        }
        Random rnd = new Random(seed);
        int failures = 0;
        for (int i = 0; i < mutations; i++) {
            int[] span = spans.get(rnd.nextInt(spans.size()));
            String garbage = GARBAGE[rnd.nextInt(GARBAGE.length)];
            String mutated = original.substring(0, span[0]) + garbage + original.substring(span[1]);
            Files.writeString(file, mutated);
            try {
                Models.load(entry, options);
            } catch (ModelLoadException e) {
                failures++;
                assertThat(e.getMessage()).contains(".xml").doesNotContain("\n");
            } catch (RuntimeException e) {
                fail(
                        "mutation '"
                                + original.substring(Math.max(0, span[0] - 40), span[1])
                                + "' -> '"
                                + garbage
                                + "' crashed the loader",
                        e);
            }
        }
        Files.writeString(file, original);
        // Most garbage must be rejected, not silently accepted.
        assertThat(failures).isGreaterThan(mutations / 3);
    }

    @Test
    void mutatedShadowHandNeverCrashes() throws Exception {
        Path root = tmp.resolve("gr");
        copyTree(ExampleModels.file("gymnasium-robotics/hand"), root.resolve("hand"));
        copyTree(ExampleModels.file("gymnasium-robotics/stls/hand"), root.resolve("stls/hand"));
        Files.createDirectories(root.resolve("textures"));
        Path entry = root.resolve("hand/manipulate_block.xml");
        mutateAndLoad(root.resolve("hand/robot.xml"), entry, LoadOptions.defaults(), 12, 1);
        mutateAndLoad(root.resolve("hand/shared.xml"), entry, LoadOptions.defaults(), 12, 2);
    }

    @Test
    void mutatedPandaUrdfNeverCrashes() throws Exception {
        Path file = tmp.resolve("panda_collision.xml");
        Files.copy(
                ExampleModels.file(
                        "example-robot-data/robots/panda_description/urdf/panda_collision.urdf"),
                file);
        mutateAndLoad(file, file, LoadOptions.defaults(), 60, 3);
    }
}
