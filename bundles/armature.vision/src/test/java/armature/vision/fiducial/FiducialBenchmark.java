package armature.vision.fiducial;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector.Result;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.image.GreyImage;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The numbers of docs/vision.md "Measured": accuracy over random poses of a 5 cm tag36h11 at
 * 0.3-0.6 m rendered exactly at 640x480, and single-thread detection + pose throughput over those
 * images. Run from bundles/armature.vision after {@code mvn test-compile dependency:build-classpath
 * -Dmdep.outputFile=cp.txt}: {@code java -cp target/classes:target/test-classes:$(cat cp.txt)
 * armature.vision.fiducial.FiducialBenchmark [POSES] [FRAMES] [RANDOMIZED_TRIALS]}.
 */
public final class FiducialBenchmark {
    private FiducialBenchmark() {}

    public static void main(String[] args) {
        int poses = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        int randomizedTrials = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        CameraIntrinsics camera = CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
        Random rnd = new Random(1);
        List<GreyImage> images = new ArrayList<>();
        List<Pose3> truths = new ArrayList<>();
        for (int i = 0; i < poses; i++) {
            Pose3 truth =
                    FiducialPoseTest.randomPose(
                            rnd, 0.3 + 0.3 * rnd.nextDouble(), Math.toRadians(50));
            truths.add(truth);
            images.add(
                    PlanarMarkerRenderer.render(
                            MarkerBitmap.of(MarkerFamily.TAG36H11, rnd.nextInt(587)),
                            0.05,
                            truth,
                            camera,
                            3,
                            128));
        }
        Fiducials fiducials = new Fiducials();
        List<Double> positionMm = new ArrayList<>();
        List<Double> angleDeg = new ArrayList<>();
        int missed = 0;
        for (int i = 0; i < poses; i++) {
            List<Result> found =
                    fiducials.detect(
                            images.get(i),
                            MarkerFamily.TAG36H11,
                            Optional.of(camera),
                            0.05,
                            "c",
                            0);
            if (found.size() != 1 || found.get(0).pose().isEmpty()) {
                missed++;
                continue;
            }
            Pose3 estimate = found.get(0).pose().get().pose();
            positionMm.add(1000 * estimate.distanceToM(truths.get(i)));
            angleDeg.add(
                    Math.toDegrees(estimate.orientation().angleToRad(truths.get(i).orientation())));
        }
        Collections.sort(positionMm);
        Collections.sort(angleDeg);
        System.out.printf(
                Locale.ROOT,
                "%d poses, %d missed; position mm: median %.3f p90 %.3f max %.3f; angle deg: median %.3f p90 %.3f max %.3f%n",
                poses,
                missed,
                at(positionMm, 0.5),
                at(positionMm, 0.9),
                at(positionMm, 1.0),
                at(angleDeg, 0.5),
                at(angleDeg, 0.9),
                at(angleDeg, 1.0));
        for (int i = 0; i < 200; i++) { // warm-up for the JIT
            fiducials.detect(
                    images.get(i % poses),
                    MarkerFamily.TAG36H11,
                    Optional.of(camera),
                    0.05,
                    "c",
                    0);
        }
        long[] nanos = new long[frames];
        long start = System.nanoTime();
        for (int i = 0; i < frames; i++) {
            long t = System.nanoTime();
            fiducials.detect(
                    images.get(i % poses),
                    MarkerFamily.TAG36H11,
                    Optional.of(camera),
                    0.05,
                    "c",
                    0);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(
                Locale.ROOT,
                "640x480 detection + pose, one thread: %.1f frames/s, p50 %.2f ms, p99 %.2f ms%n",
                frames / seconds,
                nanos[frames / 2] / 1e6,
                nanos[(int) (frames * 0.99)] / 1e6);
        randomized(randomizedTrials);
    }

    /** The randomized three-camera set of {@link RandomizedAccuracyTest}, larger. */
    static void randomized(int trials) {
        RandomizedAccuracyTest.Run run = RandomizedAccuracyTest.runCounting(99, trials);
        List<RandomizedAccuracyTest.Trial> t = run.trials();
        System.out.printf(
                Locale.ROOT,
                "randomized set: %d trials of 3 views (%d attempts; the rest missed a view)%n",
                t.size(),
                run.attempts());
        for (int c = 0; c <= 3; c++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %s: position mm median %.3f p90 %.3f; angle deg median %.3f p90 %.3f%n",
                    c == 3 ? "fused   " : "camera " + c,
                    1000 * RandomizedAccuracyTest.quantile(t, c, true, 0.5),
                    1000 * RandomizedAccuracyTest.quantile(t, c, true, 0.9),
                    Math.toDegrees(RandomizedAccuracyTest.quantile(t, c, false, 0.5)),
                    Math.toDegrees(RandomizedAccuracyTest.quantile(t, c, false, 0.9)));
        }
        long better =
                t.stream()
                        .filter(
                                x ->
                                        x.positionM()[3]
                                                < Math.min(
                                                        x.positionM()[0],
                                                        Math.min(
                                                                x.positionM()[1],
                                                                x.positionM()[2])))
                        .count();
        System.out.printf(
                Locale.ROOT,
                "  fused position better than the best of the three views in %d of %d trials%n",
                better,
                t.size());
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
    }
}
