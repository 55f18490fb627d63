package armature.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a command's uncertainty scales every joint's velocity limit down: a piecewise-linear
 * curve through points {@code uncertainty:scale}, written {@code "0.05:1 0.2:0.25 0.4:0.1"}. At or
 * below the first point the scale is the first point's; between two points it is interpolated
 * linearly; beyond the last point it stays at the last point's scale, the <b>floor</b>. Uncertainty
 * rises strictly from point to point, scales lie in (0, 1] and never rise, so more uncertainty
 * never means more speed. An empty curve ({@link #OFF}) scales nothing.
 *
 * <p>The curve's points split uncertainty into <b>bands</b>: band 0 is at most the first point,
 * band {@code k} lies between point {@code k-1} (exclusive) and point {@code k} (inclusive), band
 * {@code n} (for {@code n} points) lies above the last. Operators see the band in force and an
 * event when it changes.
 *
 * <p>Immutable; {@link #scale} and {@link #band} allocate nothing.
 */
public final class UncertaintyCurve {
    /** The default points; see docs/control.md and ADR 0093 for why these. */
    public static final String DEFAULT_POINTS = "0.05:1 0.2:0.25 0.4:0.1";

    /** The curve that scales nothing (configured as an empty string). */
    public static final UncertaintyCurve OFF = new UncertaintyCurve(new double[0], new double[0]);

    private final double[] uncertainty;
    private final double[] scale;

    private UncertaintyCurve(double[] uncertainty, double[] scale) {
        this.uncertainty = uncertainty;
        this.scale = scale;
    }

    /** The curve of {@link #DEFAULT_POINTS}. */
    public static UncertaintyCurve defaults() {
        return parse("uncertaintyVelocityScale", DEFAULT_POINTS);
    }

    /**
     * Reads {@code "u:s u:s ..."} (points separated by blanks or commas); empty or blank is {@link
     * #OFF}.
     *
     * @param field the configuration key, named in every error
     * @throws IllegalArgumentException naming the field, the point and what is allowed
     */
    public static UncertaintyCurve parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return OFF;
        }
        List<double[]> points = new ArrayList<>();
        for (String token : text.trim().split("[\\s,]+")) {
            int colon = token.indexOf(':');
            if (colon <= 0 || colon == token.length() - 1) {
                throw new IllegalArgumentException(
                        field
                                + " point '"
                                + token
                                + "'; allowed: uncertainty:scale, e.g. 0.2:0.25 (in '"
                                + text
                                + "')");
            }
            points.add(
                    new double[] {
                        number(field, token, token.substring(0, colon)),
                        number(field, token, token.substring(colon + 1))
                    });
        }
        double[] u = new double[points.size()];
        double[] s = new double[points.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = points.get(i)[0];
            s[i] = points.get(i)[1];
        }
        return of(field, u, s);
    }

    private static double number(String field, String token, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    field
                            + " point '"
                            + token
                            + "': '"
                            + text
                            + "' is not a number; allowed: uncertainty:scale, e.g. 0.2:0.25");
        }
    }

    /**
     * A curve through the points {@code (uncertainty[i], scale[i])}.
     *
     * @throws IllegalArgumentException naming the field and the first point that breaks a rule:
     *     uncertainty finite, {@code >= 0} and strictly rising; scale in (0, 1] and never rising
     */
    public static UncertaintyCurve of(String field, double[] uncertainty, double[] scale) {
        if (uncertainty.length != scale.length) {
            throw new IllegalArgumentException(
                    field
                            + " has "
                            + uncertainty.length
                            + " uncertainties and "
                            + scale.length
                            + " scales; allowed: one scale per uncertainty");
        }
        for (int i = 0; i < uncertainty.length; i++) {
            String point =
                    field + " point " + (i + 1) + " (" + uncertainty[i] + ":" + scale[i] + ")";
            if (!(uncertainty[i] >= 0) || Double.isInfinite(uncertainty[i])) {
                throw new IllegalArgumentException(
                        point + ": uncertainty " + uncertainty[i] + "; allowed: finite, >= 0");
            }
            if (!(scale[i] > 0 && scale[i] <= 1)) {
                throw new IllegalArgumentException(
                        point
                                + ": scale "
                                + scale[i]
                                + "; allowed: (0, 1], a fraction of the velocity limit (0 would"
                                + " stop the joints: use a hold or the e-stop for that)");
            }
            if (i > 0 && !(uncertainty[i] > uncertainty[i - 1])) {
                throw new IllegalArgumentException(
                        point
                                + ": uncertainty "
                                + uncertainty[i]
                                + "; allowed: above the previous point's "
                                + uncertainty[i - 1]
                                + " (points in rising order of uncertainty)");
            }
            if (i > 0 && scale[i] > scale[i - 1]) {
                throw new IllegalArgumentException(
                        point
                                + ": scale "
                                + scale[i]
                                + "; allowed: at most the previous point's "
                                + scale[i - 1]
                                + " (more uncertainty must never allow more speed)");
            }
        }
        return uncertainty.length == 0
                ? OFF
                : new UncertaintyCurve(uncertainty.clone(), scale.clone());
    }

    /** Whether this curve scales nothing. */
    public boolean isOff() {
        return uncertainty.length == 0;
    }

    /**
     * The velocity-limit scale for {@code u} in (0, 1]; 1 for the {@link #OFF} curve.
     *
     * @param u a finite uncertainty {@code >= 0}
     */
    public double scale(double u) {
        int n = uncertainty.length;
        if (n == 0) {
            return 1.0;
        }
        if (!(u > uncertainty[0])) {
            return scale[0];
        }
        for (int i = 1; i < n; i++) {
            if (u <= uncertainty[i]) {
                double f = (u - uncertainty[i - 1]) / (uncertainty[i] - uncertainty[i - 1]);
                return scale[i - 1] + f * (scale[i] - scale[i - 1]);
            }
        }
        return scale[n - 1];
    }

    /** The most cautious scale: the last point's, 1 for the {@link #OFF} curve. */
    public double floorScale() {
        return uncertainty.length == 0 ? 1.0 : scale[uncertainty.length - 1];
    }

    /** The band {@code u} falls in, 0 to {@link #bands()} - 1 (see the class comment). */
    public int band(double u) {
        int n = uncertainty.length;
        for (int i = 0; i < n; i++) {
            if (!(u > uncertainty[i])) {
                return i;
            }
        }
        return n;
    }

    /** Number of bands: one more than the points (1 for the {@link #OFF} curve). */
    public int bands() {
        return uncertainty.length + 1;
    }

    /** A band in words, e.g. {@code "uncertainty 0.05 to 0.2"}; what events and documents say. */
    public String bandLabel(int band) {
        int n = uncertainty.length;
        if (band < 0 || band > n) {
            throw new IllegalArgumentException("band = " + band + "; allowed: [0, " + n + "]");
        }
        if (n == 0) {
            return "any uncertainty (the curve is off)";
        }
        if (band == 0) {
            return "uncertainty at most " + text(uncertainty[0]);
        }
        if (band == n) {
            return "uncertainty above " + text(uncertainty[n - 1]);
        }
        return "uncertainty " + text(uncertainty[band - 1]) + " to " + text(uncertainty[band]);
    }

    /** The points as configured, {@code "u:s u:s"}; empty for {@link #OFF}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < uncertainty.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(text(uncertainty[i])).append(':').append(text(scale[i]));
        }
        return b.toString();
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9
                ? Long.toString((long) v)
                : Double.toString(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UncertaintyCurve c
                && java.util.Arrays.equals(uncertainty, c.uncertainty)
                && java.util.Arrays.equals(scale, c.scale);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(uncertainty) + java.util.Arrays.hashCode(scale);
    }
}
