package armature.robot.model;

import armature.robot.model.geometry.Vec3;
import java.util.Map;

/**
 * Simulation options from MJCF {@code <option>} (URDF files get the defaults).
 *
 * @param timestepSeconds integration step, &gt; 0 (MuJoCo default 0.002)
 * @param gravityMPerSec2 gravitational acceleration in world coordinates (default 0 0 -9.81)
 * @param iterations maximum constraint solver iterations, &gt; 0 (default 100)
 * @param integrator integrator name as written, for example {@code Euler}, {@code RK4}, {@code
 *     implicitfast} (default {@code Euler})
 * @param flags {@code <flag>} attributes as written (for example {@code warmstart=enable})
 */
public record Options(
        double timestepSeconds,
        Vec3 gravityMPerSec2,
        int iterations,
        String integrator,
        Map<String, String> flags) {

    /** Validates ranges and copies the map. */
    public Options {
        if (!(timestepSeconds > 0) || !Double.isFinite(timestepSeconds)) {
            throw new IllegalArgumentException(
                    "timestepSeconds must be finite and > 0, got " + timestepSeconds);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        flags = Map.copyOf(flags);
    }

    /**
     * @return MuJoCo's defaults
     */
    public static Options defaults() {
        return new Options(0.002, new Vec3(0, 0, -9.81), 100, "Euler", Map.of());
    }
}
