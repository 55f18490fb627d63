package armature.robot.model;

import armature.robot.model.geometry.ConvexHull;
import armature.robot.model.geometry.Inertia;
import armature.robot.model.geometry.Vec3;
import java.util.List;

/**
 * Volume, centre of mass and inertia of geom shapes at unit density, in the geom frame. Meshes use
 * their convex hull. Planes have no volume. Formulas: sphere {@code 2/5 m r^2}; box {@code m/3
 * (b^2+c^2)} with half sizes; cylinder {@code m (3 r^2 + L^2)/12} across and {@code m r^2/2} along;
 * capsule as a cylinder plus two hemispheres moved by the parallel-axis theorem; ellipsoid {@code m
 * (b^2+c^2)/5}.
 */
public final class GeomMassProperties {
    private GeomMassProperties() {}

    /**
     * Mass properties at density 1 kg/m^3.
     *
     * @param volumeM3 volume
     * @param comInGeomFrameM centre of mass in the geom frame
     * @param inertiaAboutComPerDensity inertia about the centre of mass, geom axes, for density 1
     *     (kg m^2 per kg/m^3)
     */
    public record UnitDensity(
            double volumeM3, Vec3 comInGeomFrameM, Inertia inertiaAboutComPerDensity) {}

    /**
     * @param type shape
     * @param sizeM sizes as in {@link Geom#sizeM()}
     * @param hull the mesh's convex hull for {@link GeomType#MESH}, else ignored (may be null)
     * @return unit-density mass properties
     */
    public static UnitDensity of(GeomType type, List<Double> sizeM, ConvexHull hull) {
        switch (type) {
            case PLANE:
                return new UnitDensity(0, Vec3.ZERO, Inertia.ZERO);
            case SPHERE:
                {
                    double r = sizeM.get(0);
                    double v = 4.0 / 3 * Math.PI * r * r * r;
                    double i = 0.4 * v * r * r;
                    return new UnitDensity(v, Vec3.ZERO, Inertia.diagonal(new Vec3(i, i, i)));
                }
            case BOX:
                {
                    double a = sizeM.get(0);
                    double b = sizeM.get(1);
                    double c = sizeM.get(2);
                    double v = 8 * a * b * c;
                    return new UnitDensity(
                            v,
                            Vec3.ZERO,
                            Inertia.diagonal(
                                    new Vec3(
                                            v / 3 * (b * b + c * c),
                                            v / 3 * (a * a + c * c),
                                            v / 3 * (a * a + b * b))));
                }
            case CYLINDER:
                {
                    double r = sizeM.get(0);
                    double h = sizeM.get(1);
                    double v = Math.PI * r * r * 2 * h;
                    double across = v * (3 * r * r + 4 * h * h) / 12;
                    return new UnitDensity(
                            v,
                            Vec3.ZERO,
                            Inertia.diagonal(new Vec3(across, across, v * r * r / 2)));
                }
            case CAPSULE:
                {
                    double r = sizeM.get(0);
                    double h = sizeM.get(1);
                    double vc = Math.PI * r * r * 2 * h;
                    double vs = 4.0 / 3 * Math.PI * r * r * r;
                    // Hemispheres: own inertia 83/320 m r^2 about their centroid, which sits 3r/8
                    // from the flat face, i.e. h + 3r/8 from the capsule centre.
                    double across =
                            vc * (3 * r * r + 4 * h * h) / 12
                                    + vs * (0.4 * r * r + h * h + 0.75 * h * r);
                    double along = vc * r * r / 2 + vs * 0.4 * r * r;
                    return new UnitDensity(
                            vc + vs, Vec3.ZERO, Inertia.diagonal(new Vec3(across, across, along)));
                }
            case ELLIPSOID:
                {
                    double a = sizeM.get(0);
                    double b = sizeM.get(1);
                    double c = sizeM.get(2);
                    double v = 4.0 / 3 * Math.PI * a * b * c;
                    return new UnitDensity(
                            v,
                            Vec3.ZERO,
                            Inertia.diagonal(
                                    new Vec3(
                                            v * (b * b + c * c) / 5,
                                            v * (a * a + c * c) / 5,
                                            v * (a * a + b * b) / 5)));
                }
            case MESH:
                if (hull == null) {
                    throw new IllegalArgumentException("mesh geom needs its convex hull");
                }
                return new UnitDensity(
                        hull.volume(), hull.centroid(), hull.unitDensityInertiaAboutCentroid());
            default:
                throw new IllegalArgumentException("unknown geom type " + type);
        }
    }
}
