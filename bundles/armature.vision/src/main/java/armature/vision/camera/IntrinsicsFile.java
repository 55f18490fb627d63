package armature.vision.camera;

import armature.vision.api.CameraIntrinsics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Camera intrinsics as JSON, the form of {@code armature vision detect --intrinsics} and of the
 * camera info topic:
 *
 * <pre>
 * {"widthPx": 640, "heightPx": 480, "fxPx": 600, "fyPx": 600, "cxPx": 320, "cyPx": 240,
 *  "radial": [k1, k2, k3], "tangential": [p1, p2]}
 * </pre>
 *
 * radial (0-3 values) and tangential (0 or 2) may be left out. Unknown fields are refused, so a
 * misspelt "fx" does not silently fall back to something.
 */
public final class IntrinsicsFile {
    static final Set<String> FIELDS =
            Set.of("widthPx", "heightPx", "fxPx", "fyPx", "cxPx", "cyPx", "radial", "tangential");
    private static final ObjectMapper JSON =
            com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .FAIL_ON_TRAILING_TOKENS)
                    .build();

    private IntrinsicsFile() {}

    /**
     * @throws IllegalArgumentException naming the file and the field: missing file, not JSON, a
     *     missing, unknown, non-numeric or out-of-range field
     */
    public static CameraIntrinsics read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such intrinsics file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON" + plain(e));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A parser's complaint in the user's terms: where, and what, without the parser's own settings
     * or source description.
     */
    static String plain(com.fasterxml.jackson.core.JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        what = what.split("\n")[0];
        for (String cut : new String[] {" (start marker at", ": enable ", " at [Source"}) {
            int i = what.indexOf(cut);
            if (i >= 0) {
                what = what.substring(0, i);
            }
        }
        if (what.startsWith("Non-standard token")) {
            what += " (JSON has no NaN or Infinity)";
        } else if (what.startsWith("Unexpected end-of-input")) {
            what = "the file ends before every object and array is closed";
        } else if (what.startsWith("Trailing token")) {
            what = "more text after the object";
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where =
                at == null || at.getLineNr() < 1
                        ? ""
                        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return where + ": " + what;
    }

    /** The intrinsics of a JSON object; messages name the field. */
    public static CameraIntrinsics parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "intrinsics must be a JSON object with " + String.join(", ", sorted()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(
                        "field '" + f + "' is unknown; allowed: " + String.join(", ", sorted()));
            }
        }
        return new CameraIntrinsics(
                integer(root, "widthPx"),
                integer(root, "heightPx"),
                number(root, "fxPx"),
                number(root, "fyPx"),
                number(root, "cxPx"),
                number(root, "cyPx"),
                numbers(root, "radial"),
                numbers(root, "tangential"));
    }

    /** The JSON form of {@code c}. */
    public static ObjectNode toJson(CameraIntrinsics c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("widthPx", c.widthPx());
        o.put("heightPx", c.heightPx());
        o.put("fxPx", c.fxPx());
        o.put("fyPx", c.fyPx());
        o.put("cxPx", c.cxPx());
        o.put("cyPx", c.cyPx());
        var radial = o.putArray("radial");
        for (double v : c.radial()) {
            radial.add(v);
        }
        var tangential = o.putArray("tangential");
        for (double v : c.tangential()) {
            tangential.add(v);
        }
        return o;
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return n;
    }

    private static int integer(JsonNode root, String field) {
        JsonNode n = required(root, field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(
                    "field '"
                            + field
                            + "' is "
                            + n
                            + "; allowed: an integer 1.."
                            + CameraIntrinsics.MAX_SIZE_PX);
        }
        return n.intValue();
    }

    private static double number(JsonNode root, String field) {
        JsonNode n = required(root, field);
        if (!n.isNumber()) {
            throw new IllegalArgumentException(
                    "field '" + field + "' is " + n + "; allowed: a number");
        }
        return n.doubleValue();
    }

    private static double[] numbers(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return new double[0];
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(
                    "field '" + field + "' is " + n + "; allowed: an array of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!v.isNumber()) {
                throw new IllegalArgumentException(
                        "field '" + field + "' holds " + v + "; allowed: numbers only");
            }
            out.add(v.doubleValue());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
