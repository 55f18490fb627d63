package armature.robot.model;

import java.util.List;
import java.util.Locale;

/**
 * A summary of a loaded model for people and tools.
 *
 * <p>The JSON form is stable; its fields, in this order, are: {@code "file"} (string, source path),
 * {@code "format"} ({@code "MJCF"} or {@code "URDF"}), {@code "name"} (string), {@code "counts"}
 * (object with integer fields {@code bodies} (including the world), {@code joints}, {@code nq},
 * {@code nv}, {@code actuators}, {@code geoms}, {@code tendons}, {@code sites}, {@code meshes},
 * {@code equalities}), {@code "timestepSeconds"} (number), {@code "bodies"}, {@code "joints"} and
 * {@code "actuators"} (arrays of names in model order; unnamed elements appear as empty strings),
 * and {@code "warnings"} (array of every warning, in load order). Strings are escaped per RFC 8259.
 *
 * @param file source file as given
 * @param format source format
 * @param name model name
 * @param bodies bodies including the world
 * @param joints joints
 * @param nq position coordinates
 * @param nv degrees of freedom
 * @param actuators actuators
 * @param geoms geoms
 * @param tendons tendons
 * @param sites sites
 * @param meshes meshes
 * @param equalities equality constraints
 * @param timestepSeconds simulation timestep
 * @param bodyNames body names in model order
 * @param jointNames joint names in model order
 * @param actuatorNames actuator names in model order
 * @param warnings every warning
 */
public record ModelInfo(
        String file,
        SourceFormat format,
        String name,
        int bodies,
        int joints,
        int nq,
        int nv,
        int actuators,
        int geoms,
        int tendons,
        int sites,
        int meshes,
        int equalities,
        double timestepSeconds,
        List<String> bodyNames,
        List<String> jointNames,
        List<String> actuatorNames,
        List<String> warnings) {

    /** Copies lists. */
    public ModelInfo {
        bodyNames = List.copyOf(bodyNames);
        jointNames = List.copyOf(jointNames);
        actuatorNames = List.copyOf(actuatorNames);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param model a model
     * @return its summary
     */
    public static ModelInfo of(Model model) {
        return new ModelInfo(
                String.valueOf(model.sourceFile()),
                model.format(),
                model.name(),
                model.bodyCount(),
                model.jointCount(),
                model.nq(),
                model.nv(),
                model.actuatorCount(),
                model.geomCount(),
                model.tendonCount(),
                model.siteCount(),
                model.meshes().size(),
                model.equalities().size(),
                model.options().timestepSeconds(),
                model.bodies().stream().map(Body::name).toList(),
                names(model.joints().stream().map(Joint::name).toList(), "joint"),
                model.actuators().stream().map(Actuator::name).toList(),
                withTimestep(model.warnings(), model.options().timestepSeconds()));
    }

    /** An unnamed element is listed as the compiler and recordings name it: KIND + index. */
    private static List<String> names(List<String> names, String kind) {
        List<String> out = new java.util.ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            out.add(n == null || n.isEmpty() ? kind + i : n);
        }
        return out;
    }

    /** The engine steps 1e-06 to 0.1 s; a description outside that loads but does not run. */
    private static List<String> withTimestep(List<String> warnings, double dt) {
        if (dt >= 1e-6 && dt <= 0.1) {
            return warnings;
        }
        List<String> out = new java.util.ArrayList<>(warnings);
        out.add(
                "<option timestep=\""
                        + dt
                        + "\"> is outside 1e-06 to 0.1 s: sim run, sim bench and the container"
                        + " refuse to step it");
        return out;
    }

    /**
     * @return a multi-line human-readable summary
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(name.isEmpty() ? "(unnamed)" : name).append('\n');
        sb.append("File: ").append(file).append(" (").append(format).append(")\n");
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Counts: bodies=%d (incl. world) joints=%d nq=%d nv=%d actuators=%d geoms=%d"
                                + " tendons=%d sites=%d meshes=%d equalities=%d%n",
                        bodies,
                        joints,
                        nq,
                        nv,
                        actuators,
                        geoms,
                        tendons,
                        sites,
                        meshes,
                        equalities));
        sb.append(String.format(Locale.ROOT, "Timestep: %s s%n", timestepSeconds));
        sb.append("Joints: ").append(listOrNone(jointNames)).append('\n');
        sb.append("Actuators: ").append(listOrNone(actuatorNames)).append('\n');
        sb.append("Bodies: ").append(listOrNone(bodyNames)).append('\n');
        if (warnings.isEmpty()) {
            sb.append("Warnings: none\n");
        } else {
            sb.append("Warnings (").append(warnings.size()).append("):\n");
            for (String w : warnings) {
                sb.append("  - ").append(w).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * @return the JSON form described in the class documentation, on one line
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        field(sb, "file").append(quote(file)).append(',');
        field(sb, "format").append(quote(format.name())).append(',');
        field(sb, "name").append(quote(name)).append(',');
        field(sb, "counts").append('{');
        field(sb, "bodies").append(bodies).append(',');
        field(sb, "joints").append(joints).append(',');
        field(sb, "nq").append(nq).append(',');
        field(sb, "nv").append(nv).append(',');
        field(sb, "actuators").append(actuators).append(',');
        field(sb, "geoms").append(geoms).append(',');
        field(sb, "tendons").append(tendons).append(',');
        field(sb, "sites").append(sites).append(',');
        field(sb, "meshes").append(meshes).append(',');
        field(sb, "equalities").append(equalities).append("},");
        field(sb, "timestepSeconds").append(Double.toString(timestepSeconds)).append(',');
        field(sb, "bodies");
        array(sb, bodyNames).append(',');
        field(sb, "joints");
        array(sb, jointNames).append(',');
        field(sb, "actuators");
        array(sb, actuatorNames).append(',');
        field(sb, "warnings");
        array(sb, warnings);
        return sb.append('}').toString();
    }

    private static String listOrNone(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private static StringBuilder field(StringBuilder sb, String name) {
        return sb.append(quote(name)).append(':');
    }

    private static StringBuilder array(StringBuilder sb, List<String> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(values.get(i)));
        }
        return sb.append(']');
    }

    /**
     * @param s any string
     * @return the string as a JSON string literal
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
