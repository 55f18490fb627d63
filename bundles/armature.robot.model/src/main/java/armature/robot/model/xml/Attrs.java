package armature.robot.model.xml;

import armature.robot.model.ModelLoadException;
import java.util.Map;

/**
 * Typed attribute access for one element, falling back to inherited default values. Every parse
 * error names the file, line and element where the bad value was written (the default class's
 * element when the value was inherited).
 */
public final class Attrs {
    /**
     * A default attribute value and where it was written.
     *
     * @param value the text
     * @param source the default element that set it
     * @param overridden the value of an enclosing default class it replaces, or null; kept because
     *     MuJoCo overlays a short list of numbers on the inherited list position by position
     */
    public record Inherited(String value, XmlElement source, Inherited overridden) {
        /** A value that replaces nothing. */
        public Inherited(String value, XmlElement source) {
            this(value, source, null);
        }
    }

    private final XmlElement element;
    private final Map<String, Inherited> defaults;

    /**
     * @param element the element
     * @param defaults inherited values by attribute name (may be empty)
     */
    public Attrs(XmlElement element, Map<String, Inherited> defaults) {
        this.element = element;
        this.defaults = defaults;
    }

    /**
     * @return the element
     */
    public XmlElement element() {
        return element;
    }

    /**
     * @param name attribute
     * @return whether the element itself or its defaults set it
     */
    public boolean has(String name) {
        return element.attribute(name) != null || defaults.containsKey(name);
    }

    /**
     * @param name attribute
     * @return whether the element itself sets it
     */
    public boolean hasOwn(String name) {
        return element.attribute(name) != null;
    }

    private XmlElement sourceOf(String name) {
        if (element.attribute(name) != null) {
            return element;
        }
        Inherited d = defaults.get(name);
        return d == null ? element : d.source();
    }

    /**
     * @param name attribute
     * @param fallback value when absent
     * @return the text value
     */
    public String str(String name, String fallback) {
        String v = element.attribute(name);
        if (v != null) {
            return v;
        }
        Inherited d = defaults.get(name);
        return d == null ? fallback : d.value();
    }

    /**
     * @param name attribute
     * @param reason explanation
     * @return an exception located at the element (or default) that set the attribute
     */
    public ModelLoadException error(String name, String reason) {
        XmlElement src = sourceOf(name);
        return new ModelLoadException(
                src.file(), src.line(), src.name(), "attribute '" + name + "': " + reason);
    }

    /**
     * @param reason explanation
     * @return an exception located at this element
     */
    public ModelLoadException error(String reason) {
        return new ModelLoadException(
                element.file(), element.line(), element.name(), element.withName(reason));
    }

    /**
     * @param name attribute
     * @param fallback value when absent
     * @return the number
     * @throws ModelLoadException if present but not a finite number
     */
    public double num(String name, double fallback) throws ModelLoadException {
        String v = str(name, null);
        if (v == null) {
            return fallback;
        }
        double[] parsed = parse(name, v);
        if (parsed.length != 1) {
            throw error(name, "expected one number, got '" + v + "'");
        }
        return parsed[0];
    }

    /**
     * @param name attribute
     * @param minCount fewest values allowed
     * @param maxCount most values allowed
     * @param fallback value when absent (returned as is)
     * @return the numbers
     * @throws ModelLoadException if present with bad numbers or a bad count
     */
    public double[] nums(String name, int minCount, int maxCount, double[] fallback)
            throws ModelLoadException {
        String v = str(name, null);
        if (v == null) {
            return fallback;
        }
        double[] parsed = parse(name, v);
        if (parsed.length < minCount || parsed.length > maxCount) {
            String expected =
                    minCount == maxCount ? String.valueOf(minCount) : minCount + ".." + maxCount;
            throw error(
                    name,
                    "expected " + expected + " numbers, got " + parsed.length + " in '" + v + "'");
        }
        return parsed;
    }

    /**
     * Reads a list of numbers as MuJoCo does when an element or a default class writes fewer
     * numbers than the attribute holds: each writing (outermost default class first, the element
     * last) replaces only the leading values it gives, the rest keep what was inherited.
     *
     * @param name attribute
     * @param minCount fewest values one writing may give
     * @param base MuJoCo's built-in values; its length is the most values allowed
     * @return the resolved values (a new array of base's length)
     * @throws ModelLoadException if a writing has bad numbers or a bad count (located where it was
     *     written)
     */
    public double[] overlaid(String name, int minCount, double[] base) throws ModelLoadException {
        java.util.ArrayDeque<Inherited> layers = new java.util.ArrayDeque<>();
        for (Inherited d = defaults.get(name); d != null; d = d.overridden()) {
            layers.push(d);
        }
        if (element.attribute(name) != null) {
            layers.addLast(new Inherited(element.attribute(name), element));
        }
        double[] out = base.clone();
        for (Inherited layer : layers) {
            double[] v =
                    new Attrs(layer.source(), Map.of()).nums(name, minCount, base.length, null);
            System.arraycopy(v, 0, out, 0, v.length);
        }
        return out;
    }

    /**
     * @param name attribute
     * @param fallback value when absent
     * @return the integer
     * @throws ModelLoadException if present but not an integer
     */
    public int integer(String name, int fallback) throws ModelLoadException {
        String v = str(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw error(name, "'" + v + "' is not an integer");
        }
    }

    /**
     * @param name attribute
     * @param fallback value when absent
     * @return the boolean ({@code true}/{@code false})
     * @throws ModelLoadException if present but not a boolean
     */
    public boolean bool(String name, boolean fallback) throws ModelLoadException {
        String v = str(name, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(name, "'" + v + "' is not true or false");
        };
    }

    /**
     * Parses MuJoCo's tri-state limit flags.
     *
     * @param name attribute ({@code limited}, {@code ctrllimited}, ...)
     * @param rangeAttribute the range attribute it refers to
     * @param autoLimits the compiler's {@code autolimits} setting
     * @return the resolved flag: "auto" (the default) means "limited if a range is given"
     * @throws ModelLoadException for a value other than true, false, auto
     */
    public boolean limitFlag(String name, String rangeAttribute, boolean autoLimits)
            throws ModelLoadException {
        String v = str(name, "auto").trim();
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> autoLimits && has(rangeAttribute);
            default -> throw error(name, "'" + v + "' is not true, false or auto");
        };
    }

    private double[] parse(String name, String text) throws ModelLoadException {
        String t = text.trim();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] parts = t.split("\\s+");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw error(name, "'" + parts[i] + "' is not a number (in '" + text + "')");
            }
            if (!Double.isFinite(out[i])) {
                throw error(name, "'" + parts[i] + "' is not finite");
            }
        }
        return out;
    }
}
