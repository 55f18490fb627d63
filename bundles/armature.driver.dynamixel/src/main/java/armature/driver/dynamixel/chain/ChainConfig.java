package armature.driver.dynamixel.chain;

import armature.driver.dynamixel.controltable.BaudRate;
import armature.driver.dynamixel.serial.BusTiming;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Dynamixel bus: the device, its line settings and the joints on it in the order the caller's
 * arrays use.
 *
 * @param portPath serial device, e.g. /dev/ttyUSB0
 * @param baudRate bits per second, one an X-series servo supports
 * @param returnDelayMicros the servos' configured Return Delay Time (0..508, even)
 * @param hostLatencyMicros per-transaction allowance for adapter/OS latency (0..1000000)
 * @param statusReturnLevel the servos' Status Return Level: 0 ping only, 1 ping+read, 2 all
 * @param reopenIntervalMillis minimum time between attempts to reopen a lost port (1..60000)
 * @param joints at least one joint; ids and names unique
 */
public record ChainConfig(
        String portPath,
        int baudRate,
        int returnDelayMicros,
        int hostLatencyMicros,
        int statusReturnLevel,
        int reopenIntervalMillis,
        List<JointConfig> joints) {

    public ChainConfig {
        if (portPath == null || portPath.isBlank()) {
            throw new IllegalArgumentException(
                    "portPath must not be blank, got '" + portPath + "'");
        }
        BaudRate.ofBitsPerSecond(baudRate);
        if (returnDelayMicros < 0 || returnDelayMicros > 508 || returnDelayMicros % 2 != 0) {
            throw new IllegalArgumentException(
                    "returnDelayMicros=" + returnDelayMicros + " must be even and within 0..508");
        }
        if (statusReturnLevel < 0 || statusReturnLevel > 2) {
            throw new IllegalArgumentException(
                    "statusReturnLevel=" + statusReturnLevel + " is outside 0..2");
        }
        if (reopenIntervalMillis < 1 || reopenIntervalMillis > 60_000) {
            throw new IllegalArgumentException(
                    "reopenIntervalMillis=" + reopenIntervalMillis + " is outside 1..60000");
        }
        if (joints == null || joints.isEmpty()) {
            throw new IllegalArgumentException("joints must name at least one joint, got none");
        }
        joints = List.copyOf(joints);
        Set<Integer> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (JointConfig j : joints) {
            if (!ids.add(j.id())) {
                throw new IllegalArgumentException(
                        "joint '" + j.name() + "' id=" + j.id() + " is used by another joint");
            }
            if (!names.add(j.name())) {
                throw new IllegalArgumentException("joint name '" + j.name() + "' appears twice");
            }
        }
        new BusTiming(baudRate, returnDelayMicros, hostLatencyMicros); // validates the rest
    }

    /**
     * Defaults for a LEAP-hand-like bus: return delay 0, 5 ms host allowance, full status returns.
     */
    public static ChainConfig of(String portPath, int baudRate, List<JointConfig> joints) {
        return new ChainConfig(portPath, baudRate, 0, 5_000, 2, 500, joints);
    }

    public BusTiming timing() {
        return new BusTiming(baudRate, returnDelayMicros, hostLatencyMicros);
    }

    public int[] ids() {
        return joints.stream().mapToInt(JointConfig::id).toArray();
    }
}
