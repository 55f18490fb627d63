package armature.robot.model.urdf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves URDF mesh file names: {@code package://NAME/rest} through the package path (then through
 * the directories above the URDF file), {@code file://} URIs, and paths relative to the URDF file.
 */
final class PackageResolver {
    private final List<Path> roots;
    private final Path urdfDir;

    PackageResolver(List<Path> roots, Path urdfFile) {
        this.roots = roots;
        this.urdfDir = urdfFile.toAbsolutePath().getParent();
    }

    /**
     * @param uri the filename attribute
     * @return the existing file, or empty (with the best candidate described by {@link #describe})
     */
    Optional<Path> resolve(String uri) {
        for (Path p : candidates(uri)) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p.normalize());
            }
        }
        return Optional.empty();
    }

    List<Path> candidates(String uri) {
        if (uri.startsWith("package://")) {
            String rest = uri.substring("package://".length());
            int slash = rest.indexOf('/');
            String pkg = slash < 0 ? rest : rest.substring(0, slash);
            String inside = slash < 0 ? "" : rest.substring(slash + 1);
            java.util.List<Path> out = new java.util.ArrayList<>();
            for (Path root : roots) {
                out.add(root.resolve(pkg).resolve(inside));
                Path name = root.toAbsolutePath().normalize().getFileName();
                if (name != null && name.toString().equals(pkg)) {
                    out.add(root.resolve(inside));
                }
            }
            for (Path dir = urdfDir; dir != null; dir = dir.getParent()) {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(pkg)) {
                    out.add(dir.resolve(inside));
                    break;
                }
            }
            return out;
        }
        if (uri.startsWith("file://")) {
            return List.of(Path.of(uri.substring("file://".length())));
        }
        return List.of(urdfDir.resolve(uri));
    }
}
