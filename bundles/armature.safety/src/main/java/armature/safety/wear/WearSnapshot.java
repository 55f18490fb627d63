package armature.safety.wear;

import java.util.List;
import java.util.Optional;

/** Wear counters of all joints at one moment. */
public record WearSnapshot(List<JointWear> joints) {
    public WearSnapshot {
        joints = List.copyOf(joints);
    }

    /** No joint has any wear recorded. */
    public static WearSnapshot empty() {
        return new WearSnapshot(List.of());
    }

    public Optional<JointWear> joint(String jointName) {
        for (JointWear j : joints) {
            if (j.jointName().equals(jointName)) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }
}
