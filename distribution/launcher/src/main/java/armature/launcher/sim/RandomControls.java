package armature.launcher.sim;

import armature.physics.model.MultibodyModel;
import java.util.SplittableRandom;

/**
 * Random control vectors, each value uniform in its actuator's control range. An actuator without a
 * control range (ctrllimited false) draws from [-1, 1]: the model gives no scale, and a unit range
 * keeps motors and position targets small. One generator per world, split from one seed, so a run's
 * controls do not depend on how the worlds are spread over threads.
 */
final class RandomControls {
    /** The range an actuator without a control range draws from. */
    static final double UNLIMITED_HALF_RANGE = 1.0;

    private final double[] low;
    private final double[] width;
    private final SplittableRandom random;

    RandomControls(MultibodyModel m, SplittableRandom random) {
        this.random = random;
        low = new double[m.nu];
        width = new double[m.nu];
        for (int u = 0; u < m.nu; u++) {
            double lo = -UNLIMITED_HALF_RANGE;
            double hi = UNLIMITED_HALF_RANGE;
            if (m.actCtrlLimited[u]) {
                lo = m.actCtrlRange[2 * u];
                hi = m.actCtrlRange[2 * u + 1];
            }
            low[u] = lo;
            width[u] = hi - lo;
        }
    }

    /** Fills {@code ctrl} (length nu) with the next draw. */
    void next(double[] ctrl) {
        for (int u = 0; u < low.length; u++) {
            ctrl[u] = low[u] + width[u] * random.nextDouble();
        }
    }
}
