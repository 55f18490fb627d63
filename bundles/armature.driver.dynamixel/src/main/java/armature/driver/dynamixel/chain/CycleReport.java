package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.HardwareError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What happened during one chain call.
 *
 * @param portOpen whether the port was usable at the end of the call
 * @param missingIds servo ids whose data is not in the caller's arrays this cycle (their entries
 *     are NaN)
 * @param hardwareErrors servos whose Hardware Error Status (read with the state every cycle) is not
 *     zero, decoded
 * @param events everything noteworthy, in order
 */
public record CycleReport(
        boolean portOpen,
        List<Integer> missingIds,
        Map<Integer, Set<HardwareError>> hardwareErrors,
        List<BusEvent> events) {

    public CycleReport {
        missingIds = List.copyOf(missingIds);
        hardwareErrors = Map.copyOf(hardwareErrors);
        events = List.copyOf(events);
    }

    /** True when every servo delivered data, no servo flags a hardware error and the port is up. */
    public boolean ok() {
        return portOpen && missingIds.isEmpty() && hardwareErrors.isEmpty();
    }

    public boolean has(BusEvent.Kind kind) {
        return events.stream().anyMatch(e -> e.kind() == kind);
    }
}
