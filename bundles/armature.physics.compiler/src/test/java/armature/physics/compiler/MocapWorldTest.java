package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.sim.ReferenceWorld;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Mocap bodies through the physics API: World.setMocapPose drives what welds hold. */
class MocapWorldTest {
    private static final double[] MOVED = {0.05, -0.03, 1.1, 0.9848078, 0.1736482, 0, 0};

    @Test
    void movingTheMocapBodyPullsTheWeldedBodyAsInMujoco() throws Exception {
        World w = world();
        w.setMocapPose("target", Arrays.copyOfRange(MOVED, 0, 3), Arrays.copyOfRange(MOVED, 3, 7));
        w.step(250);
        double[] qpos = new double[w.model().positionCount()];
        w.readState(qpos, new double[w.model().velocityCount()]);
        double[] mujoco = mujocoQpos250();
        for (int k = 0; k < qpos.length; k++) {
            assertThat(qpos[k]).as("qpos[%d]", k).isCloseTo(mujoco[k], within(1e-8));
        }
        double[] poses = new double[7 * w.model().bodyNames().size()];
        w.readBodyPoses(poses);
        int target = w.model().bodyNames().indexOf("target");
        assertThat(Arrays.copyOfRange(poses, 7 * target, 7 * target + 3))
                .containsExactly(0.05, -0.03, 1.1);
    }

    @Test
    void resetPutsTheMocapBodyBackAtItsModelPose() throws Exception {
        World w = world();
        w.setMocapPose("target", new double[] {1, 2, 3}, new double[] {0, 0, 0, 2});
        w.reset();
        double[] poses = new double[7 * w.model().bodyNames().size()];
        w.readBodyPoses(poses);
        int target = w.model().bodyNames().indexOf("target");
        assertThat(Arrays.copyOfRange(poses, 7 * target, 7 * target + 7))
                .containsExactly(0, 0, 1, 1, 0, 0, 0);
    }

    @Test
    void badMocapArgumentsAreRefusedWithTheFieldNamed() throws Exception {
        World w = world();
        double[] p = {0, 0, 1}, q = {1, 0, 0, 0};
        assertThatThrownBy(() -> w.setMocapPose("held", p, q))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'held'")
                .hasMessageContaining("not a mocap body")
                .hasMessageContaining("target");
        assertThatThrownBy(() -> w.setMocapPose("nobody", p, q))
                .hasMessageContaining("no body named 'nobody'");
        assertThatThrownBy(() -> w.setMocapPose("target", new double[] {0, Double.NaN, 1}, q))
                .hasMessageContaining("posM[1]");
        assertThatThrownBy(() -> w.setMocapPose("target", p, new double[4]))
                .hasMessageContaining("zero norm");
    }

    private static World world() throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(dir().resolve("weld.xml"), LoadOptions.defaults()));
        return new ReferenceWorld(m);
    }

    private static double[] mujocoQpos250() throws Exception {
        for (String line : Files.readAllLines(dir().resolve("weld.mujoco.txt"))) {
            if (line.startsWith("qpos 250 ")) {
                return Arrays.stream(line.substring(9).trim().split("\\s+"))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
            }
        }
        throw new AssertionError("weld.mujoco.txt has no qpos after 250 steps");
    }

    private static Path dir() throws Exception {
        return Path.of(
                MocapWorldTest.class.getClassLoader().getResource("mujoco/equality").toURI());
    }
}
