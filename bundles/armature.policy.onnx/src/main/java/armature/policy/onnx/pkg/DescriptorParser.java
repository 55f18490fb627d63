package armature.policy.onnx.pkg;

import armature.policy.api.ActionMode;
import armature.policy.onnx.pkg.PolicyDescriptor.Actions;
import armature.policy.onnx.pkg.PolicyDescriptor.Normalization;
import armature.policy.onnx.pkg.PolicyDescriptor.Provenance;
import armature.policy.onnx.pkg.PolicyDescriptor.Scaling;
import armature.policy.onnx.pkg.PolicyDescriptor.ScalingType;
import armature.policy.onnx.pkg.PolicyDescriptor.Slot;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates a policy descriptor (docs/policy-package.md). Every problem is a {@link
 * PolicyPackageException} naming the file, the field as a JSON path, the value and what is allowed.
 * Unknown fields are refused, so a misspelt optional field cannot be silently ignored.
 */
public final class DescriptorParser {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Set<String> TOP =
            Set.of(
                    "formatVersion",
                    "name",
                    "description",
                    "networks",
                    "controlRateHz",
                    "observations",
                    "normalization",
                    "actions",
                    "recurrentStateSizes",
                    "provenance");
    private static final Set<String> SLOT = Set.of("name", "size", "topic", "field", "elements");
    private static final Set<String> NORMALIZATION = Set.of("mean", "std", "epsilon", "clip");
    private static final Set<String> ACTIONS = Set.of("joints", "mode", "scaling");
    private static final Set<String> SCALING = Set.of("type", "scale", "offset");
    private static final Set<String> PROVENANCE =
            Set.of(
                    "trainedBy",
                    "trainedAt",
                    "framework",
                    "environment",
                    "robot",
                    "codeCommit",
                    "notes");

    /** Default epsilon of the normalisation (Stable-Baselines3's). */
    public static final double DEFAULT_EPSILON = 1e-8;

    private final String origin;

    private DescriptorParser(String origin) {
        this.origin = origin;
    }

    /**
     * Parses a descriptor.
     *
     * @param json the descriptor's bytes (UTF-8 JSON)
     * @param origin where it was read from, for messages
     * @param defaultNetwork the network file used when the descriptor lists none
     */
    public static PolicyDescriptor parse(byte[] json, String origin, String defaultNetwork) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolicyPackageException(
                    origin, "(document)", "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyPackageException(origin, "(document)", "unreadable: " + e, e);
        }
        return new DescriptorParser(origin).descriptor(root, defaultNetwork);
    }

    private PolicyDescriptor descriptor(JsonNode root, String defaultNetwork) {
        object(root, "(document)", TOP);
        int version = integer(required(root, "formatVersion", ""), "formatVersion");
        if (version != PolicyDescriptor.FORMAT_VERSION) {
            throw PolicyPackageException.value(
                    origin,
                    "formatVersion",
                    version,
                    PolicyDescriptor.FORMAT_VERSION
                            + " (the policy package format this Armature reads)");
        }
        String name = text(required(root, "name", ""), "name", false);
        String description = optionalText(root, "description", "");
        List<String> networks = networks(root.get("networks"), defaultNetwork);
        double rate = number(required(root, "controlRateHz", ""), "controlRateHz");
        if (!(rate > 0 && rate <= 1000)) {
            throw PolicyPackageException.value(origin, "controlRateHz", rate, "(0, 1000] Hz");
        }
        List<Slot> slots = slots(required(root, "observations", ""));
        int size = slots.stream().mapToInt(Slot::size).sum();
        Normalization normalization =
                root.has("normalization")
                        ? normalization(root.get("normalization"), size)
                        : Normalization.NONE;
        Actions actions = actions(required(root, "actions", ""));
        List<Integer> state = new ArrayList<>();
        JsonNode s = root.get("recurrentStateSizes");
        if (s != null) {
            array(s, "recurrentStateSizes");
            for (int i = 0; i < s.size(); i++) {
                String f = "recurrentStateSizes[" + i + "]";
                int v = integer(s.get(i), f);
                if (v < 1) {
                    throw PolicyPackageException.value(origin, f, v, ">= 1");
                }
                state.add(v);
            }
        }
        Provenance provenance = provenance(required(root, "provenance", ""));
        return new PolicyDescriptor(
                version,
                name,
                description,
                networks,
                rate,
                slots,
                normalization,
                actions,
                state,
                provenance);
    }

    private List<String> networks(JsonNode node, String defaultNetwork) {
        if (node == null) {
            return List.of(defaultNetwork);
        }
        array(node, "networks");
        if (node.isEmpty()) {
            throw PolicyPackageException.value(
                    origin, "networks", "[]", "one ONNX file, or several for an ensemble");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String f = "networks[" + i + "]";
            String n = text(node.get(i), f, false);
            boolean escapes =
                    n.startsWith("/")
                            || n.contains("\\")
                            || ("/" + n + "/").contains("/../")
                            || ("/" + n + "/").contains("/./");
            if (escapes || !n.endsWith(".onnx") || n.endsWith("/.onnx")) {
                throw PolicyPackageException.value(
                        origin,
                        f,
                        quote(n),
                        "a relative path ending in .onnx, '/' separated, without '.' or '..'");
            }
            if (out.contains(n)) {
                throw PolicyPackageException.value(
                        origin, f, quote(n), "each network once (" + out + " so far)");
            }
            out.add(n);
        }
        return out;
    }

    private List<Slot> slots(JsonNode node) {
        array(node, "observations");
        if (node.isEmpty()) {
            throw PolicyPackageException.value(origin, "observations", "[]", "at least one slot");
        }
        List<Slot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String p = "observations[" + i + "]";
            JsonNode n = node.get(i);
            object(n, p, SLOT);
            String name = text(required(n, "name", p), p + ".name", false);
            if (!names.add(name)) {
                throw PolicyPackageException.value(
                        origin, p + ".name", quote(name), "a name no other slot has");
            }
            int size = integer(required(n, "size", p), p + ".size");
            if (size < 1) {
                throw PolicyPackageException.value(origin, p + ".size", size, ">= 1");
            }
            String topic = text(required(n, "topic", p), p + ".topic", false);
            String withoutPlaceholder = topic.replace(PolicyDescriptor.LOOP_PLACEHOLDER, "loop");
            if (topic.startsWith("/")
                    || topic.endsWith("/")
                    || topic.contains("//")
                    || withoutPlaceholder.matches(".*[+#{}\\s].*")) {
                throw PolicyPackageException.value(
                        origin,
                        p + ".topic",
                        quote(topic),
                        "a topic relative to armature/v1/<container>/ such as"
                                + " control/{loop}/state; no wildcards, no leading '/', '{loop}'"
                                + " the only placeholder");
            }
            String field = text(required(n, "field", p), p + ".field", false);
            if (!field.startsWith("/") && !field.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw PolicyPackageException.value(
                        origin,
                        p + ".field",
                        quote(field),
                        "a frame channel name (positionRad, velocityRadPerSec, effort) or a JSON"
                                + " Pointer starting with '/'");
            }
            List<String> elements = new ArrayList<>();
            JsonNode e = n.get("elements");
            if (e != null) {
                array(e, p + ".elements");
                for (int k = 0; k < e.size(); k++) {
                    elements.add(text(e.get(k), p + ".elements[" + k + "]", false));
                }
                if (elements.size() != size) {
                    throw PolicyPackageException.value(
                            origin,
                            p + ".elements",
                            elements.size() + " names",
                            "exactly size (" + size + ") names, or no elements field");
                }
                if (new HashSet<>(elements).size() != elements.size()) {
                    throw PolicyPackageException.value(
                            origin, p + ".elements", elements, "each element once");
                }
            }
            out.add(new Slot(name, size, topic, field, elements));
        }
        return out;
    }

    private Normalization normalization(JsonNode n, int size) {
        object(n, "normalization", NORMALIZATION);
        float[] mean = floats(required(n, "mean", "normalization"), "normalization.mean", size);
        float[] std = floats(required(n, "std", "normalization"), "normalization.std", size);
        double epsilon = DEFAULT_EPSILON;
        if (n.has("epsilon")) {
            epsilon = number(n.get("epsilon"), "normalization.epsilon");
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw PolicyPackageException.value(
                        origin, "normalization.epsilon", epsilon, "[0, 1)");
            }
        }
        for (int i = 0; i < std.length; i++) {
            if (std[i] < 0 || (std[i] == 0 && epsilon == 0)) {
                throw PolicyPackageException.value(
                        origin,
                        "normalization.std[" + i + "]",
                        std[i],
                        epsilon == 0 ? "> 0 (epsilon is 0)" : ">= 0");
            }
        }
        double clip = Double.POSITIVE_INFINITY;
        if (n.has("clip")) {
            clip = number(n.get("clip"), "normalization.clip");
            if (!(clip > 0)) {
                throw PolicyPackageException.value(
                        origin, "normalization.clip", clip, "> 0, or no clip field for none");
            }
        }
        return new Normalization(mean, std, epsilon, clip);
    }

    private Actions actions(JsonNode n) {
        object(n, "actions", ACTIONS);
        JsonNode j = required(n, "joints", "actions");
        array(j, "actions.joints");
        if (j.isEmpty()) {
            throw PolicyPackageException.value(
                    origin, "actions.joints", "[]", "one loop joint per network output");
        }
        List<String> joints = new ArrayList<>();
        for (int i = 0; i < j.size(); i++) {
            String joint = text(j.get(i), "actions.joints[" + i + "]", false);
            if (joints.contains(joint)) {
                throw PolicyPackageException.value(
                        origin, "actions.joints[" + i + "]", quote(joint), "each joint once");
            }
            joints.add(joint);
        }
        String m = text(required(n, "mode", "actions"), "actions.mode", false);
        ActionMode mode;
        try {
            mode = ActionMode.valueOf(m.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PolicyPackageException.value(
                    origin, "actions.mode", quote(m), "POSITION, VELOCITY or EFFORT");
        }
        JsonNode s = required(n, "scaling", "actions");
        object(s, "actions.scaling", SCALING);
        String t = text(required(s, "type", "actions.scaling"), "actions.scaling.type", false);
        int count = joints.size();
        Scaling scaling;
        switch (t) {
            case "range" -> {
                if (s.has("scale") || s.has("offset")) {
                    throw PolicyPackageException.value(
                            origin,
                            "actions.scaling." + (s.has("scale") ? "scale" : "offset"),
                            s.has("scale") ? s.get("scale") : s.get("offset"),
                            "nothing for type range (the joint limits set the scale); use type"
                                    + " linear to give scale and offset");
                }
                if (mode == ActionMode.EFFORT) {
                    throw PolicyPackageException.value(
                            origin,
                            "actions.scaling.type",
                            quote(t),
                            "linear for EFFORT actions (the loop's limits give no effort range)");
                }
                scaling = new Scaling(ScalingType.RANGE, filled(count, 1), filled(count, 0));
            }
            case "linear" ->
                    scaling =
                            new Scaling(
                                    ScalingType.LINEAR,
                                    broadcast(s.get("scale"), "actions.scaling.scale", count, 1),
                                    broadcast(s.get("offset"), "actions.scaling.offset", count, 0));
            default ->
                    throw PolicyPackageException.value(
                            origin, "actions.scaling.type", quote(t), "range or linear");
        }
        return new Actions(joints, mode, scaling);
    }

    private Provenance provenance(JsonNode n) {
        object(n, "provenance", PROVENANCE);
        String by = text(required(n, "trainedBy", "provenance"), "provenance.trainedBy", false);
        String at = text(required(n, "trainedAt", "provenance"), "provenance.trainedAt", false);
        if (!isDate(at)) {
            throw PolicyPackageException.value(
                    origin,
                    "provenance.trainedAt",
                    quote(at),
                    "an ISO-8601 date (2026-11-28) or date-time with offset"
                            + " (2026-11-28T14:05:00Z)");
        }
        return new Provenance(
                by,
                at,
                optionalText(n, "framework", "provenance."),
                optionalText(n, "environment", "provenance."),
                optionalText(n, "robot", "provenance."),
                optionalText(n, "codeCommit", "provenance."),
                optionalText(n, "notes", "provenance."));
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException notADate) {
            try {
                OffsetDateTime.parse(s);
                return true;
            } catch (DateTimeParseException notADateTime) {
                return false;
            }
        }
    }

    // --- JSON helpers: each names the path of what it reads ---

    private void object(JsonNode n, String path, Set<String> allowed) {
        if (n == null || !n.isObject()) {
            throw PolicyPackageException.value(origin, path, n, "a JSON object");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw PolicyPackageException.value(
                        origin,
                        path.equals("(document)") ? f : path + "." + f,
                        n.get(f),
                        "no such field; the fields here are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private JsonNode required(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw new PolicyPackageException(
                    origin, path.isEmpty() ? field : path + "." + field, "missing; it is required");
        }
        return n;
    }

    private void array(JsonNode n, String path) {
        if (!n.isArray()) {
            throw PolicyPackageException.value(origin, path, n, "a JSON array");
        }
    }

    private String text(JsonNode n, String path, boolean blankAllowed) {
        if (!n.isTextual() || (!blankAllowed && n.asText().isBlank())) {
            throw PolicyPackageException.value(origin, path, n, "a non-empty string");
        }
        return n.asText();
    }

    private String optionalText(JsonNode parent, String field, String path) {
        JsonNode n = parent.get(field);
        return n == null ? "" : text(n, path + field, true);
    }

    private int integer(JsonNode n, String path) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw PolicyPackageException.value(origin, path, n, "an integer");
        }
        return n.asInt();
    }

    private double number(JsonNode n, String path) {
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw PolicyPackageException.value(origin, path, n, "a finite number");
        }
        return n.asDouble();
    }

    private float[] floats(JsonNode n, String path, int length) {
        array(n, path);
        if (n.size() != length) {
            throw PolicyPackageException.value(
                    origin,
                    path,
                    n.size() + " values",
                    length + " values, one per observation element (the slot sizes' sum)");
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = finiteFloat(n.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private float finiteFloat(JsonNode n, String path) {
        double d = number(n, path);
        float f = (float) d;
        if (!Float.isFinite(f)) {
            throw PolicyPackageException.value(origin, path, n, "a finite 32-bit float");
        }
        return f;
    }

    /** A number for every joint, or an array with one per joint; {@code fallback} when absent. */
    private float[] broadcast(JsonNode n, String path, int count, float fallback) {
        if (n == null) {
            return filled(count, fallback);
        }
        if (n.isNumber()) {
            return filled(count, finiteFloat(n, path));
        }
        if (!n.isArray() || n.size() != count) {
            throw PolicyPackageException.value(
                    origin,
                    path,
                    n.isArray() ? n.size() + " values" : n,
                    "a number, or an array of " + count + " (one per action joint)");
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = finiteFloat(n.get(i), path + "[" + i + "]");
        }
        return out;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
