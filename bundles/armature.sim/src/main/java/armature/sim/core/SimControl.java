package armature.sim.core;

import armature.bus.codec.CodecException;
import armature.bus.codec.JsonCodec;
import armature.control.api.SimTopics;

/**
 * The operations a simulated robot offers over the bus, free of bus types so they can be tested
 * with {@code new}. Each returns the status or throws an exception whose message is the error
 * reply.
 */
public final class SimControl {
    /** The operations, as named in the request topic. */
    public static final String OPERATIONS = "reset, pause, resume, speed, status, mocap";

    private static final JsonCodec JSON = new JsonCodec();

    /** The body of a {@code speed} request. */
    record SpeedRequest(Double realTimeFactor) {}

    /** The body of a {@code mocap} request. */
    record MocapRequest(String body, double[] posM, double[] quat) {}

    /**
     * What every reply carries.
     *
     * @param name the simulation's name
     * @param timeSeconds simulated time since the last reset
     * @param steps physics steps since the last reset
     * @param paused whether real-time stepping is paused
     * @param lockStep whether the loop steps the simulation (no real-time thread)
     * @param realTimeFactor simulated per real second (0 = as fast as possible; 0 in lock-step)
     * @param lagResets how often the stepper fell over 100 ms behind real time
     * @param health the driver's health state
     */
    public record Status(
            String name,
            double timeSeconds,
            long steps,
            boolean paused,
            boolean lockStep,
            double realTimeFactor,
            long lagResets,
            String health) {}

    private final String name;
    private final SimulatedRobot robot;
    private final RealTimeStepper stepper;

    /**
     * @param name the simulation's name, reported in the status
     * @param robot the simulation
     * @param stepper its real-time stepper, or null in lock-step mode
     */
    public SimControl(String name, SimulatedRobot robot, RealTimeStepper stepper) {
        this.name = name;
        this.robot = robot;
        this.stepper = stepper;
    }

    /**
     * Runs one operation.
     *
     * @param operation the operation
     * @param payload the request payload (JSON; only {@code speed} reads it)
     * @return the status after the operation
     * @throws IllegalArgumentException for a bad speed or mocap request
     * @throws IllegalStateException for pause, resume or speed in lock-step mode
     */
    public Status apply(SimTopics.Operation operation, byte[] payload) {
        switch (operation) {
            case RESET -> {
                robot.reset();
                if (stepper != null) {
                    stepper.restartSchedule();
                }
            }
            case PAUSE -> realTime(operation).pause();
            case RESUME -> realTime(operation).resume();
            case SPEED -> realTime(operation).setRealTimeFactor(parseFactor(payload));
            case STATUS -> {}
            case MOCAP -> {
                MocapRequest r = parseMocap(payload);
                robot.setMocapPose(r.body(), r.posM(), r.quat());
            }
        }
        return status();
    }

    /**
     * The operation named by a topic level.
     *
     * @throws IllegalArgumentException naming the level and the allowed ones
     */
    public static SimTopics.Operation operation(String level) {
        for (SimTopics.Operation op : SimTopics.Operation.values()) {
            if (op.level().equals(level)) {
                return op;
            }
        }
        throw new IllegalArgumentException(
                "unknown operation '" + level + "'; allowed: " + OPERATIONS);
    }

    private RealTimeStepper realTime(SimTopics.Operation op) {
        if (stepper == null) {
            throw new IllegalStateException(
                    "'"
                            + op.level()
                            + "' needs real-time mode; sim '"
                            + name
                            + "' runs in lock-step");
        }
        return stepper;
    }

    static MocapRequest parseMocap(byte[] payload) {
        String form =
                "mocap needs a JSON payload {\"body\": name, \"posM\": [x, y, z],"
                        + " \"quat\": [w, x, y, z]}";
        MocapRequest r;
        try {
            r = JSON.decode(payload, MocapRequest.class);
        } catch (CodecException e) {
            throw new IllegalArgumentException(form + ": " + e.getMessage(), e);
        }
        if (r.body() == null || r.posM() == null || r.quat() == null) {
            throw new IllegalArgumentException(
                    form
                            + "; missing: "
                            + (r.body() == null ? "body " : "")
                            + (r.posM() == null ? "posM " : "")
                            + (r.quat() == null ? "quat" : ""));
        }
        return r;
    }

    static double parseFactor(byte[] payload) {
        SpeedRequest r;
        try {
            r = JSON.decode(payload, SpeedRequest.class);
        } catch (CodecException e) {
            throw new IllegalArgumentException(
                    "speed needs a JSON payload {\"realTimeFactor\": x}: " + e.getMessage(), e);
        }
        if (r.realTimeFactor() == null) {
            throw new IllegalArgumentException(
                    "speed needs a JSON payload {\"realTimeFactor\": x}; realTimeFactor is"
                            + " missing");
        }
        return r.realTimeFactor();
    }

    /** The status now. */
    public Status status() {
        return new Status(
                name,
                robot.timeSeconds(),
                robot.stepCount(),
                stepper != null && stepper.isPaused(),
                stepper == null,
                stepper == null ? 0.0 : stepper.realTimeFactor(),
                stepper == null ? 0 : stepper.lagResets(),
                robot.health().state().name());
    }

    /** The status as the JSON of a reply. */
    public static byte[] json(Status status) {
        return JSON.encode(status);
    }
}
