package armature.robot.model;

import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.Vec3;
import java.nio.file.Path;
import java.util.List;

/**
 * A mesh asset: the file's distinct vertices after scaling, in the mesh file's own frame (not
 * recentred on its centre of mass, unlike MuJoCo's compiler), and their convex hull, which is what
 * collision and mass computations use.
 *
 * @param name mesh name
 * @param file resolved file
 * @param scale per-axis scale applied to the file's coordinates
 * @param fileTriangleCount triangles in the file
 * @param verticesM distinct scaled vertices
 * @param hull convex hull of {@code verticesM}
 */
public record Mesh(
        String name,
        Path file,
        Vec3 scale,
        int fileTriangleCount,
        List<Vec3> verticesM,
        ConvexHull hull) {
    /** Copies the list. */
    public Mesh {
        verticesM = List.copyOf(verticesM);
    }
}
