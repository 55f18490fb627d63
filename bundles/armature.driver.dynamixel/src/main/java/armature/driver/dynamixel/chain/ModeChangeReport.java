package armature.driver.dynamixel.chain;

import java.util.List;
import java.util.Map;

/**
 * Outcome of {@link DynamixelChain#setOperatingMode}.
 *
 * @param portOpen whether the port was usable at the end
 * @param switched ids that changed mode (servos already in the mode are not listed)
 * @param failures id to one sentence naming the failed step, its cause and how the servo was left
 * @param events everything noteworthy on the bus, in order
 */
public record ModeChangeReport(
        boolean portOpen,
        List<Integer> switched,
        Map<Integer, String> failures,
        List<BusEvent> events) {

    public ModeChangeReport {
        switched = List.copyOf(switched);
        failures = Map.copyOf(failures);
        events = List.copyOf(events);
    }

    public boolean ok() {
        return portOpen && failures.isEmpty();
    }

    public boolean has(BusEvent.Kind kind) {
        return events.stream().anyMatch(e -> e.kind() == kind);
    }
}
