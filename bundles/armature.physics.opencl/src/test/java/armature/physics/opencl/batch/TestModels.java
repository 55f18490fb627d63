package armature.physics.opencl.batch;

import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.opencl.DeviceChoice;
import armature.physics.opencl.OpenClDevice;
import armature.physics.opencl.OpenClPlatforms;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The real descriptions in examples/models and the machine's OpenCL device, for the tests. */
final class TestModels {
    static final Path ROOT = Path.of("../../examples/models").toAbsolutePath().normalize();
    static final Path ROBOTS = ROOT.resolve("example-robot-data/robots");
    static final Path PENDULUM =
            ROBOTS.resolve("double_pendulum_description/urdf/double_pendulum_simple.urdf");
    static final Path UR5 = ROBOTS.resolve("ur_description/urdf/ur5_robot.urdf");
    static final Path PANDA = ROBOTS.resolve("panda_description/urdf/panda.urdf");
    static final Path HAND_BLOCK = ROOT.resolve("gymnasium-robotics/hand/manipulate_block.xml");

    private TestModels() {}

    /** The model as written. */
    static MultibodyModel compile(Path file) throws Exception {
        return ModelCompiler.compile(load(file), w -> {});
    }

    /**
     * The model with MuJoCo's contact, limit, equality and friction-loss flags disabled: the same
     * description, stepped by both engines without the constraint solver.
     */
    static MultibodyModel withoutConstraints(Path file) throws Exception {
        return withDisabled(file, "contact", "limit", "equality", "frictionloss");
    }

    /**
     * The model with the named MuJoCo flags disabled (e.g. "contact"), everything else as written.
     */
    static MultibodyModel withDisabled(Path file, String... disabled) throws Exception {
        Model m = load(file);
        return ModelCompiler.compile(m.withOptions(m.options().withDisabled(disabled)), w -> {});
    }

    /**
     * The model with another integrator (MJCF {@code <option integrator>}, e.g. "RK4") and the
     * named flags disabled, everything else as written.
     */
    static MultibodyModel withIntegrator(Path file, String integrator, String... disabled)
            throws Exception {
        Model m = load(file);
        return ModelCompiler.compile(
                m.withOptions(m.options().withDisabled(disabled).withIntegrator(integrator)),
                w -> {});
    }

    /** The model with MJCF {@code option/cone} set to {@code cone}, everything else as written. */
    static MultibodyModel withCone(Path file, String cone) throws Exception {
        Model m = load(file);
        armature.robot.model.Options o = m.options();
        return ModelCompiler.compile(
                m.withOptions(
                        new armature.robot.model.Options(
                                o.timestepSeconds(),
                                o.gravityMPerSec2(),
                                o.iterations(),
                                o.integrator(),
                                o.flags(),
                                o.impratio(),
                                cone,
                                o.tolerance(),
                                o.solver(),
                                o.noslipIterations())),
                w -> {});
    }

    private static Model load(Path file) throws Exception {
        return Models.load(file, LoadOptions.defaults().withPackagePath(List.of(ROOT)));
    }

    /** The machine's device (PoCL here and in CI); skipped without one, a failure in CI. */
    static OpenClDevice device() {
        OpenClPlatforms.Discovery found = OpenClPlatforms.discover();
        if (!found.available() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + found.problem());
        }
        Assumptions.assumeTrue(found.available(), found.problem());
        return DeviceChoice.select(found.devices(), "auto").orElseThrow();
    }
}
