package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproducibility with contacts, randomization and the constraint solver all active: a world's
 * trajectory depends on the seed and its own index only. Two runs are bit-identical, and world i
 * follows the same trajectory, to the bit, in a batch of 8 and in a batch of 200 (no sum, sort or
 * launch shape couples worlds).
 */
class DeterminismTest {
    private static MultibodyModel scene;

    @BeforeAll
    static void load() throws Exception {
        scene = TestModels.compile(CollideMatchesReferenceTest.MODELS.resolve("boxes_mixed.xml"));
    }

    @Test
    void aWorldsTrajectoryDependsOnSeedAndIndexOnly() {
        long[] small = run(8), again = run(8), large = run(200);
        assertThat(again).as("the same batch twice").containsExactly(small);
        int perWorld = scene.nq;
        for (int w = 0; w < 8; w++) {
            assertThat(Arrays.copyOfRange(large, w * perWorld, (w + 1) * perWorld))
                    .as("world %d in a batch of 200", w)
                    .containsExactly(Arrays.copyOfRange(small, w * perWorld, (w + 1) * perWorld));
        }
        // and the worlds do differ: the randomization reached them
        assertThat(Arrays.copyOfRange(small, 0, perWorld))
                .isNotEqualTo(Arrays.copyOfRange(small, perWorld, 2 * perWorld));
    }

    /**
     * A world whose state stops being finite is stopped with its last finite state and flagged, in
     * float32 (whose solver sums may be reassociated) and float64; the other worlds go on, bit for
     * bit as if it had not happened, and a reset runs it again.
     */
    @Test
    void aWorldThatStopsBeingFiniteIsStoppedAloneAndAResetRunsItAgain() {
        for (boolean float64 : new boolean[] {false, true}) {
            if (float64 && !TestModels.device().fp64()) {
                continue;
            }
            OpenClBatch.Options o = OpenClBatch.Options.of(3).withSeed(5).withFloat64(float64);
            try (OpenClBatch b = OpenClBatch.create(scene, TestModels.device(), o);
                    OpenClBatch calm = OpenClBatch.create(scene, TestModels.device(), o)) {
                b.step(10);
                calm.step(10);
                double[] q = new double[3 * scene.nq], v = new double[3 * scene.nv];
                b.readQpos(q);
                b.readQvel(v);
                double[] q1 = Arrays.copyOfRange(q, scene.nq, 2 * scene.nq);
                double[] v1 = new double[scene.nv];
                Arrays.fill(v1, float64 ? 1e200 : 1e30); // its square overflows to infinity
                b.writeState(1, q1, v1, 10);
                for (int s = 0; s < 5; s++) {
                    b.step(10);
                    calm.step(10);
                }
                assertThat(b.status()).as("float64 %s", float64).containsExactly(0, 1, 0);
                b.readQpos(q);
                assertThat(Arrays.copyOfRange(q, scene.nq, 2 * scene.nq))
                        .as("world 1 keeps its last finite state")
                        .containsExactly(q1);
                assertThat(b.stepCounts()[1]).as("world 1's steps").isEqualTo(10);
                double[] qc = new double[3 * scene.nq];
                calm.readQpos(qc);
                for (int w : new int[] {0, 2}) {
                    assertThat(Arrays.copyOfRange(q, w * scene.nq, (w + 1) * scene.nq))
                            .as("world %d as in a batch where nothing happened", w)
                            .containsExactly(
                                    Arrays.copyOfRange(qc, w * scene.nq, (w + 1) * scene.nq));
                }
                b.reset(new int[] {1});
                b.step(10);
                assertThat(b.status()).containsOnly(0);
                assertThat(b.stepCounts()[1]).isEqualTo(10);
            }
        }
    }

    private static long[] run(int n) {
        try (OpenClBatch b =
                OpenClBatch.create(
                        scene, TestModels.device(), OpenClBatch.Options.of(n).withSeed(77))) {
            b.setRanges(
                    RandomizationRanges.none()
                            .withMassScale(0.7, 1.3)
                            .withFrictionScale(0.5, 1.5)
                            .withGravityOffset(
                                    new RandomizationRanges.Range(-0.5, 0.5),
                                    new RandomizationRanges.Range(-0.5, 0.5),
                                    RandomizationRanges.Range.of(0)));
            b.resetAll();
            for (int s = 0; s < 50; s++) {
                b.step(10);
            }
            int[] contacts = b.contactCounts();
            assertThat(Arrays.stream(contacts).sum()).as("contacts in the last step").isPositive();
            assertThat(b.status()).containsOnly(0);
            double[] q = new double[n * scene.nq];
            b.readQpos(q);
            return Arrays.stream(q).mapToLong(Double::doubleToRawLongBits).toArray();
        }
    }
}
