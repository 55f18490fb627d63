package armature.robot.model;

import java.util.List;
import java.util.Objects;

/**
 * A material asset as MJCF names it: the colour a geom takes when it has none of its own, and the
 * texture drawn on it. Only what a renderer of the description needs is kept (no specular,
 * shininess or reflectance).
 *
 * @param name material name
 * @param rgba colour and alpha, each 0..1 (MuJoCo's default 1 1 1 1); multiplied with the texture
 * @param texture the name of a {@link Texture} in the same description, or null for none
 * @param texRepeat how often a 2d texture repeats along x and y: over the geom's extent, or per
 *     metre when {@code texUniform}
 * @param texUniform MuJoCo's {@code texuniform}: a 2d texture repeats per metre, a cube texture is
 *     mapped onto the geom scaled to a unit size
 */
public record Material(
        String name,
        List<Double> rgba,
        String texture,
        List<Double> texRepeat,
        boolean texUniform) {
    public static final List<Double> DEFAULT_RGBA = List.of(1.0, 1.0, 1.0, 1.0);
    public static final List<Double> DEFAULT_TEXREPEAT = List.of(1.0, 1.0);

    /** Validates values and copies lists. */
    public Material {
        Objects.requireNonNull(name, "name");
        rgba = Checks.finiteList("rgba of material '" + name + "'", rgba, 4);
        texRepeat = Checks.finiteList("texRepeat of material '" + name + "'", texRepeat, 2);
    }
}
