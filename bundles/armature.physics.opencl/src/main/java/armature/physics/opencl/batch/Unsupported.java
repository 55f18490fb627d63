package armature.physics.opencl.batch;

import armature.physics.model.DisableFlags;
import armature.physics.model.Integrator;
import armature.physics.model.MultibodyModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What in a model the OpenCL kernels do not compute yet. The kernels run the reference engine's
 * smooth pipeline (kinematics with mocap bodies, bias forces, mass matrix, actuators, passive
 * forces, semi-implicit Euler with implicit damping, RK4), collision detection between planes,
 * spheres, capsules and boxes (collision.cl) and of meshes as convex hulls and cylinders (hull.cl)
 * with any of those, and the constraint solver for contacts, joint and tendon limits, friction loss
 * and equality constraints (constraint.cl). A model that needs what they lack (degrees of freedom;
 * contacts of ellipsoid geoms, which no compiled model has) would be simulated wrongly without a
 * word, so it is refused with the list of reasons instead. A model can switch contacts off with
 * MJCF's {@code <flag contact="disable"/>} (or {@code sim bench --no-constraints}), which the
 * reference engine honours the same way.
 */
public final class Unsupported {
    private Unsupported() {}

    /**
     * @return one line per feature the model uses that the OpenCL engine does not run; empty when
     *     it runs the model exactly as the reference engine would
     */
    public static List<String> reasons(MultibodyModel m) {
        List<String> r = new ArrayList<>();
        boolean constraints = !disabled(m, DisableFlags.CONSTRAINT);
        if (m.integrator != Integrator.SEMI_IMPLICIT_EULER && m.integrator != Integrator.RK4) {
            r.add("integrator " + m.integrator + " (the kernels run semi-implicit Euler and RK4)");
        }
        if (m.nv == 0) {
            r.add("no degrees of freedom");
        }
        if (constraints && !disabled(m, DisableFlags.CONTACT) && mayCollide(m)) {
            ContactPairs pairs = new ContactPairs(m);
            List<armature.robot.model.GeomType> types = pairs.unsupportedTypes();
            if (!types.isEmpty()) {
                List<String> names = new ArrayList<>();
                for (int g : pairs.unsupportedGeoms()) {
                    names.add(m.geomNames().get(g));
                }
                r.add(
                        "contacts of geom types "
                                + types
                                + " (geoms "
                                + String.join(", ", names)
                                + "; the OpenCL engine collides planes, spheres, capsules, boxes,"
                                + " cylinders and meshes (convex hulls); disable with <flag"
                                + " contact=\"disable\"/>)");
            }
        }
        return r;
    }

    static boolean disabled(MultibodyModel m, int flag) {
        return DisableFlags.disabled(m.disableFlags, flag);
    }

    /**
     * Conservative: true when any explicit pair or any two geoms of different bodies pass the
     * contype/conaffinity test (the reference engine may still filter some of them out).
     */
    static boolean mayCollide(MultibodyModel m) {
        if (m.pairGeom1.length > 0) {
            return true;
        }
        for (int a = 0; a < m.ngeom; a++) {
            for (int b = a + 1; b < m.ngeom; b++) {
                boolean pass =
                        (m.geomContype[a] & m.geomConaffinity[b]) != 0
                                || (m.geomContype[b] & m.geomConaffinity[a]) != 0;
                if (pass && m.geomBody[a] != m.geomBody[b]) {
                    return true;
                }
            }
        }
        return false;
    }
}
