package armature.control.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The topics of the Homie 5 convention ({@code homie/5/<device>/...}), which devices use as they
 * are, outside Armature's tree. A {@link Role#DEVICE} credential may publish only under {@code
 * homie/5/<its user name>/}, so the device level always names the real sender; containers may read
 * the whole {@code homie/5/} tree (docs/sensors.md, ADR 0098).
 */
public final class HomieTopics {
    /** The Homie 5 root: the convention's default base topic and its major version. */
    public static final String ROOT = "homie/5";

    /** Device, node and property ids: lowercase letters, digits, '-', not first or last. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?");

    /** What a topic under {@link #ROOT} is. */
    public enum Kind {
        /** {@code homie/5/<device>/$state}: init, ready, disconnected, sleeping, lost. */
        STATE,
        /** {@code homie/5/<device>/$description}: the JSON description document. */
        DESCRIPTION,
        /** {@code homie/5/<device>/<node>/<property>}: a property value as a string. */
        PROPERTY,
        /** Anything else: other attributes ($log, $alert), set and $target topics, broadcasts. */
        OTHER
    }

    /**
     * A parsed topic.
     *
     * @param kind what it is
     * @param device the device id (empty for {@code $broadcast})
     * @param node the node id of a {@link Kind#PROPERTY}, else empty
     * @param property the property id of a {@link Kind#PROPERTY}, else empty
     */
    public record Parsed(Kind kind, String device, String node, String property) {}

    private HomieTopics() {}

    /** Whether {@code s} is a valid Homie id (device, node or property; at most 64 here). */
    public static boolean isId(String s) {
        return s != null && ID.matcher(s).matches();
    }

    /** {@code homie/5/#}: every Homie 5 topic, in one subscription so their order is kept. */
    public static String all() {
        return ROOT + "/#";
    }

    /** {@code homie/5/<device>}. */
    public static String device(String device) {
        return ROOT + "/" + requireId(device, "device id");
    }

    /**
     * {@code homie/5/<device>/$state}, retained; the device's last will sets it to {@code lost}.
     */
    public static String state(String device) {
        return device(device) + "/$state";
    }

    /** {@code homie/5/<device>/$description}, retained: the JSON description document. */
    public static String description(String device) {
        return device(device) + "/$description";
    }

    /** {@code homie/5/<device>/<node>/<property>}: the property's value as a string. */
    public static String property(String device, String node, String property) {
        return device(device)
                + "/"
                + requireId(node, "node id")
                + "/"
                + requireId(property, "property id");
    }

    /** {@code homie/5/<device>/<node>/<property>/set}: commands to a settable property. */
    public static String set(String device, String node, String property) {
        return property(device, node, property) + "/set";
    }

    /**
     * What {@code topic} is; empty when it is not under {@link #ROOT} or its levels are not Homie
     * ids where ids belong.
     */
    public static Optional<Parsed> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT + "/")) {
            return Optional.empty();
        }
        String[] l = topic.substring(ROOT.length() + 1).split("/", -1);
        if (!isId(l[0])) {
            return Optional.of(new Parsed(Kind.OTHER, "", "", ""));
        }
        if (l.length == 2 && l[1].equals("$state")) {
            return Optional.of(new Parsed(Kind.STATE, l[0], "", ""));
        }
        if (l.length == 2 && l[1].equals("$description")) {
            return Optional.of(new Parsed(Kind.DESCRIPTION, l[0], "", ""));
        }
        if (l.length == 3 && isId(l[1]) && isId(l[2])) {
            return Optional.of(new Parsed(Kind.PROPERTY, l[0], l[1], l[2]));
        }
        return Optional.of(new Parsed(Kind.OTHER, l[0], "", ""));
    }

    private static String requireId(String s, String what) {
        if (!isId(s)) {
            throw new IllegalArgumentException(
                    what
                            + " '"
                            + s
                            + "' is not a Homie id; allowed: 1-64 of a-z, 0-9 and '-', not first"
                            + " or last");
        }
        return s;
    }
}
