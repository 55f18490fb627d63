package armature.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandValidationTest {

    static Stream<Arguments> badCommands() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                Arguments.of(
                        CommandMode.POSITION,
                        new double[] {0, 0.5, nan},
                        "values[2] (joint 'ffj2')",
                        "[-0.28, 1.59] rad"),
                Arguments.of(
                        CommandMode.POSITION,
                        new double[] {inf, 0.5, 0},
                        "values[0] (joint 'ffj0')",
                        "[-0.37, 0.37] rad"),
                Arguments.of(
                        CommandMode.POSITION,
                        new double[] {0, -inf, 0},
                        "values[1] (joint 'ffj1')",
                        "[-0.02, 1.59] rad"),
                Arguments.of(
                        CommandMode.POSITION,
                        new double[] {0, 0.5, 1.60},
                        "values[2] (joint 'ffj2')",
                        "[-0.28, 1.59] rad"),
                Arguments.of(
                        CommandMode.VELOCITY,
                        new double[] {0, 3.2, 0},
                        "values[1] (joint 'ffj1')",
                        "[-3.15, 3.15] rad/s"),
                Arguments.of(
                        CommandMode.EFFORT,
                        new double[] {0, 0, -1.3},
                        "values[2] (joint 'ffj2')",
                        "[-1.26, 1.26] A"),
                Arguments.of(
                        CommandMode.EFFORT,
                        new double[] {0.6, 0, 0},
                        "values[0] (joint 'ffj0')",
                        "[-0.525, 0.525] Nm"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("badCommands")
    void rejectionNamesFieldValueAndRangeAndTheRobotHolds(
            CommandMode mode, double[] values, String field, String roundedRange) {
        Rig rig = new Rig();
        rig.activate(0);
        Output out =
                rig.tickAtMs(
                        10,
                        new Command(
                                Command.IN_PROCESS,
                                1,
                                ++rig.sequence,
                                mode,
                                values,
                                Command.NO_EXPIRY));

        SafetyEvent rejection = out.events().get(0);
        assertThat(rejection.type()).isEqualTo(SafetyEvent.Type.COMMAND_REJECTED);
        assertThat(rejection.field()).isEqualTo(field);
        int index = Integer.parseInt(field.substring(7, 8));
        assertThat(Double.valueOf(rejection.value())).isEqualTo(Double.valueOf(values[index]));
        assertThat(rejection.message())
                .contains(field)
                .contains(String.valueOf(values[index]))
                .contains("allowed");
        assertThat(roundedRange(rejection.allowedRange())).isEqualTo(roundedRange);
        assertThat(Rig.types(out)).contains(SafetyEvent.Type.ENTERED_HOLDING);
        assertThat(out.watchdogState()).isEqualTo(WatchdogState.HOLDING);
        assertThat(out.kind()).isEqualTo(OutputKind.POSITION);
        assertThat(rig.supervisor.statistics().rejectedInvalid()).isEqualTo(1);
        assertThat(rig.supervisor.statistics().commandsApplied()).isEqualTo(1);
    }

    /** "[-0.37, 0.37] rad" style: bounds rounded to what a person would write. */
    private static String roundedRange(String allowed) {
        String[] parts = allowed.substring(1).split("[,\\]] ?");
        double lo = Double.parseDouble(parts[0].trim());
        double hi = Double.parseDouble(parts[1].trim());
        String unit = allowed.substring(allowed.indexOf(']') + 2);
        return "[" + fmt(lo) + ", " + fmt(hi) + "] " + unit;
    }

    private static String fmt(double v) {
        String s = String.valueOf(Math.round(v * 1000) / 1000.0);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Test
    void wrongLengthNamesTheLength() {
        Rig rig = new Rig();
        Output out = rig.tickAtMs(0, rig.position(0, 0.5));
        SafetyEvent e = out.events().get(0);
        assertThat(e.type()).isEqualTo(SafetyEvent.Type.COMMAND_REJECTED);
        assertThat(e.field()).isEqualTo("values.length");
        assertThat(e.value()).isEqualTo(2);
        assertThat(e.allowedRange()).isEqualTo("exactly 3 (one per joint)");
        assertThat(out.kind()).isEqualTo(OutputKind.TORQUE_OFF);
    }

    @Test
    void unknownModeAndMissingValuesAreNamed() {
        Rig rig = new Rig();
        Output out =
                rig.tickAtMs(
                        0,
                        new Command(
                                Command.IN_PROCESS, 1, 1, null, new double[3], Command.NO_EXPIRY));
        assertThat(out.events().get(0).field()).isEqualTo("mode");
        assertThat(out.events().get(0).message()).contains("mode = unknown");
        out =
                rig.tickAtMs(
                        1,
                        new Command(
                                Command.IN_PROCESS,
                                1,
                                2,
                                CommandMode.POSITION,
                                null,
                                Command.NO_EXPIRY));
        assertThat(out.events().get(0).field()).isEqualTo("values");
        assertThat(rig.supervisor.statistics().rejectedInvalid()).isEqualTo(2);
    }

    @Test
    void slightlyBeyondALimitIsClampedNotRejected() {
        Rig rig = new Rig();
        rig.activate(0);
        // 0.01 rad past ffj0's max, inside the 0.02 rad tolerance.
        Output out = rig.tickAtMs(1, rig.position(0.36, 0.5, 0.2));
        assertThat(Rig.types(out)).doesNotContain(SafetyEvent.Type.COMMAND_REJECTED);
        for (int k = 2; k < 1000; k++) {
            out = rig.tickAtMs(k, k % 50 == 0 ? rig.position(0.36, 0.5, 0.2) : null);
            assertThat(out.positionRad(0)).isLessThanOrEqualTo(0.35);
        }
        assertThat(out.positionRad(0)).isEqualTo(0.35);
    }
}
