package armature.robot.model.xml;

import armature.robot.model.Mesh;
import armature.robot.model.ModelLoadException;
import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.QuickHull;
import armature.robot.model.geometry.StlReader;
import armature.robot.model.geometry.Vec3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads mesh files for both loaders. */
public final class MeshFiles {
    private MeshFiles() {}

    /**
     * Reads an STL file, scales it and builds its convex hull.
     *
     * @throws ModelLoadException located at {@code where} when the file is unreadable or degenerate
     */
    public static Mesh read(String name, Path file, Vec3 scale, XmlElement where)
            throws ModelLoadException {
        StlReader.StlMesh stl;
        try {
            stl = StlReader.read(file);
        } catch (IOException ex) {
            throw new ModelLoadException(
                    where.file(),
                    where.line(),
                    where.name(),
                    "cannot read mesh: " + ex.getMessage(),
                    ex);
        }
        List<Vec3> scaled = new ArrayList<>(stl.distinctVertices().size());
        for (Vec3 v : stl.distinctVertices()) {
            scaled.add(new Vec3(v.x() * scale.x(), v.y() * scale.y(), v.z() * scale.z()));
        }
        ConvexHull hull;
        try {
            hull = QuickHull.build(scaled);
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw new ModelLoadException(
                    where.file(),
                    where.line(),
                    where.name(),
                    "mesh " + file + " has no usable convex hull: " + ex.getMessage(),
                    ex);
        }
        return new Mesh(name, file, scale, stl.triangleCount(), scaled, hull);
    }
}
