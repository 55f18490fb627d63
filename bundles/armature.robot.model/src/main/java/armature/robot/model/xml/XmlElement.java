package armature.robot.model.xml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed XML element that remembers its file and line, so that every error and warning can point
 * at the source. Mutable only while a loader splices includes; loaders also mark which elements
 * they understood so that the rest can be reported.
 */
public final class XmlElement {
    private final String name;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private final Path file;
    private final int line;
    private boolean handled;
    private java.util.Set<String> supportedAttributes = java.util.Set.of();

    /**
     * @param name element name
     * @param attributes attributes in document order
     * @param file source file
     * @param line 1-based line of the start tag's end
     */
    public XmlElement(String name, Map<String, String> attributes, Path file, int line) {
        this.name = name;
        this.attributes = new LinkedHashMap<>(attributes);
        this.file = file;
        this.line = line;
    }

    /**
     * @return element name
     */
    public String name() {
        return name;
    }

    /**
     * @return attributes in document order (read-only view)
     */
    public Map<String, String> attributes() {
        return java.util.Collections.unmodifiableMap(attributes);
    }

    /**
     * @param attribute attribute name
     * @return the value or null
     */
    public String attribute(String attribute) {
        return attributes.get(attribute);
    }

    /**
     * @return child elements (mutable, for include splicing)
     */
    public List<XmlElement> children() {
        return children;
    }

    /**
     * @param childName element name
     * @return children with that name, in order
     */
    public List<XmlElement> children(String childName) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * @param childName element name
     * @return the first child with that name, or null
     */
    public XmlElement child(String childName) {
        for (XmlElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /**
     * @return source file
     */
    public Path file() {
        return file;
    }

    /**
     * @return 1-based source line
     */
    public int line() {
        return line;
    }

    /**
     * Marks this element as understood by a loader.
     *
     * @param supported the attributes the loader understands on this element
     */
    public void markHandled(java.util.Set<String> supported) {
        handled = true;
        supportedAttributes = supported;
    }

    /**
     * @return attributes present on this element that the loader did not understand
     */
    public List<String> unsupportedAttributes() {
        List<String> out = new ArrayList<>();
        for (String a : attributes.keySet()) {
            // Namespace declarations (xmlns:xacro) carry no model content.
            if (!supportedAttributes.contains(a) && !a.startsWith("xmlns")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * @return whether a loader understood this element
     */
    public boolean handled() {
        return handled;
    }

    /**
     * @return a short description such as {@code <geom name="x">}
     */
    public String describe() {
        String n = attributes.get("name");
        return n == null ? "<" + name + ">" : "<" + name + " name=\"" + n + "\">";
    }

    /**
     * @param reason what is wrong
     * @return the reason, prefixed with this element's quoted name when it has one, for error
     *     messages that already name the element kind and line
     */
    public String withName(String reason) {
        String n = attributes.get("name");
        return n == null || n.isEmpty() ? reason : "'" + n + "' " + reason;
    }
}
