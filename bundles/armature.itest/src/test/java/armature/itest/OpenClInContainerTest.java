package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/**
 * JOCL in the container the way ADR 0100 packages it: the JNI library is loaded by the
 * never-swapped {@code armature.lib.jocl}, and {@code armature.physics.opencl}, which imports
 * {@code org.jocl}, is updated and refreshed while the framework runs and finds the OpenCL devices
 * again (JOCL embedded in the swapped bundle itself fails on its second load: "already loaded in
 * another classloader"). The test reaches the physics bundle's classes only through the bundle, so
 * refreshing that bundle never refreshes the test. PoCL provides the device in CI.
 */
@ExtendWith(BundleContextExtension.class)
class OpenClInContainerTest {
    private static final String BSN = "armature.physics.opencl";

    @InjectBundleContext BundleContext context;

    @Test
    void thePhysicsBundleFindsTheDevicesAgainAfterAnUpdateAndRefresh() throws Exception {
        Bundle physics = bundle(BSN);
        Object first = discover(physics);
        boolean available = (Boolean) first.getClass().getMethod("available").invoke(first);
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + problem(first));
        }
        Assumptions.assumeTrue(available, () -> problem(first));
        String before = devices(first).toString();
        ClassLoader loaderBefore = first.getClass().getClassLoader();
        ClassLoader joclBefore = physics.loadClass("org.jocl.CL").getClassLoader();
        assertThat(((org.osgi.framework.BundleReference) joclBefore).getBundle().getSymbolicName())
                .as("org.jocl is the library bundle's, never the physics bundle's")
                .isEqualTo("armature.lib.jocl");

        physics.update();
        refresh(physics);
        Bundle updated = bundle(BSN);
        assertThat(updated.getState()).isEqualTo(Bundle.ACTIVE);
        Object again = discover(updated);
        assertThat(again.getClass().getClassLoader())
                .as("the refreshed bundle has a new class loader")
                .isNotSameAs(loaderBefore);
        assertThat((Boolean) again.getClass().getMethod("available").invoke(again))
                .as("devices after the update: %s", problem(again))
                .isTrue();
        assertThat(devices(again).toString()).isEqualTo(before);
        // The library bundle kept its one class loader, the one that loaded the JNI library.
        assertThat(updated.loadClass("org.jocl.CL").getClassLoader()).isSameAs(joclBefore);
        assertThat(bundle("armature.lib.jocl").getState()).isEqualTo(Bundle.ACTIVE);
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static Object discover(Bundle b) throws Exception {
        return b.loadClass("armature.physics.opencl.OpenClPlatforms")
                .getMethod("discover")
                .invoke(null);
    }

    private static String problem(Object discovery) {
        try {
            return String.valueOf(discovery.getClass().getMethod("problem").invoke(discovery));
        } catch (ReflectiveOperationException e) {
            return e.toString();
        }
    }

    /** The devices' one-line descriptions (their handles differ from one discovery to the next). */
    private static List<String> devices(Object discovery) throws Exception {
        List<?> devices = (List<?>) discovery.getClass().getMethod("devices").invoke(discovery);
        List<String> out = new java.util.ArrayList<>();
        for (Object d : devices) {
            out.add((String) d.getClass().getMethod("describe").invoke(d));
        }
        return out;
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
