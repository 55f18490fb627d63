package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyConfigTest {

    @Test
    void overridesTightenLimits() {
        SafetyConfig c =
                SafetyConfig.builder(Rig.JOINTS)
                        .tighten(
                                LimitOverride.forJoint("ffj2")
                                        .withPositionRangeRad(0.0, 1.2)
                                        .withMaxVelocityRadPerSec(1.0)
                                        .withMaxEffort(0.6))
                        .build();
        JointLimits j = c.joints().get(2);
        assertThat(j.minPositionRad()).isEqualTo(0.0);
        assertThat(j.maxPositionRad()).isEqualTo(1.2);
        assertThat(j.maxVelocityRadPerSec()).isEqualTo(1.0);
        assertThat(j.maxAccelerationRadPerSec2()).isEqualTo(30.0);
        assertThat(j.maxEffort()).isEqualTo(0.6);
        assertThat(c.joints().get(0)).isEqualTo(Rig.JOINTS.get(0));
    }

    @Test
    void looseningIsRejectedWithANamedError() {
        assertThatThrownBy(
                        () ->
                                SafetyConfig.builder(Rig.JOINTS)
                                        .tighten(
                                                LimitOverride.forJoint("ffj1")
                                                        .withMaxVelocityRadPerSec(5.0))
                                        .build())
                .isInstanceOfSatisfying(
                        LimitLoosenedException.class,
                        e -> {
                            assertThat(e.jointName()).isEqualTo("ffj1");
                            assertThat(e.field()).isEqualTo("maxVelocityRadPerSec");
                            assertThat(e.requested()).isEqualTo(5.0);
                            assertThat(e.robotLimit()).isEqualTo(3.0);
                        })
                .hasMessage(
                        "joint 'ffj1' maxVelocityRadPerSec: configured 5.0 loosens 3.0 stated by"
                                + " the robot description; configuration may only tighten limits");
        assertThatThrownBy(
                        () ->
                                Rig.JOINTS
                                        .get(0)
                                        .tightenedBy(
                                                LimitOverride.forJoint("ffj0")
                                                        .withPositionRangeRad(-0.4, 0.3)))
                .isInstanceOf(LimitLoosenedException.class)
                .hasMessageContaining("minPositionRad: configured -0.4");
    }

    @Test
    void overrideForUnknownJointOrTwiceIsRejected() {
        assertThatThrownBy(
                        () ->
                                SafetyConfig.builder(Rig.JOINTS)
                                        .tighten(LimitOverride.forJoint("thj9"))
                                        .build())
                .hasMessageContaining("unknown joint(s) [thj9]");
        SafetyConfig.Builder b =
                SafetyConfig.builder(Rig.JOINTS).tighten(LimitOverride.forJoint("ffj0"));
        assertThatThrownBy(() -> b.tighten(LimitOverride.forJoint("ffj0")))
                .hasMessageContaining("given twice");
    }

    @Test
    void jerkBoundsAreAcceptedAndAWindowBeyondOneSecondIsRefused() {
        JointLimits withJerk =
                new JointLimits("ffj0", -1, 1, 1, 10, 500, 0.5, EffortUnit.NEWTON_METRE);
        assertThat(SafetyConfig.builder(List.of(withJerk)).build().joints().get(0))
                .isEqualTo(withJerk);
        // 2 A / J = 2 s: more lag than the stage accepts.
        JointLimits tooSoft =
                new JointLimits("ffj0", -1, 1, 1, 10, 10, 0.5, EffortUnit.NEWTON_METRE);
        assertThatThrownBy(() -> SafetyConfig.builder(List.of(tooSoft)).build())
                .hasMessageContaining("joint 'ffj0' maxJerkRadPerSec3 = 10.0")
                .hasMessageContaining(
                        "allowed: at least 2 * maxAccelerationRadPerSec2 / 1.0 s = 20.0");
    }

    @Test
    void invalidValuesAreNamedWithTheirRange() {
        assertThatThrownBy(() -> JointLimits.of("ffj0", 1, -1, 1, 10, 0.5, EffortUnit.NEWTON_METRE))
                .hasMessage(
                        "joint 'ffj0' maxPositionRad = -1.0; allowed: greater than minPositionRad"
                                + " = 1.0");
        assertThatThrownBy(
                        () ->
                                JointLimits.of(
                                        "ffj0",
                                        -1,
                                        1,
                                        Double.NaN,
                                        10,
                                        0.5,
                                        EffortUnit.NEWTON_METRE))
                .hasMessage("joint 'ffj0' maxVelocityRadPerSec = NaN; allowed: (0, +inf)");
        assertThatThrownBy(
                        () -> SafetyConfig.builder(Rig.JOINTS).holdTimeout(Duration.ZERO).build())
                .hasMessage("holdTimeout = PT0S; allowed: (0, +inf)");
        assertThatThrownBy(() -> SafetyConfig.builder(Rig.JOINTS).brakeEffortFraction(1.5).build())
                .hasMessage("brakeEffortFraction = 1.5; allowed: [0.0, 1.0]");
        assertThatThrownBy(() -> new ThermalParameters(60, 70, 69, 6, 30, 40, 2))
                .hasMessageContaining("thermal.servoShutdownTemperatureDegC = 69.0");
        assertThatThrownBy(() -> new WearParameters(new double[] {0.8, 0.5}, 0.01))
                .hasMessageContaining("wear.effortThresholdFractions[1] = 0.5");
        assertThatThrownBy(
                        () -> SafetyConfig.builder(List.of(Rig.JOINTS.get(0), Rig.JOINTS.get(0))))
                .hasMessageContaining("duplicate joint name 'ffj0'");
    }
}
