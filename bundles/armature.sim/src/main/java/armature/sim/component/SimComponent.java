package armature.sim.component;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.Names;
import armature.control.api.SimTopics;
import armature.driver.api.JointDriver;
import armature.physics.api.PhysicsEngine;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import armature.sim.core.LockStepDriver;
import armature.sim.core.RealTimeStepper;
import armature.sim.core.SimControl;
import armature.sim.core.SimulatedRobot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One simulated robot per factory configuration: loads and compiles the description, creates a
 * world in the {@code reference} physics engine, steps it (real-time thread or lock-step), offers
 * it as a {@link JointDriver} named after the configuration, publishes the free bodies' poses on
 * {@code armature/v1/<container>/sim/<name>/objects} and answers {@code reset}, {@code pause},
 * {@code resume}, {@code speed} and {@code status} on {@code .../sim/<name>/control/<op>}.
 *
 * <p>The services are registered by hand rather than by DS because their properties (driver name,
 * request topic) come from the configuration and the container id.
 */
@Component(
        name = "armature.sim",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {},
        immediate = true)
@Designate(ocd = SimConfig.class, factory = true)
public final class SimComponent {
    private static final System.Logger LOG = System.getLogger(SimComponent.class.getName());

    private final String name;
    private final JsonCodec json = new JsonCodec();
    private final SimulatedRobot robot;
    private final RealTimeStepper stepper;
    private final SimControl control;
    private final ScheduledExecutorService publisher;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public SimComponent(
            BundleContext context,
            @Reference MessageBus bus,
            @Reference(target = "(physics.engine=reference)") PhysicsEngine engine,
            SimConfig config,
            Map<String, Object> properties)
            throws ModelLoadException {
        this.name = instanceName(config.name(), properties.get(Constants.SERVICE_PID));
        String home = context.getProperty("armature.home");
        Path model = resolve("modelPath", config.modelPath(), home);
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

        MultibodyModel compiled =
                ModelCompiler.compile(
                        Models.load(model, LoadOptions.defaults().withPackagePath(packages)),
                        w -> LOG.log(System.Logger.Level.WARNING, "sim '" + name + "': " + w));
        robot =
                new SimulatedRobot(
                        compiled,
                        engine.createWorld(compiled),
                        System::nanoTime,
                        config.ambientTemperatureDegC());
        JointDriver driver;
        if (config.lockStep()) {
            driver = new LockStepDriver(robot, config.lockStepPeriodSeconds());
            stepper = null;
        } else {
            driver = robot;
            stepper =
                    new RealTimeStepper(
                            robot,
                            config.realTimeFactor(),
                            System::nanoTime,
                            "armature-sim-" + name);
            stepper.start();
        }

        control = new SimControl(name, robot, stepper);
        SimTopics topics = ContainerTopics.of(bus.containerId()).sim(name);
        Dictionary<String, Object> driverProps = new Hashtable<>();
        driverProps.put(JointDriver.NAME_PROPERTY, name);
        registrations.add(context.registerService(JointDriver.class, driver, driverProps));
        Dictionary<String, Object> handlerProps = new Hashtable<>();
        handlerProps.put(BusProperties.TOPIC, topics.controlFilter());
        registrations.add(
                context.registerService(RequestHandler.class, this::handle, handlerProps));

        publisher =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "armature-sim-" + name + "-objects");
                            t.setDaemon(true);
                            return t;
                        });
        if (rate > 0) {
            long periodMicros = Math.round(1e6 / rate);
            publisher.scheduleAtFixedRate(
                    () -> publishObjects(bus, topics.objects()),
                    periodMicros,
                    periodMicros,
                    TimeUnit.MICROSECONDS);
        }
        LOG.log(
                System.Logger.Level.INFO,
                "sim '"
                        + name
                        + "': "
                        + model
                        + ", "
                        + robot.joints().size()
                        + " joints, "
                        + (stepper == null
                                ? "lock-step"
                                : "real-time factor " + config.realTimeFactor()));
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

    private CompletionStage<Reply> handle(Message request) {
        String level = request.topic().substring(request.topic().lastIndexOf('/') + 1);
        try {
            SimControl.Status status =
                    control.apply(SimControl.operation(level), request.payload());
            return CompletableFuture.completedFuture(
                    Reply.json(new String(SimControl.json(status), StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Reply.error(e.getMessage()));
        }
    }

    /** One objects message; a failure must not end the scheduled publishing. */
    private void publishObjects(MessageBus bus, String topic) {
        try {
            bus.publish(
                    Message.builder(topic)
                            .payload(json.encode(robot.objectPoses()))
                            .qos(Qos.AT_MOST_ONCE)
                            .contentType(ContentTypes.JSON)
                            .build());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "sim '" + name + "': objects not published: " + e);
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The framework unregisters a stopping bundle's services itself.
            }
        }
        publisher.shutdownNow();
        if (stepper != null) {
            stepper.close();
        }
    }
}
