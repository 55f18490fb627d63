package armature.sim.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations a simulated robot offers over the bus, free of bus types so they can be tested
 * with {@code new}. Each returns the status JSON or throws an exception whose message is the error
 * reply.
 */
public final class SimControl {
    /** The operations, as named in the request topic. */
    public static final String OPERATIONS = "reset, pause, resume, speed, status";

    private static final Pattern FACTOR =
            Pattern.compile("\"realTimeFactor\"\\s*:\\s*([-+0-9.eE]+|\"[^\"]*\"|null)");

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
     * @param operation one of {@link #OPERATIONS}
     * @param payload the request payload (JSON; only {@code speed} reads it)
     * @return the status after the operation, as JSON
     * @throws IllegalArgumentException for an unknown operation or a bad speed
     * @throws IllegalStateException for pause, resume or speed in lock-step mode
     */
    public String apply(String operation, String payload) {
        switch (operation) {
            case "reset" -> {
                robot.reset();
                if (stepper != null) {
                    stepper.restartSchedule();
                }
            }
            case "pause" -> realTime(operation).pause();
            case "resume" -> realTime(operation).resume();
            case "speed" -> realTime(operation).setRealTimeFactor(parseFactor(payload));
            case "status" -> {}
            default ->
                    throw new IllegalArgumentException(
                            "unknown operation '" + operation + "'; allowed: " + OPERATIONS);
        }
        return status();
    }

    private RealTimeStepper realTime(String op) {
        if (stepper == null) {
            throw new IllegalStateException(
                    "'" + op + "' needs real-time mode; sim '" + name + "' runs in lock-step");
        }
        return stepper;
    }

    static double parseFactor(String payload) {
        Matcher m = FACTOR.matcher(payload);
        if (!m.find()) {
            throw new IllegalArgumentException(
                    "speed needs a JSON payload {\"realTimeFactor\": x}, got '" + payload + "'");
        }
        try {
            return Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "realTimeFactor = "
                            + m.group(1)
                            + "; allowed: 0 (as fast as possible) or (0, 1000]");
        }
    }

    /**
     * {@code {"name", "timeSeconds", "steps", "paused", "lockStep", "realTimeFactor", "lagResets",
     * "health"}}; lagResets counts how often the stepper fell over 100 ms behind real time.
     */
    public String status() {
        return "{\"name\":\""
                + name
                + "\",\"timeSeconds\":"
                + robot.timeSeconds()
                + ",\"steps\":"
                + robot.stepCount()
                + ",\"paused\":"
                + (stepper != null && stepper.isPaused())
                + ",\"lockStep\":"
                + (stepper == null)
                + ",\"realTimeFactor\":"
                + (stepper == null ? 0.0 : stepper.realTimeFactor())
                + ",\"lagResets\":"
                + (stepper == null ? 0 : stepper.lagResets())
                + ",\"health\":\""
                + robot.health().state()
                + "\"}";
    }
}
