package armature.robot.model.mjcf;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The MJCF attributes this loader understands, per element. Everything else on a handled element
 * goes into the single "ignored" warning.
 */
final class MjcfSchema {
    private MjcfSchema() {}

    static final Set<String> ORIENTATION = Set.of("quat", "axisangle", "euler", "xyaxes", "zaxis");

    private static final Map<String, Set<String>> ATTRIBUTES =
            Map.ofEntries(
                    Map.entry("mujoco", Set.of("model")),
                    Map.entry(
                            "compiler",
                            Set.of(
                                    "angle",
                                    "coordinate",
                                    "meshdir",
                                    "texturedir",
                                    "assetdir",
                                    "inertiafromgeom",
                                    "eulerseq",
                                    "autolimits",
                                    "boundmass",
                                    "boundinertia",
                                    "fusestatic")),
                    Map.entry(
                            "option",
                            Set.of(
                                    "timestep",
                                    "gravity",
                                    "iterations",
                                    "integrator",
                                    "impratio",
                                    "cone",
                                    "tolerance",
                                    "solver",
                                    "noslip_iterations")),
                    Map.entry("body", with(ORIENTATION, "name", "pos", "childclass", "mocap")),
                    Map.entry(
                            "inertial",
                            with(ORIENTATION, "pos", "mass", "diaginertia", "fullinertia")),
                    Map.entry(
                            "joint",
                            Set.of(
                                    "name",
                                    "class",
                                    "type",
                                    "pos",
                                    "axis",
                                    "range",
                                    "limited",
                                    "damping",
                                    "armature",
                                    "frictionloss",
                                    "margin",
                                    "stiffness",
                                    "ref",
                                    "solreflimit",
                                    "solimplimit",
                                    "solreffriction",
                                    "solimpfriction")),
                    Map.entry("freejoint", Set.of("name")),
                    Map.entry(
                            "geom",
                            with(
                                    ORIENTATION,
                                    "name",
                                    "class",
                                    "type",
                                    "size",
                                    "pos",
                                    "fromto",
                                    "friction",
                                    "condim",
                                    "contype",
                                    "conaffinity",
                                    "margin",
                                    "gap",
                                    "density",
                                    "mass",
                                    "group",
                                    "rgba",
                                    "material",
                                    "mesh",
                                    "solref",
                                    "solimp",
                                    "solmix",
                                    "priority")),
                    Map.entry(
                            "site",
                            with(
                                    ORIENTATION,
                                    "name",
                                    "class",
                                    "type",
                                    "size",
                                    "pos",
                                    "group",
                                    "rgba",
                                    "material")),
                    Map.entry("mesh", Set.of("name", "class", "file", "scale")),
                    // A material's colour and texture mapping (specular and the rest are not used).
                    Map.entry(
                            "material",
                            Set.of("name", "class", "rgba", "texture", "texrepeat", "texuniform")),
                    Map.entry(
                            "texture",
                            Set.of(
                                    "name",
                                    "type",
                                    "file",
                                    "gridsize",
                                    "gridlayout",
                                    "fileright",
                                    "fileleft",
                                    "fileup",
                                    "filedown",
                                    "filefront",
                                    "fileback",
                                    "builtin",
                                    "rgb1",
                                    "rgb2",
                                    "mark",
                                    "markrgb",
                                    "random",
                                    "width",
                                    "height",
                                    "hflip",
                                    "vflip")),
                    Map.entry("motor", actuator()),
                    Map.entry("position", actuator("kp", "kv")),
                    Map.entry("velocity", actuator("kv")),
                    Map.entry(
                            "general",
                            actuator("gainprm", "biasprm", "gaintype", "biastype", "dyntype")),
                    Map.entry("fixed", tendon()),
                    Map.entry("tendon", tendon()),
                    Map.entry(
                            "pair",
                            Set.of(
                                    "name",
                                    "class",
                                    "geom1",
                                    "geom2",
                                    "condim",
                                    "friction",
                                    "margin",
                                    "gap",
                                    "solref",
                                    "solimp")),
                    Map.entry("exclude", Set.of("name", "body1", "body2")),
                    Map.entry(
                            "connect",
                            Set.of(
                                    "name", "class", "body1", "body2", "anchor", "active", "solref",
                                    "solimp")),
                    Map.entry(
                            "weld",
                            Set.of(
                                    "name", "class", "body1", "body2", "anchor", "relpose",
                                    "active", "solref", "solimp")),
                    Map.entry("equality", Set.of("name", "class", "active", "solref", "solimp")),
                    Map.entry(
                            "key",
                            Set.of("name", "time", "qpos", "qvel", "act", "ctrl", "mpos", "mquat")),
                    Map.entry("include", Set.of("file")));

    private static Set<String> tendon() {
        return Set.of(
                "name",
                "class",
                "limited",
                "range",
                "stiffness",
                "damping",
                "frictionloss",
                "margin",
                "solreflimit",
                "solimplimit",
                "solreffriction",
                "solimpfriction");
    }

    private static Set<String> actuator(String... extra) {
        return with(
                Set.of(
                        "name",
                        "class",
                        "joint",
                        "tendon",
                        "gear",
                        "ctrlrange",
                        "ctrllimited",
                        "forcerange",
                        "forcelimited"),
                extra);
    }

    private static Set<String> with(Set<String> base, String... extra) {
        Set<String> s = new HashSet<>(base);
        s.addAll(Set.of(extra));
        return Set.copyOf(s);
    }

    /** Attributes understood on an element in a body, asset or other section. */
    static Set<String> attributes(String element) {
        return ATTRIBUTES.getOrDefault(element, Set.of());
    }

    /** Joint-coupling and tendon-coupling equalities share a schema. */
    static Set<String> couplingEquality(String prefix) {
        return Set.of(
                "name",
                "class",
                prefix + "1",
                prefix + "2",
                "polycoef",
                "active",
                "solref",
                "solimp");
    }

    /**
     * Attributes understood on an element inside {@code <default>}: as in bodies, minus identity.
     */
    static Set<String> defaultAttributes(String element) {
        Set<String> s = new HashSet<>(attributes(element));
        s.remove("name");
        s.remove("class");
        return Set.copyOf(s);
    }
}
