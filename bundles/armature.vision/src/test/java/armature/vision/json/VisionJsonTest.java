package armature.vision.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The pose document round-trips; bad documents and configuration poses name the field. */
class VisionJsonTest {
    @Test
    void aPoseDocumentRoundTrips() throws Exception {
        double[] cov = new double[36];
        for (int i = 0; i < 6; i++) {
            cov[i * 6 + i] = 1e-6 * (i + 1);
        }
        cov[1] = cov[6] = 2e-7;
        PoseEstimate e =
                new PoseEstimate(
                        "tag36h11-3",
                        "cam",
                        new Pose3(0.1, -0.2, 0.3, UnitQuaternion.normalized(0.9, 0.1, 0.2, 0.3)),
                        cov,
                        42,
                        "fiducial/tag36h11",
                        0.75,
                        true);
        String text = VisionJson.pose(e).toString();
        assertThat(VisionJson.parsePose(new ObjectMapper().readTree(text))).isEqualTo(e);
        ObjectNode broken = (ObjectNode) new ObjectMapper().readTree(text);
        broken.remove("frameId");
        assertThatThrownBy(() -> VisionJson.parsePose(broken))
                .hasMessage("field 'frameId' is missing");
        broken.put("frameId", "cam");
        broken.putArray("positionM").add(1).add(2);
        assertThatThrownBy(() -> VisionJson.parsePose(broken))
                .hasMessage("field 'positionM' is [1,2]; allowed: an array of 3 numbers");
    }

    @Test
    void aConfiguredPoseHasSevenNumbersAndAUnitQuaternion() {
        assertThat(VisionJson.pose7("robotFromCamera", new double[] {1, 2, 3, 1, 0, 0, 0}))
                .isEqualTo(new Pose3(1, 2, 3, UnitQuaternion.IDENTITY));
        assertThatThrownBy(() -> VisionJson.pose7("robotFromCamera", new double[] {1, 2, 3}))
                .hasMessage(
                        "robotFromCamera has 3 values; allowed: 7 (x, y, z in m, then the unit quaternion qw, qx, qy, qz)");
        assertThatThrownBy(
                        () ->
                                VisionJson.pose7(
                                        "robotFromCamera", new double[] {0, 0, 0, 2, 0, 0, 0}))
                .hasMessageStartingWith(
                        "robotFromCamera: quaternion [w, x, y, z] = [2.0, 0.0, 0.0, 0.0] has norm 2.0");
    }
}
