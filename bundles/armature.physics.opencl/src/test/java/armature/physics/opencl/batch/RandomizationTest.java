package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.KernelProgram;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Domain randomization on the device: the generator is Philox4x32-10 (checked against Random123's
 * known answers), draws follow the configured ranges (Kolmogorov-Smirnov against the uniform
 * distribution), a world's parameters depend on seed, world index and episode only, action latency
 * delays controls by whole control steps, observation noise has the configured spread, and runs are
 * bit-identical.
 */
class RandomizationTest {
    private static OpenClDevice device;
    private static MultibodyModel hand;

    @BeforeAll
    static void setUp() throws Exception {
        device = TestModels.device();
        hand = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
    }

    @Test
    void theGeneratorIsPhilox4x32With10Rounds() throws Exception {
        // Random123's tests/kat_vectors, the three "philox4x32 10" lines: counter, key, result
        int[][] kat = {
            {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
            {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
            {
                0x243f6a88,
                0x85a308d3,
                0x13198a2e,
                0x03707344,
                0xa4093822,
                0x299f31d0,
                0xd16cfe09,
                0x94fdcceb,
                0x5001e420,
                0x24126ea1
            }
        };
        String source;
        try (InputStream in = ModelSource.class.getResourceAsStream("philox.cl")) {
            source =
                    "typedef float real;\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        source +=
                "__kernel void kat(__global const uint* in, __global uint* out) {\n"
                        + "  int i = get_global_id(0);\n"
                        + "  uint4 r = philox((uint4)(in[6*i], in[6*i+1], in[6*i+2], in[6*i+3]),"
                        + " (uint2)(in[6*i+4], in[6*i+5]));\n"
                        + "  out[4*i] = r.x; out[4*i+1] = r.y; out[4*i+2] = r.z; out[4*i+3] = r.w;\n"
                        + "}\n";
        int[] in = new int[6 * kat.length];
        for (int i = 0; i < kat.length; i++) {
            System.arraycopy(kat[i], 0, in, 6 * i, 6);
        }
        int[] out = new int[4 * kat.length];
        cl_context context =
                CL.clCreateContext(
                        null, 1, new cl_device_id[] {device.deviceId()}, null, null, null);
        cl_command_queue queue =
                CL.clCreateCommandQueueWithProperties(context, device.deviceId(), null, null);
        cl_program program = KernelProgram.build(context, device, "kat.cl", source, "");
        cl_kernel kernel = CL.clCreateKernel(program, "kat", null);
        cl_mem din =
                CL.clCreateBuffer(
                        context,
                        CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR,
                        4L * in.length,
                        Pointer.to(in),
                        null);
        cl_mem dout = CL.clCreateBuffer(context, CL.CL_MEM_WRITE_ONLY, 4L * out.length, null, null);
        try {
            CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(din));
            CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(dout));
            CL.clEnqueueNDRangeKernel(
                    queue, kernel, 1, null, new long[] {kat.length}, null, 0, null, null);
            CL.clEnqueueReadBuffer(
                    queue, dout, CL.CL_TRUE, 0, 4L * out.length, Pointer.to(out), 0, null, null);
        } finally {
            CL.clReleaseMemObject(din);
            CL.clReleaseMemObject(dout);
            CL.clReleaseKernel(kernel);
            CL.clReleaseProgram(program);
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
        for (int i = 0; i < kat.length; i++) {
            assertThat(Arrays.copyOfRange(out, 4 * i, 4 * i + 4))
                    .as("known answer %d", i)
                    .containsExactly(Arrays.copyOfRange(kat[i], 6, 10));
        }
    }

    @Test
    void drawsFollowTheConfiguredRanges() {
        int n = 4096;
        RandomizationRanges r =
                RandomizationRanges.none()
                        .withMassScale(0.5, 1.5)
                        .withDampingScale(0.8, 1.2)
                        .withGainScale(0.9, 1.1)
                        .withGravityOffset(
                                RandomizationRanges.Range.of(0),
                                RandomizationRanges.Range.of(0),
                                new RandomizationRanges.Range(-0.5, 0.5))
                        .withLatencySteps(0, 3);
        try (OpenClBatch b = OpenClBatch.create(hand, device, OpenClBatch.Options.of(n))) {
            b.setRanges(r);
            b.resetAll();
            int body = hand.bodyNames().indexOf("object");
            int dof = 0;
            while (hand.dofDamping[dof] == 0) {
                dof++;
            }
            double[] mass = new double[n], damping = new double[n], gain = new double[n];
            double[] gz = new double[n];
            int[] latencyCounts = new int[4];
            int[] latency = b.latencySteps();
            java.util.List<WorldParameters> all = b.allParameters();
            for (int w = 0; w < n; w++) {
                WorldParameters p = all.get(w);
                mass[w] = p.bodyMassKg()[body] / hand.bodyMassKg[body];
                damping[w] = p.dofDamping()[dof] / hand.dofDamping[dof];
                gain[w] = p.actuatorGain()[0] / hand.actGain[0];
                gz[w] = p.gravityMPerS2()[2] - hand.gravityMPerS2[2];
                assertThat(p.latencySteps()).isEqualTo(latency[w]);
                latencyCounts[latency[w]]++;
            }
            assertUniform("body mass scale", mass, 0.5, 1.5);
            assertUniform("damping scale", damping, 0.8, 1.2);
            assertUniform("gain scale", gain, 0.9, 1.1);
            assertUniform("gravity z offset", gz, -0.5, 0.5);
            // each parameter its own draw: one uniform reused for two kinds would correlate them
            assertThat(Math.abs(correlation(mass, damping)))
                    .as("correlation of mass and damping draws")
                    .isLessThan(5 / Math.sqrt(n));
            assertThat(Math.abs(correlation(gain, gz)))
                    .as("correlation of gain and gravity draws")
                    .isLessThan(5 / Math.sqrt(n));
            // four equally likely latencies: each count within 5 sigma of n/4
            double sigma = Math.sqrt(n * 0.25 * 0.75);
            for (int l = 0; l < 4; l++) {
                assertThat((double) latencyCounts[l])
                        .as("worlds with latency %d", l)
                        .isCloseTo(n / 4.0, within(5 * sigma));
            }
        }
    }

    private static double correlation(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /**
     * Kolmogorov-Smirnov against U(lo, hi): D below 1.95 / sqrt(n), the 0.1 % critical value; with
     * a fixed seed the outcome is reproducible, and a wrong mapping (a range off by its width, a
     * non-uniform transform, a draw reused across parameters) gives D of 0.1 or more at n = 4096.
     */
    private static void assertUniform(String what, double[] x, double lo, double hi) {
        double[] s = x.clone();
        Arrays.sort(s);
        assertThat(s[0]).as("%s minimum", what).isGreaterThanOrEqualTo(lo - 1e-6 * Math.abs(hi));
        assertThat(s[s.length - 1])
                .as("%s maximum", what)
                .isLessThanOrEqualTo(hi + 1e-6 * Math.abs(hi));
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double f = (s[i] - lo) / (hi - lo);
            d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
        }
        assertThat(d).as("%s: Kolmogorov-Smirnov D", what).isLessThan(1.95 / Math.sqrt(s.length));
    }

    @Test
    void aWorldsParametersDependOnSeedWorldAndEpisodeOnly() {
        RandomizationRanges r = RandomizationRanges.none().withMassScale(0.5, 1.5);
        int body = hand.bodyNames().indexOf("object");
        double[] small, large, otherSeed;
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, OpenClBatch.Options.of(8).withSeed(42))) {
            b.setRanges(r);
            b.resetAll();
            small = b.parameters(5).bodyMassKg();
        }
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, OpenClBatch.Options.of(300).withSeed(42))) {
            b.setRanges(r);
            b.resetAll();
            large = b.parameters(5).bodyMassKg();
            double before = b.parameters(7).bodyMassKg()[body];
            b.reset(new int[] {7});
            assertThat(b.parameters(7).bodyMassKg()[body])
                    .as("a reset starts a new episode with new draws")
                    .isNotEqualTo(before);
            assertThat(b.parameters(5).bodyMassKg())
                    .as("other worlds keep theirs")
                    .containsExactly(large);
        }
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, OpenClBatch.Options.of(8).withSeed(43))) {
            b.setRanges(r);
            b.resetAll();
            otherSeed = b.parameters(5).bodyMassKg();
        }
        assertThat(large).as("world 5 with 8 or 300 worlds").containsExactly(small);
        assertThat(otherSeed[body]).as("another seed").isNotEqualTo(small[body]);
    }

    @Test
    void newRangesApplyAtTheNextResetNotMidEpisode() {
        try (OpenClBatch b = OpenClBatch.create(hand, device, OpenClBatch.Options.of(4))) {
            int body = hand.bodyNames().indexOf("object");
            b.setRanges(RandomizationRanges.none().withMassScale(2, 3));
            assertThat(b.parameters(1).bodyMassKg()[body])
                    .as("before the reset")
                    .isEqualTo(hand.bodyMassKg[body], within(1e-6));
            b.reset(new int[] {1});
            assertThat(b.parameters(1).bodyMassKg()[body] / hand.bodyMassKg[body])
                    .isBetween(2.0 - 1e-6, 3.0 + 1e-6);
            assertThat(b.parameters(0).bodyMassKg()[body])
                    .isEqualTo(hand.bodyMassKg[body], within(1e-6));
        }
    }

    @Test
    void rangesOutsideWhatIsAllowedAreRefusedWithTheField() {
        assertThatThrownBy(() -> RandomizationRanges.none().withMassScale(0, 1))
                .hasMessageContaining("massScale [0.0, 1.0] is not allowed; allowed: scales > 0");
        assertThatThrownBy(() -> RandomizationRanges.none().withDampingScale(1.2, 0.8))
                .hasMessageContaining("dampingScale [1.2, 0.8]");
        assertThatThrownBy(() -> RandomizationRanges.none().withObservationNoise(-1, 0))
                .hasMessageContaining("observationNoise");
        try (OpenClBatch b = OpenClBatch.create(hand, device, OpenClBatch.Options.of(1))) {
            assertThatThrownBy(() -> b.setRanges(RandomizationRanges.none().withLatencySteps(0, 9)))
                    .hasMessageContaining(
                            "latencySteps up to 9 is not allowed; allowed: up to maxLatencySteps 4");
        }
    }

    @Test
    void actionLatencyDelaysControlsByWholeControlSteps() {
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
        int latency = 2, controlSteps = 30, substeps = 10;
        World ref = new ReferencePhysicsEngine().createWorld(hand);
        SplittableRandom rng = new SplittableRandom(3);
        double[][] ctrl = new double[controlSteps][hand.nu];
        for (double[] c : ctrl) {
            for (int u = 0; u < hand.nu; u++) {
                c[u] =
                        hand.actCtrlRange[2 * u]
                                + (hand.actCtrlRange[2 * u + 1] - hand.actCtrlRange[2 * u])
                                        * rng.nextDouble();
            }
        }
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, OpenClBatch.Options.of(1).withFloat64(true))) {
            b.setRanges(RandomizationRanges.none().withLatencySteps(latency, latency));
            b.resetAll();
            for (int s = 0; s < controlSteps; s++) {
                b.setControls(ctrl[s]);
                b.step(substeps);
                // the reference gets step s - latency's controls (zeros before the first)
                ref.setControls(s >= latency ? ctrl[s - latency] : new double[hand.nu]);
                ref.step(substeps);
            }
            double[] q = new double[hand.nq],
                    qref = new double[hand.nq],
                    vref = new double[hand.nv];
            b.readQpos(q);
            ref.readState(qref, vref);
            for (int i = 0; i < hand.nq; i++) {
                assertThat(q[i]).as("qpos[%d]", i).isCloseTo(qref[i], within(1e-9));
            }
        }
    }

    @Test
    void observationNoiseHasTheConfiguredSpreadAndNoneMeansExact() {
        int n = 512;
        try (OpenClBatch b = OpenClBatch.create(hand, device, OpenClBatch.Options.of(n))) {
            double[] obs = new double[n * b.observationSize()], q = new double[n * hand.nq];
            b.readObservations(obs);
            b.readQpos(q);
            for (int w = 0; w < n; w++) {
                for (int i = 0; i < hand.nq; i++) {
                    assertThat(obs[w * b.observationSize() + i]).isEqualTo(q[w * hand.nq + i]);
                }
            }
            b.setRanges(RandomizationRanges.none().withObservationNoise(0.01, 0.01));
            b.resetAll();
            b.readObservations(obs);
            b.readQpos(q);
            double sum = 0, sumSq = 0;
            int count = 0;
            for (int w = 0; w < n; w++) {
                for (int i = 0; i < hand.nq; i++) {
                    double e = obs[w * b.observationSize() + i] - q[w * hand.nq + i];
                    sum += e;
                    sumSq += e * e;
                    count++;
                }
            }
            double mean = sum / count, sd = Math.sqrt(sumSq / count - mean * mean);
            // count ~ 19,000 samples: the sample sd is within 2 % of sigma at 5 standard errors
            assertThat(sd).isCloseTo(0.01, within(0.0005));
            assertThat(mean).isCloseTo(0, within(5 * 0.01 / Math.sqrt(count)));
            double[] again = new double[obs.length];
            b.readObservations(again);
            assertThat(again).as("fresh noise on every read").isNotEqualTo(obs);
        }
    }

    @Test
    void runsAreBitIdenticalForTheSameSeed() {
        long[] first = run(), second = run();
        assertThat(second).containsExactly(first);
    }

    private static long[] run() {
        int n = 64;
        try (OpenClBatch b =
                OpenClBatch.create(hand, device, OpenClBatch.Options.of(n).withSeed(9))) {
            b.setRanges(
                    RandomizationRanges.none()
                            .withMassScale(0.7, 1.3)
                            .withGainScale(0.8, 1.2)
                            .withLatencySteps(0, 2));
            b.resetAll();
            SplittableRandom rng = new SplittableRandom(5);
            double[] ctrl = new double[n * hand.nu];
            for (int s = 0; s < 20; s++) {
                for (int i = 0; i < ctrl.length; i++) {
                    ctrl[i] = rng.nextDouble() - 0.5;
                }
                b.setControls(ctrl);
                b.step(10);
            }
            double[] q = new double[n * hand.nq];
            b.readQpos(q);
            return Arrays.stream(q).mapToLong(Double::doubleToRawLongBits).toArray();
        }
    }
}
