package armature.robot.model.mjcf;

import armature.robot.model.Appearance;
import armature.robot.model.Body;
import armature.robot.model.Material;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Options;
import armature.robot.model.SourceFormat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.MeshFiles;
import armature.robot.model.xml.Unsupported;
import armature.robot.model.xml.XmlElement;
import armature.robot.model.xml.XmlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads MuJoCo MJCF files into a {@link Model}. Supported: {@code include} (resolved relative to
 * the including file), {@code compiler}, {@code default} classes, {@code option}, {@code
 * asset/mesh} (STL), {@code worldbody} with bodies, inertials, joints, free joints, geoms and
 * sites, {@code tendon/fixed}, {@code actuator} motor/position/velocity/general, {@code contact}
 * pair/exclude, {@code equality} connect/weld/joint/tendon (as data) and {@code keyframe}. Anything
 * else produces one warning listing what was ignored; malformed input raises {@link
 * ModelLoadException} naming file, line and element.
 *
 * <p>Stateless: each {@link #load(Path)} call uses its own parsing state, so concurrent loads are
 * safe.
 */
public final class MjcfLoader {
    private static final Set<String> INTEGRATORS =
            Set.of("Euler", "RK4", "implicit", "implicitfast");

    private MjcfLoader() {}

    /**
     * @param file an MJCF file
     * @return the model
     * @throws ModelLoadException if the file or anything it includes or references is missing or
     *     malformed
     */
    public static Model load(Path file) throws ModelLoadException {
        try {
            return loadChecked(file);
        } catch (IllegalArgumentException e) {
            // Record validation caught a value the parser let through: still a located, clean
            // error.
            throw new ModelLoadException(file, 0, "", "invalid model: " + e.getMessage(), e);
        }
    }

    private static Model loadChecked(Path file) throws ModelLoadException {
        MjcfContext ctx = new MjcfContext(file);
        XmlElement root = XmlReader.read(file);
        if (!root.name().equals("mujoco")) {
            throw new ModelLoadException(
                    file,
                    root.line(),
                    root.name(),
                    "root element must be <mujoco>, got <" + root.name() + ">");
        }
        root.markHandled(MjcfSchema.attributes("mujoco"));
        Deque<Path> stack = new ArrayDeque<>();
        stack.push(file.toAbsolutePath().normalize());
        expandIncludes(root, stack);

        for (XmlElement c : root.children("compiler")) {
            compiler(ctx, c);
        }
        for (XmlElement d : root.children("default")) {
            ctx.defaults.addTopLevel(d);
        }
        Options options = Options.defaults();
        for (XmlElement o : root.children("option")) {
            options = option(o, options);
        }
        // Textures first: a material may name a texture from a later asset section.
        for (XmlElement a : root.children("asset")) {
            for (XmlElement t : a.children("texture")) {
                MjcfTextures.texture(ctx, t);
            }
        }
        for (XmlElement a : root.children("asset")) {
            a.markHandled(Set.of());
            for (XmlElement m : a.children("mesh")) {
                mesh(ctx, m);
            }
            for (XmlElement m : a.children("material")) {
                material(ctx, m);
            }
        }
        MjcfBodyParser bodies = new MjcfBodyParser(ctx);
        Body world = bodies.world(root.children("worldbody"));
        MjcfSections sections = new MjcfSections(ctx);
        var tendons = sections.tendons(root.children("tendon"));
        var actuators = sections.actuators(root.children("actuator"));
        var pairs = sections.pairs(root.children("contact"));
        var excludes = sections.excludes(root.children("contact"));
        var equalities = sections.equalities(root.children("equality"));
        var keyframes = sections.keyframes(root.children("keyframe"), world);
        String unsupported = Unsupported.warning(root, "MJCF");
        if (unsupported != null) {
            ctx.warnings.add(unsupported);
        }
        return new Model(
                root.attribute("model") == null ? "" : root.attribute("model"),
                file,
                SourceFormat.MJCF,
                options,
                world,
                new ArrayList<>(ctx.meshes.values()),
                actuators,
                tendons,
                pairs,
                excludes,
                equalities,
                keyframes,
                ctx.warnings,
                ctx.fuseStatic && !hasAny(root, FUSION_BLOCKERS),
                new Appearance(
                        new ArrayList<>(ctx.materials.values()),
                        new ArrayList<>(ctx.textures.values())));
    }

    /*
     * MuJoCo 2.2.2 fuses nothing in a model with any of these; the description does not carry
     * them (they are reported as unsupported), so the loader decides here.
     */
    private static final Set<String> FUSION_BLOCKERS =
            Set.of("sensor", "camera", "light", "skin", "tuple");

    private static boolean hasAny(XmlElement e, Set<String> names) {
        for (XmlElement c : e.children()) {
            if (names.contains(c.name()) || hasAny(c, names)) {
                return true;
            }
        }
        return false;
    }

    private static void expandIncludes(XmlElement parent, Deque<Path> stack)
            throws ModelLoadException {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : parent.children()) {
            if (!c.name().equals("include")) {
                expandIncludes(c, stack);
                out.add(c);
                continue;
            }
            String name = c.attribute("file");
            if (name == null || name.isBlank()) {
                throw MjcfContext.error(c, "needs a 'file' attribute");
            }
            Path target = c.file().toAbsolutePath().getParent().resolve(name).normalize();
            if (!Files.isRegularFile(target)) {
                throw MjcfContext.error(c, "included file not found: " + target);
            }
            if (stack.contains(target)) {
                throw MjcfContext.error(c, "includes itself (cycle through " + target + ")");
            }
            XmlElement included = XmlReader.read(target);
            if (!included.name().equals("mujoco")) {
                throw new ModelLoadException(
                        target,
                        included.line(),
                        included.name(),
                        "an included file's root element must be <mujoco>");
            }
            stack.push(target);
            expandIncludes(included, stack);
            stack.pop();
            out.addAll(included.children());
        }
        parent.children().clear();
        parent.children().addAll(out);
    }

    private static void compiler(MjcfContext ctx, XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("compiler"));
        Attrs a = new Attrs(e, Map.of());
        String angle = a.str("angle", ctx.angleDegrees ? "degree" : "radian");
        switch (angle) {
            case "degree" -> ctx.angleDegrees = true;
            case "radian" -> ctx.angleDegrees = false;
            default -> throw a.error("angle", "'" + angle + "' is not degree or radian");
        }
        String coordinate = a.str("coordinate", "local");
        if (!coordinate.equals("local")) {
            throw a.error("coordinate", "only 'local' is supported, got '" + coordinate + "'");
        }
        if (a.has("assetdir")) {
            ctx.meshDir = ctx.modelDir().resolve(a.str("assetdir", "")).normalize();
            ctx.textureDir = ctx.meshDir;
        }
        if (a.has("meshdir")) {
            ctx.meshDir = ctx.modelDir().resolve(a.str("meshdir", "")).normalize();
        }
        if (a.has("texturedir")) {
            ctx.textureDir = ctx.modelDir().resolve(a.str("texturedir", "")).normalize();
        }
        String ifg = a.str("inertiafromgeom", "auto");
        ctx.inertiaFromGeom =
                switch (ifg) {
                    case "true" -> MjcfContext.InertiaFromGeom.TRUE;
                    case "false" -> MjcfContext.InertiaFromGeom.FALSE;
                    case "auto" -> MjcfContext.InertiaFromGeom.AUTO;
                    default ->
                            throw a.error(
                                    "inertiafromgeom", "'" + ifg + "' is not true, false or auto");
                };
        String seq = a.str("eulerseq", ctx.eulerSequence);
        if (!seq.matches("[xyzXYZ]{3}")) {
            throw a.error("eulerseq", "'" + seq + "' is not three letters from xyzXYZ");
        }
        ctx.eulerSequence = seq;
        ctx.autoLimits = a.bool("autolimits", ctx.autoLimits);
        ctx.fuseStatic = a.bool("fusestatic", ctx.fuseStatic);
        ctx.boundMassKg = a.num("boundmass", ctx.boundMassKg);
        ctx.boundInertiaKgM2 = a.num("boundinertia", ctx.boundInertiaKgM2);
    }

    private static Options option(XmlElement e, Options base) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("option"));
        Attrs a = new Attrs(e, Map.of());
        double timestep = a.num("timestep", base.timestepSeconds());
        if (!(timestep > 0)) {
            throw a.error("timestep", "must be > 0, got " + timestep);
        }
        int iterations = a.integer("iterations", base.iterations());
        if (iterations < 1) {
            throw a.error("iterations", "must be >= 1, got " + iterations);
        }
        String integrator = a.str("integrator", base.integrator());
        if (!INTEGRATORS.contains(integrator)) {
            throw a.error("integrator", "'" + integrator + "' is not one of " + INTEGRATORS);
        }
        Map<String, String> flags = new HashMap<>(base.flags());
        for (XmlElement f : e.children("flag")) {
            f.markHandled(f.attributes().keySet());
            Attrs fa = new Attrs(f, Map.of());
            for (Map.Entry<String, String> flag : f.attributes().entrySet()) {
                if (!Options.FLAG_NAMES.contains(flag.getKey())) {
                    throw fa.error(
                            flag.getKey(),
                            "unknown flag; allowed: "
                                    + new java.util.TreeSet<>(Options.FLAG_NAMES));
                }
                String value = flag.getValue().trim();
                if (!value.equals("enable") && !value.equals("disable")) {
                    throw fa.error(
                            flag.getKey(), "'" + flag.getValue() + "' is not enable or disable");
                }
                flags.put(flag.getKey(), value);
            }
        }
        Vec3 gravity = Vec3.of(a.nums("gravity", 3, 3, base.gravityMPerSec2().toArray()));
        double impratio = a.num("impratio", base.impratio());
        if (!(impratio > 0)) {
            throw a.error("impratio", "must be > 0, got " + impratio);
        }
        String cone = a.str("cone", base.cone());
        if (!Options.CONES.contains(cone)) {
            throw a.error("cone", "'" + cone + "' is not pyramidal or elliptic");
        }
        double tolerance = a.num("tolerance", base.tolerance());
        if (tolerance < 0) {
            throw a.error("tolerance", "must be >= 0, got " + tolerance);
        }
        String solver = a.str("solver", base.solver());
        if (!Options.SOLVERS.contains(solver)) {
            throw a.error("solver", "'" + solver + "' is not Newton, CG or PGS");
        }
        int noslip = a.integer("noslip_iterations", base.noslipIterations());
        if (noslip < 0) {
            throw a.error("noslip_iterations", "must be >= 0, got " + noslip);
        }
        return new Options(
                timestep,
                gravity,
                iterations,
                integrator,
                flags,
                impratio,
                cone,
                tolerance,
                solver,
                noslip);
    }

    /**
     * A material: its colour, for the geoms that name it without a colour of their own, and its
     * texture. A texture the assets do not define is an error, as in MuJoCo.
     */
    private static void material(MjcfContext ctx, XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("material"));
        Attrs a = ctx.attrs(e, Defaults.MAIN);
        String name = a.str("name", null);
        if (name == null) {
            throw MjcfContext.error(e, "a material needs a 'name'");
        }
        if (ctx.materialRgba.containsKey(name)) {
            throw MjcfContext.error(e, "duplicate material name '" + name + "'");
        }
        double[] rgba = a.nums("rgba", 4, 4, new double[] {1, 1, 1, 1});
        String texture = a.str("texture", null);
        if (texture != null && !ctx.textures.containsKey(texture)) {
            throw a.error(
                    "texture",
                    "unknown texture '"
                            + texture
                            + "'; allowed: one of the asset textures "
                            + ctx.textures.keySet());
        }
        double[] repeat = a.nums("texrepeat", 2, 2, new double[] {1, 1});
        ctx.materialRgba.put(name, rgba);
        try {
            ctx.materials.put(
                    name,
                    new Material(
                            name,
                            MjcfContext.list(rgba),
                            texture,
                            MjcfContext.list(repeat),
                            a.bool("texuniform", false)));
        } catch (IllegalArgumentException ex) {
            throw MjcfContext.error(e, ex.getMessage());
        }
    }

    private static void mesh(MjcfContext ctx, XmlElement e) throws ModelLoadException {
        e.markHandled(MjcfSchema.attributes("mesh"));
        Attrs a = ctx.attrs(e, Defaults.MAIN);
        String fileName = a.str("file", null);
        if (fileName == null) {
            throw MjcfContext.error(e, "needs a 'file' attribute (only file meshes are supported)");
        }
        String name = a.str("name", null);
        if (name == null) {
            String base = Path.of(fileName).getFileName().toString();
            int dot = base.lastIndexOf('.');
            name = dot > 0 ? base.substring(0, dot) : base;
        }
        if (ctx.meshes.containsKey(name)) {
            throw MjcfContext.error(e, "duplicate mesh name '" + name + "'");
        }
        Vec3 scale = ctx.vec(a, "scale", new Vec3(1, 1, 1));
        Path file = ctx.meshDir.resolve(fileName).normalize();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(".stl")) {
            throw MjcfContext.error(e, "only STL meshes are supported, got " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw MjcfContext.error(e, "mesh file not found: " + file);
        }
        ctx.meshes.put(name, MeshFiles.read(name, file, scale, e));
    }
}
