package armature.policy.component;

import armature.policy.api.JointRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a loop's retained limits document ({@code loopLimits} in docs/asyncapi.yaml). */
final class LimitsDocument {
    private LimitsDocument() {}

    /**
     * @param tree the decoded document
     * @throws IllegalArgumentException naming what is missing
     */
    static List<JointRange> parse(Object tree) {
        if (!(tree instanceof Map<?, ?> doc) || !(doc.get("joints") instanceof List<?> joints)) {
            throw new IllegalArgumentException("limits document has no joints array");
        }
        List<JointRange> out = new ArrayList<>();
        for (Object o : joints) {
            if (!(o instanceof Map<?, ?> j) || !(j.get("name") instanceof String name)) {
                throw new IllegalArgumentException("limits document: a joint without a name");
            }
            out.add(
                    new JointRange(
                            name,
                            bound(j.get("minPositionRad"), Double.NEGATIVE_INFINITY),
                            bound(j.get("maxPositionRad"), Double.POSITIVE_INFINITY),
                            bound(j.get("maxVelocityRadPerSec"), Double.POSITIVE_INFINITY)));
        }
        return out;
    }

    private static double bound(Object v, double unlimited) {
        return v instanceof Number n ? n.doubleValue() : unlimited;
    }
}
