package armature.robot.model.mjcf;

import armature.robot.model.Friction;
import armature.robot.model.Geom;
import armature.robot.model.GeomMassProperties;
import armature.robot.model.GeomType;
import armature.robot.model.Mesh;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Site;
import armature.robot.model.geometry.Orientations;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code <worldbody>} into the body tree, computing inertias from geoms where MuJoCo would.
 *
 * <p>/** Parses MJCF {@code <geom>} and {@code <site>} elements, resolving fromto, sizes and geom
 * mass.
 */
final class MjcfGeomParser {
    /**
     * A geom and its unit-density mass properties (kept for the body's inertia).
     *
     * @param geom the geom
     * @param unit its volume, centre and inertia at density 1
     */
    record ParsedGeom(Geom geom, GeomMassProperties.UnitDensity unit) {}

    private final MjcfContext ctx;

    MjcfGeomParser(MjcfContext ctx) {
        this.ctx = ctx;
    }

    private static GeomType shape(Attrs a, String attribute, String fallback)
            throws ModelLoadException {
        String t = a.str(attribute, fallback);
        try {
            return GeomType.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw a.error(attribute, "unknown type '" + t + "'");
        }
    }

    private static int sizeCount(GeomType type) {
        return switch (type) {
            case SPHERE -> 1;
            case CAPSULE, CYLINDER -> 2;
            case BOX, ELLIPSOID, PLANE -> 3;
            case MESH -> 0;
        };
    }

    ParsedGeom geom(XmlElement e, String cls) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("geom"));
        Attrs a = ctx.attrs(e, cls);
        String name = a.str("name", "");
        if (!name.isEmpty() && !ctx.geomNames.add(name)) {
            throw MjcfContext.error(e, "duplicate geom name '" + name + "'");
        }
        GeomType type = shape(a, "type", a.has("mesh") ? "mesh" : "sphere");
        Mesh mesh = null;
        if (type == GeomType.MESH) {
            String meshName = a.str("mesh", null);
            if (meshName == null) {
                throw MjcfContext.error(e, "is a mesh geom without a 'mesh' attribute");
            }
            mesh = ctx.meshes.get(meshName);
            if (mesh == null) {
                throw a.error("mesh", "unknown mesh '" + meshName + "'");
            }
        }
        double[] size = MjcfContext.pad(a.nums("size", 0, 3, new double[0]), new double[3]);
        Vec3 pos = ctx.vec(a, "pos", Vec3.ZERO);
        Quat quat = ctx.orientation(a);
        int needed = sizeCount(type);
        if (a.has("fromto")) {
            if (type != GeomType.CAPSULE
                    && type != GeomType.CYLINDER
                    && type != GeomType.BOX
                    && type != GeomType.ELLIPSOID) {
                throw a.error("fromto", "is only allowed for capsule, cylinder, box and ellipsoid");
            }
            double[] ft = a.nums("fromto", 6, 6, null);
            Vec3 from = new Vec3(ft[0], ft[1], ft[2]);
            Vec3 to = new Vec3(ft[3], ft[4], ft[5]);
            Vec3 dir = to.minus(from);
            if (dir.norm() < 1e-12) {
                throw a.error("fromto", "start and end points coincide");
            }
            pos = from.plus(to).times(0.5);
            quat = Orientations.fromZAxis(dir);
            int lengthIndex = needed == 2 ? 1 : 2;
            size[lengthIndex] = dir.norm() / 2;
        }
        for (int i = 0; i < needed && type != GeomType.PLANE; i++) {
            if (!(size[i] > 0)) {
                throw a.error(
                        "size",
                        type.name().toLowerCase(Locale.ROOT)
                                + " needs "
                                + needed
                                + " positive size values");
            }
        }
        double[] fr = a.overlaid("friction", 1, new double[] {1, 0.005, 0.0001});
        List<Double> sizes = new ArrayList<>();
        for (int i = 0; i < needed; i++) {
            sizes.add(size[i]);
        }
        GeomMassProperties.UnitDensity unit =
                GeomMassProperties.of(type, sizes, mesh == null ? null : mesh.hull());
        double density;
        double mass;
        if (a.has("mass")) {
            mass = MjcfContext.nonNegative(a, "mass");
            density = unit.volumeM3() > 0 ? mass / unit.volumeM3() : 0;
        } else {
            density = a.num("density", 1000);
            if (density < 0) {
                throw a.error("density", "must be >= 0, got " + density);
            }
            mass = density * unit.volumeM3();
        }
        int condim = a.integer("condim", 3);
        if (condim != 1 && condim != 3 && condim != 4 && condim != 6) {
            throw a.error("condim", "must be 1, 3, 4 or 6, got " + condim);
        }
        Friction friction;
        try {
            friction = new Friction(fr[0], fr[1], fr[2]);
        } catch (IllegalArgumentException ex) {
            throw a.error("friction", ex.getMessage());
        }
        Geom geom =
                new Geom(
                        name,
                        type,
                        sizes,
                        pos,
                        quat,
                        mesh == null ? "" : mesh.name(),
                        friction,
                        condim,
                        a.integer("contype", 1),
                        a.integer("conaffinity", 1),
                        MjcfContext.nonNegative(a, "margin"),
                        density,
                        mass,
                        a.integer("group", 0),
                        MjcfContext.list(rgba(a)),
                        MjcfContext.softness(a, "solref", "solimp"),
                        MjcfContext.nonNegative(a, "solmix", 1),
                        MjcfContext.nonNegative(a, "gap"),
                        a.integer("priority", 0),
                        material(a));
        return new ParsedGeom(geom, unit);
    }

    /**
     * A geom's colour as MuJoCo draws it: its own rgba, unless that is the default (0.5 0.5 0.5 1)
     * and it names a material, whose rgba is then used. An unknown material is an error, as in
     * MuJoCo.
     */
    private double[] rgba(Attrs a) throws ModelLoadException {
        double[] own = a.nums("rgba", 4, 4, DEFAULT_RGBA);
        String material = material(a);
        if (material == null || !java.util.Arrays.equals(own, DEFAULT_RGBA)) {
            return own;
        }
        return ctx.materialRgba.get(material).clone();
    }

    /** The material the geom names (an asset material), or null. */
    private String material(Attrs a) throws ModelLoadException {
        String material = a.str("material", null);
        if (material != null && !ctx.materialRgba.containsKey(material)) {
            throw a.error(
                    "material",
                    "unknown material '"
                            + material
                            + "'; allowed: one of the asset materials "
                            + ctx.materialRgba.keySet());
        }
        return material;
    }

    private static final double[] DEFAULT_RGBA = {0.5, 0.5, 0.5, 1};

    Site site(XmlElement e, String cls) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("site"));
        Attrs a = ctx.attrs(e, cls);
        GeomType type = shape(a, "type", "sphere");
        if (type == GeomType.PLANE || type == GeomType.MESH) {
            throw a.error("type", "sites cannot be planes or meshes");
        }
        double[] size =
                MjcfContext.pad(
                        a.nums("size", 1, 3, new double[0]), new double[] {0.005, 0.005, 0.005});
        List<Double> sizes = new ArrayList<>();
        for (int i = 0; i < sizeCount(type); i++) {
            sizes.add(size[i]);
        }
        return new Site(
                a.str("name", ""),
                type,
                sizes,
                ctx.vec(a, "pos", Vec3.ZERO),
                ctx.orientation(a),
                a.integer("group", 0),
                MjcfContext.list(a.nums("rgba", 4, 4, new double[] {0.5, 0.5, 0.5, 1})));
    }
}
