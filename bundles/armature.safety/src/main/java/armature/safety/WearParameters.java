package armature.safety;

import java.util.Arrays;

/**
 * Wear accounting parameters.
 *
 * @param effortThresholdFractions fractions of each joint's max effort above which time is
 *     accumulated, ascending, each in (0, 1]
 * @param reversalHysteresisRad a direction reversal counts only after the joint moved back this far
 *     from its last extreme, so sensor noise does not count as wear
 */
public record WearParameters(double[] effortThresholdFractions, double reversalHysteresisRad) {

    public WearParameters {
        effortThresholdFractions = effortThresholdFractions.clone();
        double previous = 0;
        for (int i = 0; i < effortThresholdFractions.length; i++) {
            double f = effortThresholdFractions[i];
            Checks.inRange(
                    "wear.effortThresholdFractions[" + i + "]", f, Math.nextUp(previous), 1.0);
            previous = f;
        }
        Checks.positive("wear.reversalHysteresisRad", reversalHysteresisRad);
    }

    /** Time above 50 % and 80 % of max effort; 0.01 rad reversal hysteresis. */
    public static WearParameters defaults() {
        return new WearParameters(new double[] {0.5, 0.8}, 0.01);
    }

    @Override
    public double[] effortThresholdFractions() {
        return effortThresholdFractions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WearParameters w
                && Arrays.equals(effortThresholdFractions, w.effortThresholdFractions)
                && reversalHysteresisRad == w.reversalHysteresisRad;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(effortThresholdFractions)
                + Double.hashCode(reversalHysteresisRad);
    }

    @Override
    public String toString() {
        return "WearParameters[effortThresholdFractions="
                + Arrays.toString(effortThresholdFractions)
                + ", reversalHysteresisRad="
                + reversalHysteresisRad
                + "]";
    }
}
