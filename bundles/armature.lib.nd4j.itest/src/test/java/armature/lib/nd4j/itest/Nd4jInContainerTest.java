package armature.lib.nd4j.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * ND4J in a real Felix framework, laid out as ADR 0091 says: armature.lib.nd4j owns ND4J and its
 * natives and is never swapped; thin client bundles import org.nd4j.* and are swapped freely.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class Nd4jInContainerTest {
    private static final System.Logger LOG = System.getLogger(Nd4jInContainerTest.class.getName());
    private static final String LIB = "armature.lib.nd4j";
    private static final long TIMEOUT_MS = 30_000;

    @InjectBundleContext BundleContext context;

    @Test
    void libraryWarmsTheCpuBackendAtStartAndOwnsNd4jsClassLoader(
            @InjectService(timeout = TIMEOUT_MS) ServiceAware<Nd4jBackend> service) {
        ServiceReference<Nd4jBackend> backend = service.getServiceReference();
        Bundle lib = backend.getBundle();
        assertThat(lib.getSymbolicName()).isEqualTo(LIB);
        assertThat((String) backend.getProperty("armature.nd4j.backend"))
                .isEqualTo("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
        assertThat((Long) backend.getProperty("armature.nd4j.warmupMillis")).isPositive();
        ClassLoader libLoader = lib.adapt(BundleWiring.class).getClassLoader();
        assertThat(ND4JClassLoading.getNd4jClassloader()).isSameAs(libLoader);
        // The test bundle's ND4J classes are the library's: one copy of ND4J in the framework.
        assertThat(Nd4jBackend.class.getClassLoader()).isSameAs(libLoader);
        LOG.log(
                System.Logger.Level.INFO,
                "ND4J warm-up at library start: {0} ms",
                backend.getProperty("armature.nd4j.warmupMillis"));
    }

    @Test
    void thinClientComputesAProductAndTanhInsideTheContainer(
            @InjectService(timeout = TIMEOUT_MS) Nd4jBackend backend) throws Exception {
        Cycle c = cycle("1.0.0", new Random(11), false);
        assertMatchesPlainJava(c);
    }

    @Test
    void thinClientSwapsTenTimesWithFlatMemory(
            @InjectService(timeout = TIMEOUT_MS) Nd4jBackend backend) throws Exception {
        Random random = new Random(42);
        // Two cycles first, so the JIT, ND4J's per-thread state and Felix's caches are warm.
        for (int i = 0; i < 2; i++) {
            assertMatchesPlainJava(cycle("0.0." + i, random, false));
        }
        Footprint before = Footprint.measure();
        List<WeakReference<Class<?>>> clients = new ArrayList<>();
        List<Long> swapMillis = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            Cycle c = cycle("1.0." + i, random, false);
            assertMatchesPlainJava(c);
            clients.add(c.clientClass());
            swapMillis.add(c.swapMillis());
        }
        // A leaking layout keeps every client's class loader (and its ~900 ND4J classes) alive.
        assertThat(remainingAfterGc(clients))
                .as("client classes still reachable after uninstall, refresh and GC")
                .isZero();
        Footprint after = Footprint.measure();
        LOG.log(
                System.Logger.Level.INFO,
                "10 client swaps: before {0}; after {1}; install-to-result ms per swap {2}",
                before,
                after,
                swapMillis);
        assertThat(after.loadedClasses() - before.loadedClasses())
                .as("loaded classes after 10 swaps (%s -> %s)", before, after)
                .isLessThan(100);
        assertThat(after.threads() - before.threads())
                .as("threads after 10 swaps (%s -> %s)", before, after)
                .isLessThanOrEqualTo(1);
        assertThat(after.heapBytes() - before.heapBytes())
                .as("heap after GC after 10 swaps (%s -> %s)", before, after)
                .isLessThan(8_000_000L);
        // The embedded layout grew 12-35 MB of RSS per swap (library facts); JIT and GC noise
        // stay well below this bound.
        assertThat(after.residentBytes() - before.residentBytes())
                .as("resident memory after 10 swaps (%s -> %s)", before, after)
                .isLessThan(64_000_000L);
    }

    /**
     * The control for the swap test: a client that leaves its class loader in ND4J's static state
     * (what the library's activator prevents for the threads that start it) is not collected, so
     * the check above can see a leak; once ND4J lets go of it, it is.
     */
    @Test
    void aClientPinnedByNd4jsStaticStateIsSeenAsALeak(
            @InjectService(timeout = TIMEOUT_MS) ServiceAware<Nd4jBackend> service)
            throws Exception {
        ClassLoader libLoader =
                service.getServiceReference()
                        .getBundle()
                        .adapt(BundleWiring.class)
                        .getClassLoader();
        List<WeakReference<Class<?>>> pinned = new ArrayList<>();
        try {
            Cycle c = cycle("2.0.0", new Random(7), true);
            assertMatchesPlainJava(c);
            pinned.add(c.clientClass());
            assertThat(remainingAfterGc(pinned, 20)).as("pinned client after GC").isEqualTo(1);
        } finally {
            ND4JClassLoading.setNd4jClassloader(libLoader);
        }
        assertThat(remainingAfterGc(pinned)).as("client after ND4J let go").isZero();
    }

    /** One swap: install a fresh client, start it, read its results, uninstall and refresh it. */
    private Cycle cycle(String version, Random random, boolean pin) throws Exception {
        int rows = 3;
        int inner = 4;
        int cols = 2;
        float[] a = randomValues(rows * inner, random);
        float[] b = randomValues(inner * cols, random);
        long t0 = System.nanoTime();
        Bundle client =
                context.installBundle(
                        "nd4j-client-" + version,
                        new ByteArrayInputStream(
                                ClientBundles.client(version, rows, inner, cols, a, b, pin)));
        float[] product;
        float[] tanh;
        Class<?> clientClass;
        try {
            client.start();
            ServiceReference<?> result = resultOf(version);
            product = (float[]) result.getProperty(ClientBundles.PRODUCT_PROPERTY);
            tanh = (float[]) result.getProperty(ClientBundles.TANH_PROPERTY);
            clientClass = client.loadClass(Nd4jClient.class.getName());
            // The client's own copy, not the test bundle's: the class that is meant to go away.
            assertThat(clientClass).isNotSameAs(Nd4jClient.class);
        } finally {
            client.uninstall();
            refresh(client);
        }
        long swapMillis = (System.nanoTime() - t0) / 1_000_000;
        return new Cycle(
                rows,
                inner,
                cols,
                a,
                b,
                product,
                tanh,
                new WeakReference<>(clientClass),
                swapMillis);
    }

    private ServiceReference<?> resultOf(String version) throws Exception {
        String filter = "(" + ClientBundles.CLIENT_PROPERTY + "=" + version + ")";
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, filter);
        // The client's activator registers its result before start() returns.
        assertThat(refs).as("result service %s", filter).hasSize(1);
        return refs[0];
    }

    private void refresh(Bundle uninstalled) throws Exception {
        CompletableFuture<FrameworkEvent> done = new CompletableFuture<>();
        context.getBundle(0)
                .adapt(FrameworkWiring.class)
                .refreshBundles(List.of(uninstalled), done::complete);
        assertThat(done.get(TIMEOUT_MS, TimeUnit.MILLISECONDS).getType())
                .isEqualTo(FrameworkEvent.PACKAGES_REFRESHED);
    }

    /** Collects garbage until every class is gone or the time is up; returns how many remain. */
    private static long remainingAfterGc(List<WeakReference<Class<?>>> classes) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (remaining(classes) > 0 && System.nanoTime() < deadline) {
            System.gc();
        }
        return remaining(classes);
    }

    /** As above, bounded by a number of full collections instead of time. */
    private static long remainingAfterGc(List<WeakReference<Class<?>>> classes, int collections) {
        for (int i = 0; i < collections && remaining(classes) > 0; i++) {
            System.gc();
        }
        return remaining(classes);
    }

    private static long remaining(List<WeakReference<Class<?>>> classes) {
        return classes.stream().filter(r -> r.get() != null).count();
    }

    private static void assertMatchesPlainJava(Cycle c) {
        assertThat(c.product()).hasSize(c.rows() * c.cols());
        assertThat(c.tanh()).hasSize(c.rows() * c.cols());
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                double sum = 0;
                for (int k = 0; k < c.inner(); k++) {
                    sum += (double) c.a()[i * c.inner() + k] * c.b()[k * c.cols() + j];
                }
                int at = i * c.cols() + j;
                assertThat(c.product()[at])
                        .as("product[%d,%d]", i, j)
                        .isCloseTo((float) sum, within(1e-5f));
                assertThat(c.tanh()[at])
                        .as("tanh[%d,%d]", i, j)
                        .isCloseTo((float) Math.tanh(sum), within(1e-5f));
            }
        }
    }

    private static float[] randomValues(int n, Random random) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * 0.8);
        }
        return v;
    }

    private record Cycle(
            int rows,
            int inner,
            int cols,
            float[] a,
            float[] b,
            float[] product,
            float[] tanh,
            WeakReference<Class<?>> clientClass,
            long swapMillis) {}
}
