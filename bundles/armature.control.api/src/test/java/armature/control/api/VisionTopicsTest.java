package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The vision filters match the topics they stand for, and a camera id is read back from one. */
class VisionTopicsTest {
    private final VisionTopics v = ContainerTopics.of("c1").vision();

    @Test
    void filtersCoverTheirTopics() {
        assertThat(matches(v.cameraInfoFilter(), v.cameraInfo("cam-a"))).isTrue();
        assertThat(matches(v.markersFilter(), v.markers("cam-a"))).isTrue();
        assertThat(matches(v.framesFilter(), v.frames("cam-a"))).isTrue();
        assertThat(matches(v.poseErrorsFilter(), v.poseError("block"))).isTrue();
        assertThat(matches(v.posesFilter(), v.pose("block"))).isTrue();
        assertThat(matches(v.markersFilter(), v.frames("cam-a"))).isFalse();
        assertThat(matches(v.cameraInfoFilter(), v.pose("block"))).isFalse();
    }

    @Test
    void theCameraIdOfACameraTopic() {
        assertThat(v.cameraIdOf(v.frames("cam-b"))).isEqualTo("cam-b");
        assertThat(v.cameraIdOf(v.cameraInfo("x_1"))).isEqualTo("x_1");
        assertThatThrownBy(() -> v.cameraIdOf(v.pose("block")))
                .hasMessageContaining("is not under armature/v1/c1/vision/cameras/");
    }

    /** MQTT matching of a filter with + levels only. */
    private static boolean matches(String filter, String topic) {
        String[] f = filter.split("/");
        String[] t = topic.split("/");
        if (f.length != t.length) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return true;
    }
}
