package armature.vision.sim.render;

/**
 * One white directional light plus ambient light: a surface of colour c and normal n shows c
 * (ambient + intensity max(0, n . toLight)).
 *
 * @param toLight unit direction from the scene towards the light, world frame
 * @param intensity directional intensity, >= 0
 * @param ambient ambient intensity, >= 0
 */
public record Light(double[] toLight, double intensity, double ambient) {
    public Light {
        toLight = Transform.unit(toLight.clone(), "light direction");
        if (!(intensity >= 0 && intensity <= 10) || !(ambient >= 0 && ambient <= 10)) {
            throw new IllegalArgumentException(
                    "light intensity " + intensity + ", ambient " + ambient + "; allowed: 0..10");
        }
    }

    /** Light from above and a little to the side, as a lab's ceiling lamps. */
    public static Light overhead() {
        return new Light(new double[] {0.3, -0.2, 1}, 0.7, 0.35);
    }
}
