package armature.safety.wear;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the wear of one joint from measured samples. Not thread-safe; {@link #update}
 * allocates nothing.
 *
 * <p>Reversals and travel use a hysteresis tracker: the joint's motion is a sequence of confirmed
 * turning points; a new turning point is confirmed only once the joint has moved back by more than
 * the hysteresis from the running extreme. Travel is the sum of distances between turning points
 * plus the current partial stroke, so noise smaller than the hysteresis adds neither reversals nor
 * travel. A sine of amplitude {@code a > h} over {@code n} full periods therefore yields {@code 2n}
 * reversals and {@code 4 a n} travel.
 */
public final class WearMeter {
    private final String jointName;
    private final double maxEffort;
    private final double[] thresholdFractions;
    private final double hysteresisRad;

    private final double[] secondsAbove;
    private double peakAbsVelocityRadPerSec;
    private long directionReversals;
    private long overTemperatureEvents;
    private double completedTravelRad;
    private double poweredSeconds;

    private boolean tracking;
    private int direction; // +1, -1, or 0 before the first stroke is confirmed
    private double anchorRad; // last confirmed turning point (or first sample)
    private double extremeRad; // running extreme of the current stroke

    /**
     * @param initial counters to continue from (e.g. loaded from disk); thresholds not in {@code
     *     thresholdFractions} are dropped
     */
    public WearMeter(
            String jointName,
            double maxEffort,
            double[] thresholdFractions,
            double hysteresisRad,
            JointWear initial) {
        this.jointName = jointName;
        this.maxEffort = maxEffort;
        this.thresholdFractions = thresholdFractions.clone();
        this.hysteresisRad = hysteresisRad;
        this.secondsAbove = new double[thresholdFractions.length];
        for (int i = 0; i < thresholdFractions.length; i++) {
            secondsAbove[i] = initial.secondsAbove(thresholdFractions[i]);
        }
        peakAbsVelocityRadPerSec = initial.peakAbsVelocityRadPerSec();
        directionReversals = initial.directionReversals();
        overTemperatureEvents = initial.overTemperatureEvents();
        completedTravelRad = initial.totalTravelRad();
        poweredSeconds = initial.poweredSeconds();
    }

    /**
     * Adds one sample. {@code NaN} values are skipped individually; {@code dtSeconds} is the time
     * since the previous sample.
     */
    public void update(
            double positionRad,
            double velocityRadPerSec,
            double effort,
            double dtSeconds,
            boolean powered) {
        if (dtSeconds > 0) {
            if (powered) {
                poweredSeconds += dtSeconds;
            }
            if (!Double.isNaN(effort)) {
                double fraction = Math.abs(effort) / maxEffort;
                for (int i = 0; i < thresholdFractions.length; i++) {
                    if (fraction >= thresholdFractions[i]) {
                        secondsAbove[i] += dtSeconds;
                    }
                }
            }
        }
        if (Double.isFinite(velocityRadPerSec)) {
            peakAbsVelocityRadPerSec =
                    Math.max(peakAbsVelocityRadPerSec, Math.abs(velocityRadPerSec));
        }
        if (Double.isFinite(positionRad)) {
            track(positionRad);
        }
    }

    private void track(double p) {
        if (!tracking) {
            tracking = true;
            anchorRad = p;
            extremeRad = p;
            return;
        }
        if (direction == 0) {
            if (Math.abs(p - anchorRad) > hysteresisRad) {
                direction = p > anchorRad ? 1 : -1;
                extremeRad = p;
            }
            return;
        }
        if (direction * (p - extremeRad) > 0) {
            extremeRad = p;
        } else if (direction * (extremeRad - p) > hysteresisRad) {
            directionReversals++;
            completedTravelRad += Math.abs(extremeRad - anchorRad);
            anchorRad = extremeRad;
            extremeRad = p;
            direction = -direction;
        }
    }

    /** Counts one crossing of the thermal warning level. */
    public void countOverTemperature() {
        overTemperatureEvents++;
    }

    public String jointName() {
        return jointName;
    }

    /** Travel so far including the stroke in progress. */
    public double totalTravelRad() {
        return completedTravelRad + (direction == 0 ? 0.0 : Math.abs(extremeRad - anchorRad));
    }

    public long directionReversals() {
        return directionReversals;
    }

    public JointWear snapshot() {
        List<ThresholdTime> times = new ArrayList<>(thresholdFractions.length);
        for (int i = 0; i < thresholdFractions.length; i++) {
            times.add(new ThresholdTime(thresholdFractions[i], secondsAbove[i]));
        }
        return new JointWear(
                jointName,
                times,
                peakAbsVelocityRadPerSec,
                directionReversals,
                overTemperatureEvents,
                totalTravelRad(),
                poweredSeconds);
    }
}
