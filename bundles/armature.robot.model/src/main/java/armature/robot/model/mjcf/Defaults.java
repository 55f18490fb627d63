package armature.robot.model.mjcf;

import armature.robot.model.ModelLoadException;
import armature.robot.model.xml.Attrs.Inherited;
import armature.robot.model.xml.XmlElement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * MJCF default classes with MuJoCo's semantics: the top-level {@code <default>} is class {@code
 * main}; a nested class starts as a copy of its parent's values and overrides them; an element uses
 * its {@code class} attribute, else the {@code childclass} of the nearest enclosing body that has
 * one, else {@code main}; the element's own attributes override the class values. All actuator
 * shortcuts ({@code general}, {@code motor}, {@code position}, {@code velocity}) share one
 * "actuator" default, as in MuJoCo.
 */
final class Defaults {
    static final String MAIN = "main";

    private final Map<String, Map<String, Map<String, Inherited>>> classes = new HashMap<>();

    Defaults() {
        classes.put(MAIN, new HashMap<>());
    }

    /** Folds a top-level {@code <default>} element (and its nested classes) into the class tree. */
    void addTopLevel(XmlElement element) throws ModelLoadException {
        String cls = element.attribute("class");
        if (cls != null && !cls.equals(MAIN)) {
            // A top-level default may only name the main class.
            throw new ModelLoadException(
                    element.file(),
                    element.line(),
                    element.name(),
                    "top-level default must be class 'main', got '" + cls + "'");
        }
        element.markHandled(Set.of("class"));
        fill(element, classes.get(MAIN));
    }

    private void fill(XmlElement element, Map<String, Map<String, Inherited>> own)
            throws ModelLoadException {
        for (XmlElement child : element.children()) {
            if (child.name().equals("default")) {
                continue;
            }
            String kind = kindOf(child.name());
            if (kind == null) {
                continue; // left unhandled, so the unsupported warning lists it
            }
            Set<String> supported = MjcfSchema.defaultAttributes(child.name());
            child.markHandled(supported);
            Map<String, Inherited> values = own.computeIfAbsent(kind, k -> new LinkedHashMap<>());
            for (Map.Entry<String, String> a : child.attributes().entrySet()) {
                if (supported.contains(a.getKey())) {
                    // Keep what this replaces: short number lists overlay it (see Attrs#overlaid).
                    values.put(
                            a.getKey(), new Inherited(a.getValue(), child, values.get(a.getKey())));
                }
            }
        }
        for (XmlElement child : element.children("default")) {
            String name = child.attribute("class");
            if (name == null || name.isEmpty()) {
                throw new ModelLoadException(
                        child.file(),
                        child.line(),
                        "default",
                        "nested default needs a 'class' attribute");
            }
            if (classes.containsKey(name)) {
                throw new ModelLoadException(
                        child.file(),
                        child.line(),
                        "default",
                        "default class '" + name + "' is defined twice");
            }
            child.markHandled(Set.of("class"));
            Map<String, Map<String, Inherited>> copy = new HashMap<>();
            for (Map.Entry<String, Map<String, Inherited>> e : own.entrySet()) {
                copy.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
            }
            classes.put(name, copy);
            fill(child, copy);
        }
    }

    /**
     * @return the defaults group an element name belongs to, or null if defaults are not kept
     */
    static String kindOf(String elementName) {
        return switch (elementName) {
            case "joint", "geom", "site", "mesh", "tendon", "pair", "equality" -> elementName;
            case "general", "motor", "position", "velocity" -> "actuator";
            case "fixed" -> "tendon";
            default -> null;
        };
    }

    boolean exists(String className) {
        return classes.containsKey(className);
    }

    /**
     * @param element the element whose defaults are wanted
     * @param inheritedClass childclass in effect, or {@code main}
     * @return the default values for the element's kind
     */
    Map<String, Inherited> forElement(XmlElement element, String inheritedClass)
            throws ModelLoadException {
        return forElement(element, inheritedClass, kindOf(element.name()));
    }

    /**
     * @param element the element whose defaults are wanted
     * @param inheritedClass childclass in effect, or {@code main}
     * @param kind defaults group (needed where element names are ambiguous, as in {@code
     *     <equality>})
     * @return the default values of that group
     */
    Map<String, Inherited> forElement(XmlElement element, String inheritedClass, String kind)
            throws ModelLoadException {
        String cls = element.attribute("class");
        if (cls == null) {
            cls = inheritedClass;
        }
        Map<String, Map<String, Inherited>> c = classes.get(cls);
        if (c == null) {
            throw new ModelLoadException(
                    element.file(),
                    element.line(),
                    element.name(),
                    element.withName("uses unknown default class '" + cls + "'"));
        }
        if (kind == null) {
            return Map.of();
        }
        return c.getOrDefault(kind, Map.of());
    }
}
