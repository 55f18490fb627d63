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
import armature.control.api.SimTopics;
import armature.driver.api.JointDriver;
import armature.physics.api.BodyPoseSource;
import armature.physics.api.PhysicsEngine;
import armature.physics.model.MultibodyModel;
import armature.sim.core.LockStepDriver;
import armature.sim.core.RealTimeStepper;
import armature.sim.core.SimControl;
import armature.sim.core.SimulatedRobot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One running simulated robot on one engine: the world, its stepper (real-time thread or
 * lock-step), the {@link JointDriver} and control-request services, and the object-pose publisher.
 * Lives while its engine is registered; {@link #close()} undoes everything it started.
 */
final class SimInstance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimInstance.class.getName());

    private final String name;
    private final JsonCodec json = new JsonCodec();
    private final SimulatedRobot robot;
    private final armature.physics.api.World world;
    private final RealTimeStepper stepper;
    private final SimControl control;
    private final ScheduledExecutorService publisher;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    SimInstance(
            BundleContext context,
            MessageBus bus,
            String name,
            MultibodyModel compiled,
            PhysicsEngine engine,
            SimConfig config,
            Path modelPath) {
        this.name = name;
        world = engine.createWorld(compiled);
        robot =
                new SimulatedRobot(
                        compiled, world, System::nanoTime, config.ambientTemperatureDegC());
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
        // The synthetic camera renders from these poses in-process (the bus carries only the free
        // bodies, at a few Hz).
        Dictionary<String, Object> poseProps = new Hashtable<>();
        poseProps.put(BodyPoseSource.NAME_PROPERTY, name);
        poseProps.put(BodyPoseSource.MODEL_PATH_PROPERTY, modelPath.toString());
        registrations.add(
                context.registerService(
                        BodyPoseSource.class,
                        new BodyPoseSource() {
                            @Override
                            public List<String> bodyNames() {
                                return compiled.bodyNames();
                            }

                            @Override
                            public double readBodyPoses(double[] poses) {
                                return robot.readBodyPoses(poses);
                            }
                        },
                        poseProps));
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
        double rate = config.objectPublishRateHz();
        if (rate > 0) {
            long periodMicros = Math.round(1e6 / rate);
            publisher.scheduleAtFixedRate(
                    () -> publishObjects(bus, topics.objects()),
                    periodMicros,
                    periodMicros,
                    TimeUnit.MICROSECONDS);
        }
    }

    int jointCount() {
        return robot.joints().size();
    }

    boolean realTime() {
        return stepper != null;
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

    @Override
    public void close() {
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
        // An engine's world may hold more than heap (the OpenCL engine's holds a device context
        // and its buffers): release it once nothing steps it any more.
        if (world instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "sim '" + name + "': world not closed: " + e);
            }
        }
    }
}
