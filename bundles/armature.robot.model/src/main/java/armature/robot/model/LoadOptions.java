package armature.robot.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Options for {@link Models#load(Path, LoadOptions)}.
 *
 * @param packagePath directories searched for {@code package://NAME/...} URIs in URDF files: a URI
 *     resolves to {@code ROOT/NAME/...} for the first root where that file exists, or to {@code
 *     ROOT/...} when the root itself is named {@code NAME}; when nothing matches, the directories
 *     above the URDF file are searched for one named {@code NAME}
 * @param urdfFloatingBase attach a URDF's root link to the world with a free joint instead of
 *     welding it
 */
public record LoadOptions(List<Path> packagePath, boolean urdfFloatingBase) {
    /** Copies the list and rejects nulls. */
    public LoadOptions {
        packagePath = List.copyOf(packagePath);
    }

    /**
     * @return no package path, fixed URDF base
     */
    public static LoadOptions defaults() {
        return new LoadOptions(List.of(), false);
    }

    /**
     * @param roots package roots
     * @return a copy with the given package path
     */
    public LoadOptions withPackagePath(List<Path> roots) {
        return new LoadOptions(roots, urdfFloatingBase);
    }

    /**
     * @param floating whether a URDF root link floats
     * @return a copy with the given setting
     */
    public LoadOptions withUrdfFloatingBase(boolean floating) {
        return new LoadOptions(packagePath, floating);
    }
}
