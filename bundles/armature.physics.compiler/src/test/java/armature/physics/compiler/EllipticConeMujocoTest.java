package armature.physics.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.model.Cone;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.sim.Simulator;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Elliptic friction cones (MJCF {@code cone="elliptic"}, impratio 3) against MuJoCo 2.2.2: a
 * sliding, spinning box (condim 3), a rolling ball (condim 6) and a spinning capsule (condim 4)
 * thrown across a floor. The expected positions are MuJoCo's after 250 steps of the same file with
 * the same initial velocities (mj_loadXML, qvel set, mj_step x 250; MuJoCo 2.2.2 from Debian's
 * libmujoco-dev, 2026-12-05).
 */
class EllipticConeMujocoTest {
    static final Path MODEL = Path.of("src/test/resources/models/elliptic_cones.xml");

    /** Initial velocities: box, ball, capsule (linear world, angular body). */
    static final double[] QVEL = {
        1.2, 0.3, 0, 0, 0, 2, 0.8, -0.5, 0, 0, 0, 0, -0.6, 0.4, 0, 0, 0, 3
    };

    static final double[] MUJOCO_QPOS = {
        0.105179548483, 0.026193917839, 0.029892243191, 0.996197602438, -0.000000001792,
        0.000000000994, 0.087122539548, 0.761359392216, -0.163349620135, 0.049949038551,
        -0.978260458023, 0.109911195344, 0.175857912550, -0.000000000000, -0.597322148254,
        0.066728407983, 0.029792651813, 0.699124916775, -0.415233548431, -0.581857765148,
        0.015715983556
    };

    @Test
    void slidingRollingAndSpinningBodiesFollowMujocosEllipticCones() throws Exception {
        MultibodyModel m = ModelCompiler.compile(Models.load(MODEL, LoadOptions.defaults()));
        assertThat(m.cone).isEqualTo(Cone.ELLIPTIC);
        Simulator sim = new Simulator(m);
        System.arraycopy(QVEL, 0, sim.data.qvel, 0, QVEL.length);
        for (int i = 0; i < 250; i++) {
            sim.step();
        }
        assertThat(sim.contacts.count).as("contacts").isEqualTo(7);
        for (int i = 0; i < m.nq; i++) {
            assertThat(sim.data.qpos[i]).as("qpos[%d]", i).isCloseTo(MUJOCO_QPOS[i], within(1e-9));
        }
        assertThat(sim.constraintIterations()).as("Newton iterations").isBetween(1, 10);
    }
}
