package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JointMoverTest {
    /** A driver without readings reports NaN: `joint set` must not call that target reached. */
    @Test
    void aJointWithoutAMeasurementIsNeverWithinTolerance() {
        assertThat(JointMover.within(0.2005, 0.2, 0.001)).isTrue();
        assertThat(JointMover.within(0.21, 0.2, 0.001)).isFalse();
        assertThat(JointMover.within(Double.NaN, 0.2, 0.001)).isFalse();
        assertThat(JointMover.within(Double.POSITIVE_INFINITY, 0.2, 0.001)).isFalse();
    }

    @Test
    void aTargetNoJointReachesIsPrintedShort() {
        assertThat(JointMover.rad(0.25)).isEqualTo("0.2500");
        assertThat(JointMover.rad(1e308)).isEqualTo("1.000e+308");
        assertThat(JointMover.rad(Double.NaN)).isEqualTo("NaN");
    }
}
