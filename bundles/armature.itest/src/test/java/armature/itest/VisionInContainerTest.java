package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.vision.api.CameraIntrinsics;
import armature.vision.api.FiducialDetector;
import armature.vision.api.ImageEncoding;
import armature.vision.api.ImageFrame;
import armature.vision.api.MarkerFamily;
import armature.vision.api.PixelFormat;
import armature.vision.api.Pose3;
import armature.vision.api.PoseEstimate;
import armature.vision.api.UnitQuaternion;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleReference;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.util.tracker.ServiceTracker;

/**
 * BoofCV in the container the way ADR 0101 packages it: {@code armature.lib.boofcv} embeds and
 * exports BoofCV, {@code armature.vision} imports it and registers the {@link FiducialDetector}
 * service, which finds a rendered tag and its pose from a PNG frame (decoded by the JDK's ImageIO
 * inside the framework). Then {@code armature.vision} is updated and refreshed: the service comes
 * back, works again, and BoofCV still comes from the library bundle's one class loader. The
 * renderer is reached through the vision bundle's own classes, so refreshing it never refreshes the
 * test.
 */
@ExtendWith(BundleContextExtension.class)
class VisionInContainerTest {
    private static final String BSN = "armature.vision";
    private static final CameraIntrinsics CAMERA =
            CameraIntrinsics.pinhole(320, 240, 300, 300, 160, 120);
    private static final double SIZE_M = 0.05;

    @InjectBundleContext BundleContext context;

    @Test
    void theDetectorServiceFindsATagAndItsPoseBeforeAndAfterAnUpdateOfTheVisionBundle()
            throws Exception {
        Pose3 truth =
                new Pose3(0.01, -0.005, 0.3, UnitQuaternion.normalized(0.98, 0.15, -0.1, 0.05));
        Bundle vision = bundle(BSN);
        ImageFrame frame = frame(vision, truth);
        ClassLoader boofBefore =
                vision.loadClass("boofcv.factory.fiducial.FactoryFiducial").getClassLoader();
        assertThat(((BundleReference) boofBefore).getBundle().getSymbolicName())
                .as("BoofCV is the library bundle's, never the vision bundle's")
                .isEqualTo("armature.lib.boofcv");
        checkDetection(awaitDetector(), frame, truth);

        vision.update();
        refresh(vision);
        Bundle updated = bundle(BSN);
        assertThat(updated.getState()).isEqualTo(Bundle.ACTIVE);
        checkDetection(awaitDetector(), frame(updated, truth), truth);
        assertThat(updated.loadClass("boofcv.factory.fiducial.FactoryFiducial").getClassLoader())
                .as("the library bundle kept its class loader")
                .isSameAs(boofBefore);
    }

    private static void checkDetection(FiducialDetector detector, ImageFrame frame, Pose3 truth) {
        List<FiducialDetector.Result> found =
                detector.detect(frame, MarkerFamily.TAG36H11, Optional.of(CAMERA), SIZE_M);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).detection().markerId()).isEqualTo(11);
        PoseEstimate pose = found.get(0).pose().orElseThrow();
        assertThat(pose.frameId()).isEqualTo("itest-camera");
        assertThat(pose.pose().distanceToM(truth)).isLessThan(0.005);
        assertThat(pose.pose().orientation().angleToRad(truth.orientation()))
                .isLessThan(Math.toRadians(2));
    }

    /** A PNG frame of tag36h11 id 11 at {@code truth}, drawn by the vision bundle's renderer. */
    private static ImageFrame frame(Bundle vision, Pose3 truth) throws Exception {
        Class<?> bitmapClass = vision.loadClass("armature.vision.synthetic.MarkerBitmap");
        Object bitmap =
                bitmapClass
                        .getMethod("of", MarkerFamily.class, int.class)
                        .invoke(null, MarkerFamily.TAG36H11, 11);
        Class<?> renderer = vision.loadClass("armature.vision.synthetic.PlanarMarkerRenderer");
        Object grey =
                renderer.getMethod(
                                "render",
                                bitmapClass,
                                double.class,
                                Pose3.class,
                                CameraIntrinsics.class,
                                int.class,
                                int.class)
                        .invoke(null, bitmap, SIZE_M, truth, CAMERA, 3, 128);
        Class<?> greyClass = vision.loadClass("armature.vision.image.GreyImage");
        byte[] png =
                (byte[])
                        vision.loadClass("armature.vision.image.ImageFiles")
                                .getMethod("png", greyClass)
                                .invoke(null, grey);
        return new ImageFrame(
                "itest-camera", 1, PixelFormat.GREY8, ImageEncoding.PNG, 320, 240, png);
    }

    private FiducialDetector awaitDetector() throws InterruptedException {
        ServiceTracker<FiducialDetector, FiducialDetector> t =
                new ServiceTracker<>(context, FiducialDetector.class, null);
        t.open();
        try {
            FiducialDetector d = t.waitForService(30_000);
            assertThat(d).as("FiducialDetector service").isNotNull();
            return d;
        } finally {
            t.close();
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private void refresh(Bundle b) throws Exception {
        CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
        context.getBundle(0)
                .adapt(FrameworkWiring.class)
                .refreshBundles(List.of(b), done::complete);
        FrameworkEvent e = done.get(60, TimeUnit.SECONDS);
        assertThat(e.getType())
                .as("refresh: %s", e.getThrowable())
                .isEqualTo(FrameworkEvent.PACKAGES_REFRESHED);
    }
}
