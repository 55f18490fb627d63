package armature.vision.sim.component;

import armature.vision.api.MarkerFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Checks a pose-error configuration against the synthetic cameras' configurations: every camera
 * must be a configured synthetic camera, and the object's tag must be on the cube they render (or
 * the object's body must be the body they put tags on).
 */
final class SimCameraConfigs {
    static final String CAMERA_PID = "armature.vision.camera.sim";

    /** A tag: family wire name and id. */
    record Tag(String family, int id) {}

    private SimCameraConfigs() {}

    static Tag check(ConfigurationAdmin admin, String[] cameraIds, String objectId) {
        Tag tag = parse(objectId);
        for (Dictionary<String, Object> p : cameras(admin, cameraIds).values()) {
            String id = p.get("cameraId").toString();
            String family = p.get("tagFamily") == null ? "tag36h11" : p.get("tagFamily").toString();
            int[] ids = ids(p.get("tagIds"));
            if (!family.equals(tag.family()) || Arrays.stream(ids).noneMatch(i -> i == tag.id())) {
                throw new IllegalArgumentException(
                        "objectId = '"
                                + objectId
                                + "': the tag is not on the model camera '"
                                + id
                                + "' renders ("
                                + family
                                + " ids "
                                + Arrays.toString(ids)
                                + "); allowed: <family>-<id> of one of those tags");
            }
        }
        return tag;
    }

    /**
     * Checks that every camera renders {@code body} as its tagged body (property {@code
     * taggedBody}, default {@code object}): the body the fusion can see.
     */
    static void checkBody(ConfigurationAdmin admin, String[] cameraIds, String body) {
        for (Dictionary<String, Object> p : cameras(admin, cameraIds).values()) {
            String tagged = p.get("taggedBody") == null ? "object" : p.get("taggedBody").toString();
            if (!tagged.equals(body)) {
                throw new IllegalArgumentException(
                        "body = '"
                                + body
                                + "': camera '"
                                + p.get("cameraId")
                                + "' renders tags on body '"
                                + tagged
                                + "'; allowed: the cameras' tagged body, '"
                                + tagged
                                + "'");
            }
        }
    }

    /** The configurations of the named synthetic cameras, by id; an unknown id is refused. */
    private static Map<String, Dictionary<String, Object>> cameras(
            ConfigurationAdmin admin, String[] cameraIds) {
        if (cameraIds == null || cameraIds.length == 0) {
            throw new IllegalArgumentException(
                    "cameraIds is empty; allowed: one or more synthetic camera ids");
        }
        List<Dictionary<String, Object>> cameras = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Configuration c : list(admin)) {
            Dictionary<String, Object> p = c.getProperties();
            if (p != null && p.get("cameraId") != null) {
                cameras.add(p);
                known.add(p.get("cameraId").toString());
            }
        }
        Map<String, Dictionary<String, Object>> out = new LinkedHashMap<>();
        for (String id : cameraIds) {
            Dictionary<String, Object> p = null;
            for (Dictionary<String, Object> c : cameras) {
                if (id.equals(c.get("cameraId"))) {
                    p = c;
                }
            }
            if (p == null) {
                throw new IllegalArgumentException(
                        "cameraIds: '"
                                + id
                                + "' is not a synthetic camera; allowed: the cameraId of an "
                                + CAMERA_PID
                                + " configuration, one of "
                                + known);
            }
            out.put(id, p);
        }
        return out;
    }

    private static Tag parse(String objectId) {
        int dash = objectId == null ? -1 : objectId.lastIndexOf('-');
        try {
            if (dash > 0) {
                MarkerFamily f = MarkerFamily.ofWireName(objectId.substring(0, dash));
                return new Tag(f.wireName(), Integer.parseInt(objectId.substring(dash + 1)));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "objectId = '" + objectId + "'; allowed: <family>-<tag id>, e.g. tag36h11-4");
    }

    private static int[] ids(Object v) {
        if (v == null) {
            return new int[] {0, 1, 2, 3, 4, 5}; // the camera's default
        }
        if (v instanceof int[] a) {
            return a;
        }
        if (v instanceof Integer[] a) {
            return Arrays.stream(a).mapToInt(Integer::intValue).toArray();
        }
        if (v instanceof long[] a) {
            return Arrays.stream(a).mapToInt(l -> (int) l).toArray();
        }
        if (v instanceof Object[] a) {
            return Arrays.stream(a).mapToInt(o -> Integer.parseInt(o.toString().trim())).toArray();
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.stream().mapToInt(o -> Integer.parseInt(o.toString().trim())).toArray();
        }
        return Arrays.stream(v.toString().split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
    }

    private static Configuration[] list(ConfigurationAdmin admin) {
        try {
            Configuration[] found =
                    admin.listConfigurations("(service.factoryPid=" + CAMERA_PID + ")");
            return found == null ? new Configuration[0] : found;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot read the synthetic cameras' configurations: " + e, e);
        }
    }
}
