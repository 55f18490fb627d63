package armature.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.driver.api.DriverCommandMode;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.physics.reference.ReferencePhysicsEngine;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A position actuator on a fixed tendon: the driver joint is the tendon, not the hinge. */
class TendonActuatorTest {
    @TempDir Path dir;

    @Test
    void readsAndCommandsTheTendonLength() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("tendon.xml"),
                        """
                        <mujoco model="tendon">
                          <option timestep="0.002" gravity="0 0 0"/>
                          <worldbody>
                            <body name="arm">
                              <joint name="hinge" type="hinge" axis="0 0 1" damping="0.5"/>
                              <geom type="capsule" fromto="0 0 0 0.2 0 0" size="0.02" mass="0.2"/>
                            </body>
                          </worldbody>
                          <tendon>
                            <fixed name="t"><joint joint="hinge" coef="2"/></fixed>
                          </tendon>
                          <actuator>
                            <position name="pull" tendon="t" kp="5" ctrlrange="-1 1"/>
                          </actuator>
                        </mujoco>
                        """);
        MultibodyModel m =
                ModelCompiler.compile(Models.load(file, LoadOptions.defaults()), w -> {});
        SimulatedRobot robot =
                new SimulatedRobot(m, new ReferencePhysicsEngine().createWorld(m), () -> 0L, 20);
        assertThat(robot.joints()).hasSize(1);
        assertThat(robot.joints().get(0).name()).isEqualTo("pull");
        assertThat(robot.joints().get(0).minPositionRad()).isEqualTo(-1);

        robot.write(DriverCommandMode.POSITION, new double[] {0.5}, new double[] {Double.NaN});
        robot.advance(1500);

        double[] pos = new double[1], vel = new double[1];
        robot.readState(pos, vel, new double[1], new double[1], new int[1]);
        double[] qpos = new double[m.nq], qvel = new double[m.nv];
        robot.readFullState(qpos, qvel);
        assertThat(pos[0])
                .as("tendon length = 2 x hinge angle")
                .isCloseTo(2 * qpos[0], within(1e-12));
        assertThat(pos[0])
                .as("settled on the command (tolerance 0.01)")
                .isCloseTo(0.5, within(0.01));
        assertThat(qpos[0]).isCloseTo(0.25, within(0.005));
    }
}
