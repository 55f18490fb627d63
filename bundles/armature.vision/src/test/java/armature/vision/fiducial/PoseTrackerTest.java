package armature.vision.fiducial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stale poses with a stepped clock: once per loss, the last good pose, never a new one. */
class PoseTrackerTest {
    static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    static PoseEstimate pose(String id, double zM) {
        double[] cov = new double[36];
        return new PoseEstimate(
                id,
                "cam",
                new Pose3(0, 0, zM, Pose3.IDENTITY.orientation()),
                cov,
                1,
                "fiducial/tag36h11",
                0.9,
                false);
    }

    @Test
    void aCameraThatStopsMakesEveryPoseStaleOnce() {
        PoseTracker t = new PoseTracker(Duration.ofMillis(500));
        assertThat(t.onTick(T0)).as("nothing seen yet").isEmpty();
        assertThat(t.onFrame(List.of(pose("a", 0.4), pose("b", 0.5)), T0)).hasSize(2);
        assertThat(t.onTick(T0.plusMillis(499))).isEmpty();
        List<PoseEstimate> stale = t.onTick(T0.plusMillis(500));
        assertThat(stale).extracting(PoseEstimate::objectId).containsExactly("a", "b");
        assertThat(stale).allSatisfy(p -> assertThat(p.stale()).isTrue());
        assertThat(stale.get(0).pose().zM()).as("the last good pose").isEqualTo(0.4);
        assertThat(t.onTick(T0.plusMillis(2000))).as("once").isEmpty();
        assertThat(t.onFrame(List.of(pose("a", 0.41)), T0.plusMillis(2100)))
                .singleElement()
                .satisfies(p -> assertThat(p.stale()).isFalse());
    }

    @Test
    void aMarkerMissingFromAFrameGoesStaleWhileTheOthersStayFresh() {
        PoseTracker t = new PoseTracker(Duration.ofMillis(500));
        t.onFrame(List.of(pose("a", 0.4), pose("b", 0.5)), T0);
        List<PoseEstimate> out = t.onFrame(List.of(pose("a", 0.42)), T0.plusMillis(30));
        assertThat(out)
                .extracting(PoseEstimate::objectId, PoseEstimate::stale)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", false),
                        org.assertj.core.groups.Tuple.tuple("b", true));
        assertThat(t.onFrame(List.of(pose("a", 0.43)), T0.plusMillis(60)))
                .as("b was already reported stale")
                .extracting(PoseEstimate::objectId)
                .containsExactly("a");
        assertThat(t.onTick(T0.plusMillis(600)))
                .extracting(PoseEstimate::objectId)
                .containsExactly("a");
    }

    @Test
    void theStaleTimeMustBePositive() {
        assertThatThrownBy(() -> new PoseTracker(Duration.ZERO))
                .hasMessage("stale time is PT0S; allowed: a positive duration");
    }
}
