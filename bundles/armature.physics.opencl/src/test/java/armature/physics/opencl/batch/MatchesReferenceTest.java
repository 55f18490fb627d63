package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.ReferencePhysicsEngine;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batched OpenCL engine against the reference engine, same model, same controls, for one
 * simulated second: in float64 the two must agree to rounding (they run the same operations in the
 * same order); in float32 the bound follows from float32's error growth (see {@link #FLOAT32_RAD}).
 */
class MatchesReferenceTest {
    /** Control steps per second and substeps per control step: 2 ms steps as the hand's model. */
    private static final int CONTROL_STEPS = 50;

    /**
     * float64: the kernels and the reference engine differ only in sin/cos (device libm vs
     * StrictMath, within an ulp or two) and in contraction into fused multiply-adds; those
     * 1e-16-relative differences grow with the system's sensitivity over 500 steps. Measured at
     * most 6.2e-13 rad (the tumbling Panda); 5e-12 rad leaves a factor of 8 over that and many
     * orders of magnitude below a real error (a wrong sign or index gives 1e-3 or more within a few
     * steps). Kept this tight because the float32 bound below is derived from it.
     */
    private static final double FLOAT64_RAD = 5e-12;

    /**
     * float32: its unit roundoff (2^-24) is 2^29 times float64's (2^-53), and the same model
     * amplifies rounding errors by the same factor whatever their size while they stay small. So
     * the float64 run measures the model's amplification over the second, and float32 may be off by
     * at most that times 2^29, with a safety factor of 10 for the operations float32 rounds
     * differently. A well-conditioned model (the servoed hand, the pendulum, UR5) stays under the
     * issue's aim of 1e-4 rad; an unactuated Panda tumbling without limits is sensitive (float64
     * already differs by 5e-13 there) and gets its own, derived bound.
     */
    private static final double FLOAT32_OVER_64 = Math.scalb(1.0, 29);

    private static final double FLOAT32_SAFETY = 10;
    private static final double FLOAT32_AIM_RAD = 1e-4;

    private static OpenClDevice device;

    @BeforeAll
    static void device() {
        device = TestModels.device();
    }

    static java.util.stream.Stream<Arguments> models() {
        return java.util.stream.Stream.of(
                Arguments.of("double pendulum", TestModels.PENDULUM),
                Arguments.of("UR5", TestModels.UR5),
                Arguments.of("Panda", TestModels.PANDA),
                Arguments.of("Shadow hand and block", TestModels.HAND_BLOCK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void agreesWithTheReference(String label, Path file) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.withoutConstraints(file);
        double err64 = compare(m, true, 4);
        assertThat(err64)
                .as("%s float64: largest |q - q_ref| after 1 s", label)
                .isLessThan(FLOAT64_RAD);
        double err32 = compare(m, false, 4);
        double bound = Math.max(FLOAT32_AIM_RAD, FLOAT32_SAFETY * FLOAT32_OVER_64 * err64);
        assertThat(err32)
                .as("%s float32: largest |q - q_ref| after 1 s (float64 gave %.2e)", label, err64)
                .isLessThan(bound);
    }

    private static int jointOf(MultibodyModel m, int qa) {
        int j = 0;
        while (j + 1 < m.njnt && m.jntQposAdr[j + 1] <= qa) {
            j++;
        }
        return j;
    }

    /**
     * Steps {@code worlds} OpenCL worlds and as many reference worlds with the same random controls
     * (different per world) for one second; returns the largest position difference.
     */
    private static double compare(MultibodyModel m, boolean float64, int worlds) {
        int substeps = (int) Math.round(1.0 / (CONTROL_STEPS * m.timestepSeconds));
        World[] ref = new World[worlds];
        for (int w = 0; w < worlds; w++) {
            ref[w] = new ReferencePhysicsEngine().createWorld(m);
        }
        SplittableRandom rng = new SplittableRandom(7);
        double worst = 0;
        int worstAt = -1;
        try (OpenClBatch batch =
                OpenClBatch.create(
                        m, device, OpenClBatch.Options.of(worlds).withFloat64(float64))) {
            // start away from rest, so that even an unactuated model moves
            for (int w = 0; w < worlds; w++) {
                double[] q0 = new double[m.nq], v0 = new double[m.nv];
                m.copyInitialPositions(q0);
                for (int j = 0; j < m.njnt; j++) {
                    if (m.jntType[j].nv() == 1) {
                        q0[m.jntQposAdr[j]] += 0.4 * (rng.nextDouble() - 0.5);
                        v0[m.jntDofAdr[j]] = rng.nextDouble() - 0.5;
                    }
                }
                ref[w].writeState(q0, v0, 0);
                batch.writeState(w, q0, v0);
            }
            double[] ctrl = new double[worlds * m.nu];
            double[] q = new double[worlds * m.nq],
                    qref = new double[m.nq],
                    vref = new double[m.nv];
            for (int s = 0; s < CONTROL_STEPS; s++) {
                for (int w = 0; w < worlds; w++) {
                    double[] c = new double[m.nu];
                    for (int u = 0; u < m.nu; u++) {
                        double lo = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u] : -1;
                        double hi = m.actCtrlLimited[u] ? m.actCtrlRange[2 * u + 1] : 1;
                        c[u] = lo + (hi - lo) * rng.nextDouble();
                        ctrl[w * m.nu + u] = c[u];
                    }
                    ref[w].setControls(c);
                    ref[w].step(substeps);
                }
                batch.setControls(ctrl);
                batch.step(substeps);
            }
            batch.readQpos(q);
            assertThat(batch.status()).containsOnly(0);
            assertThat(batch.stepCounts()).containsOnly((long) CONTROL_STEPS * substeps);
            for (int w = 0; w < worlds; w++) {
                ref[w].readState(qref, vref);
                for (int i = 0; i < m.nq; i++) {
                    double e = Math.abs(q[w * m.nq + i] - qref[i]);
                    if (e > worst) {
                        worst = e;
                        worstAt = i;
                    }
                }
            }
        }
        System.out.printf(
                "%s (nq %d, nu %d) %s: largest |q - q_ref| after 1 s = %.3e%n",
                m.name, m.nq, m.nu, float64 ? "float64" : "float32", worst);
        System.out.println(
                "  at qpos " + worstAt + " = joint " + m.jointNames().get(jointOf(m, worstAt)));
        return worst;
    }

    /**
     * A model with no geoms, sites, actuators or tendons: every padded array in the program has its
     * one unused entry, and the world still steps as the reference's.
     */
    @org.junit.jupiter.api.Test
    void aModelWithNothingButJointsSteps(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("bare.xml");
        java.nio.file.Files.writeString(
                file,
                "<mujoco model=\"bare\"><worldbody><body pos=\"0 0 1\"><joint type=\"hinge\""
                        + " axis=\"0 1 0\"/><inertial pos=\"0.2 0 0\" mass=\"1\""
                        + " diaginertia=\"0.01 0.01 0.01\"/></body></worldbody></mujoco>");
        MultibodyModel m = TestModels.compile(file);
        assertThat(m.ngeom + m.nsite + m.nu + m.ntendon).isZero();
        double err = compare(m, device.fp64(), 2);
        assertThat(err).isLessThan(device.fp64() ? FLOAT64_RAD : FLOAT32_AIM_RAD);
        try (OpenClBatch b = OpenClBatch.create(m, device, OpenClBatch.Options.of(3))) {
            b.setRanges(RandomizationRanges.none().withGainScale(0.5, 2).withFrictionScale(0.5, 2));
            b.resetAll();
            double[] obs = new double[3 * b.observationSize()];
            b.readObservations(obs);
            assertThat(b.observationSize()).isEqualTo(2);
            assertThat(b.allParameters()).allSatisfy(p -> assertThat(p.actuatorGain()).isEmpty());
        }
    }
}
