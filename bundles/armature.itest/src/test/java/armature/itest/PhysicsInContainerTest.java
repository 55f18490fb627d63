package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.World;
import armature.physics.model.ModelBuilder;
import armature.physics.model.MultibodyModel;
import armature.robot.model.GeomType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

/** The reference engine as the DS service other bundles get, inside a real framework. */
@ExtendWith(ServiceExtension.class)
class PhysicsInContainerTest {
    private static final double[] ORIGIN = {0, 0, 0};
    private static final double[] IDENTITY = {1, 0, 0, 0};

    @InjectService(filter = "(physics.engine=reference)", timeout = 10_000)
    PhysicsEngine engine;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @Test
    void theEngineServiceStepsABallOntoTheFloor() {
        assertThat(engine.name()).isEqualTo("reference");
        var description =
                scr.getComponentDescriptionDTOs().stream()
                        .filter(d -> d.implementationClass.endsWith("ReferencePhysicsEngine"))
                        .findFirst()
                        .orElseThrow();
        assertThat(scr.getComponentConfigurationDTOs(description))
                .extracting(c -> c.state)
                .isNotEmpty()
                .allSatisfy(
                        state ->
                                assertThat(state)
                                        .isIn(
                                                ComponentConfigurationDTO.ACTIVE,
                                                ComponentConfigurationDTO.SATISFIED));

        ModelBuilder b = new ModelBuilder("drop").timestep(0.002);
        b.addGeom(0, "floor", GeomType.PLANE, new double[0], ORIGIN, IDENTITY);
        int ball = b.addBody(0, "ball", new double[] {0, 0, 0.5}, IDENTITY);
        b.inertial(ball, 1, ORIGIN, new double[] {4e-4, 4e-4, 4e-4, 0, 0, 0});
        b.addFree(ball, "free");
        b.addGeom(ball, "sphere", GeomType.SPHERE, new double[] {0.05}, ORIGIN, IDENTITY);
        MultibodyModel model = b.build();
        assertThat(engine.supports(model)).isTrue();

        World w = engine.createWorld(model);
        double[] qpos = new double[7];
        double[] qvel = new double[6];
        w.step(1000); // 2 s: falls 0.45 m in about 0.3 s, then rests on the floor
        w.readState(qpos, qvel);
        assertThat(w.timeSeconds()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        // Resting on the floor: centre one radius above it, within the 1 mm penetration bound.
        assertThat(qpos[2]).isBetween(0.049, 0.0505);
        assertThat(Math.abs(qvel[2])).isLessThan(1e-2);
        assertThat(w.contactCount()).isPositive();
    }
}
