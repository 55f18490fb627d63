package armature.vision.sim.component;

import armature.physics.api.BodyPoseSource;
import armature.physics.api.World;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;

/** The Shadow hand with the block, loaded and simulated as the sim does, as a pose source. */
final class HandScene implements BodyPoseSource {
    static final Path BLOCK =
            Path.of("../../examples/models/gymnasium-robotics/hand/manipulate_block.xml")
                    .toAbsolutePath()
                    .normalize();
    private static Model model;
    private static MultibodyModel compiled;

    final World world;

    HandScene() throws Exception {
        world = new ReferencePhysicsEngine().createWorld(compiled());
    }

    static synchronized Model model() throws Exception {
        if (model == null) {
            model = Models.load(BLOCK, LoadOptions.defaults());
        }
        return model;
    }

    static synchronized MultibodyModel compiled() throws Exception {
        if (compiled == null) {
            compiled = ModelCompiler.compile(model(), w -> {});
        }
        return compiled;
    }

    @Override
    public List<String> bodyNames() {
        return world.model().bodyNames();
    }

    @Override
    public synchronized double readBodyPoses(double[] poses) {
        world.readBodyPoses(poses);
        return world.timeSeconds();
    }

    synchronized void step(int n) {
        world.step(n);
    }
}
