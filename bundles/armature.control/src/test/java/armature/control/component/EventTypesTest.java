package armature.control.component;

import static org.assertj.core.api.Assertions.assertThat;

import armature.control.api.ControlEventType;
import armature.safety.SafetyEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published event types ({@link ControlEventType}) are exactly the supervisor's plus the
 * loop's.
 */
class EventTypesTest {
    @Test
    void controlEventTypesAreTheSupervisorsAndTheLoopsOwn() {
        Set<String> supervisor = names(SafetyEvent.Type.values());
        Set<String> loop = names(LoopEvent.values());
        assertThat(supervisor)
                .as("no type is both the supervisor's and the loop's")
                .doesNotContainAnyElementsOf(loop);
        Set<String> both = new HashSet<>(supervisor);
        both.addAll(loop);
        assertThat(names(ControlEventType.values())).isEqualTo(both);
        for (LoopEvent e : LoopEvent.values()) {
            assertThat(e.type().name()).isEqualTo(e.name());
        }
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
    }
}
