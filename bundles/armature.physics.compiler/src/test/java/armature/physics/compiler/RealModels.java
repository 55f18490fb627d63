package armature.physics.compiler;

import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;

/** The real descriptions in examples/models, loaded the way a user would. */
final class RealModels {
    static final Path ROOT = Path.of("../../examples/models").toAbsolutePath().normalize();
    static final Path HAND = ROOT.resolve("gymnasium-robotics/hand");
    static final Path FETCH = ROOT.resolve("gymnasium-robotics/fetch");
    static final Path ROBOTS = ROOT.resolve("example-robot-data/robots");
    static final Path PANDA = ROBOTS.resolve("panda_description/urdf/panda.urdf");
    static final Path UR5 = ROBOTS.resolve("ur_description/urdf/ur5_robot.urdf");
    static final Path ALLEGRO =
            ROBOTS.resolve("allegro_hand_description/urdf/allegro_right_hand.urdf");
    static final Path PENDULUM =
            ROBOTS.resolve("double_pendulum_description/urdf/double_pendulum_simple.urdf");
    static final Path SHADOW_BLOCK = HAND.resolve("manipulate_block.xml");

    private RealModels() {}

    static Model load(Path file) throws ModelLoadException {
        return Models.load(file, LoadOptions.defaults().withPackagePath(List.of(ROOT)));
    }
}
