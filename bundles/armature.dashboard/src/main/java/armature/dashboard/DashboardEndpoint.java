package armature.dashboard;

import armature.control.api.Endpoints;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/**
 * Lists the dashboard in the container's status (PLAN decision 3): a service with {@code
 * armature.endpoint=dashboard} and {@code armature.endpoint.url=<the runtime's URL>}. The URL comes
 * from the servlet runtime's endpoint property and follows it when the runtime changes (a new port
 * from configuration).
 */
@Component(name = "armature.dashboard.endpoint", immediate = true)
public final class DashboardEndpoint {
    private static final System.Logger LOG = System.getLogger(DashboardEndpoint.class.getName());

    /** The runtime's property with the URLs it listens on. */
    static final String RUNTIME_ENDPOINT_PROPERTY = "osgi.http.endpoint";

    private volatile BundleContext context;
    private volatile ServiceReference<HttpServiceRuntime> runtime;
    private ServiceRegistration<?> registration;

    @Reference(
            service = HttpServiceRuntime.class,
            policy = ReferencePolicy.DYNAMIC,
            updated = "runtimeUpdated")
    void bindRuntime(ServiceReference<HttpServiceRuntime> ref) {
        runtime = ref;
        republish();
    }

    void runtimeUpdated(ServiceReference<HttpServiceRuntime> ref) {
        runtime = ref;
        republish();
    }

    void unbindRuntime(ServiceReference<HttpServiceRuntime> ref) {
        if (runtime == ref) {
            runtime = null;
        }
    }

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        republish();
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    private synchronized void republish() {
        ServiceReference<HttpServiceRuntime> ref = runtime;
        if (ref == null || context == null) {
            return;
        }
        String url = Endpoints.httpBase(ref.getProperty(RUNTIME_ENDPOINT_PROPERTY)).orElse(null);
        if (url == null) {
            LOG.log(
                    Level.WARNING,
                    "the HTTP runtime names no endpoint URL; the dashboard is not listed");
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Endpoints.NAME_PROPERTY, "dashboard");
        props.put(Endpoints.URL_PROPERTY, url);
        if (registration == null) {
            registration = context.registerService(Map.class, Map.of("url", url), props);
            LOG.log(Level.INFO, "dashboard at " + url);
        } else {
            registration.setProperties(props);
        }
    }
}
