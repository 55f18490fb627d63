package armature.safety.shaping;

/**
 * First-order low-pass filter with a time constant, discretised exactly for a variable step: {@code
 * y += (1 - exp(-dt/tau)) (x - y)}. An exponential moving average with factor {@code alpha} is the
 * same filter at a fixed step with {@code tau = -dt / ln(1 - alpha)}; the time-constant form is
 * used because it stays correct when the control period jitters. A time constant of zero passes the
 * input through.
 */
public final class LowPassFilter {
    private final double timeConstantSeconds;
    private double value;

    public LowPassFilter(double timeConstantSeconds) {
        if (!(timeConstantSeconds >= 0) || !Double.isFinite(timeConstantSeconds)) {
            throw new IllegalArgumentException(
                    "timeConstantSeconds = " + timeConstantSeconds + "; allowed: [0, +inf)");
        }
        this.timeConstantSeconds = timeConstantSeconds;
    }

    public void reset(double value) {
        this.value = value;
    }

    public double step(double input, double dtSeconds) {
        if (timeConstantSeconds == 0) {
            value = input;
        } else if (dtSeconds > 0) {
            value += (1 - Math.exp(-dtSeconds / timeConstantSeconds)) * (input - value);
        }
        return value;
    }

    public double value() {
        return value;
    }
}
