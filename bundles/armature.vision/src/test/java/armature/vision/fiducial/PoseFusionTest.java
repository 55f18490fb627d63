package armature.vision.fiducial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.MarkerFamily;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.image.GreyImage;
import armature.vision.synthetic.MarkerBitmap;
import armature.vision.synthetic.PlanarMarkerRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three cameras around a tag, each rendering it exactly from its own pose: their estimates, moved
 * into the robot frame, fuse into one pose within 2 mm and 1 degree of the truth whose covariance
 * is smaller than every single view's; a view that disagrees widens it, a lost view gives back some
 * of the gain, and stale views are left out.
 */
class PoseFusionTest {
    static final CameraIntrinsics CAMERA = CameraIntrinsics.pinhole(640, 480, 600, 600, 320, 240);
    static final Pose3 TAG_IN_ROBOT =
            new Pose3(0.01, -0.02, 0.03, Rigid.quaternion(Rigid.exp(0.1, -0.15, 0.6)));

    private final Fiducials fiducials = new Fiducials();
    private List<PoseEstimate> views;

    /** A camera at {@code position} looking at {@code target}, image y along robot +y. */
    static Pose3 lookAt(double[] position, double[] target) {
        double[] z = normalize(sub(target, position));
        double[] x = normalize(cross(new double[] {0, 1, 0}, z));
        double[] y = cross(z, x);
        double[] r = {x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]};
        return Rigid.pose(r, position);
    }

    /** T_camera_object = T_robot_camera^-1 T_robot_object. */
    static Pose3 inCamera(Pose3 robotFromCamera, Pose3 robotFromObject) {
        double[] rc = robotFromCamera.orientation().toMatrix();
        double[] rt = {rc[0], rc[3], rc[6], rc[1], rc[4], rc[7], rc[2], rc[5], rc[8]};
        double[] d = {
            robotFromObject.xM() - robotFromCamera.xM(),
            robotFromObject.yM() - robotFromCamera.yM(),
            robotFromObject.zM() - robotFromCamera.zM()
        };
        double[] t = {
            rt[0] * d[0] + rt[1] * d[1] + rt[2] * d[2],
            rt[3] * d[0] + rt[4] * d[1] + rt[5] * d[2],
            rt[6] * d[0] + rt[7] * d[1] + rt[8] * d[2]
        };
        return Rigid.pose(Rigid.multiply(rt, robotFromObject.orientation().toMatrix()), t);
    }

    @BeforeEach
    void threeViews() {
        List<Pose3> cameras =
                List.of(
                        lookAt(new double[] {0.15, 0, -0.35}, new double[] {0.01, -0.02, 0.03}),
                        lookAt(new double[] {-0.12, 0.08, -0.38}, new double[] {0.01, -0.02, 0.03}),
                        lookAt(
                                new double[] {0.02, -0.16, -0.33},
                                new double[] {0.01, -0.02, 0.03}));
        views = new ArrayList<>();
        int i = 0;
        for (Pose3 camera : cameras) {
            GreyImage image =
                    PlanarMarkerRenderer.render(
                            MarkerBitmap.of(MarkerFamily.TAG36H11, 4),
                            0.05,
                            inCamera(camera, TAG_IN_ROBOT),
                            CAMERA,
                            3,
                            128);
            PoseEstimate inCamera =
                    fiducials
                            .detect(
                                    image,
                                    MarkerFamily.TAG36H11,
                                    Optional.of(CAMERA),
                                    0.05,
                                    "cam" + i,
                                    100 + i)
                            .get(0)
                            .pose()
                            .orElseThrow();
            views.add(PoseFusion.toParent(inCamera, camera, "robot"));
            i++;
        }
    }

    @Test
    void agreeingViewsFuseIntoAPoseMoreCertainThanAnyOfThem() {
        for (PoseEstimate v : views) {
            assertThat(v.frameId()).isEqualTo("robot");
            assertThat(v.pose().distanceToM(TAG_IN_ROBOT))
                    .as("view in the robot frame")
                    .isLessThan(0.005);
        }
        PoseEstimate fused = PoseFusion.fuse(views, "fusion/3-cameras");
        assertThat(fused.pose().distanceToM(TAG_IN_ROBOT)).isLessThan(0.002);
        assertThat(fused.pose().orientation().angleToRad(TAG_IN_ROBOT.orientation()))
                .isLessThan(Math.toRadians(1));
        assertThat(fused.timestampNs()).isEqualTo(102);
        assertThat(fused.source()).isEqualTo("fusion/3-cameras");
        for (PoseEstimate v : views) {
            assertThat(positionTrace(fused)).isLessThan(positionTrace(v));
            assertThat(rotationTrace(fused)).isLessThan(rotationTrace(v));
        }
    }

    @Test
    void aDisagreeingViewWidensTheCovarianceAndALostViewGivesBackTheGain() {
        PoseEstimate agreed = PoseFusion.fuse(views, "f");
        PoseEstimate off = views.get(1);
        Pose3 shifted =
                new Pose3(
                        off.pose().xM() + 0.03,
                        off.pose().yM(),
                        off.pose().zM(),
                        off.pose().orientation());
        PoseEstimate liar =
                new PoseEstimate(
                        off.objectId(),
                        off.frameId(),
                        shifted,
                        off.covariance(),
                        off.timestampNs(),
                        off.source(),
                        off.quality(),
                        false);
        PoseEstimate disagreed = PoseFusion.fuse(List.of(views.get(0), liar, views.get(2)), "f");
        assertThat(positionTrace(disagreed)).isGreaterThan(4 * positionTrace(agreed));
        assertThat(disagreed.quality()).isLessThan(agreed.quality());

        PoseEstimate twoViews = PoseFusion.fuse(List.of(views.get(0), views.get(2)), "f");
        assertThat(positionTrace(twoViews)).isGreaterThan(positionTrace(agreed));
        PoseEstimate withStale =
                PoseFusion.fuse(List.of(views.get(0), liar.asStale(), views.get(2)), "f");
        assertThat(withStale.pose()).as("a stale view is left out").isEqualTo(twoViews.pose());
        assertThat(PoseFusion.fuse(List.of(views.get(0).asStale()), "f").stale()).isTrue();
    }

    @Test
    void onlyOneObjectInOneFrameFuses() {
        PoseEstimate v = views.get(0);
        PoseEstimate other =
                new PoseEstimate(
                        "tag36h11-5",
                        v.frameId(),
                        v.pose(),
                        v.covariance(),
                        0,
                        v.source(),
                        0.5,
                        false);
        assertThatThrownBy(() -> PoseFusion.fuse(List.of(v, other), "f"))
                .hasMessageContaining("cannot be fused; allowed: one object in one frame");
        assertThatThrownBy(() -> PoseFusion.fuse(List.of(), "f")).hasMessage("no estimate to fuse");
    }

    static double positionTrace(PoseEstimate e) {
        return e.covariance(0, 0) + e.covariance(1, 1) + e.covariance(2, 2);
    }

    static double rotationTrace(PoseEstimate e) {
        return e.covariance(3, 3) + e.covariance(4, 4) + e.covariance(5, 5);
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {
            a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]
        };
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }
}
