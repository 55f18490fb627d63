package armature.robot.model;

import java.util.List;

/**
 * How a description's geoms look beyond their colour: its material and texture assets.
 *
 * @param materials material assets in document order
 * @param textures texture assets in document order
 */
public record Appearance(List<Material> materials, List<Texture> textures) {
    /** A description without materials or textures (URDF, or MJCF that names none). */
    public static final Appearance NONE = new Appearance(List.of(), List.of());

    /** Copies the lists. */
    public Appearance {
        materials = List.copyOf(materials);
        textures = List.copyOf(textures);
    }

    /** The named material, or null. */
    public Material material(String name) {
        for (Material m : materials) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The named texture, or null. */
    public Texture texture(String name) {
        for (Texture t : textures) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
