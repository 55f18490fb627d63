package armature.robot.model.xml;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects what a loader ignored into ONE warning: elements it did not understand (counted once per
 * element, children not listed) and attributes it did not understand on elements it did.
 */
public final class Unsupported {
    private Unsupported() {}

    /**
     * @param root root of the (include-expanded) document
     * @param format format name for the message, for example {@code MJCF}
     * @return the warning, or null when everything was understood
     */
    public static String warning(XmlElement root, String format) {
        Map<String, Integer> elements = new TreeMap<>();
        Map<String, Integer> attributes = new TreeMap<>();
        walk(root, "", elements, attributes);
        if (elements.isEmpty() && attributes.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(format).append(" content ignored (not supported): ");
        if (!elements.isEmpty()) {
            sb.append("elements ").append(join(elements));
        }
        if (!attributes.isEmpty()) {
            if (!elements.isEmpty()) {
                sb.append("; ");
            }
            sb.append("attributes ").append(join(attributes));
        }
        return sb.toString();
    }

    private static void walk(
            XmlElement e,
            String parent,
            Map<String, Integer> elements,
            Map<String, Integer> attributes) {
        if (!e.handled()) {
            String key = parent.isEmpty() ? e.name() : parent + "/" + e.name();
            elements.merge(key, 1, Integer::sum);
            return;
        }
        List<String> bad = e.unsupportedAttributes();
        for (String a : bad) {
            attributes.merge(e.name() + "@" + a, 1, Integer::sum);
        }
        for (XmlElement c : e.children()) {
            walk(c, e.name(), elements, attributes);
        }
    }

    private static String join(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Integer> en : counts.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(en.getKey()).append(" x").append(en.getValue());
        }
        return sb.toString();
    }
}
