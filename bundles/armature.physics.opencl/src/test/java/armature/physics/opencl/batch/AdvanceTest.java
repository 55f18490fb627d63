package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.physics.model.MultibodyModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenClBatch#advance} waits for the device once per control step instead of four times; it
 * must give, bit for bit, what setControls, step, readObservations and status give in turn: the
 * hand and its block with contacts, randomized masses, action latency and observation noise (whose
 * draw counts observations), a world that stops being finite, in float32 and float64. A refused
 * call queues nothing.
 */
class AdvanceTest {
    private static MultibodyModel hand;

    @BeforeAll
    static void load() throws Exception {
        hand = TestModels.compile(TestModels.HAND_BLOCK);
    }

    @Test
    void oneRoundTripGivesWhatTheSeparateCallsGive() {
        for (boolean float64 : new boolean[] {false, true}) {
            if (float64 && !TestModels.device().fp64()) {
                continue;
            }
            int n = 4;
            int block = -1;
            for (int j = 0; j < hand.njnt; j++) {
                if (hand.jntType[j] == armature.robot.model.JointType.FREE) {
                    block = hand.jntBody[j];
                }
            }
            assertThat(block).as("the block's body").isPositive();
            OpenClBatch.Options o =
                    new OpenClBatch.Options(n, float64, 11, 3, new int[] {block}, 0);
            try (OpenClBatch apart = OpenClBatch.create(hand, TestModels.device(), o);
                    OpenClBatch together = OpenClBatch.create(hand, TestModels.device(), o)) {
                RandomizationRanges r =
                        RandomizationRanges.none()
                                .withMassScale(0.8, 1.2)
                                .withLatencySteps(0, 3)
                                .withObservationNoise(0.001, 0.01);
                for (OpenClBatch b : new OpenClBatch[] {apart, together}) {
                    b.setRanges(r);
                    b.resetAll();
                }
                int size = apart.observationSize();
                double[] obsApart = new double[n * size], obsTogether = new double[n * size];
                int[] statusTogether = new int[n];
                SplittableRandom random = new SplittableRandom(3);
                double[] ctrl = new double[n * hand.nu];
                for (int s = 0; s < 12; s++) {
                    for (int i = 0; i < ctrl.length; i++) {
                        ctrl[i] = random.nextDouble(-1, 1);
                    }
                    if (s == 6) {
                        // world 2 stops being finite in both
                        for (OpenClBatch b : new OpenClBatch[] {apart, together}) {
                            double[] q = new double[n * hand.nq];
                            b.readQpos(q);
                            double[] v = new double[hand.nv];
                            Arrays.fill(v, float64 ? 1e200 : 1e30);
                            b.writeState(2, Arrays.copyOfRange(q, 2 * hand.nq, 3 * hand.nq), v, 60);
                        }
                    }
                    apart.setControls(ctrl);
                    apart.step(5);
                    apart.readObservations(obsApart);
                    int[] statusApart = apart.status();
                    together.advance(ctrl, 5, obsTogether, statusTogether);
                    assertThat(bits(obsTogether))
                            .as("observations after control step %d, float64 %s", s, float64)
                            .containsExactly(bits(obsApart));
                    assertThat(statusTogether)
                            .as("status, step %d", s)
                            .containsExactly(statusApart);
                }
                assertThat(statusTogether).as("world 2 stopped").containsExactly(0, 0, 1, 0);
                double[] qa = new double[n * hand.nq], qt = new double[n * hand.nq];
                apart.readQpos(qa);
                together.readQpos(qt);
                assertThat(bits(qt)).containsExactly(bits(qa));
                assertThat(together.stepCounts()).containsExactly(apart.stepCounts());
            }
        }
    }

    @Test
    void aRefusedCallQueuesNothing() {
        int n = 2;
        try (OpenClBatch b =
                        OpenClBatch.create(hand, TestModels.device(), OpenClBatch.Options.of(n));
                OpenClBatch untouched =
                        OpenClBatch.create(hand, TestModels.device(), OpenClBatch.Options.of(n))) {
            double[] obs = new double[n * b.observationSize()];
            int[] status = new int[n];
            double[] ctrl = new double[n * hand.nu];
            ctrl[hand.nu + 3] = Double.NaN;
            assertThatThrownBy(() -> b.advance(ctrl, 5, obs, status))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("controls[" + (hand.nu + 3) + "] (world 1, actuator 3)")
                    .hasMessageContaining("NaN");
            assertThatThrownBy(() -> b.advance(new double[3], 5, obs, status))
                    .hasMessageContaining("controls has 3 entries; expected worlds x nu");
            assertThatThrownBy(() -> b.advance(new double[n * hand.nu], 5, new double[1], status))
                    .hasMessageContaining("observations has 1 entries");
            assertThatThrownBy(() -> b.advance(new double[n * hand.nu], 5, obs, new int[5]))
                    .hasMessageContaining("statusOut has 5 entries; expected worlds = 2");
            assertThatThrownBy(() -> b.advance(new double[n * hand.nu], 0, obs, status))
                    .hasMessageContaining("substeps 0 is not allowed");
            assertThat(b.stepCounts()).containsOnly(0L);
            double[] q = new double[n * hand.nq], q0 = new double[n * hand.nq];
            b.readQpos(q);
            untouched.readQpos(q0);
            assertThat(bits(q)).containsExactly(bits(q0));
        }
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
