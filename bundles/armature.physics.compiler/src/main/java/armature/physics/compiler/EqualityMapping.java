package armature.physics.compiler;

import armature.physics.model.ModelBuilder;
import armature.robot.model.EqualityConstraint;
import armature.robot.model.Model;
import java.util.List;
import java.util.function.Function;

/**
 * Equality constraints (MJCF connect, weld, joint, tendon; URDF mimic joints), index for index. A
 * missing second body is the world; a missing second joint or tendon makes the first a constant.
 */
final class EqualityMapping {
    private final Model src;
    private final ModelBuilder b;
    private final Notes notes;

    EqualityMapping(Model src, ModelBuilder b, Notes notes) {
        this.notes = notes;
        this.src = src;
        this.b = b;
    }

    void map() {
        for (EqualityConstraint e : src.equalities()) {
            if (src.format() == armature.robot.model.SourceFormat.URDF) {
                // MuJoCo 2.2's URDF import ignores <mimic>: the joints move independently there,
                // and so they do here, so that a URDF behaves as in MuJoCo (ADR 0086)
                notes.add(
                        "URDF mimic joints (not coupled, as in MuJoCo)",
                        e.object1() + " mimics " + e.object2());
                continue;
            }
            String what =
                    e.type().name().toLowerCase(java.util.Locale.ROOT)
                            + " equality '"
                            + Notes.label(e.name(), e.object1() + "-" + e.object2())
                            + "'";
            double[] data = e.data().stream().mapToDouble(Double::doubleValue).toArray();
            int index =
                    switch (e.type()) {
                        case CONNECT -> b.addConnect(body(e.object1(), what), body2(e, what), data);
                        case WELD -> weld(e, what, data);
                        case JOINT ->
                                b.addJointCoupling(
                                        index(src.joints(), j -> j.name(), e.object1(), what),
                                        e.object2().isEmpty()
                                                ? -1
                                                : index(
                                                        src.joints(),
                                                        j -> j.name(),
                                                        e.object2(),
                                                        what),
                                        data);
                        case TENDON ->
                                b.addTendonCoupling(
                                        index(src.tendons(), t -> t.name(), e.object1(), what),
                                        e.object2().isEmpty()
                                                ? -1
                                                : index(
                                                        src.tendons(),
                                                        t -> t.name(),
                                                        e.object2(),
                                                        what),
                                        data);
                    };
            b.equalityActive(index, e.active());
            double[] solref = e.softness().solrefArray();
            b.equalitySolref(index, solref[0], solref[1]);
            b.equalitySolimp(index, e.softness().solimpArray());
        }
    }

    /** Anchor (3) then relpose (7); a zero relpose quaternion means the pose at qpos0. */
    private int weld(EqualityConstraint e, String what, double[] data) {
        double[] anchor = new double[3], relpose = null;
        if (data.length == 10) {
            System.arraycopy(data, 0, anchor, 0, 3);
            relpose = java.util.Arrays.copyOfRange(data, 3, 10);
        } else if (data.length == 7) {
            relpose = data;
        } else if (data.length == 3) {
            anchor = data;
        } else {
            throw new IllegalArgumentException(
                    what + ": " + data.length + " numbers, expected anchor (3) then relpose (7)");
        }
        if (relpose != null
                && relpose[3] == 0
                && relpose[4] == 0
                && relpose[5] == 0
                && relpose[6] == 0) {
            relpose = null;
        }
        return b.addWeld(body(e.object1(), what), body2(e, what), anchor, relpose, 1);
    }

    private int body2(EqualityConstraint e, String what) {
        return e.object2().isEmpty() ? 0 : body(e.object2(), what);
    }

    private int body(String name, String what) {
        return index(src.bodies(), body -> body.name(), name, what);
    }

    private static <T> int index(
            List<T> items, Function<T, String> nameOf, String name, String what) {
        for (int i = 0; i < items.size(); i++) {
            if (name.equals(nameOf.apply(items.get(i)))) {
                return i;
            }
        }
        throw new IllegalArgumentException(what + ": no element named '" + name + "'");
    }
}
