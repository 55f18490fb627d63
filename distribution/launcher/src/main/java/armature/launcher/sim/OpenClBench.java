package armature.launcher.sim;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.batch.OpenClBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The OpenCL engine's batched loop as a reinforcement-learning trainer runs it: per control step,
 * new random controls for every world go to the device, K substeps run there without the host,
 * observations (qpos, qvel, the free bodies' poses) come back, and worlds whose state stopped being
 * finite are reset. The device part is one {@link OpenClBatch#advance} (one wait per control step);
 * the host times it apart from drawing the controls and from the resets, so the report says where
 * the time goes.
 */
final class OpenClBench {

    /**
     * @param controlSteps control steps in the measured window (each of {@code substeps} physics
     *     steps in every world)
     * @param seconds wall-clock length of the measured window
     * @param controlsSeconds host time drawing the controls
     * @param deviceSeconds the round trip: controls to the device, the substeps, the observation
     *     kernel, observations and status back
     * @param resetSeconds resetting diverged worlds (and reading what they dropped)
     * @param bytesToDevice bytes copied to the device in the window
     * @param bytesFromDevice bytes copied back in the window
     * @param divergedResets worlds reset because their state stopped being finite
     * @param droppedContacts contacts dropped because a world's buffer was full, summed
     */
    record Result(
            long controlSteps,
            double seconds,
            double controlsSeconds,
            double deviceSeconds,
            double resetSeconds,
            long bytesToDevice,
            long bytesFromDevice,
            long divergedResets,
            long droppedContacts) {}

    private final OpenClBatch batch;
    private final MultibodyModel model;
    private final int substeps;
    private final RandomControls[] controls;
    private final double[] ctrl, one, obs;

    OpenClBench(
            MultibodyModel model,
            OpenClDevice device,
            int worlds,
            int substeps,
            boolean float64,
            int contactCapacity,
            long seed) {
        this.model = model;
        this.substeps = substeps;
        List<Integer> free = new ArrayList<>();
        for (int j = 0; j < model.njnt; j++) {
            if (model.jntType[j] == armature.robot.model.JointType.FREE) {
                free.add(model.jntBody[j]);
            }
        }
        batch =
                OpenClBatch.create(
                        model,
                        device,
                        new OpenClBatch.Options(
                                worlds,
                                float64,
                                seed,
                                0,
                                free.stream().mapToInt(Integer::intValue).toArray(),
                                contactCapacity));
        SplittableRandom root = new SplittableRandom(seed);
        controls = new RandomControls[worlds];
        for (int w = 0; w < worlds; w++) {
            controls[w] = new RandomControls(model, root.split());
        }
        ctrl = new double[worlds * model.nu];
        one = new double[model.nu];
        obs = new double[worlds * batch.observationSize()];
    }

    OpenClBatch batch() {
        return batch;
    }

    Result run(double warmupSeconds, double measuredSeconds) {
        try {
            loop(warmupSeconds);
            return loop(measuredSeconds);
        } finally {
            batch.close();
        }
    }

    private Result loop(double seconds) {
        long to0 = batch.bytesToDevice(), from0 = batch.bytesFromDevice();
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        long steps = 0, resets = 0;
        long tControls = 0, tDevice = 0, tResets = 0;
        int[] dropped0 = batch.droppedContacts();
        int[] status = new int[batch.worlds()];
        long dropped = 0;
        do {
            long a = System.nanoTime();
            for (int w = 0; w < controls.length; w++) {
                controls[w].next(one);
                System.arraycopy(one, 0, ctrl, w * model.nu, model.nu);
            }
            long b = System.nanoTime();
            batch.advance(ctrl, substeps, obs, status);
            long c = System.nanoTime();
            int[] bad =
                    java.util.stream.IntStream.range(0, status.length)
                            .filter(i -> status[i] != 0)
                            .toArray();
            if (bad.length > 0) {
                int[] lost = batch.droppedContacts();
                for (int w : bad) {
                    dropped += lost[w] - dropped0[w];
                    dropped0[w] = 0;
                }
                batch.reset(bad);
                resets += bad.length;
            }
            long d = System.nanoTime();
            tControls += b - a;
            tDevice += c - b;
            tResets += d - c;
            steps++;
        } while (System.nanoTime() < end);
        long t1 = System.nanoTime();
        int[] lost = batch.droppedContacts();
        for (int w = 0; w < lost.length; w++) {
            dropped += lost[w] - dropped0[w];
        }
        return new Result(
                steps,
                (t1 - t0) * 1e-9,
                tControls * 1e-9,
                tDevice * 1e-9,
                tResets * 1e-9,
                batch.bytesToDevice() - to0,
                batch.bytesFromDevice() - from0,
                resets,
                dropped);
    }
}
