package armature.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature: named bundles (by symbolic name, found in the distribution's repository folder), the
 * features it needs first, and default configurations applied when the PID has none yet. Format in
 * docs/features.md.
 */
record FeatureDescriptor(
        String name,
        String version,
        String description,
        List<String> requires,
        List<String> bundles,
        Map<String, Map<String, Object>> configurations) {

    static FeatureDescriptor read(Path file, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new MgmtException(
                    "feature file " + file + " is not valid JSON: " + e.getMessage());
        }
        String expected = file.getFileName().toString().replaceFirst("\\.json$", "");
        String name = text(root, "name", file);
        if (!name.equals(expected)) {
            throw new MgmtException(
                    "feature file "
                            + file
                            + " declares name '"
                            + name
                            + "', expected '"
                            + expected
                            + "'");
        }
        List<String> bundles = strings(root, "bundles", file);
        if (bundles.isEmpty()) {
            throw new MgmtException("feature '" + name + "' in " + file + " lists no bundles");
        }
        Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
        JsonNode c = root.path("configurations");
        if (!c.isMissingNode() && !c.isObject()) {
            throw new MgmtException("feature '" + name + "': 'configurations' must be an object");
        }
        c.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().isObject()) {
                                throw new MgmtException(
                                        "feature '"
                                                + name
                                                + "': configuration '"
                                                + e.getKey()
                                                + "' must be an object");
                            }
                            Map<String, Object> props = new LinkedHashMap<>();
                            e.getValue()
                                    .fields()
                                    .forEachRemaining(
                                            p -> props.put(p.getKey(), scalar(p.getValue())));
                            configs.put(e.getKey(), props);
                        });
        return new FeatureDescriptor(
                name,
                root.path("version").asText("0.0.0"),
                root.path("description").asText(""),
                strings(root, "requires", file),
                bundles,
                configs);
    }

    private static Object scalar(JsonNode n) {
        if (n.isArray()) {
            // ConfigAdmin takes arrays of wrappers; DS converts them to the component's types.
            boolean numbers = true;
            boolean integral = true;
            boolean booleans = true;
            for (JsonNode e : n) {
                numbers &= e.isNumber();
                integral &= e.isIntegralNumber();
                booleans &= e.isBoolean();
            }
            int size = n.size();
            if (size > 0 && numbers && integral) {
                Long[] out = new Long[size];
                for (int i = 0; i < size; i++) {
                    out[i] = n.get(i).longValue();
                }
                return out;
            }
            if (size > 0 && numbers) {
                Double[] out = new Double[size];
                for (int i = 0; i < size; i++) {
                    out[i] = n.get(i).doubleValue();
                }
                return out;
            }
            if (size > 0 && booleans) {
                Boolean[] out = new Boolean[size];
                for (int i = 0; i < size; i++) {
                    out[i] = n.get(i).booleanValue();
                }
                return out;
            }
            String[] out = new String[size];
            for (int i = 0; i < size; i++) {
                out[i] = n.get(i).asText();
            }
            return out;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode n = root.path(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new MgmtException(
                    "feature file " + file + " needs a string field '" + field + "'");
        }
        return n.asText();
    }

    private static List<String> strings(JsonNode root, String field, Path file) {
        JsonNode n = root.path(field);
        List<String> out = new ArrayList<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (!n.isArray()) {
            throw new MgmtException("feature file " + file + ": '" + field + "' must be an array");
        }
        n.forEach(s -> out.add(s.asText()));
        return out;
    }
}
