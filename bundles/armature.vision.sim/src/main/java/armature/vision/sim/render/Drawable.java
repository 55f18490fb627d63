package armature.vision.sim.render;

import java.util.List;

/**
 * A mesh placed in the world with its materials ({@link TriMesh#triangleMaterial()} indexes them).
 *
 * @param mesh the shape
 * @param materials at least one; a triangle's material index past the end uses the last
 * @param worldFromMesh where the mesh is
 */
public record Drawable(TriMesh mesh, List<Material> materials, Transform worldFromMesh) {
    public Drawable {
        materials = List.copyOf(materials);
        if (materials.isEmpty()) {
            throw new IllegalArgumentException("a drawable needs a material");
        }
    }

    public Drawable moved(Transform newPose) {
        return new Drawable(mesh, materials, newPose);
    }
}
