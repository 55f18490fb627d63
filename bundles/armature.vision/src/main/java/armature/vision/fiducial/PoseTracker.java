package armature.vision.fiducial;

import armature.vision.api.PoseEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pose estimates of one camera are fresh and which went stale. A pose goes stale once, when a
 * frame arrives without its marker or when no frame has arrived for the stale time (the camera
 * stopped): the last good pose is republished with {@code stale = true}, never a guess. Time is
 * passed in, so a test steps it. Not thread-safe.
 */
public final class PoseTracker {
    private final Duration staleAfter;
    private final Map<String, PoseEstimate> latest = new LinkedHashMap<>();
    private Instant lastFrame;

    public PoseTracker(Duration staleAfter) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException(
                    "stale time is " + staleAfter + "; allowed: a positive duration");
        }
        this.staleAfter = staleAfter;
    }

    /**
     * One processed frame.
     *
     * @param fresh the poses found in it
     * @return what to publish: the fresh poses, then the stale form of every pose that was fresh
     *     and is missing from this frame
     */
    public List<PoseEstimate> onFrame(List<PoseEstimate> fresh, Instant now) {
        lastFrame = now;
        List<PoseEstimate> out = new ArrayList<>(fresh);
        Map<String, PoseEstimate> seen = new LinkedHashMap<>();
        for (PoseEstimate p : fresh) {
            seen.put(p.objectId(), p);
        }
        for (PoseEstimate old : latest.values()) {
            if (!old.stale() && !seen.containsKey(old.objectId())) {
                PoseEstimate s = old.asStale();
                out.add(s);
                seen.put(s.objectId(), s);
            } else if (!seen.containsKey(old.objectId())) {
                seen.put(old.objectId(), old);
            }
        }
        latest.clear();
        latest.putAll(seen);
        return out;
    }

    /**
     * A timer tick.
     *
     * @return the stale form of every fresh pose when no frame came for the stale time; empty
     *     otherwise
     */
    public List<PoseEstimate> onTick(Instant now) {
        if (lastFrame == null || Duration.between(lastFrame, now).compareTo(staleAfter) < 0) {
            return List.of();
        }
        List<PoseEstimate> out = new ArrayList<>();
        for (Map.Entry<String, PoseEstimate> e : latest.entrySet()) {
            if (!e.getValue().stale()) {
                e.setValue(e.getValue().asStale());
                out.add(e.getValue());
            }
        }
        return out;
    }
}
