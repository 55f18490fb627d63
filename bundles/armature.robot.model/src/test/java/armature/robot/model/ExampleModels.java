package armature.robot.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's example robot descriptions (never /work/shared). */
public final class ExampleModels {
    private ExampleModels() {}

    /**
     * @return the examples/models directory
     */
    public static Path root() {
        String prop = System.getProperty("armature.examples.models");
        Path p =
                prop != null
                        ? Path.of(prop)
                        : Path.of(System.getProperty("user.dir"), "..", "..", "examples", "models");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("examples/models not found at " + p);
        }
        return p;
    }

    /**
     * @param relative path below examples/models
     * @return the file
     */
    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
