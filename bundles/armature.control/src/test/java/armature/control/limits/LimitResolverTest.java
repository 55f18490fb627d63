package armature.control.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.driver.api.DriverCommandMode;
import armature.driver.api.JointDescription;
import armature.safety.EffortUnit;
import armature.safety.JointLimits;
import armature.safety.LimitLoosenedException;
import armature.safety.LimitOverride;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tightest of description, driver and configuration, on the real Panda and UR5 URDFs. */
class LimitResolverTest {
    private static final List<String> PANDA = List.of("panda_joint1", "panda_joint4");

    private static List<LimitBounds> panda() throws Exception {
        return DescriptionLimits.of(
                DescriptionLimitsTest.load(DescriptionLimitsTest.PANDA), PANDA, true);
    }

    /** Only acceleration configured (it has no other source). */
    private static List<LimitOverride> accelerationOnly() {
        List<LimitOverride> l = new ArrayList<>();
        for (String n : PANDA) {
            l.add(LimitOverride.forJoint(n).withMaxAccelerationRadPerSec2(10));
        }
        return l;
    }

    private static JointDescription joint(String name, double lo, double hi, double v, double e) {
        return new JointDescription(
                name, lo, hi, v, e, "Nm", EnumSet.of(DriverCommandMode.POSITION));
    }

    @Test
    void emptyConfigurationTakesTheDescription() throws Exception {
        LimitResolver r =
                new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, accelerationOnly(), panda());
        assertThat(r.base().get(1))
                .isEqualTo(
                        new JointLimits(
                                "panda_joint4",
                                -3.0718,
                                -0.0698,
                                2.175,
                                10,
                                Double.POSITIVE_INFINITY,
                                87.0,
                                EffortUnit.NEWTON_METRE));
    }

    @Test
    void configurationTightensAndMayNotLoosenTheDescription() throws Exception {
        List<LimitOverride> c = accelerationOnly();
        c.set(1, c.get(1).withMaxVelocityRadPerSec(1.0).withPositionRangeRad(-2.0, Double.NaN));
        LimitResolver r = new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, c, panda());
        assertThat(r.base().get(1).maxVelocityRadPerSec()).isEqualTo(1.0);
        assertThat(r.base().get(1).minPositionRad()).isEqualTo(-2.0);
        assertThat(r.base().get(1).maxPositionRad()).isEqualTo(-0.0698);

        c.set(1, c.get(1).withMaxEffort(100));
        assertThatThrownBy(() -> new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, c, panda()))
                .isInstanceOfSatisfying(
                        LimitLoosenedException.class,
                        e -> {
                            assertThat(e.jointName()).isEqualTo("panda_joint4");
                            assertThat(e.field()).isEqualTo("maxEffort");
                            assertThat(e.requested()).isEqualTo(100.0);
                            assertThat(e.robotLimit()).isEqualTo(87.0);
                        })
                .hasMessage(
                        "joint 'panda_joint4' maxEffort: configured 100.0 loosens 87.0 stated by"
                                + " description panda.urdf joint 'panda_joint4'; configuration may"
                                + " only tighten limits");
    }

    @Test
    void valuesNoSourceStatesAreNamed() {
        assertThatThrownBy(
                        () ->
                                new LimitResolver(
                                        PANDA, EffortUnit.NEWTON_METRE, accelerationOnly(), null))
                .hasMessage(
                        "joint 'panda_joint1' minPositionRad: not configured, and there is no"
                                + " robot description to state it; allowed: configure it (one value for all"
                                + " joints or one per joint) or give a descriptionPath that states"
                                + " it");
        List<LimitOverride> none = List.of(LimitOverride.forJoint("a"));
        assertThatThrownBy(
                        () ->
                                new LimitResolver(
                                        List.of("a"),
                                        EffortUnit.NEWTON_METRE,
                                        List.of(
                                                none.get(0)
                                                        .withPositionRangeRad(-1, 1)
                                                        .withMaxVelocityRadPerSec(1)
                                                        .withMaxEffort(1)),
                                        null))
                .hasMessageContaining("'a' maxAccelerationRadPerSec2: not configured");
    }

    @Test
    void aTighterDriverTightensTheEffectiveLimits() throws Exception {
        LimitResolver r =
                new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, accelerationOnly(), panda());
        List<JointLimits> e =
                r.forDriver(
                        "arm",
                        List.of(
                                joint("panda_joint1", -1, 1, 1.5, 50),
                                joint(
                                        "panda_joint4",
                                        -5,
                                        5,
                                        Double.POSITIVE_INFINITY,
                                        Double.POSITIVE_INFINITY)));
        assertThat(e.get(0).minPositionRad()).isEqualTo(-1);
        assertThat(e.get(0).maxVelocityRadPerSec()).isEqualTo(1.5);
        assertThat(e.get(0).maxEffort()).isEqualTo(50);
        // The driver states nothing tighter for joint 4: the description's values stay.
        assertThat(e.get(1)).isEqualTo(r.base().get(1));
    }

    @Test
    void aDriverThatMakesAConfiguredValueLooseIsRefused() throws Exception {
        List<LimitOverride> c = accelerationOnly();
        c.set(0, c.get(0).withMaxVelocityRadPerSec(2.0));
        LimitResolver r = new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, c, panda());
        assertThatThrownBy(
                        () ->
                                r.forDriver(
                                        "slowarm",
                                        List.of(
                                                joint("panda_joint1", -1, 1, 1.5, 50),
                                                joint("panda_joint4", -3, 0, 3, 90))))
                .isInstanceOf(LimitLoosenedException.class)
                .hasMessage(
                        "joint 'panda_joint1' maxVelocityRadPerSec: configured 2.0 loosens 1.5"
                                + " stated by driver 'slowarm'; configuration may only tighten"
                                + " limits");
    }

    @Test
    void driverMismatchesAreNamed() throws Exception {
        LimitResolver r =
                new LimitResolver(PANDA, EffortUnit.NEWTON_METRE, accelerationOnly(), panda());
        assertThatThrownBy(() -> r.forDriver("x", List.of(joint("panda_joint1", -1, 1, 1, 1))))
                .hasMessage(
                        "driver 'x' joints = [panda_joint1]; allowed: exactly [panda_joint1,"
                                + " panda_joint4] in order");
        assertThatThrownBy(
                        () ->
                                r.forDriver(
                                        "x",
                                        List.of(
                                                joint("panda_joint1", -1, 1, 1, 1),
                                                joint("panda_joint4", 0, 1, 1, 1))))
                .hasMessage(
                        "driver 'x' joint 'panda_joint4' position range [0.0, 1.0] rad; allowed:"
                                + " overlapping the loop's [-3.0718, -0.0698] rad");
        // An effort limit in amperes cannot bound a torque loop: it is not used.
        JointDescription amps =
                new JointDescription(
                        "panda_joint1", -1, 1, 1, 2, "A", EnumSet.of(DriverCommandMode.POSITION));
        assertThat(
                        r.forDriver("x", List.of(amps, joint("panda_joint4", -3, 0, 1, 1)))
                                .get(0)
                                .maxEffort())
                .isEqualTo(87.0);
    }
}
