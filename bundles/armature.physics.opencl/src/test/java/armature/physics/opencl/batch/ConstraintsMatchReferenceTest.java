package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.reference.constraint.Efc;
import armature.physics.reference.sim.ReferenceWorld;
import armature.robot.model.JointType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The device's constraint stage (constraint.cl) against the reference engine's, with joint and
 * tendon limits (and whatever friction loss and joint/tendon equalities the models have) active and
 * contacts disabled: every world starts next to one end of each limited joint's range, moving
 * towards it, under random controls, so the limit rows are active from the first step and keep
 * switching. Both engines must build rows (the test cannot pass without constraints), agree on the
 * Newton iteration count of every control step's last substep, and on the positions after 1 s.
 */
class ConstraintsMatchReferenceTest {
    private static final int CONTROL_STEPS = 50;

    /**
     * float64: the two run the same operations in the same order (the row sums in the same dof
     * order, the same Newton steps, the same exact line search), so they differ only by libm and
     * contraction roundoff, as in {@link MatchesReferenceTest}. A limit switching on or off one
     * step apart in the two would show as 1e-4 rad or more. Measured at most 6e-14 rad here; 5e-12
     * rad keeps the float32 bound derived from it (x 10 x 2^29) under 3e-2 rad.
     */
    private static final double FLOAT64_RAD = 5e-12;

    /**
     * float32: as in {@link MatchesReferenceTest}, the float64 run measures how much the system
     * amplifies roundoff, and float32's unit roundoff is 2^29 times larger; a safety factor 10, and
     * never less than the 1e-4 rad aim. A limit that engages one step earlier in float32
     * than in float64 (a position within float32 roundoff of the range's end) is one such
     * amplification: the bound is on the result, not on the path.
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
                Arguments.of("UR5", TestModels.UR5),
                Arguments.of("Panda", TestModels.PANDA),
                Arguments.of("Shadow hand and block", TestModels.HAND_BLOCK));
    }

    /** What one comparison measured. */
    record Run(
            double worstRad,
            long refRows,
            long refIterations,
            long deviceIterations,
            int iterationMismatches,
            int maxRefIterations,
            int maxDeviceIterations,
            int droppedRows,
            long[] refRowsByType,
            long ballLimitRows) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void limitsAgreeWithTheReference(String label, Path file) throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.withDisabled(file, "contact");
        assertThat(Unsupported.reasons(m)).as("%s runs on the device", label).isEmpty();
        assertThat(ConstraintSource.limits(m)).as("%s has limits", label).isPositive();
        Run r64 = compare(m, true, 4);
        assertThat(r64.refRows()).as("%s: the reference built constraint rows", label).isPositive();
        assertThat(r64.refIterations()).as("%s: the reference iterated", label).isPositive();
        assertThat(r64.droppedRows()).isZero();
        assertThat(r64.iterationMismatches())
                .as("%s float64: steps whose Newton iteration counts differ", label)
                .isZero();
        assertThat(r64.deviceIterations()).isEqualTo(r64.refIterations());
        assertThat(r64.worstRad())
                .as("%s float64: largest |q - q_ref| after 1 s", label)
                .isLessThan(FLOAT64_RAD);
        Run r32 = compare(m, false, 4);
        assertThat(r32.droppedRows()).isZero();
        double bound = Math.max(FLOAT32_AIM_RAD, FLOAT32_SAFETY * FLOAT32_OVER_64 * r64.worstRad());
        assertThat(r32.worstRad())
                .as(
                        "%s float32: largest |q - q_ref| after 1 s (float64 gave %.2e)",
                        label, r64.worstRad())
                .isLessThan(bound);
    }

    @TempDir Path dir;

    /**
     * A ball joint with a cone limit, a hinge chain whose tip is connected to a body on two slides,
     * a free box welded to the chain's root, and a three-hinge chain whose joints and tendons are
     * coupled by polynomials: every equality type and the ball limit.
     */
    private Path ballConnectWeld() throws IOException {
        Path f = dir.resolve("ball-connect-weld.xml");
        Files.writeString(
                f,
                """
                <mujoco model="ball-connect-weld">
                  <compiler angle="radian"/>
                  <option timestep="0.002"/>
                  <worldbody>
                    <body name="a" pos="0 0 1">
                      <joint name="ball" type="ball" range="0 0.4" limited="true" damping="0.01"/>
                      <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="1"
                            contype="0" conaffinity="0"/>
                      <body name="b" pos="0.3 0 0">
                        <joint name="hinge" type="hinge" axis="0 1 0" range="-1 1" limited="true"/>
                        <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="0.5"
                              contype="0" conaffinity="0"/>
                      </body>
                    </body>
                    <body name="c" pos="0.6 0 1.1">
                      <joint name="sx" type="slide" axis="1 0 0"/>
                      <joint name="sz" type="slide" axis="0 0 1"/>
                      <geom type="sphere" size="0.05" mass="0.3" contype="0" conaffinity="0"/>
                    </body>
                    <body name="d" pos="-0.3 0 1">
                      <joint name="free" type="free"/>
                      <geom type="box" size="0.05 0.05 0.05" mass="0.2" contype="0"
                            conaffinity="0"/>
                    </body>
                    <body name="e" pos="0 1 1">
                      <joint name="h2" type="hinge" axis="0 1 0"/>
                      <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="0.4"
                            contype="0" conaffinity="0"/>
                      <body name="f" pos="0.3 0 0">
                        <joint name="h3" type="hinge" axis="0 1 0"/>
                        <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="0.3"
                              contype="0" conaffinity="0"/>
                        <body name="g" pos="0.3 0 0">
                          <joint name="h4" type="hinge" axis="0 1 0"/>
                          <geom type="capsule" fromto="0 0 0 0.2 0 0" size="0.03" mass="0.2"
                                contype="0" conaffinity="0"/>
                        </body>
                      </body>
                    </body>
                  </worldbody>
                  <tendon>
                    <fixed name="t1"><joint joint="h3" coef="1"/><joint joint="h4" coef="0.5"/></fixed>
                    <fixed name="t2"><joint joint="h2" coef="0.7"/></fixed>
                  </tendon>
                  <equality>
                    <connect body1="b" body2="c" anchor="0.3 0 0"/>
                    <weld body1="d" body2="a"/>
                    <joint joint1="h3" joint2="h2" polycoef="0.1 0.5 0.2 0 0"/>
                    <tendon tendon1="t1" tendon2="t2" polycoef="0 1 0 0 0"/>
                  </equality>
                </mujoco>
                """);
        return f;
    }

    @Test
    void ballLimitConnectAndWeldAgreeWithTheReference() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.compile(ballConnectWeld());
        assertThat(Unsupported.reasons(m)).isEmpty();
        ReferenceWorld probe = new ReferenceWorld(m);
        probe.step(1);
        assertThat(probe.simulator().constraints().equalityRows())
                .as("connect, weld, joint and tendon rows")
                .isEqualTo(11);
        Run r64 = compare(m, true, 4);
        assertThat(r64.refRowsByType()[Efc.EQUALITY]).as("equality rows").isPositive();
        assertThat(r64.ballLimitRows()).as("ball-limit rows").isPositive();
        assertThat(r64.iterationMismatches()).isZero();
        assertThat(r64.worstRad()).isLessThan(FLOAT64_RAD);
        Run r32 = compare(m, false, 4);
        double bound = Math.max(FLOAT32_AIM_RAD, FLOAT32_SAFETY * FLOAT32_OVER_64 * r64.worstRad());
        assertThat(r32.worstRad()).isLessThan(bound);
    }

    /**
     * qpos0 with every limited hinge or slide 0.01 inside one end of its range and every limited
     * ball 0.02 rad inside its cone, moving outwards; other joints displaced a little at random.
     */
    static void nearLimits(MultibodyModel m, SplittableRandom rng, double[] q0, double[] v0) {
        m.copyInitialPositions(q0);
        for (int j = 0; j < m.njnt; j++) {
            if (m.jntType[j] == JointType.BALL && m.jntLimited[j]) {
                // 0.02 rad inside the cone, turning outwards about a random axis
                double angle = Math.max(m.jntRange[2 * j], m.jntRange[2 * j + 1]) - 0.02;
                double ax = rng.nextDouble() - 0.5, ay = rng.nextDouble() - 0.5;
                double az = rng.nextDouble() - 0.5;
                double len = Math.sqrt(ax * ax + ay * ay + az * az);
                double[] axis = {ax / len, ay / len, az / len};
                int qa = m.jntQposAdr[j], da = m.jntDofAdr[j];
                q0[qa] = Math.cos(angle / 2);
                double speed = 2 * rng.nextDouble();
                for (int k = 0; k < 3; k++) {
                    q0[qa + 1 + k] = Math.sin(angle / 2) * axis[k];
                    v0[da + k] = speed * axis[k];
                }
            }
            if (m.jntType[j].nv() != 1) {
                continue;
            }
            int qa = m.jntQposAdr[j], da = m.jntDofAdr[j];
            if (m.jntLimited[j]) {
                // 0.01 rad inside one end, moving out at up to 3 rad/s
                boolean upper = rng.nextBoolean();
                double lo = m.jntRange[2 * j], hi = m.jntRange[2 * j + 1];
                q0[qa] = upper ? hi - 0.01 : lo + 0.01;
                v0[da] = (upper ? 1 : -1) * 3 * rng.nextDouble();
            } else {
                q0[qa] += 0.4 * (rng.nextDouble() - 0.5);
                v0[da] = rng.nextDouble() - 0.5;
            }
        }
    }

    /** MJCF's warmstart="disable": every solve starts from the smooth acceleration, in both. */
    @Test
    void withoutWarmStart() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.withDisabled(TestModels.PANDA, "contact", "warmstart");
        assertThat(ModelSource.options(m, true)).contains("-DARM_NO_WARMSTART");
        Run r64 = compare(m, true, 4);
        assertThat(r64.refIterations()).isPositive();
        assertThat(r64.iterationMismatches()).isZero();
        assertThat(r64.worstRad()).isLessThan(FLOAT64_RAD);
    }

    /**
     * The warm start is the last solve's acceleration; a state written from outside makes the
     * reference start its next solve cold, and the device must too. Each step both get the
     * reference's own state written back, so every solve starts cold; a third world steps on warm
     * to show that the warm start changes the iteration count on those states (else the test could
     * not tell).
     */
    @Test
    void writeStateDropsTheWarmStart() throws Exception {
        Assumptions.assumeTrue(device.fp64(), "device has no float64");
        MultibodyModel m = TestModels.withDisabled(TestModels.PANDA, "contact");
        double[] q = new double[m.nq], v = new double[m.nv];
        nearLimits(m, new SplittableRandom(2), q, v);
        ReferenceWorld cold = new ReferenceWorld(m), warm = new ReferenceWorld(m);
        cold.writeState(q, v, 0);
        warm.writeState(q, v, 0);
        int differ = 0;
        try (OpenClBatch batch =
                OpenClBatch.create(m, device, OpenClBatch.Options.of(1).withFloat64(true))) {
            batch.writeState(0, q, v);
            for (int s = 0; s < 60; s++) {
                cold.readState(q, v);
                cold.writeState(q, v, cold.timeSeconds());
                batch.writeState(0, q, v);
                cold.step(1);
                batch.step(1);
                warm.step(1);
                int it = cold.simulator().constraintIterations();
                assertThat(batch.solverIterations()[0]).as("step %d", s).isEqualTo(it);
                differ += warm.simulator().constraintIterations() != it ? 1 : 0;
            }
        }
        assertThat(differ).as("steps where a warm start changes the iteration count").isPositive();
    }

    /**
     * Steps {@code worlds} device worlds and as many reference worlds for one second from states
     * next to their limits, with the same random controls; compares positions at the end and the
     * solver's iterations after every control step.
     */
    static Run compare(MultibodyModel m, boolean float64, int worlds) {
        int substeps = (int) Math.round(1.0 / (CONTROL_STEPS * m.timestepSeconds));
        ReferenceWorld[] ref = new ReferenceWorld[worlds];
        for (int w = 0; w < worlds; w++) {
            ref[w] = new ReferenceWorld(m);
        }
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        long refRows = 0, refIt = 0, devIt = 0, ballRows = 0;
        long[] byType = new long[8];
        int mismatches = 0, maxRef = 0, maxDev = 0, dropped;
        try (OpenClBatch batch =
                OpenClBatch.create(
                        m, device, OpenClBatch.Options.of(worlds).withFloat64(float64))) {
            for (int w = 0; w < worlds; w++) {
                double[] q0 = new double[m.nq], v0 = new double[m.nv];
                nearLimits(m, rng, q0, v0);
                ref[w].writeState(q0, v0, 0);
                batch.writeState(w, q0, v0);
            }
            double[] ctrl = new double[worlds * m.nu];
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
                    for (int k = 0; k < substeps; k++) {
                        ref[w].step(1);
                        Efc efc = ref[w].simulator().constraints();
                        refRows += efc.rows();
                        for (int row = 0; row < efc.rows(); row++) {
                            byType[efc.type(row)]++;
                            boolean ball =
                                    efc.type(row) == Efc.LIMIT_JOINT
                                            && m.jntType[efc.id(row)] == JointType.BALL;
                            ballRows += ball ? 1 : 0;
                        }
                    }
                }
                batch.setControls(ctrl);
                batch.step(substeps);
                int[] it = batch.solverIterations();
                for (int w = 0; w < worlds; w++) {
                    int ri = ref[w].simulator().constraintIterations();
                    refIt += ri;
                    devIt += it[w];
                    maxRef = Math.max(maxRef, ri);
                    maxDev = Math.max(maxDev, it[w]);
                    mismatches += ri != it[w] ? 1 : 0;
                }
            }
            double[] q = new double[worlds * m.nq], qref = new double[m.nq];
            double[] vref = new double[m.nv];
            batch.readQpos(q);
            assertThat(batch.status()).containsOnly(0);
            dropped = java.util.Arrays.stream(batch.droppedConstraintRows()).sum();
            for (int w = 0; w < worlds; w++) {
                ref[w].readState(qref, vref);
                for (int i = 0; i < m.nq; i++) {
                    worst = Math.max(worst, Math.abs(q[w * m.nq + i] - qref[i]));
                }
            }
        }
        Run r =
                new Run(
                        worst,
                        refRows,
                        refIt,
                        devIt,
                        mismatches,
                        maxRef,
                        maxDev,
                        dropped,
                        byType,
                        ballRows);
        System.out.printf(
                "%s %s (nefc %d, maxnz %d): |q - q_ref| %.3e after 1 s; reference rows %d %s over"
                        + " %d steps; Newton iterations at the %d control steps' last substep:"
                        + " reference %d (max %d), device %d (max %d), %d steps differ%n",
                m.name,
                float64 ? "float64" : "float32",
                ConstraintSource.capacity(m),
                ConstraintSource.maxNonzeros(m),
                worst,
                refRows,
                java.util.Arrays.toString(byType),
                (long) worlds * CONTROL_STEPS * substeps,
                worlds * CONTROL_STEPS,
                refIt,
                maxRef,
                devIt,
                maxDev,
                mismatches);
        return r;
    }
}
