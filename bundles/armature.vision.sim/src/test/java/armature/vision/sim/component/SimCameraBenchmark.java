package armature.vision.sim.component;

import armature.vision.api.ImageEncoding;
import armature.vision.api.PixelFormat;
import armature.vision.sim.render.RgbImage;
import armature.vision.sim.render.Transform;
import armature.vision.sim.scene.SyntheticCamera;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Images/s of the synthetic camera on the simulated hand with its tagged block (the scene of
 * feature vision-sim), one thread, the simulation stepped 10 ms between frames: rendering alone,
 * and rendering + PNG encoding (what the component publishes). Run from bundles/armature.vision.sim
 * after {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt}: {@code java
 * -cp target/classes:target/test-classes:$(cat cp.txt)
 * armature.vision.sim.component.SimCameraBenchmark [FRAMES]}.
 */
public final class SimCameraBenchmark {
    private SimCameraBenchmark() {}

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        HandScene sim = new HandScene();
        for (int[] size : new int[][] {{640, 480, 600}, {200, 200, 190}}) {
            for (int ss : new int[] {1, 2}) {
                for (boolean randomize : new boolean[] {false, true}) {
                    Map<String, Object> c =
                            new HashMap<>(
                                    HandSceneTest.camera("bench", new double[] {1.0, 0.62, 0.55}));
                    c.put("widthPx", size[0]);
                    c.put("heightPx", size[1]);
                    c.put("fxPx", (double) size[2]);
                    c.put("fyPx", (double) size[2]);
                    c.put("supersampling", ss);
                    c.put("randomize", randomize);
                    SyntheticCamera cam =
                            SimCameraSetup.camera(Configs.camera(c), HandScene.model());
                    double[] poses = new double[7 * sim.bodyNames().size()];
                    double[] renderMs = new double[frames];
                    double[] totalMs = new double[frames];
                    for (int i = -10; i < frames; i++) { // 10 warm-up frames
                        sim.step(5);
                        sim.readBodyPoses(poses);
                        long t0 = System.nanoTime();
                        Transform[] bodies = cam.scene().bodyPoses(sim.bodyNames(), poses);
                        RgbImage image = cam.render(bodies, i);
                        long t1 = System.nanoTime();
                        FrameEncoder.encode(image, PixelFormat.GREY8, ImageEncoding.PNG);
                        long t2 = System.nanoTime();
                        if (i >= 0) {
                            renderMs[i] = (t1 - t0) / 1e6;
                            totalMs[i] = (t2 - t0) / 1e6;
                        }
                    }
                    System.out.printf(
                            "%dx%d supersampling %d randomized %s: render %.1f images/s (p50 %.1f ms, p99 %.1f ms);"
                                    + " render + PNG %.1f images/s (p50 %.1f ms)%n",
                            size[0],
                            size[1],
                            ss,
                            randomize,
                            1000 / mean(renderMs),
                            pct(renderMs, 50),
                            pct(renderMs, 99),
                            1000 / mean(totalMs),
                            pct(totalMs, 50));
                }
            }
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(p / 100 * (s.length - 1)))];
    }
}
