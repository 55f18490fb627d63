package armature.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.Models;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits read from the real example descriptions (values from the files, compared exactly). */
class DescriptionLimitsTest {
    static final Path MODELS = Path.of("../../examples/models").toAbsolutePath().normalize();
    static final Path HAND = MODELS.resolve("gymnasium-robotics/hand/manipulate_block.xml");
    static final Path UR5 =
            MODELS.resolve("example-robot-data/robots/ur_description/urdf/ur5_robot.urdf");
    static final Path PANDA =
            MODELS.resolve("example-robot-data/robots/panda_description/urdf/panda.urdf");

    static Model load(Path p) throws Exception {
        return Models.load(p, LoadOptions.defaults().withPackagePath(List.of(MODELS)));
    }

    @Test
    void shadowHandActuatorsGiveCtrlrangeAndForcerange() throws Exception {
        List<LimitBounds> b =
                DescriptionLimits.of(
                        load(HAND),
                        List.of("robot0:A_WRJ1", "robot0:A_THJ0", "robot0:A_FFJ1"),
                        true);
        // <position name="robot0:A_WRJ1" ctrlrange="-0.489 0.14" forcerange="-4.785 4.785">
        assertThat(b.get(0))
                .isEqualTo(
                        new LimitBounds(
                                "description manipulate_block.xml actuator 'robot0:A_WRJ1'",
                                -0.489,
                                0.14,
                                Double.NaN,
                                4.785));
        assertThat(b.get(1).minPositionRad()).isEqualTo(-1.571);
        assertThat(b.get(1).maxPositionRad()).isEqualTo(0.0);
        assertThat(b.get(1).maxEffort()).isEqualTo(0.81);
        assertThat(b.get(2).maxEffort()).isEqualTo(0.7245);
    }

    @Test
    void mjcfJointNamesUseTheJointRangeAndTheirActuator() throws Exception {
        List<LimitBounds> b = DescriptionLimits.of(load(HAND), List.of("robot0:WRJ1"), true);
        assertThat(b.get(0).minPositionRad()).isEqualTo(-0.489);
        assertThat(b.get(0).maxPositionRad()).isEqualTo(0.14);
        assertThat(b.get(0).maxEffort()).isEqualTo(4.785);
        assertThat(b.get(0).maxVelocityRadPerSec()).isNaN();
        assertThat(b.get(0).source()).contains("joint 'robot0:WRJ1'").contains("A_WRJ1");
    }

    @Test
    void urdfJointsGiveRangeVelocityAndEffort() throws Exception {
        // <limit effort="150.0" lower="-6.28318530718" upper="6.28318530718" velocity="3.15"/>
        List<LimitBounds> ur5 =
                DescriptionLimits.of(
                        load(UR5), List.of("shoulder_pan_joint", "wrist_1_joint"), true);
        assertThat(ur5.get(0))
                .isEqualTo(
                        new LimitBounds(
                                "description ur5_robot.urdf joint 'shoulder_pan_joint'",
                                -6.28318530718,
                                6.28318530718,
                                3.15,
                                150.0));
        assertThat(ur5.get(1).maxEffort()).isEqualTo(28.0);
        assertThat(ur5.get(1).maxVelocityRadPerSec()).isEqualTo(3.2);
        // <limit effort="87.0" lower="-3.0718" upper="-0.0698" velocity="2.175"/>
        LimitBounds j4 = DescriptionLimits.of(load(PANDA), List.of("panda_joint4"), true).get(0);
        assertThat(j4.minPositionRad()).isEqualTo(-3.0718);
        assertThat(j4.maxPositionRad()).isEqualTo(-0.0698);
        assertThat(j4.maxVelocityRadPerSec()).isEqualTo(2.175);
        assertThat(j4.maxEffort()).isEqualTo(87.0);
    }

    @Test
    void effortsInAnotherUnitAreNotUsed() throws Exception {
        LimitBounds b = DescriptionLimits.of(load(PANDA), List.of("panda_joint4"), false).get(0);
        assertThat(b.maxEffort()).isNaN();
        assertThat(b.maxVelocityRadPerSec()).isEqualTo(2.175);
    }

    @Test
    void anUnknownNameListsWhatTheDescriptionHas() throws Exception {
        assertThatThrownBy(() -> DescriptionLimits.of(load(UR5), List.of("elbow"), true))
                .hasMessageStartingWith("jointNames: 'elbow' is neither an actuator nor a joint of")
                .hasMessageContaining("elbow_joint");
    }
}
