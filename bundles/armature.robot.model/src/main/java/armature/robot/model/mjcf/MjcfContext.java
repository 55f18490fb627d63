package armature.robot.model.mjcf;

import armature.robot.model.Mesh;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Softness;
import armature.robot.model.geometry.Orientations;
import armature.robot.model.geometry.Quat;
import armature.robot.model.geometry.Vec3;
import armature.robot.model.xml.Attrs;
import armature.robot.model.xml.XmlElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State shared by the MJCF parsing passes of one load: compiler settings, defaults, names,
 * warnings.
 */
final class MjcfContext {
    enum InertiaFromGeom {
        FALSE,
        TRUE,
        AUTO
    }

    final Path mainFile;
    final Defaults defaults = new Defaults();
    final Map<String, Mesh> meshes = new LinkedHashMap<>();

    /** Each asset material's rgba (MuJoCo's default 1 1 1 1 when it names none). */
    final Map<String, double[]> materialRgba = new LinkedHashMap<>();

    /** The asset materials and textures, in document order. */
    final Map<String, armature.robot.model.Material> materials = new LinkedHashMap<>();

    final Map<String, armature.robot.model.Texture> textures = new LinkedHashMap<>();

    final List<String> warnings = new ArrayList<>();
    final Set<String> bodyNames = new HashSet<>();
    final Set<String> jointNames = new HashSet<>();
    final Set<String> geomNames = new HashSet<>();
    final Set<String> tendonNames = new HashSet<>();
    boolean angleDegrees = true;
    String eulerSequence = "xyz";
    Path meshDir;
    Path textureDir;
    InertiaFromGeom inertiaFromGeom = InertiaFromGeom.AUTO;
    boolean autoLimits = true;

    /** MuJoCo's compiler/fusestatic; false for MJCF unless the file sets it. */
    boolean fuseStatic;

    double boundMassKg;
    double boundInertiaKgM2;

    MjcfContext(Path mainFile) {
        this.mainFile = mainFile;
        Path dir = mainFile.toAbsolutePath().getParent();
        this.meshDir = dir;
        this.textureDir = dir;
    }

    Path modelDir() {
        return mainFile.toAbsolutePath().getParent();
    }

    Attrs attrs(XmlElement e, String inheritedClass) throws ModelLoadException {
        return new Attrs(e, defaults.forElement(e, inheritedClass));
    }

    double angleRad(double value) {
        return angleDegrees ? Math.toRadians(value) : value;
    }

    Vec3 vec(Attrs a, String name, Vec3 fallback) throws ModelLoadException {
        double[] v = a.nums(name, 3, 3, null);
        return v == null ? fallback : Vec3.of(v);
    }

    /**
     * Resolves the frame orientation of a body, geom, site or inertial. Only one notation may be
     * given on the element itself; a notation on the element overrides one inherited from a default
     * class.
     */
    Quat orientation(Attrs a) throws ModelLoadException {
        List<String> own = new ArrayList<>();
        for (String o : List.of("quat", "axisangle", "euler", "xyaxes", "zaxis")) {
            if (a.hasOwn(o)) {
                own.add(o);
            }
        }
        if (own.size() > 1) {
            throw a.error("has more than one orientation attribute: " + own);
        }
        String which = own.isEmpty() ? null : own.get(0);
        if (which == null) {
            for (String o : List.of("quat", "axisangle", "euler", "xyaxes", "zaxis")) {
                if (a.has(o)) {
                    which = o;
                    break;
                }
            }
        }
        if (which == null) {
            return Quat.IDENTITY;
        }
        try {
            switch (which) {
                case "quat":
                    {
                        double[] q = a.nums("quat", 4, 4, null);
                        return new Quat(q[0], q[1], q[2], q[3]).normalized();
                    }
                case "axisangle":
                    {
                        double[] q = a.nums("axisangle", 4, 4, null);
                        return Quat.fromAxisAngle(new Vec3(q[0], q[1], q[2]), angleRad(q[3]));
                    }
                case "euler":
                    {
                        double[] e = a.nums("euler", 3, 3, null);
                        return Orientations.fromEuler(
                                new Vec3(angleRad(e[0]), angleRad(e[1]), angleRad(e[2])),
                                eulerSequence);
                    }
                case "xyaxes":
                    {
                        double[] x = a.nums("xyaxes", 6, 6, null);
                        return Orientations.fromXyAxes(
                                new Vec3(x[0], x[1], x[2]), new Vec3(x[3], x[4], x[5]));
                    }
                default:
                    return Orientations.fromZAxis(Vec3.of(a.nums("zaxis", 3, 3, null)));
            }
        } catch (IllegalArgumentException e) {
            throw a.error(which, e.getMessage());
        }
    }

    /**
     * Reads one solref/solimp attribute pair as MuJoCo does: fewer numbers than the full count keep
     * the inherited values for the rest, down to MuJoCo's defaults (solref 0.02 1, solimp 0.9 0.95
     * 0.001 0.5 2).
     */
    static Softness softness(Attrs a, String solrefName, String solimpName)
            throws ModelLoadException {
        double[] ref = a.overlaid(solrefName, 1, toArray(Softness.DEFAULT_SOLREF));
        String problem = Softness.solrefProblem(ref[0], ref[1]);
        if (problem != null) {
            throw a.error(solrefName, problem);
        }
        double[] imp = a.overlaid(solimpName, 1, toArray(Softness.DEFAULT_SOLIMP));
        return new Softness(list(ref), list(imp));
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double nonNegative(Attrs a, String name) throws ModelLoadException {
        return nonNegative(a, name, 0);
    }

    static double nonNegative(Attrs a, String name, double fallback) throws ModelLoadException {
        double v = a.num(name, fallback);
        if (v < 0) {
            throw a.error(name, "must be >= 0, got " + v);
        }
        return v;
    }

    static ModelLoadException error(XmlElement e, String reason) {
        return new ModelLoadException(e.file(), e.line(), e.name(), e.withName(reason));
    }

    static double[] pad(double[] values, double[] defaults) {
        double[] out = defaults.clone();
        System.arraycopy(values, 0, out, 0, Math.min(values.length, out.length));
        return out;
    }

    static List<Double> list(double... values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
