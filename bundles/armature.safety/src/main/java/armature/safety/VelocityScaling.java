package armature.safety;

import armature.control.api.CommandContract;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The velocity scale in force and why (ADR 0093). Each applied command sets it: a command with an
 * uncertainty gets the {@link UncertaintyCurve}'s scale; a command without one gets 1, unless its
 * sender sent an uncertainty earlier in the same unbroken stream, in which case it gets the curve's
 * floor (a measure that went missing is read as "most unsure", never as "sure"). The stream ends
 * when the watchdog leaves ACTIVE or a new epoch begins; then every sender starts unmeasured again
 * and the scale is 1.
 *
 * <p>The band in force is reported by a {@link SafetyEvent.Type#VELOCITY_SCALE_BAND} event when it
 * changes, at most once per {@link #BAND_EVENT_INTERVAL_NANOS}: an uncertainty that hovers at a
 * band edge must not flood the events topic; the event then names the band in force when it goes
 * out.
 *
 * <p>Used under the supervisor's lock; allocates only for events.
 */
final class VelocityScaling {
    /** The followed command carries no uncertainty (or nothing is followed): scale 1. */
    static final int NONE = -1;

    /** A sender that sent an uncertainty in this stream left it out: the curve's floor. */
    static final int MISSING = -2;

    /** Band events at most this often. */
    static final long BAND_EVENT_INTERVAL_NANOS = 1_000_000_000L;

    private final UncertaintyCurve curve;
    // Senders that sent an uncertainty in the current stream; a linear scan, as in SenderFloors.
    private final String[] measuring = new String[CommandContract.MAX_SENDERS_PER_EPOCH];
    private final boolean[] missingReported = new boolean[CommandContract.MAX_SENDERS_PER_EPOCH];
    private int measuringCount;

    private double scale = 1.0;
    private double uncertainty = Double.NaN;
    private String sender;
    private int band = NONE;

    private int reportedBand = NONE;
    private String reportedSender;
    private long lastBandEventNanos;
    private boolean bandEventSent;

    private long commandsWithUncertainty;
    private long commandsScaled;
    private long uncertaintyMissing;

    VelocityScaling(UncertaintyCurve curve) {
        this.curve = curve;
    }

    /**
     * The scale for a command that was just applied; adds an {@link
     * SafetyEvent.Type#UNCERTAINTY_MISSING} event the first time a measuring sender leaves the
     * uncertainty out.
     */
    double applied(long now, Command c, List<SafetyEvent> events) {
        int i = indexOf(c.sender());
        sender = c.sender();
        if (c.hasUncertainty()) {
            commandsWithUncertainty++;
            if (i >= 0) {
                missingReported[i] = false;
            } else if (measuringCount < measuring.length) {
                measuring[measuringCount++] = c.sender();
            }
            uncertainty = c.uncertainty();
            scale = curve.scale(uncertainty);
            band = curve.isOff() ? NONE : curve.band(uncertainty); // off: nothing to report
        } else if (i >= 0 && !curve.isOff()) {
            uncertaintyMissing++;
            uncertainty = Double.NaN;
            scale = curve.floorScale();
            band = MISSING;
            if (!missingReported[i]) {
                missingReported[i] = true;
                events.add(
                        new SafetyEvent(
                                now,
                                SafetyEvent.Type.UNCERTAINTY_MISSING,
                                c.sender(),
                                scale,
                                "an armature-uncertainty on every command of the stream",
                                "sender '"
                                        + c.sender()
                                        + "' sent armature-uncertainty earlier in this stream"
                                        + " but not with sequence "
                                        + Long.toUnsignedString(c.sequence())
                                        + "; velocity limits at the curve's floor "
                                        + percent(scale)
                                        + " until it sends one again or its stream ends"));
            }
        } else {
            uncertainty = Double.NaN;
            scale = 1.0;
            band = NONE;
        }
        if (scale < 1.0) {
            commandsScaled++;
        }
        return scale;
    }

    /** The watchdog left ACTIVE or a new epoch began: nobody is measuring, the scale is 1. */
    void streamEnded() {
        Arrays.fill(measuring, 0, measuringCount, null);
        Arrays.fill(missingReported, false);
        measuringCount = 0;
        scale = 1.0;
        uncertainty = Double.NaN;
        sender = null;
        band = NONE;
    }

    /** Once per tick: a band event when the band changed and the last one is old enough. */
    void poll(long now, List<SafetyEvent> events) {
        if (band == reportedBand
                || (bandEventSent && now - lastBandEventNanos < BAND_EVENT_INTERVAL_NANOS)) {
            return;
        }
        reportedBand = band;
        reportedSender = band == NONE ? null : sender;
        lastBandEventNanos = now;
        bandEventSent = true;
        events.add(
                new SafetyEvent(
                        now,
                        SafetyEvent.Type.VELOCITY_SCALE_BAND,
                        reportedSender,
                        scale,
                        null,
                        bandMessage()));
    }

    private String bandMessage() {
        String limits = "velocity limits at " + percent(scale) + " of the configured ones";
        return switch (band) {
            case NONE ->
                    limits
                            + (sender == null
                                    ? ": no command is followed"
                                    : ": the command of '" + sender + "' carries no uncertainty");
            case MISSING ->
                    limits
                            + " (the curve's floor): '"
                            + sender
                            + "' left out armature-uncertainty, which it sent earlier in this stream";
            default ->
                    limits
                            + String.format(
                                    Locale.ROOT,
                                    ": uncertainty %.3g from '%s' is in the band '%s' of the curve %s",
                                    uncertainty,
                                    sender,
                                    curve.bandLabel(band),
                                    curve);
        };
    }

    private String label(int b) {
        return switch (b) {
            case NONE -> "none";
            case MISSING -> "missing";
            default -> curve.bandLabel(b);
        };
    }

    private static String percent(double scale) {
        return String.format(Locale.ROOT, "%.0f %%", scale * 100);
    }

    private int indexOf(String name) {
        for (int i = 0; i < measuringCount; i++) {
            if (measuring[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The scale in force, in (0, 1]. */
    double scale() {
        return scale;
    }

    /** The followed command's uncertainty, or NaN. */
    double uncertainty() {
        return uncertainty;
    }

    /** The band in force in words: {@code none}, {@code missing} or the curve's band label. */
    String bandLabel() {
        return label(band);
    }

    /** The band of the newest band event in words ({@code none} before any). */
    String reportedBandLabel() {
        return label(reportedBand);
    }

    /** The sender of the newest band event, or {@code null} (band none). */
    String reportedSender() {
        return reportedSender;
    }

    long commandsWithUncertainty() {
        return commandsWithUncertainty;
    }

    long commandsScaled() {
        return commandsScaled;
    }

    long uncertaintyMissing() {
        return uncertaintyMissing;
    }
}
