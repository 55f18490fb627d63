package armature.vision.sim.render;

/**
 * Triangles in their own frame: per vertex a position (m), a unit normal and texture coordinates;
 * per triangle three vertex indices, wound counter-clockwise seen from outside, and the index of
 * its material among the drawable's materials. Immutable once built ({@link Shapes}).
 *
 * @param positions 3 per vertex
 * @param normals 3 per vertex
 * @param uvs 2 per vertex
 * @param triangles 3 per triangle
 * @param triangleMaterial 1 per triangle
 * @param twoSided drawn from behind as well (planes); closed shapes cull their back faces
 */
public record TriMesh(
        double[] positions,
        double[] normals,
        double[] uvs,
        int[] triangles,
        int[] triangleMaterial,
        boolean twoSided) {
    public TriMesh {
        int n = positions.length / 3;
        if (positions.length % 3 != 0
                || normals.length != 3 * n
                || uvs.length != 2 * n
                || triangles.length % 3 != 0
                || triangleMaterial.length != triangles.length / 3) {
            throw new IllegalArgumentException("inconsistent mesh arrays");
        }
        for (int i : triangles) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException(
                        "triangle index " + i + " of " + n + " vertices");
            }
        }
    }

    public int vertexCount() {
        return positions.length / 3;
    }

    public int triangleCount() {
        return triangles.length / 3;
    }
}
