package armature.launcher.sim;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.DeviceChoice;
import armature.physics.opencl.KernelBuildException;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.OpenClPlatforms;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Locale;

/** {@code sim bench --engine opencl}: device choice, the run, and its report (text or JSON). */
final class OpenClBenchReport {
    private OpenClBenchReport() {}

    static int run(
            MultibodyModel m,
            String deviceName,
            int worlds,
            int substeps,
            boolean float64,
            int contactCapacity,
            long seed,
            double warmup,
            double seconds,
            boolean json,
            PrintStream out,
            PrintStream err) {
        OpenClPlatforms.Discovery found = OpenClPlatforms.discover();
        if (!found.available()) {
            err.println("error: --engine opencl: " + found.problem());
            return 1;
        }
        OpenClDevice device;
        try {
            device = DeviceChoice.select(found.devices(), deviceName).orElseThrow();
        } catch (IllegalArgumentException e) {
            err.println("error: --device: " + e.getMessage());
            return 2;
        }
        OpenClBench.Result r;
        long perWorld, privatePerWorld;
        long[] working;
        int capacity;
        try {
            OpenClBench bench =
                    new OpenClBench(m, device, worlds, substeps, float64, contactCapacity, seed);
            perWorld = bench.batch().deviceBytesPerWorld();
            privatePerWorld = bench.batch().privateBytesPerWorld();
            working = bench.batch().workingBytesPerWorld();
            capacity = bench.batch().contactCapacity();
            r = bench.run(warmup, seconds);
        } catch (KernelBuildException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(
                    "error: "
                            + e.getMessage()
                            + (e.getMessage().contains("cannot run model")
                                            && e.getMessage().contains("contacts of geom types")
                                    ? " (or bench without them: --no-contacts or --no-constraints)"
                                    : ""));
            return 1;
        } catch (RuntimeException e) {
            // the driver's own failures (out of resources, allocation at large --worlds)
            err.println("error: " + m.name + " on " + device.describe() + ": " + e);
            return 1;
        }
        ObjectNode d = new ObjectMapper().createObjectNode();
        long physicsSteps = r.controlSteps() * substeps * worlds;
        d.put("model", m.name);
        d.put("engine", SimBenchMain.OPENCL);
        d.put("device", device.describe());
        d.put("precision", float64 ? "float64" : "float32");
        d.put("worlds", worlds);
        d.put("substeps", substeps);
        d.put("seed", seed);
        d.put("timestepSeconds", m.timestepSeconds);
        d.put("warmupSeconds", warmup);
        d.put("seconds", r.seconds());
        d.put("steps", physicsSteps);
        d.put("stepsPerSecond", physicsSteps / r.seconds());
        d.put("stepsPerSecondPerWorld", physicsSteps / r.seconds() / worlds);
        d.put("controlStepsPerSecond", r.controlSteps() * (double) worlds / r.seconds());
        d.put("simulatedSecondsPerSecond", physicsSteps / r.seconds() * m.timestepSeconds);
        d.put("divergedResets", r.divergedResets());
        d.put("droppedContacts", r.droppedContacts());
        d.put("bytesToDevicePerControlStep", r.bytesToDevice() / (double) r.controlSteps());
        d.put("bytesFromDevicePerControlStep", r.bytesFromDevice() / (double) r.controlSteps());
        d.put("deviceBytesPerWorld", perWorld);
        d.put("privateBytesPerWorld", privatePerWorld);
        d.put("contactCapacity", capacity);
        d.put("modelContactBound", m.maxContacts);
        ObjectNode ws = d.putObject("workingBytesPerWorld");
        ws.put("state", working[0]);
        ws.put("parameters", working[1]);
        ws.put("contacts", working[2]);
        ws.put("constraintRows", working[3]);
        ObjectNode phases = d.putObject("secondsByPhase");
        phases.put("controls", r.controlsSeconds());
        phases.put("device", r.deviceSeconds());
        phases.put("resets", r.resetSeconds());
        out.println(json ? d.toString() : text(d));
        return 0;
    }

    private static String text(ObjectNode d) {
        ObjectNode p = (ObjectNode) d.get("secondsByPhase");
        double s = d.get("seconds").asDouble();
        return String.format(
                Locale.ROOT,
                "%s on engine opencl (%s, %s): %d worlds, %d substeps per control step,"
                        + " %.3f s measured after %.3f s warm-up%n"
                        + "physics steps: %d, %.0f steps/s aggregate, %.0f per world;"
                        + " %.0f control steps/s aggregate (%.2f simulated s per wall s)%n"
                        + "time: on the device %.0f %% (controls in, the substeps, observations and"
                        + " status out, one wait), drawing controls %.0f %%, resets %.0f %%%n"
                        + "moved per control step: %.0f B to the device, %.0f B back;"
                        + " device memory per world: %d B between steps (the driver reports %d B private per"
                        + " work-item; PoCL does not count its stack)%n"
                        + "working set per world during a step: %d B (state %d B, parameters %d B,"
                        + " contacts %d B, constraint rows %d B)%n"
                        + "diverged worlds reset: %d%n"
                        + "contacts dropped (buffer full): %d of a capacity of %d per world"
                        + " (--contact-capacity; the model's bound: %d)",
                d.get("model").asText(),
                d.get("device").asText(),
                d.get("precision").asText(),
                d.get("worlds").asInt(),
                d.get("substeps").asInt(),
                s,
                d.get("warmupSeconds").asDouble(),
                d.get("steps").asLong(),
                d.get("stepsPerSecond").asDouble(),
                d.get("stepsPerSecondPerWorld").asDouble(),
                d.get("controlStepsPerSecond").asDouble(),
                d.get("simulatedSecondsPerSecond").asDouble(),
                100 * p.get("device").asDouble() / s,
                100 * p.get("controls").asDouble() / s,
                100 * p.get("resets").asDouble() / s,
                d.get("bytesToDevicePerControlStep").asDouble(),
                d.get("bytesFromDevicePerControlStep").asDouble(),
                d.get("deviceBytesPerWorld").asLong(),
                d.get("privateBytesPerWorld").asLong(),
                ws(d, "state") + ws(d, "parameters") + ws(d, "contacts") + ws(d, "constraintRows"),
                ws(d, "state"),
                ws(d, "parameters"),
                ws(d, "contacts"),
                ws(d, "constraintRows"),
                d.get("divergedResets").asLong(),
                d.get("droppedContacts").asLong(),
                d.get("contactCapacity").asInt(),
                d.get("modelContactBound").asInt());
    }

    private static long ws(ObjectNode d, String part) {
        return d.get("workingBytesPerWorld").get(part).asLong();
    }
}
