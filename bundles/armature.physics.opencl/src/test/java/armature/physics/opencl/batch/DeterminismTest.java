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
