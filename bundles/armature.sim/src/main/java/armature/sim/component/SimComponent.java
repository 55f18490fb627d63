package armature.sim.component;

import armature.bus.api.MessageBus;
import armature.control.api.Names;
import armature.physics.api.PhysicsEngine;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import armature.sim.core.RealTimeStepper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One simulated robot per factory configuration: loads and compiles the description, and runs it
 * ({@link SimInstance}: a world, stepped in real time or lock-step, offered as a {@code
 * JointDriver} named after the configuration, with object poses and control requests on the bus) on
 * the physics engine the configuration names ({@link SimConfig#engine()}, matched against each
 * {@link PhysicsEngine} service's {@code physics.engine} property).
 *
 * <p>The engines are a dynamic, multiple reference rather than a static target filter, so the
 * component activates (and validates its configuration) whether or not its engine is there, says in
 * the log which engine it waits for and which are registered, starts the robot when the engine
 * arrives and stops it when the engine leaves. Other engines coming and going do not disturb it.
 */
@Component(
        name = "armature.sim",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = SimConfig.class, factory = true)
public final class SimComponent {
    private static final System.Logger LOG = System.getLogger(SimComponent.class.getName());

    private final BundleContext context;
    private final MessageBus bus;
    private final SimConfig config;
    private final String name;
    private final Path model;
    private final MultibodyModel compiled;
    private final EngineChoice<PhysicsEngine> engines;
    private boolean active; // guarded by this; bind methods run before start()
    private SimInstance running; // guarded by this
    private volatile String notRunning = "not started yet"; // null while running
    private boolean failed; // guarded by this: the last start failed (not a wait for the engine)
    private org.osgi.framework.ServiceRegistration<?> readiness;

    @Activate
    public SimComponent(
            BundleContext context,
            @Reference MessageBus bus,
            SimConfig config,
            Map<String, Object> properties)
            throws ModelLoadException {
        this.context = context;
        this.bus = bus;
        this.config = config;
        this.name = instanceName(config.name(), properties.get(Constants.SERVICE_PID));
        this.engines = new EngineChoice<>(engineName(config.engine()));
        String home = context.getProperty("armature.home");
        model = resolve("modelPath", config.modelPath(), home);
        List<Path> packages = new ArrayList<>();
        for (String p : config.packagePath()) {
            packages.add(resolve("packagePath", p, home));
        }
        RealTimeStepper.checkFactor(config.realTimeFactor());
        double rate = config.objectPublishRateHz();
        if (!Double.isFinite(rate) || rate < 0 || rate > 100) {
            throw new IllegalArgumentException(
                    "objectPublishRateHz = " + rate + "; allowed: 0 (off) or (0, 100]");
        }
        // The compiled model does not depend on the engine: compile once, fail activation early.
        compiled =
                ModelCompiler.compile(
                        Models.load(model, LoadOptions.defaults().withPackagePath(packages)),
                        w -> LOG.log(System.Logger.Level.WARNING, "sim '" + name + "': " + w));
        // What the robot drives is known now, whatever the engine: a model it cannot drive is a
        // refused configuration, not a sim that never starts.
        boolean drivable = false;
        for (int u = 0; u < compiled.nu; u++) {
            drivable |= compiled.actType[u] == armature.robot.model.ActuatorType.POSITION;
        }
        if (!drivable) {
            throw new IllegalArgumentException(
                    "modelPath = '"
                            + config.modelPath()
                            + "': model '"
                            + compiled.name()
                            + "' has no position actuators, so a control loop has nothing to"
                            + " drive; allowed: a model with at least one <position> actuator");
        }
    }

    /** Runs after the bind calls for the engines already registered. */
    @Activate
    synchronized void start() {
        active = true;
        startIfReady();
        if (!engines.running()) {
            LOG.log(System.Logger.Level.WARNING, notRunning);
        }
        // `status` is not ready while this sim does not run (armature.control.api.Readiness).
        readiness =
                context.registerService(
                        java.util.function.Supplier.class,
                        (java.util.function.Supplier<String>) () -> notRunning,
                        new java.util.Hashtable<>(
                                Map.of(
                                        armature.control.api.Readiness.PROPERTY,
                                        "sim '" + name + "'")));
    }

    @Reference(
            name = "engines",
            service = PhysicsEngine.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addEngine(PhysicsEngine engine, Map<String, Object> serviceProperties) {
        engines.added(EngineChoice.nameOf(serviceProperties), engine);
        if (active) {
            startIfReady();
        }
    }

    synchronized void removeEngine(PhysicsEngine engine, Map<String, Object> serviceProperties) {
        boolean inUse = engines.removed(EngineChoice.nameOf(serviceProperties), engine);
        if (running == null && failed && !engines.registeredNames().contains(engines.wanted())) {
            // The engine it failed to start on is gone too: it waits for one again.
            failed = false;
            notRunning = engines.waiting(name);
        }
        if (inUse && running != null) {
            running.close();
            running = null;
            notRunning = "its physics engine went away; " + engines.waiting(name);
            LOG.log(System.Logger.Level.WARNING, "sim '" + name + "': " + notRunning);
        }
    }

    private void startIfReady() {
        PhysicsEngine engine = engines.toStart();
        if (engine == null) {
            if (running == null && !failed) {
                notRunning = engines.waiting(name);
            }
            return;
        }
        try {
            running = new SimInstance(context, bus, name, compiled, engine, config, model);
        } catch (RuntimeException e) {
            engines.startFailed();
            failed = true;
            notRunning =
                    "sim '"
                            + name
                            + "' could not start on engine '"
                            + engines.wanted()
                            + "': "
                            + e.getMessage()
                            + " (the container log has the trace)";
            LOG.log(
                    System.Logger.Level.ERROR,
                    "sim '" + name + "': could not start on engine '" + engines.wanted() + "'",
                    e);
            return;
        }
        notRunning = null;
        failed = false;
        LOG.log(
                System.Logger.Level.INFO,
                "sim '"
                        + name
                        + "': "
                        + model
                        + ", "
                        + running.jointCount()
                        + " joints, engine "
                        + engines.wanted()
                        + ", "
                        + (running.realTime()
                                ? "real-time factor " + config.realTimeFactor()
                                : "lock-step"));
    }

    /** The configured engine name, checked: a name is one word, as the engines register it. */
    static String engineName(String configured) {
        String n = configured == null ? "" : configured.trim();
        if (!Names.isValid(n)) {
            throw new IllegalArgumentException(
                    "engine = '"
                            + configured
                            + "'; allowed: an engine's physics.engine name, e.g. reference");
        }
        return n;
    }

    /** The configured name, or the part of the factory PID after '~'. */
    static String instanceName(String configured, Object servicePid) {
        String n = configured == null ? "" : configured.trim();
        if (n.isEmpty() && servicePid != null) {
            String pid = servicePid.toString();
            int tilde = pid.lastIndexOf('~');
            n = tilde >= 0 ? pid.substring(tilde + 1) : pid.substring(pid.lastIndexOf('.') + 1);
        }
        if (!Names.isValid(n)) {
            throw new IllegalArgumentException(
                    "name = '"
                            + n
                            + "'; allowed: 1-64 letters, digits, '_', '.', '-' (a topic level)");
        }
        return n;
    }

    /** Resolves a configured path against armature.home and checks that it exists. */
    static Path resolve(String field, String value, String home) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty; allowed: a file path");
        }
        Path p = Path.of(value);
        if (!p.isAbsolute()) {
            if (home == null || home.isBlank()) {
                throw new IllegalArgumentException(
                        field
                                + " = '"
                                + value
                                + "' is relative but the framework property armature.home is"
                                + " not set; use an absolute path");
            }
            p = Path.of(home).resolve(p);
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(field + " = '" + value + "': " + p + " not found");
        }
        return p;
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        if (readiness != null) {
            try {
                readiness.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            readiness = null;
        }
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
