package armature.physics.compiler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one compilation could not represent, grouped by kind in the order first seen. */
final class Notes {
    private final Map<String, List<String>> byKind = new LinkedHashMap<>();

    void add(String kind, String item) {
        byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(item);
    }

    /** One entry per kind: count, kind and up to six of the items. */
    List<String> summary() {
        List<String> out = new ArrayList<>();
        byKind.forEach(
                (kind, items) ->
                        out.add(
                                items.size()
                                        + " "
                                        + kind
                                        + " ("
                                        + String.join(", ", abbreviate(items))
                                        + ")"));
        return out;
    }

    private static List<String> abbreviate(List<String> items) {
        if (items.size() <= 6) {
            return items;
        }
        List<String> head = new ArrayList<>(items.subList(0, 6));
        head.add("... " + (items.size() - 6) + " more");
        return head;
    }

    /** The element's name, or a generated one: the engine requires every element to be named. */
    static String label(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
