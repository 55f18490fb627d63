package armature.sim.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine a simulated robot runs on: chosen by name among the registered ones. */
class EngineChoiceTest {
    private final Object reference = new Object();
    private final Object opencl = new Object();

    @Test
    void theConfiguredEngineStartsWhenItIsRegisteredAndNotBefore() {
        EngineChoice<Object> c = new EngineChoice<>("opencl");
        c.added("reference", reference);
        assertThat(c.toStart()).isNull();
        assertThat(c.running()).isFalse();
        assertThat(c.waiting("hand"))
                .isEqualTo(
                        "sim 'hand' waits for physics engine 'opencl' (configuration property"
                                + " engine); registered engines: [reference]");

        c.added("opencl", opencl);
        assertThat(c.toStart()).isSameAs(opencl);
        assertThat(c.running()).isTrue();
        // already running: nothing more to start
        assertThat(c.toStart()).isNull();
    }

    @Test
    void onlyTheEngineInUseLeavingStopsTheRobot() {
        EngineChoice<Object> c = new EngineChoice<>("reference");
        c.added("reference", reference);
        c.added("opencl", opencl);
        assertThat(c.toStart()).isSameAs(reference);

        assertThat(c.removed("opencl", opencl)).isFalse();
        assertThat(c.running()).isTrue();
        assertThat(c.removed("reference", reference)).isTrue();
        assertThat(c.running()).isFalse();
        assertThat(c.registeredNames()).isEmpty();

        Object again = new Object();
        c.added("reference", again);
        assertThat(c.toStart()).isSameAs(again);
    }

    @Test
    void aFailedStartLeavesNothingInUse() {
        EngineChoice<Object> c = new EngineChoice<>("reference");
        c.added("reference", reference);
        assertThat(c.toStart()).isSameAs(reference);
        c.startFailed();
        assertThat(c.running()).isFalse();
    }

    @Test
    void theNameComesFromTheServiceProperty() {
        assertThat(EngineChoice.nameOf(Map.of("physics.engine", "reference")))
                .isEqualTo("reference");
        assertThat(EngineChoice.nameOf(Map.of())).isEmpty();
    }

    @Test
    void aBadEngineNameIsRejectedNamingTheProperty() {
        assertThat(SimComponent.engineName(" reference ")).isEqualTo("reference");
        assertThatThrownBy(() -> SimComponent.engineName("a b"))
                .hasMessageContaining("engine = 'a b'")
                .hasMessageContaining("allowed:");
        assertThatThrownBy(() -> SimComponent.engineName("")).hasMessageContaining("engine = ''");
    }
}
