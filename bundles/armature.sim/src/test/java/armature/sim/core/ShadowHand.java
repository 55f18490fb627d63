package armature.sim.core;

import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/** The Shadow hand with a block, loaded from examples/models the way the component does. */
final class ShadowHand {
    static final Path MODELS = Path.of("../../examples/models").toAbsolutePath().normalize();
    static final Path BLOCK = MODELS.resolve("gymnasium-robotics/hand/manipulate_block.xml");
    private static MultibodyModel compiled;

    private ShadowHand() {}

    /** Compiled once per test JVM: the model is immutable and shared by every world. */
    static synchronized MultibodyModel model() throws Exception {
        if (compiled == null) {
            compiled =
                    ModelCompiler.compile(
                            Models.load(
                                    BLOCK, LoadOptions.defaults().withPackagePath(List.of(MODELS))),
                            w -> {});
        }
        return compiled;
    }

    static SimulatedRobot robot(LongSupplier clock) throws Exception {
        MultibodyModel m = model();
        return new SimulatedRobot(m, new ReferencePhysicsEngine().createWorld(m), clock, 25.0);
    }
}
