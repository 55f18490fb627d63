package armature.control.loop;

import armature.safety.SafetyEvent;
import java.util.List;

/**
 * Where the loop core hands its results. Called on the loop thread: implementations copy what they
 * need and return at once (no I/O, no blocking); slow work such as JSON encoding belongs on another
 * thread.
 */
public interface LoopSink {
    /** The state frame of this tick in {@code frame[0..length)}; the array is reused next tick. */
    void stateFrame(byte[] frame, int length);

    /** Safety events of this tick, in order; the list is reused next tick. */
    void safetyEvents(List<SafetyEvent> events);

    /** The driver threw or was refused; one sentence naming the driver and the problem. */
    void driverProblem(String message);
}
