package armature.control.component;

import armature.bus.api.MessageBus;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameSchema;
import armature.control.api.ContainerTopics;
import armature.control.api.JointStateChannels;
import armature.control.api.LoopTopics;
import armature.control.limits.DriverRefusedException;
import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.FixedRateLoop;
import armature.control.loop.LoopTiming;
import armature.control.loop.ThreadScheduling;
import armature.driver.api.JointDriver;
import armature.safety.EStopSnapshot;
import armature.safety.LimitLoosenedException;
import armature.safety.NanoClock;
import armature.safety.SafetyConfig;
import armature.safety.SafetySupervisor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
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
 * One control loop per factory configuration: reads the bound {@link JointDriver} at a fixed rate,
 * publishes its state, passes the newest bus command through the {@link SafetySupervisor} and
 * writes the result. The driver reference is dynamic and greedy: a replacement driver (a restarted
 * bundle, a simulator instead of hardware) is swapped in while the loop runs, inside a new command
 * epoch (ADR 0050).
 *
 * <p>The loop's safety state lives under {@code <armature.runtime>/control/<loop>/} (ADR 0071): the
 * e-stop latch and the epoch counter are read back before the first tick and written on every
 * change, so a loop that died latched comes back latched and no epoch is used twice.
 */
@Component(
        name = "armature.control",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ControlConfig.class, factory = true)
public final class ControlLoopComponent {
    private static final System.Logger LOG = System.getLogger(ControlLoopComponent.class.getName());
    private static final NanoClock CLOCK = System::nanoTime;

    /** Framework property naming the container's runtime folder (set by the launcher). */
    static final String RUNTIME_PROPERTY = "armature.runtime";

    private final SafetySupervisor supervisor;
    private final CommandInbox inbox = new CommandInbox();
    private final LoopTiming timing;
    private final LoopReporter reporter;
    private final LoopInputs inputs;
    private final SensorFeed sensorFeed;
    private final ControlLoopCore core;
    private final FixedRateLoop loop;
    private final String loopName;
    private org.osgi.framework.ServiceRegistration<?> readiness;

    @Activate
    public ControlLoopComponent(
            BundleContext context,
            @Reference MessageBus bus,
            ControlConfig config,
            Map<String, Object> properties)
            throws IOException {
        this(
                bus,
                config,
                context.getProperty("armature.home"),
                runtime(context.getProperty(RUNTIME_PROPERTY)));
        // `status` is not ready while this loop drives nothing (armature.control.api.Readiness).
        Object target = properties.get("driver.target");
        readiness =
                context.registerService(
                        java.util.function.Supplier.class,
                        (java.util.function.Supplier<String>) () -> notDriven(loopName, target),
                        new java.util.Hashtable<>(
                                Map.of(
                                        armature.control.api.Readiness.PROPERTY,
                                        "loop '" + loopName + "'")));
    }

    /** Null while a driver is attached; else why none is. */
    private String notDriven(String loopName, Object target) {
        if (core.driverHealth() != null) {
            return null;
        }
        String refused = reporter.driverRefusal();
        return "loop '"
                + loopName
                + "' has no driver and holds: "
                + (refused != null
                        ? "it refused the last one: " + refused
                        : target == null
                                ? "no joint driver is registered"
                                : "no joint driver matches driver.target " + target);
    }

    private static Path runtime(String property) {
        if (property == null || property.isBlank()) {
            throw new IllegalStateException(
                    "framework property "
                            + RUNTIME_PROPERTY
                            + " is not set; the loop needs a folder for its e-stop latch and"
                            + " epoch counter (the launcher sets it to <home>/runtime/<id>)");
        }
        return Path.of(property);
    }

    /**
     * @param home container home for relative paths ({@code descriptionPath}, {@code wearFile}), or
     *     {@code null}
     * @param runtime the container's runtime folder; the loop keeps its state in {@code
     *     control/<loop>/} below it
     */
    ControlLoopComponent(MessageBus bus, ControlConfig config, String home, Path runtime)
            throws IOException {
        this.loopName = config.loopName();
        double rateHz = SafetyConfigs.rangeHz(config.rateHz());
        long spinMicros = SafetyConfigs.range("spinMicros", config.spinMicros(), 0, 1000);
        int realtimePriority =
                (int) SafetyConfigs.range("realtimePriority", config.realtimePriority(), 0, 99);
        long statsMillis =
                SafetyConfigs.range(
                        "statisticsIntervalMillis", config.statisticsIntervalMillis(), 100, 60_000);
        long wearSeconds =
                SafetyConfigs.range(
                        "wearSaveIntervalSeconds", config.wearSaveIntervalSeconds(), 1, 86_400);
        // Checked before anything is read or written: refused like any other bad value.
        SafetyStateFiles.wearPath(
                config.wearFile(), home, runtime.resolve("control").resolve(config.loopName()));
        SafetyConfigs.Built built = SafetyConfigs.from(config, home);
        SafetyConfig safety = built.safety();
        LoopTopics topics = ContainerTopics.of(bus.containerId()).loop(config.loopName());

        SafetyStateFiles files =
                SafetyStateFiles.open(runtime, config.loopName(), config.wearFile(), home);
        // Restored before the first tick; every later change of the latch goes to its file.
        supervisor = new SafetySupervisor(safety, CLOCK, files.restored, 0, this::eStopChanged);
        timing = new LoopTiming((int) Math.ceil(rateHz * statsMillis / 1000.0) + 16);
        reporter = new LoopReporter(bus, topics, supervisor, inbox, timing, files);
        try {
            core =
                    new ControlLoopCore(
                            supervisor, CLOCK, inbox, reporter, built.limits(), files.epochs);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        loop =
                new FixedRateLoop(
                        "armature-control-" + config.loopName(),
                        rateHz,
                        spinMicros * 1000,
                        CLOCK,
                        core::tick,
                        timing,
                        e -> reporter.driverProblem("tick failed: " + e));
        loop.realtimePriority(realtimePriority);
        reporter.scheduling(
                () -> {
                    ThreadScheduling.Outcome o = loop.scheduling();
                    return o == null ? "pending" : o.description();
                });
        reporter.publishRetained(topics.stateSchema(), schema(rateHz));
        reporter.publishRetained(
                topics.limits(), LoopDocuments.limits(supervisor.config().joints()));
        reporter.start(core, statsMillis, wearSeconds);
        inputs = new LoopInputs(bus, topics, supervisor, inbox, reporter, CLOCK);
        inputs.subscribe();
        sensorFeed = new SensorFeed(bus, supervisor.sensorGuards());
        sensorFeed.subscribe();
        loop.start();
        // Logged once the loop thread has settled its scheduling (chrt takes a few ms), off the
        // loop thread and without holding up the activation.
        String name = "loop '" + config.loopName() + "' at " + rateHz + " Hz, thread ";
        String state = ", state in " + files.folder + ", e-stop ";
        loop.schedulingSettled()
                .thenAcceptAsync(
                        outcome -> {
                            if (realtimePriority > 0 && !outcome.realtime()) {
                                LOG.log(
                                        System.Logger.Level.WARNING,
                                        "loop thread not real-time: "
                                                + outcome.description()
                                                + "; set realtimePriority = 0 to run without it"
                                                + " and silence this");
                            }
                            LOG.log(
                                    System.Logger.Level.INFO,
                                    name + outcome.description() + state + supervisor.eStopState());
                        });
    }

    /** The supervisor's listener; no e-stop input arrives before the reporter exists. */
    private void eStopChanged(EStopSnapshot now) {
        reporter.eStopChanged(now);
    }

    @Reference(
            name = "driver",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(JointDriver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(JointDriver.NAME_PROPERTY));
        String holder = DriverClaims.claim(driver, loopName);
        if (holder != null) {
            String why =
                    "driver '"
                            + name
                            + "' refused: loop '"
                            + holder
                            + "' drives it already (one loop per driver: its e-stop and limits"
                            + " must not be bypassed through another loop)";
            reporter.driverRefused(why);
            reporter.report(
                    LoopEvent.DRIVER_REFUSED, why, Map.of("driver", name, "holder", holder));
            LOG.log(System.Logger.Level.WARNING, why);
            return;
        }
        try {
            core.attachDriver(driver, name);
            reporter.driverRefused(null);
            reporter.report(
                    LoopEvent.DRIVER_ATTACHED, "driver '" + name + "' attached; new epoch begins");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            DriverClaims.release(driver, loopName);
            // Not driven: the loop keeps its current driver, or holds without one once DS
            // unbinds the one this driver was to replace.
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("driver", name);
            if (e instanceof LimitLoosenedException l) {
                fields.put("joint", l.jointName());
                fields.put("field", l.field());
                fields.put("configured", l.requested());
                fields.put("driverValue", l.robotLimit());
            } else if (e instanceof DriverRefusedException r) {
                fields.put("joint", r.jointName());
                fields.put("field", r.field());
                fields.put("value", r.value());
            }
            reporter.driverRefused("driver '" + name + "' refused: " + e.getMessage());
            reporter.report(
                    LoopEvent.DRIVER_REFUSED,
                    "driver '" + name + "' refused: " + e.getMessage(),
                    fields);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "driver '" + name + "' refused: " + e.getMessage());
        }
    }

    void unbindDriver(JointDriver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(JointDriver.NAME_PROPERTY));
        DriverClaims.release(driver, loopName);
        try {
            core.detachDriver(driver);
        } catch (UncheckedIOException e) {
            String message =
                    "driver '" + name + "' detached without a new epoch: " + e.getMessage();
            LOG.log(System.Logger.Level.ERROR, message);
            reporter.report(LoopEvent.STATE_FILE_NOT_SAVED, message);
        }
        reporter.report(LoopEvent.DRIVER_DETACHED, "driver '" + name + "' detached");
    }

    private FrameSchema schema(double rateHz) {
        return new FrameSchema(
                FrameKind.JOINT_STATE,
                ElementType.FLOAT64,
                List.of(
                        JointStateChannels.POSITION_RAD,
                        JointStateChannels.VELOCITY_RAD_PER_SEC,
                        JointStateChannels.EFFORT),
                core.jointNames().size(),
                core.jointNames(),
                "monotonic",
                rateHz,
                Map.of(
                        JointStateChannels.EFFORT_UNIT_ATTRIBUTE,
                        supervisor.config().joints().get(0).effortUnit().symbol()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (readiness != null) {
            try {
                readiness.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        inputs.close();
        sensorFeed.close();
        if (!loop.stop(2, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "control loop thread did not stop within 2 s");
        }
        reporter.stop();
    }
}
