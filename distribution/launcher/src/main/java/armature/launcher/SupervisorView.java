package armature.launcher;

import armature.bus.api.Message;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * What a loop keeps retained about its safety state: the supervisor document (epoch, per-sender
 * sequence floors) and the e-stop latch. Either may be missing (an older container); a command then
 * starts from the contract's defaults.
 */
final class SupervisorView {
    /**
     * How long to wait for retained documents that may not exist; they come right after the
     * subscription is confirmed, so this only matters when they are missing.
     */
    static final Duration GRACE = Duration.ofMillis(500);

    private final LoopTopics loop;
    private JsonNode supervisor;
    private JsonNode eStop;

    private SupervisorView(LoopTopics loop) {
        this.loop = loop;
    }

    /** Reads what {@code w} (subscribed to the supervisor and e-stop topics) has or soon gets. */
    static SupervisorView read(Watch w, LoopTopics loop) throws InterruptedException {
        SupervisorView v = new SupervisorView(loop);
        long deadline = System.nanoTime() + GRACE.toNanos();
        Message m;
        while ((v.supervisor == null || v.eStop == null) && (m = w.next(deadline)) != null) {
            if (m.payload().length == 0) {
                continue;
            }
            JsonNode doc = JsonDocs.object(m);
            if (m.topic().equals(loop.supervisor())) {
                v.supervisor = doc;
            } else if (m.topic().equals(loop.eStop())) {
                v.eStop = doc;
            }
        }
        return v;
    }

    /**
     * The last sequence number the loop applied from {@code sender} in {@code epoch} ({@code
     * senders.<sender>}, an unsigned decimal string); 0 when it has none.
     */
    long sequenceFloor(String sender, long epoch) {
        if (supervisor == null) {
            return 0;
        }
        JsonNode e = supervisor.path("epoch");
        if (e.isNumber() && e.asLong() != epoch) {
            return 0; // the floors are those of another epoch; a new one counts from 0
        }
        JsonNode floor = supervisor.path("senders").path(sender);
        if (floor.isMissingNode() || floor.isNull()) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(floor.asText());
        } catch (NumberFormatException ex) {
            throw new Cli.Refused(
                    loop.supervisor()
                            + ": senders."
                            + sender
                            + " = '"
                            + floor.asText()
                            + "' is not an unsigned decimal number");
        }
    }

    /** The e-stop state (CLEAR, LATCHED, ACKNOWLEDGED), or {@code null} when not known. */
    String eStopState() {
        if (eStop != null && eStop.hasNonNull("state")) {
            return eStop.path("state").asText();
        }
        return supervisor != null && supervisor.hasNonNull("eStop")
                ? supervisor.path("eStop").asText()
                : null;
    }

    /** Commands are refused while the e-stop is not CLEAR: say so before sending any. */
    void refuseWhenLatched() {
        String s = eStopState();
        if (s != null && !s.equals("CLEAR")) {
            throw new Cli.Refused(
                    "the e-stop of loop '"
                            + loop.loopName()
                            + "' is "
                            + s
                            + ": commands are refused until an operator acknowledges and resets it"
                            + " (armature estop acknowledge, then armature estop reset)");
        }
    }
}
