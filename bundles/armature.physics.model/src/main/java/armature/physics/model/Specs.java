package armature.physics.model;

import armature.robot.model.ActuatorType;
import armature.robot.model.GeomType;
import armature.robot.model.JointType;
import java.util.ArrayList;
import java.util.List;

/** Mutable element specs the builder collects before compiling (one class per MJCF element). */
final class Specs {
    private Specs() {}

    static final class Body {
        String name;
        int parent;
        double[] pos, quat;
        double mass;
        boolean mocap;
        double[] com = new double[3];
        double[] inertia = new double[6];
        boolean fromGeoms;
    }

    static final class Joint {
        String name;
        JointType type;
        int body;
        double[] pos, axis, solref, solimp, solrefFriction, solimpFriction;
        boolean limited;
        double lower, upper, damping, armature, frictionLoss, stiffness, springRef, ref, margin;
    }

    static final class Geom {
        String name;
        GeomType type;
        int body, mesh = -1, condim = 3, contype = 1, conaffinity = 1;
        double[] pos, quat, solref, solimp;
        double[] size = new double[3];
        double solmix = 1, gap;
        int priority;
        double[] friction = {1, 0.005, 0.0001};
        double margin;
        double density = 1000;
        double mass = Double.NaN;
    }

    static final class Site {
        String name;
        int body;
        double[] pos;
    }

    static final class Tendon {
        String name;
        final List<Integer> joints = new ArrayList<>();
        final List<Double> coefs = new ArrayList<>();
        boolean limited;
        double lower, upper, margin;
        double[] solref, solimp;
    }

    static final class Actuator {
        String name;
        ActuatorType type;
        boolean onTendon, ctrlLimited, forceLimited;
        int target;
        double gain, gear = 1, kv;
        double[] ctrlRange = {0, 0}, forceRange = {0, 0};
    }

    static final class Equality {
        EqualityType type;
        int obj1, obj2;

        /**
         * MuJoCo's eq_data layout (11); a weld's relpose is completed at build time. The last entry
         * is the weld's torquescale, 1 by default for every kind as in MuJoCo.
         */
        final double[] data = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

        /** A weld whose relative pose comes from the bodies' poses at qpos0. */
        boolean relposeFromQpos0;

        double[] solref, solimp;
        boolean active = true;
    }

    static final class Pair {
        int g1, g2, condim;
        double[] friction, solref, solimp;
        double margin, gap;
    }
}
