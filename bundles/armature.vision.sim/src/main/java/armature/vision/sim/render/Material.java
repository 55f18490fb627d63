package armature.vision.sim.render;

/**
 * A surface: a diffuse colour (linear 0..1) times an optional texture, sampled at the mesh's own
 * texture coordinates ({@code texture}) or at coordinates generated from the geom frame ({@code
 * mapping}), and an opacity ({@code alpha}, MJCF's fourth rgba number: 1 opaque, 0.5 lets half of
 * what is behind show through).
 *
 * @param red diffuse red, 0..1
 * @param green diffuse green, 0..1
 * @param blue diffuse blue, 0..1
 * @param texture sampled at the mesh's texture coordinates; null for none
 * @param mapping a texture placed by the geom-frame position instead; null for none (at most one of
 *     the two)
 * @param alpha opacity, above 0 and at most 1
 */
public record Material(
        float red, float green, float blue, Texture texture, TexMapping mapping, float alpha) {
    /** A plain or mesh-textured opaque surface. */
    public Material(float red, float green, float blue, Texture texture) {
        this(red, green, blue, texture, null, 1f);
    }

    /** An opaque surface. */
    public Material(float red, float green, float blue, Texture texture, TexMapping mapping) {
        this(red, green, blue, texture, mapping, 1f);
    }

    public Material {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException(
                    "material alpha " + alpha + "; allowed: above 0 and at most 1");
        }
        if (texture != null && mapping != null) {
            throw new IllegalArgumentException(
                    "a material has a mesh texture or a mapped one, not both");
        }
        for (float c : new float[] {red, green, blue}) {
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException(
                        "material colour ("
                                + red
                                + ", "
                                + green
                                + ", "
                                + blue
                                + "); allowed: 0..1 per channel");
            }
        }
    }

    public static Material of(double red, double green, double blue) {
        return new Material((float) red, (float) green, (float) blue, null);
    }

    /** This material with its colour multiplied (clamped to 0..1). */
    public Material scaled(double r, double g, double b) {
        return new Material(
                clamp(red * r), clamp(green * g), clamp(blue * b), texture, mapping, alpha);
    }

    /** This material with opacity {@code a}. */
    public Material withAlpha(double a) {
        return new Material(red, green, blue, texture, mapping, (float) a);
    }

    /** Whether what is behind it shows through. */
    public boolean translucent() {
        return alpha < 1;
    }

    /** Whether any texture colours it. */
    public boolean textured() {
        return texture != null || mapping != null;
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
