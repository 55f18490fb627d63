package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.LimitLoosenedException;
import armature.safety.ThermalParameters;
import armature.safety.UncertaintyCurve;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop configured like features/sim-hand.json: the Shadow hand's MJCF (resolved against the
 * repository root as container home) supplies ranges and efforts; velocity and acceleration are one
 * configured value for every joint.
 */
class SafetyConfigsTest {
    private static final String HOME = Path.of("../..").toAbsolutePath().normalize().toString();

    private static ControlConfig config(Map<String, Object> extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("jointNames", new String[] {"robot0:A_WRJ1", "robot0:A_FFJ1"});
        m.put("descriptionPath", "examples/models/gymnasium-robotics/hand/manipulate_block.xml");
        m.put("maxVelocityRadPerSec", new double[] {3.0});
        m.put("maxAccelerationRadPerSec2", new double[] {50.0});
        m.putAll(extra);
        return Configs.of(ControlConfig.class, m);
    }

    @Test
    void theHandDescriptionSuppliesRangesAndEfforts() {
        SafetyConfigs.Built b = SafetyConfigs.from(config(Map.of()), HOME);
        assertThat(b.safety().joints())
                .containsExactly(
                        new JointLimits(
                                "robot0:A_WRJ1",
                                -0.489,
                                0.14,
                                3.0,
                                50.0,
                                Double.POSITIVE_INFINITY,
                                4.785,
                                EffortUnit.NEWTON_METRE),
                        new JointLimits(
                                "robot0:A_FFJ1",
                                0.0,
                                1.571,
                                3.0,
                                50.0,
                                Double.POSITIVE_INFINITY,
                                0.7245,
                                EffortUnit.NEWTON_METRE));
        assertThat(b.limits().base()).isEqualTo(b.safety().joints());
    }

    @Test
    void configuredValuesTightenAndAddAJerkBound() {
        SafetyConfigs.Built b =
                SafetyConfigs.from(
                        config(
                                Map.of(
                                        "maxEffort", new double[] {2.0, 0.5},
                                        "maxJerkRadPerSec3", new double[] {1000.0})),
                        HOME);
        assertThat(b.safety().joints().get(0).maxEffort()).isEqualTo(2.0);
        assertThat(b.safety().joints().get(1).maxEffort()).isEqualTo(0.5);
        assertThat(b.safety().joints().get(1).maxJerkRadPerSec3()).isEqualTo(1000.0);
    }

    @Test
    void aConfiguredValueLooserThanTheDescriptionIsAConfigurationError() {
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(Map.of("maxPositionRad", new double[] {0.2, 1.5})),
                                        HOME))
                .isInstanceOf(LimitLoosenedException.class)
                .hasMessage(
                        "joint 'robot0:A_WRJ1' maxPositionRad: configured 0.2 loosens 0.14 stated"
                                + " by description manipulate_block.xml actuator 'robot0:A_WRJ1';"
                                + " configuration may only tighten limits");
    }

    @Test
    void pathsAndArraysAreValidated() {
        assertThatThrownBy(() -> SafetyConfigs.from(config(Map.of()), null))
                .hasMessageContaining(
                        "is relative but the framework property armature.home is" + " not set");
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(Map.of("descriptionPath", "nope.xml")), HOME))
                .hasMessageStartingWith("descriptionPath = 'nope.xml': ")
                .hasMessageEndingWith("not found");
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(Map.of("maxAccelerationRadPerSec2", new double[0])),
                                        HOME))
                .hasMessage(
                        "joint 'robot0:A_WRJ1' maxAccelerationRadPerSec2: not configured; allowed:"
                                + " one value for all joints or one per joint (no robot"
                                + " description states accelerations)");
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(
                                                Map.of(
                                                        "maxVelocityRadPerSec",
                                                        new double[] {Double.NaN})),
                                        HOME))
                .hasMessage("maxVelocityRadPerSec[0] = NaN; allowed: finite");
    }

    @Test
    void thermalModelIsConfigurableAndCheckedByName() {
        SafetyConfigs.Built defaults = SafetyConfigs.from(config(Map.of()), HOME);
        assertThat(defaults.safety().thermal()).isEqualTo(ThermalParameters.defaults());

        SafetyConfigs.Built b =
                SafetyConfigs.from(
                        config(
                                Map.of(
                                        "thermalWarnTemperatureDegC", 60.0,
                                        "thermalLimitTemperatureDegC", 70.0,
                                        "thermalServoShutdownTemperatureDegC", 80.0,
                                        "thermalWindingRiseDegCPerAmp2", 2.5,
                                        "thermalWindingTimeConstantSeconds", 45.0)),
                        HOME);
        ThermalParameters t = b.safety().thermal();
        assertThat(t.warnTemperatureDegC()).isEqualTo(60.0);
        assertThat(t.limitTemperatureDegC()).isEqualTo(70.0);
        assertThat(t.servoShutdownTemperatureDegC()).isEqualTo(80.0);
        assertThat(t.windingRiseDegCPerAmp2()).isEqualTo(2.5);
        assertThat(t.windingTimeConstantSeconds()).isEqualTo(45.0);

        // Derating must end before the servo's own shutdown would drop the hand.
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(Map.of("thermalServoShutdownTemperatureDegC", 65.0)),
                                        HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thermal.servoShutdownTemperatureDegC")
                .hasMessageContaining("65.0");
    }

    @Test
    void theUncertaintyCurveHasDocumentedDefaultsAndIsValidatedNamingTheKey() {
        assertThat(SafetyConfigs.from(config(Map.of()), HOME).safety().velocityScaleCurve())
                .isEqualTo(UncertaintyCurve.defaults())
                .hasToString("0.05:1 0.2:0.25 0.4:0.1");
        assertThat(
                        SafetyConfigs.from(
                                        config(Map.of("uncertaintyVelocityScale", "0.1:0.5")), HOME)
                                .safety()
                                .velocityScaleCurve()
                                .scale(1))
                .isEqualTo(0.5);
        assertThat(
                        SafetyConfigs.from(config(Map.of("uncertaintyVelocityScale", "")), HOME)
                                .safety()
                                .velocityScaleCurve()
                                .isOff())
                .isTrue();
        assertThatThrownBy(
                        () ->
                                SafetyConfigs.from(
                                        config(
                                                Map.of(
                                                        "uncertaintyVelocityScale",
                                                        "0.1:0.2 0.3:0.5")),
                                        HOME))
                .hasMessageContaining("uncertaintyVelocityScale point 2 (0.3:0.5)")
                .hasMessageContaining("at most the previous point's 0.2");
    }
}
