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
    private final JsonFields json;

    private DescriptorParser(String origin) {
        this.origin = origin;
        this.json = new JsonFields(origin);
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
        json.object(root, "(document)", TOP);
        int version = json.integer(json.required(root, "formatVersion", ""), "formatVersion");
        if (version != PolicyDescriptor.FORMAT_VERSION) {
            throw PolicyPackageException.value(
                    origin,
                    "formatVersion",
                    version,
                    PolicyDescriptor.FORMAT_VERSION
                            + " (the policy package format this Armature reads)");
        }
        String name = json.text(json.required(root, "name", ""), "name", false);
        String description = json.optionalText(root, "description", "");
        List<String> networks = networks(root.get("networks"), defaultNetwork);
        double rate = json.number(json.required(root, "controlRateHz", ""), "controlRateHz");
        if (!(rate > 0 && rate <= 1000)) {
            throw PolicyPackageException.value(origin, "controlRateHz", rate, "(0, 1000] Hz");
        }
        List<Slot> slots = slots(json.required(root, "observations", ""));
        int size = slots.stream().mapToInt(Slot::size).sum();
        Normalization normalization =
                root.has("normalization")
                        ? normalization(root.get("normalization"), size)
                        : Normalization.NONE;
        Actions actions = actions(json.required(root, "actions", ""));
        List<Integer> state = new ArrayList<>();
        JsonNode s = root.get("recurrentStateSizes");
        if (s != null) {
            json.array(s, "recurrentStateSizes");
            for (int i = 0; i < s.size(); i++) {
                String f = "recurrentStateSizes[" + i + "]";
                int v = json.integer(s.get(i), f);
                if (v < 1) {
                    throw PolicyPackageException.value(origin, f, v, ">= 1");
                }
                state.add(v);
            }
        }
        Provenance provenance = provenance(json.required(root, "provenance", ""));
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
        json.array(node, "networks");
        if (node.isEmpty()) {
            throw PolicyPackageException.value(
                    origin, "networks", "[]", "one ONNX file, or several for an ensemble");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String f = "networks[" + i + "]";
            String n = json.text(node.get(i), f, false);
            boolean escapes =
                    n.startsWith("/")
                            || n.contains("\\")
                            || ("/" + n + "/").contains("/../")
                            || ("/" + n + "/").contains("/./");
            if (escapes || !n.endsWith(".onnx") || n.endsWith("/.onnx")) {
                throw PolicyPackageException.value(
                        origin,
                        f,
                        JsonFields.quote(n),
                        "a relative path ending in .onnx, '/' separated, without '.' or '..'");
            }
            if (out.contains(n)) {
                throw PolicyPackageException.value(
                        origin, f, JsonFields.quote(n), "each network once (" + out + " so far)");
            }
            out.add(n);
        }
        return out;
    }

    private List<Slot> slots(JsonNode node) {
        json.array(node, "observations");
        if (node.isEmpty()) {
            throw PolicyPackageException.value(origin, "observations", "[]", "at least one slot");
        }
        List<Slot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String p = "observations[" + i + "]";
            JsonNode n = node.get(i);
            json.object(n, p, SLOT);
            String name = json.text(json.required(n, "name", p), p + ".name", false);
            if (!names.add(name)) {
                throw PolicyPackageException.value(
                        origin, p + ".name", JsonFields.quote(name), "a name no other slot has");
            }
            int size = json.integer(json.required(n, "size", p), p + ".size");
            if (size < 1) {
                throw PolicyPackageException.value(origin, p + ".size", size, ">= 1");
            }
            String topic = json.text(json.required(n, "topic", p), p + ".topic", false);
            String withoutPlaceholder = topic.replace(PolicyDescriptor.LOOP_PLACEHOLDER, "loop");
            if (topic.startsWith("/")
                    || topic.endsWith("/")
                    || topic.contains("//")
                    || withoutPlaceholder.matches(".*[+#{}\\s].*")) {
                throw PolicyPackageException.value(
                        origin,
                        p + ".topic",
                        JsonFields.quote(topic),
                        "a topic relative to armature/v1/<container>/ such as"
                                + " control/{loop}/state; no wildcards, no leading '/', '{loop}'"
                                + " the only placeholder");
            }
            String field = json.text(json.required(n, "field", p), p + ".field", false);
            if (!field.startsWith("/") && !field.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw PolicyPackageException.value(
                        origin,
                        p + ".field",
                        JsonFields.quote(field),
                        "a frame channel name (positionRad, velocityRadPerSec, effort) or a JSON"
                                + " Pointer starting with '/'");
            }
            List<String> elements = new ArrayList<>();
            JsonNode e = n.get("elements");
            if (e != null) {
                json.array(e, p + ".elements");
                for (int k = 0; k < e.size(); k++) {
                    elements.add(json.text(e.get(k), p + ".elements[" + k + "]", false));
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
        json.object(n, "normalization", NORMALIZATION);
        float[] mean =
                json.floats(json.required(n, "mean", "normalization"), "normalization.mean", size);
        float[] std =
                json.floats(json.required(n, "std", "normalization"), "normalization.std", size);
        double epsilon = DEFAULT_EPSILON;
        if (n.has("epsilon")) {
            epsilon = json.number(n.get("epsilon"), "normalization.epsilon");
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
            clip = json.number(n.get("clip"), "normalization.clip");
            if (!(clip > 0)) {
                throw PolicyPackageException.value(
                        origin, "normalization.clip", clip, "> 0, or no clip field for none");
            }
        }
        return new Normalization(mean, std, epsilon, clip);
    }

    private Actions actions(JsonNode n) {
        json.object(n, "actions", ACTIONS);
        JsonNode j = json.required(n, "joints", "actions");
        json.array(j, "actions.joints");
        if (j.isEmpty()) {
            throw PolicyPackageException.value(
                    origin, "actions.joints", "[]", "one loop joint per network output");
        }
        List<String> joints = new ArrayList<>();
        for (int i = 0; i < j.size(); i++) {
            String joint = json.text(j.get(i), "actions.joints[" + i + "]", false);
            if (joints.contains(joint)) {
                throw PolicyPackageException.value(
                        origin,
                        "actions.joints[" + i + "]",
                        JsonFields.quote(joint),
                        "each joint once");
            }
            joints.add(joint);
        }
        String m = json.text(json.required(n, "mode", "actions"), "actions.mode", false);
        ActionMode mode;
        try {
            mode = ActionMode.valueOf(m.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw PolicyPackageException.value(
                    origin, "actions.mode", JsonFields.quote(m), "POSITION, VELOCITY or EFFORT");
        }
        JsonNode s = json.required(n, "scaling", "actions");
        json.object(s, "actions.scaling", SCALING);
        String t =
                json.text(
                        json.required(s, "type", "actions.scaling"), "actions.scaling.type", false);
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
                            JsonFields.quote(t),
                            "linear for EFFORT actions (the loop's limits give no effort range)");
                }
                scaling =
                        new Scaling(
                                ScalingType.RANGE,
                                JsonFields.filled(count, 1),
                                JsonFields.filled(count, 0));
            }
            case "linear" ->
                    scaling =
                            new Scaling(
                                    ScalingType.LINEAR,
                                    json.broadcast(
                                            s.get("scale"), "actions.scaling.scale", count, 1),
                                    json.broadcast(
                                            s.get("offset"), "actions.scaling.offset", count, 0));
            default ->
                    throw PolicyPackageException.value(
                            origin, "actions.scaling.type", JsonFields.quote(t), "range or linear");
        }
        return new Actions(joints, mode, scaling);
    }

    private Provenance provenance(JsonNode n) {
        json.object(n, "provenance", PROVENANCE);
        String by =
                json.text(
                        json.required(n, "trainedBy", "provenance"), "provenance.trainedBy", false);
        String at =
                json.text(
                        json.required(n, "trainedAt", "provenance"), "provenance.trainedAt", false);
        if (!isDate(at)) {
            throw PolicyPackageException.value(
                    origin,
                    "provenance.trainedAt",
                    JsonFields.quote(at),
                    "an ISO-8601 date (2026-11-28) or date-time with offset"
                            + " (2026-11-28T14:05:00Z)");
        }
        return new Provenance(
                by,
                at,
                json.optionalText(n, "framework", "provenance."),
                json.optionalText(n, "environment", "provenance."),
                json.optionalText(n, "robot", "provenance."),
                json.optionalText(n, "codeCommit", "provenance."),
                json.optionalText(n, "notes", "provenance."));
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
}
