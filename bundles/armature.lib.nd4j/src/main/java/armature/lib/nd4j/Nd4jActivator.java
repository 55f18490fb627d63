package armature.lib.nd4j;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.Hashtable;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Makes ND4J usable from other bundles: points ND4J's backend discovery at this bundle's class
 * loader (the one that holds every embedded jar), then loads the native backend and runs a tiny
 * computation, so the slow first native load happens here, once, at bundle start, and not inside a
 * client's first control tick.
 *
 * <p>When the backend works, the ND4J backend is registered as an {@link Nd4jBackend} service: a
 * Declarative Services client that references it is activated only after the warm-up, which orders
 * it after this activator whatever the bundles' start order.
 *
 * <p>This bundle is never swapped: JavaCPP keeps the class loader that loaded the natives alive for
 * the rest of the JVM's life, so an update or uninstall of this bundle would leak it (ADR 0091).
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Nd4jActivator implements BundleActivator {
    /** Service property: the milliseconds the native load and the first operations took. */
    public static final String WARMUP_MILLIS_PROPERTY = "armature.nd4j.warmupMillis";

    /** Service property: the backend's class name (the CPU backend in this bundle). */
    public static final String BACKEND_PROPERTY = "armature.nd4j.backend";

    private static final Logger LOG = System.getLogger(Nd4jActivator.class.getName());

    private ServiceRegistration<Nd4jBackend> registration;

    @Override
    public void start(BundleContext context) throws BundleException {
        ClassLoader own = Nd4jActivator.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // ND4J captures the context class loader in static state and its helper threads inherit it:
        // it must be this bundle's loader, never that of whichever (swappable) bundle starts us.
        thread.setContextClassLoader(own);
        try {
            ND4JClassLoading.setNd4jClassloader(own);
            long t0 = System.nanoTime();
            Nd4jBackend backend;
            try {
                backend = Nd4j.getBackend();
                BackendCheck.run();
            } catch (RuntimeException | LinkageError e) {
                throw new BundleException(
                        "ND4J's native CPU backend did not load on "
                                + System.getProperty("os.name")
                                + "/"
                                + System.getProperty("os.arch")
                                + " (this bundle carries linux-x86_64 natives only): "
                                + e,
                        e);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.log(
                    Level.INFO,
                    "ND4J backend {0} ready in {1} ms (native load and first operations);"
                            + " BLAS vendor {2}, {3} BLAS threads",
                    backend.getClass().getSimpleName(),
                    Long.toString(millis),
                    Nd4j.factory().blas().getBlasVendor(),
                    Nd4j.factory().blas().getMaxThreads());
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(WARMUP_MILLIS_PROPERTY, millis);
            props.put(BACKEND_PROPERTY, backend.getClass().getName());
            registration = context.registerService(Nd4jBackend.class, backend, props);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void stop(BundleContext context) {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        LOG.log(
                Level.INFO,
                "ND4J stopped; its native libraries stay loaded until the JVM exits (ADR 0091)");
    }
}
