package armature.physics.opencl.engine;

import armature.physics.api.PhysicsEngine;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The OpenCL engine in the container, configured by PID {@code armature.physics.opencl} ({@code
 * device}: {@code auto} or part of a device or platform name; {@code precision}: {@code float32} or
 * {@code float64}; {@code contactCapacity}: contacts kept per world per timestep, 0 for the
 * default). It also registers what it found for {@code status} (service property {@code
 * armature.devices.kind=opencl}, read by the management bundle), and logs one line when the machine
 * has no OpenCL platform at all.
 */
@Component(
        service = PhysicsEngine.class,
        property = "physics.engine=opencl",
        configurationPid = "armature.physics.opencl",
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
public final class OpenClEngineComponent extends OpenClPhysicsEngine {
    private static final System.Logger LOG = System.getLogger("armature.physics.opencl");
    private ServiceRegistration<DeviceStatus> status;

    /** What the configuration may set. */
    public @interface Config {
        String device() default "auto";

        String precision() default "float32";

        /** Contacts each world keeps per timestep; 0: the engine's default (ADR 0112). */
        int contactCapacity() default 0;
    }

    /** Marker for the service that carries the device list as properties. */
    public static final class DeviceStatus {}

    @Activate
    public OpenClEngineComponent(BundleContext context, Config config) {
        super(config.device(), "float64".equals(config.precision()), config.contactCapacity());
        precision(config.precision()); // a bad value fails activation, naming what is allowed
        Selection s = selection();
        if (s.device().isEmpty()) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "OpenCL engine: "
                            + s.problem()
                            + "; it supports no model (simulators configured for the reference"
                            + " engine are unaffected)");
        } else {
            LOG.log(
                    System.Logger.Level.INFO,
                    "OpenCL engine on "
                            + s.device().get().describe()
                            + (s.float64() ? ", float64" : ", float32"));
        }
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("armature.devices.kind", "opencl");
        p.put("armature.devices", s.devices().toArray(String[]::new));
        s.device().ifPresent(d -> p.put("armature.devices.selected", d.describe()));
        p.put("armature.devices.precision", s.float64() ? "float64" : "float32");
        if (s.problem() != null) {
            p.put("armature.devices.problem", s.problem());
        }
        status = context.registerService(DeviceStatus.class, new DeviceStatus(), p);
    }

    private static boolean precision(String text) {
        return switch (text) {
            case "float32" -> false;
            case "float64" -> true;
            default ->
                    throw new IllegalArgumentException(
                            "precision '" + text + "' is not allowed; allowed: float32, float64");
        };
    }

    @Deactivate
    void deactivate() {
        if (status != null) {
            status.unregister();
        }
    }

    /** For tests: the properties status reads. */
    Map<String, Object> statusProperties() {
        Map<String, Object> m = new java.util.HashMap<>();
        for (String k : status.getReference().getPropertyKeys()) {
            m.put(k, status.getReference().getProperty(k));
        }
        return m;
    }
}
