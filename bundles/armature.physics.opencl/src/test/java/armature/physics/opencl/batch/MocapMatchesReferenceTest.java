package armature.physics.opencl.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.engine.OpenClPhysicsEngine;
import armature.physics.reference.ReferencePhysicsEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mocap bodies on the device: the Fetch pick-and-place scene as written (its gripper welded to the
 * mocap body {@code robot0:mocap}, contacts with the table and the object on), driven the way
 * Gymnasium-Robotics drives it: the mocap body put on the gripper, then moved along a path. The
 * OpenCL world follows the reference world, and the batch moves each world's mocap body on its own.
 */
class MocapMatchesReferenceTest {
    static final Path FETCH =
            TestModels.ROOT.resolve("gymnasium-robotics/fetch/pick_and_place.xml");

    private static OpenClDevice device;
    private static MultibodyModel fetch;
    private static int mocapBody, gripper;

    @BeforeAll
    static void setUp() throws Exception {
        device = TestModels.device();
        fetch = TestModels.compile(FETCH);
        mocapBody = fetch.bodyNames().indexOf("robot0:mocap");
        gripper = fetch.bodyNames().indexOf("robot0:gripper_link");
        assertThat(fetch.nmocap).isEqualTo(1);
        assertThat(mocapBody).isPositive();
        assertThat(gripper).isPositive();
    }

    /**
     * Where the path leads the gripper at control step k: a 10 cm circle from {@code start},
     * sinking 5 cm.
     */
    private static double[] target(double[] start, int k) {
        double a = 2 * Math.PI * k / 100.0;
        return new double[] {
            start[0] + 0.10 * Math.sin(a),
            start[1] + 0.10 * (1 - Math.cos(a)),
            start[2] - 0.0005 * k
        };
    }

    /**
     * The mocap position that holds the gripper at {@code gripperAt}. The weld keeps the pose the
     * two bodies had at qpos0 (the mocap body at the origin, as robot.xml puts it), so the mocap
     * body sits that offset away from the gripper; Gymnasium-Robotics instead rewrites the weld's
     * relative pose, which the World API does not offer.
     */
    private static double[] mocapFor(double[] start, double[] gripperAt) {
        double[] p = new double[3];
        for (int c = 0; c < 3; c++) {
            p[c] = gripperAt[c] - (start[c] - fetch.bodyPos[3 * mocapBody + c]);
        }
        return p;
    }

    private static double[] gripperPose(World w) {
        double[] poses = new double[7 * fetch.nbody];
        w.readBodyPoses(poses);
        return java.util.Arrays.copyOfRange(poses, 7 * gripper, 7 * gripper + 7);
    }

    @Test
    void theWeldedGripperFollowsTheMocapBodyAsInTheReferenceEngine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(device.fp64(), "device has no float64");
        World ocl = new OpenClPhysicsEngine(device.name(), true).createWorld(fetch);
        World ref = new ReferencePhysicsEngine().createWorld(fetch);
        try {
            double[] start = gripperPose(ref);
            double[] quat = java.util.Arrays.copyOfRange(start, 3, 7);
            double[] q = new double[fetch.nq], v = new double[fetch.nv];
            double[] qr = new double[fetch.nq], vr = new double[fetch.nv];
            // 1 s held where the gripper is, 100 control steps of 10 timesteps (2 s) along the
            // circle, 1 s held at its end
            double[] held = null;
            for (int k = -50; k <= 150; k++) {
                double[] p = mocapFor(start, target(start, Math.max(0, Math.min(k, 100))));
                for (World w : new World[] {ocl, ref}) {
                    w.setMocapPose(mocapBody, p, quat);
                    w.step(10);
                }
                if (k == 0) {
                    held = gripperPose(ocl);
                }
            }
            ocl.readState(q, v);
            ref.readState(qr, vr);
            for (int i = 0; i < fetch.nq; i++) {
                assertThat(q[i])
                        .as("qpos[%d] after 3 s on the path", i)
                        .isCloseTo(qr[i], within(1e-8));
            }
            // the weld holds: the gripper moved as the mocap body was led (5 cm down)
            double[] end = target(start, 100);
            double[] g = gripperPose(ocl);
            for (int c = 0; c < 3; c++) {
                assertThat(g[c] - held[c])
                        .as("gripper's displacement along axis %d", c)
                        .isCloseTo(end[c] - start[c], within(0.005));
            }
            double[] poses = new double[7 * fetch.nbody];
            ocl.readBodyPoses(poses);
            for (int c = 0; c < 3; c++) {
                assertThat(poses[7 * mocapBody + c])
                        .isCloseTo(mocapFor(start, end)[c], within(1e-12));
            }

            // a reset puts the mocap body back at its pose in the model, in both engines
            for (World w : new World[] {ocl, ref}) {
                w.reset();
                w.step(20);
            }
            ocl.readState(q, v);
            ref.readState(qr, vr);
            for (int i = 0; i < fetch.nq; i++) {
                assertThat(q[i]).as("qpos[%d] after a reset", i).isCloseTo(qr[i], within(1e-8));
            }
            ocl.readBodyPoses(poses);
            for (int c = 0; c < 3; c++) {
                assertThat(poses[7 * mocapBody + c])
                        .isCloseTo(fetch.bodyPos[3 * mocapBody + c], within(1e-12));
            }
        } finally {
            ((OpenClWorld) ocl).close();
        }
    }

    @Test
    void eachWorldOfABatchMovesItsOwnMocapBody() {
        int n = 6;
        try (OpenClBatch batch =
                        OpenClBatch.create(
                                fetch,
                                device,
                                OpenClBatch.Options.of(n).withObservedBodies(gripper));
                OpenClBatch single = OpenClBatch.create(fetch, device, OpenClBatch.Options.of(1))) {
            World ref = new ReferencePhysicsEngine().createWorld(fetch);
            double[] start = gripperPose(ref);
            double[] quat = java.util.Arrays.copyOfRange(start, 3, 7);
            batch.setControls(new double[n * fetch.nu]);
            single.setControls(new double[fetch.nu]);
            double[] poses = new double[7 * n];
            for (int k = 0; k <= 100; k++) {
                for (int w = 0; w < n; w++) {
                    // world w leads its gripper w cm lower (an unnormalised quat),
                    // along half the circle, then holds it still for 1 s
                    double[] p = mocapFor(start, target(start, Math.min(k, 50)));
                    p[2] -= 0.01 * w;
                    System.arraycopy(p, 0, poses, 7 * w, 3);
                    for (int c = 0; c < 4; c++) {
                        poses[7 * w + 3 + c] = 2 * quat[c];
                    }
                }
                batch.setMocapPoses(mocapBody, poses);
                // the single batch repeats world 3 through the one-world call
                single.setMocapPose(
                        0,
                        mocapBody,
                        java.util.Arrays.copyOfRange(poses, 21, 24),
                        java.util.Arrays.copyOfRange(poses, 24, 28));
                batch.step(10);
                single.step(10);
            }
            double[] read = new double[7 * n];
            batch.readMocapPoses(read);
            for (int w = 0; w < n; w++) {
                assertThat(read[7 * w + 2]).isCloseTo(poses[7 * w + 2], within(1e-6));
                assertThat(read[7 * w + 3]).as("normalised qw").isCloseTo(quat[0], within(1e-6));
            }
            double[] q = new double[n * fetch.nq], q1 = new double[fetch.nq];
            batch.readQpos(q);
            single.readQpos(q1);
            for (int i = 0; i < fetch.nq; i++) {
                assertThat(q[3 * fetch.nq + i])
                        .as("world 3's qpos[%d] equals the one-world batch's", i)
                        .isEqualTo(q1[i]);
            }
            assertThat(batch.status()).containsOnly(0);
            // float32 (the default): world w's gripper is w cm below world 0's
            assertThat(batch.float64()).isFalse();
            for (int w = 1; w < n; w++) {
                assertThat(gripperZ(batch, 0) - gripperZ(batch, w))
                        .as("world %d's gripper below world 0's", w)
                        .isCloseTo(0.01 * w, within(0.001 * w)); // the soft weld sags
            }
            // a reset of world 2 puts its mocap body back, the others keep theirs
            batch.reset(new int[] {2});
            batch.readMocapPoses(read);
            assertThat(read[16]).isCloseTo(fetch.bodyPos[3 * mocapBody + 2], within(1e-6));
            assertThat(read[23]).isCloseTo(poses[23], within(1e-6));
        }
    }

    private static double gripperZ(OpenClBatch batch, int world) {
        double[] obs = new double[batch.worlds() * batch.observationSize()];
        batch.readObservations(obs);
        return obs[world * batch.observationSize() + fetch.nq + fetch.nv + 2];
    }

    @Test
    void badMocapInputIsRefusedWithWhatWasWrong() {
        try (OpenClBatch batch = OpenClBatch.create(fetch, device, OpenClBatch.Options.of(2))) {
            double[] pos = {1, 0, 0.5};
            double[] quat = {1, 0, 0, 0};
            assertThatThrownBy(() -> batch.setMocapPose(0, gripper, pos, quat))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'robot0:gripper_link') is not a mocap body")
                    .hasMessageContaining("mocap bodies: [robot0:mocap]");
            assertThatThrownBy(() -> batch.setMocapPose(0, mocapBody, pos, new double[4]))
                    .hasMessageContaining("quat of mocap body " + mocapBody + " has zero");
            assertThatThrownBy(
                            () ->
                                    batch.setMocapPose(
                                            0, mocapBody, new double[] {Double.NaN, 0, 0}, quat))
                    .hasMessageContaining("position of mocap body " + mocapBody + " is not finite");
            assertThatThrownBy(() -> batch.setMocapPose(2, mocapBody, pos, quat))
                    .hasMessageContaining("world 2 is not allowed; allowed: 0..1");
            assertThatThrownBy(() -> batch.setMocapPoses(mocapBody, new double[7]))
                    .hasMessageContaining("poses has 7 entries; expected worlds x 7 = 14");
            double[] zeroQuatInWorld1 = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            assertThatThrownBy(() -> batch.setMocapPoses(mocapBody, zeroQuatInWorld1))
                    .hasMessageContaining("of world 1 has zero");
            // nothing refused reached the device
            double[] read = new double[14];
            batch.readMocapPoses(read);
            assertThat(read[0]).isCloseTo(fetch.bodyPos[3 * mocapBody], within(1e-6));
        }
    }
}
