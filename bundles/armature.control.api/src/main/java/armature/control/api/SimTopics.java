package armature.control.api;

import java.util.Objects;

/**
 * The topics of one simulated robot, under {@code armature/v1/<container>/sim/<sim>}.
 *
 * @param container the container's topics
 * @param simName the simulation name (factory configuration name of {@code armature.sim})
 */
public record SimTopics(ContainerTopics container, String simName) {
    /** Operations of {@link #control}. */
    public enum Operation {
        RESET,
        PAUSE,
        RESUME,
        SPEED,
        STATUS,
        /**
         * Moves a mocap body: payload {@code {"body": name, "posM": [x,y,z], "quat": [w,x,y,z]}}.
         */
        MOCAP;

        /** The topic level, e.g. {@code reset}. */
        public String level() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SimTopics {
        Objects.requireNonNull(container, "container");
        Names.require(simName, "simulation name");
    }

    /** {@code armature/v1/<container>/sim/<sim>}. */
    public String base() {
        return container.root() + "/sim/" + simName;
    }

    /** Ground-truth object poses. */
    public String objects() {
        return base() + "/objects";
    }

    /** A control request (request/response). */
    public String control(Operation operation) {
        return base() + "/control/" + operation.level();
    }

    /** Filter for every control request. */
    public String controlFilter() {
        return base() + "/control/+";
    }
}
