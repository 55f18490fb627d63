package armature.control.component;

import armature.driver.api.JointDriver;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which loop drives which driver in this container: one loop per driver. Two loops whose {@code
 * driver.target} match the same driver would otherwise both command it, and the second moved the
 * hand while the first one's e-stop was latched. The first loop to attach a driver holds it until
 * it detaches; another is refused, naming the holder.
 */
final class DriverClaims {
    private static final Map<JointDriver, String> HOLDERS = new IdentityHashMap<>();

    private DriverClaims() {}

    /**
     * Claims {@code driver} for {@code loop}; returns the loop that holds it, or null if now ours.
     */
    static synchronized String claim(JointDriver driver, String loop) {
        String holder = HOLDERS.putIfAbsent(driver, loop);
        return holder == null || holder.equals(loop) ? null : holder;
    }

    /** Gives {@code driver} up if {@code loop} holds it. */
    static synchronized void release(JointDriver driver, String loop) {
        HOLDERS.remove(driver, loop);
    }
}
