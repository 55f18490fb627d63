package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.model.MultibodyModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * float32 and a body far from the world origin: with spatial inertias about the world origin, the
 * Shadow hand's small target sphere, falling freely without contacts, made the mass matrix
 * indefinite after 3.5 s (50 m down) and the world stopped. Spatial quantities about each tree's
 * root keep it well conditioned wherever the body is.
 */
class FarFromOriginTest {

    @Test
    void aSmallFreeBodyFallingFarStaysWellConditionedInFloat32() throws Exception {
        MultibodyModel m = TestModels.withoutConstraints(TestModels.HAND_BLOCK);
        try (OpenClBatch b =
                OpenClBatch.create(m, TestModels.device(), OpenClBatch.Options.of(4))) {
            SplittableRandom r = new SplittableRandom(1);
            double[] c = new double[4 * m.nu];
            for (int s = 0; s < 500; s++) {
                for (int i = 0; i < c.length; i++) {
                    int u = i % m.nu;
                    c[i] =
                            m.actCtrlRange[2 * u]
                                    + (m.actCtrlRange[2 * u + 1] - m.actCtrlRange[2 * u])
                                            * r.nextDouble();
                }
                b.setControls(c);
                b.step(10);
            }
            double[] q = new double[4 * m.nq];
            b.readQpos(q);
            int target = m.jntQposAdr[m.jointNames().indexOf("target:joint")];
            assertThat(b.status()).as("no world stopped").containsOnly(0);
            assertThat(q[target + 2])
                    .as("the target fell for 10 s, far past 50 m")
                    .isLessThan(-300);
        }
    }
}
