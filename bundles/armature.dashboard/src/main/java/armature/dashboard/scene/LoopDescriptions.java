package armature.dashboard.scene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Finds a control loop's robot description in its configuration (factory PID {@code
 * armature.control}, keys {@code loopName}, {@code jointNames}, {@code descriptionPath}, {@code
 * descriptionPackagePath}), with relative paths resolved against the container home as the loop
 * itself resolves them.
 */
final class LoopDescriptions {
    static final String CONTROL_FACTORY_PID = "armature.control";

    /** ControlConfig's default loop name. */
    static final String DEFAULT_LOOP_NAME = "main";

    /** What the scene needs of one loop's configuration. */
    record LoopDescription(
            String loop, Path file, List<Path> packagePath, List<String> jointNames) {}

    private final ConfigurationAdmin configurationAdmin;
    private final String home;

    LoopDescriptions(ConfigurationAdmin configurationAdmin, String home) {
        this.configurationAdmin = configurationAdmin;
        this.home = home;
    }

    /**
     * @return the loop's description, or empty when no loop of that name is configured
     * @throws IllegalArgumentException when the loop has no description, naming the field
     */
    Optional<LoopDescription> find(String loop) throws IOException {
        for (Dictionary<String, Object> p : loops()) {
            String name = text(p.get("loopName"), DEFAULT_LOOP_NAME);
            if (!name.equals(loop)) {
                continue;
            }
            String description = text(p.get("descriptionPath"), "");
            if (description.isBlank()) {
                throw new IllegalArgumentException(
                        "loop '"
                                + loop
                                + "' has no descriptionPath: there is no robot description to draw");
            }
            List<Path> packages = new ArrayList<>();
            for (String root : strings(p.get("descriptionPackagePath"))) {
                packages.add(resolve(root));
            }
            return Optional.of(
                    new LoopDescription(
                            loop, resolve(description), packages, strings(p.get("jointNames"))));
        }
        return Optional.empty();
    }

    /** The configured loop names, for an error that says which exist. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        for (Dictionary<String, Object> p : loops()) {
            names.add(text(p.get("loopName"), DEFAULT_LOOP_NAME));
        }
        return names;
    }

    private List<Dictionary<String, Object>> loops() throws IOException {
        Configuration[] all;
        try {
            all =
                    configurationAdmin.listConfigurations(
                            "(service.factoryPid=" + CONTROL_FACTORY_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter rejected", e);
        }
        List<Dictionary<String, Object>> out = new ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            Dictionary<String, Object> p = c.getProperties();
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private Path resolve(String value) {
        Path p = Path.of(value.trim());
        if (p.isAbsolute() || home == null || home.isBlank()) {
            return p;
        }
        return Path.of(home).resolve(p).normalize();
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value);
    }

    /** A String[], a collection or a comma-separated text, as configurations hold lists. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (value instanceof Iterable<?> it) {
            it.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null && !String.valueOf(value).isBlank()) {
            for (String s : String.valueOf(value).split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
