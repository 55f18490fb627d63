package armature.vision.sim.render;

/**
 * Texture coordinates generated from a point's position in the geom's frame (its "object"
 * coordinates, metres), the way MuJoCo's renderer maps textures onto geoms without explicit
 * coordinates (OpenGL object-linear texture generation).
 */
public sealed interface TexMapping permits TexMapping.Planar, TexMapping.Cube {

    /**
     * A 2d texture projected along the geom's z axis: {@code s = sPerM * x - 0.5}, {@code t =
     * -tPerM * y - 0.5}, repeating in both directions (so the image's top row lies towards +y).
     *
     * @param texture the image
     * @param sPerM texture widths per metre along x
     * @param tPerM texture heights per metre along y
     */
    record Planar(Texture texture, double sPerM, double tPerM) implements TexMapping {}

    /**
     * A cube texture shrink-wrapped around the geom: the face and place come from the direction
     * {@code (kx x, ky y, kz z)} from the geom's centre.
     *
     * @param cube the six faces
     * @param kx scale of x before the lookup (1 / half size maps each face of a box onto one face
     *     of the cube)
     * @param ky scale of y
     * @param kz scale of z
     */
    record Cube(CubeMap cube, double kx, double ky, double kz) implements TexMapping {}
}
