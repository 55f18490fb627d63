package armature.vision.sim.render;

/**
 * A surface: a diffuse colour (linear 0..1) times an optional texture.
 *
 * @param red diffuse red, 0..1
 * @param green diffuse green, 0..1
 * @param blue diffuse blue, 0..1
 * @param texture null for a plain colour
 */
public record Material(float red, float green, float blue, Texture texture) {
    public Material {
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
        return new Material(clamp(red * r), clamp(green * g), clamp(blue * b), texture);
    }

    private static float clamp(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
