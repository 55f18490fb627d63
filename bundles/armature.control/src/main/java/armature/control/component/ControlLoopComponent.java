package armature.control.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.ElementType;
import armature.bus.codec.FrameKind;
import armature.bus.codec.FrameSchema;
import armature.control.limits.DriverRefusedException;
import armature.control.loop.CommandFrames;
import armature.control.loop.CommandInbox;
import armature.control.loop.ControlLoopCore;
import armature.control.loop.FixedRateLoop;
import armature.control.loop.LoopTiming;
import armature.driver.api.JointDriver;
import armature.safety.LimitLoosenedException;
import armature.safety.NanoClock;
import armature.safety.SafetyConfig;
import armature.safety.SafetyEvent;
import armature.safety.SafetySupervisor;
import armature.safety.wear.WearSnapshot;
import armature.safety.wear.WearStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
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
 */
@Component(
        name = "armature.control",
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ControlConfig.class, factory = true)
public final class ControlLoopComponent {
    private static final Logger LOG = Logger.getLogger(ControlLoopComponent.class.getName());
    private static final NanoClock CLOCK = System::nanoTime;

    private final MessageBus bus;
    private final LoopTopics topics;
    private final SafetySupervisor supervisor;
    private final CommandInbox inbox = new CommandInbox();
    private final LoopTiming timing;
    private final LoopReporter reporter;
    private final ControlLoopCore core;
    private final FixedRateLoop loop;
    private final CommandFrames frames = new CommandFrames();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    @Activate
    public ControlLoopComponent(
            BundleContext context, @Reference MessageBus bus, ControlConfig config)
            throws IOException {
        this(bus, config, context == null ? null : context.getProperty("armature.home"));
    }

    /**
     * @param home container home for relative paths ({@code descriptionPath}), or {@code null}
     */
    ControlLoopComponent(MessageBus bus, ControlConfig config, String home) throws IOException {
        this.bus = bus;
        double rateHz = SafetyConfigs.rangeHz(config.rateHz());
        long spinMicros = SafetyConfigs.range("spinMicros", config.spinMicros(), 0, 1000);
        long statsMillis =
                SafetyConfigs.range(
                        "statisticsIntervalMillis", config.statisticsIntervalMillis(), 100, 60_000);
        long wearSeconds =
                SafetyConfigs.range(
                        "wearSaveIntervalSeconds", config.wearSaveIntervalSeconds(), 1, 86_400);
        SafetyConfigs.Built built = SafetyConfigs.from(config, home);
        SafetyConfig safety = built.safety();
        topics = LoopTopics.of(bus.containerId(), config.loopName());

        WearStore wear = null;
        WearSnapshot initialWear = WearSnapshot.empty();
        if (!config.wearFile().isBlank()) {
            wear = new WearStore(Path.of(config.wearFile()), Clock.systemUTC());
            WearStore.Loaded loaded = wear.load();
            loaded.problem().ifPresent(p -> LOG.warning(p));
            initialWear = loaded.snapshot();
        }
        supervisor = new SafetySupervisor(safety, CLOCK, initialWear);
        timing = new LoopTiming((int) Math.ceil(rateHz * statsMillis / 1000.0) + 16);
        reporter =
                new LoopReporter(bus, topics, supervisor, inbox, timing, wear, m -> LOG.warning(m));
        core = new ControlLoopCore(supervisor, CLOCK, inbox, reporter, built.limits());
        loop =
                new FixedRateLoop(
                        "armature-control-" + config.loopName(),
                        rateHz,
                        spinMicros * 1000,
                        CLOCK,
                        core::tick,
                        timing,
                        e -> reporter.driverProblem("tick failed: " + e));
        publishSchema(rateHz);
        reporter.start(core, statsMillis, wearSeconds);
        subscribe(topics.command(), this::onCommand);
        subscribe(topics.eStopRequest(), this::onEStopRequest);
        // Bridge until the safety workstream's sender-level inputs land: on an authenticated
        // broker an operator may publish only under command/<user> and estop/request/<user>.
        subscribe(topics.command() + "/+", this::onCommand);
        subscribe(topics.eStopRequest() + "/+", this::onEStopRequest);
        loop.start();
    }

    @Reference(
            name = "driver",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(JointDriver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(JointDriver.NAME_PROPERTY));
        try {
            core.attachDriver(driver, name);
            reporter.report("DRIVER_ATTACHED", "driver '" + name + "' attached; new epoch begins");
        } catch (IllegalArgumentException e) {
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
            reporter.report(
                    "DRIVER_REFUSED", "driver '" + name + "' refused: " + e.getMessage(), fields);
            LOG.warning("driver '" + name + "' refused: " + e.getMessage());
        }
    }

    void unbindDriver(JointDriver driver, Map<String, Object> properties) {
        core.detachDriver(driver);
        reporter.report(
                "DRIVER_DETACHED",
                "driver '" + properties.get(JointDriver.NAME_PROPERTY) + "' detached");
    }

    private void onCommand(Message m) {
        long received = CLOCK.nanoTime();
        try {
            inbox.offer(
                    frames.decode(
                            m.payload(),
                            m.userProperty(CommandFrames.MODE_PROPERTY).orElse(null),
                            m.expiry(),
                            received));
        } catch (IllegalArgumentException e) {
            reporter.malformedCommands.incrementAndGet();
            reporter.report("COMMAND_FRAME_MALFORMED", e.getMessage());
        }
    }

    /**
     * E-stop request: {@code {"action": "trip|assert|release|acknowledge|reset", "source": ".."}}.
     */
    record EStopRequest(String action, String source) {}

    private void onEStopRequest(Message m) {
        EStopRequest r;
        try {
            r = reporter.json().decode(m.topic(), m.payload(), EStopRequest.class);
        } catch (RuntimeException e) {
            reporter.report("ESTOP_REQUEST_MALFORMED", e.getMessage());
            return;
        }
        String source = r.source() == null || r.source().isBlank() ? "bus" : r.source();
        SafetyEvent result =
                switch (String.valueOf(r.action())) {
                    case "trip" -> supervisor.triggerEStop(source);
                    case "assert" -> supervisor.assertEStop(source);
                    case "release" -> supervisor.releaseEStop(source);
                    case "acknowledge" -> supervisor.acknowledgeEStop();
                    case "reset" -> supervisor.resetEStop();
                    default -> null;
                };
        if (result == null) {
            reporter.report(
                    "ESTOP_REQUEST_MALFORMED",
                    "action = '"
                            + r.action()
                            + "'; allowed: trip, assert, release, acknowledge, reset");
        }
        // The event itself goes out with the next tick; the retained state follows it.
    }

    private void subscribe(String topic, java.util.function.Consumer<Message> handler) {
        bus.subscribe(topic, Qos.AT_MOST_ONCE, handler::accept)
                .whenComplete(
                        (s, e) -> {
                            if (e != null) {
                                LOG.log(Level.WARNING, "subscription to " + topic + " failed", e);
                            } else {
                                subscriptions.add(s);
                            }
                        });
    }

    private void publishSchema(double rateHz) {
        FrameSchema schema =
                new FrameSchema(
                        FrameKind.JOINT_STATE,
                        ElementType.FLOAT64,
                        List.of("positionRad", "velocityRadPerSec", "effort"),
                        core.jointNames().size(),
                        core.jointNames(),
                        "monotonic",
                        rateHz,
                        Map.of(
                                "effortUnit",
                                supervisor.config().joints().get(0).effortUnit().symbol()));
        bus.publish(
                Message.builder(FrameSchema.schemaTopic(topics.state()))
                        .payload(reporter.json().encode(schema))
                        .contentType(ContentTypes.JSON)
                        .qos(Qos.AT_LEAST_ONCE)
                        .retained(true)
                        .build());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        for (Subscription s : subscriptions) {
            s.cancel();
        }
        if (!loop.stop(2, TimeUnit.SECONDS)) {
            LOG.warning("control loop thread did not stop within 2 s");
        }
        reporter.stop();
    }
}
