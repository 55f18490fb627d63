package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.World;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The OpenCL engine as the container's second PhysicsEngine service: registered as {@code
 * physics.engine=opencl} beside the reference engine, its devices published for {@code status}, and
 * a world stepped on the device through JOCL from the library bundle agrees with the reference
 * engine's.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class OpenClEngineInContainerTest {
    private static final double[] ORIGIN = {0, 0, 0};
    private static final double[] IDENTITY = {1, 0, 0, 0};

    @InjectBundleContext BundleContext context;

    @InjectService(filter = "(physics.engine=opencl)", timeout = 10_000)
    PhysicsEngine opencl;

    @InjectService(filter = "(physics.engine=reference)", timeout = 10_000)
    PhysicsEngine reference;

    @Test
    void theEnginePublishesItsDevicesAndStepsAWorldAsTheReferenceDoes() throws Exception {
        assertThat(opencl.name()).isEqualTo("opencl");
        ServiceReference<?>[] status =
                context.getServiceReferences((String) null, "(armature.devices.kind=opencl)");
        assertThat(status).as("the device status service").hasSize(1);
        String[] devices = (String[]) status[0].getProperty("armature.devices");
        Object problem = status[0].getProperty("armature.devices.problem");
        if (devices.length == 0 && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + problem);
        }
        Assumptions.assumeTrue(devices.length > 0, String.valueOf(problem));
        assertThat(status[0].getProperty("armature.devices.selected")).isIn((Object[]) devices);
        assertThat(status[0].getProperty("armature.devices.precision")).isEqualTo("float32");

        MultibodyModel model = pendulum();
        assertThat(opencl.supports(model)).isTrue();
        World a = opencl.createWorld(model);
        World b = reference.createWorld(model);
        for (World w : new World[] {a, b}) {
            w.setControls(new double[] {0.3, -0.2});
            w.step(500);
        }
        double[] qa = new double[2], va = new double[2], qb = new double[2], vb = new double[2];
        a.readState(qa, va);
        b.readState(qb, vb);
        assertThat(qa[0]).as("%s vs %s", Arrays.toString(qa), Arrays.toString(qb)).isNotZero();
        // float32 against float64 over 1 s of a damped, driven double pendulum
        for (int i = 0; i < 2; i++) {
            assertThat(qa[i]).isCloseTo(qb[i], within(1e-4));
        }
    }

    /** Two links on hinges with motors and damping, no geoms: nothing for the constraint solver. */
    private static MultibodyModel pendulum() {
        ModelBuilder b = new ModelBuilder("pendulum").timestep(0.002);
        int upper = b.addBody(0, "upper", new double[] {0, 0, 1}, IDENTITY);
        b.inertial(upper, 1, new double[] {0, 0, -0.25}, new double[] {0.02, 0.02, 1e-3, 0, 0, 0});
        int j0 = b.addHinge(upper, "shoulder", ORIGIN, new double[] {0, 1, 0});
        b.jointDamping(j0, 0.1);
        int lower = b.addBody(upper, "lower", new double[] {0, 0, -0.5}, IDENTITY);
        b.inertial(
                lower, 0.5, new double[] {0, 0, -0.25}, new double[] {0.01, 0.01, 5e-4, 0, 0, 0});
        int j1 = b.addHinge(lower, "elbow", ORIGIN, new double[] {0, 1, 0});
        b.jointDamping(j1, 0.05);
        b.addMotor("shoulder_motor", false, j0);
        b.addMotor("elbow_motor", false, j1);
        return b.build();
    }
}
