package armature.policy.component;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.FrameReader;
import armature.bus.codec.FrameSchema;
import armature.bus.codec.JsonCodec;
import armature.control.api.CommandContract;
import armature.control.api.CommandMode;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.Names;
import armature.control.api.PolicyTopics;
import armature.control.api.SimTopics;
import armature.control.api.UserProperties;
import armature.policy.api.JointRange;
import armature.policy.api.Policy;
import armature.policy.api.PolicyContext;
import armature.policy.api.PolicyEventType;
import armature.policy.api.PolicyProvider;
import armature.policy.api.PolicyState;
import armature.policy.runtime.LoopView;
import armature.policy.runtime.ObservationAssembler;
import armature.policy.runtime.OperatorGate;
import armature.policy.runtime.PolicyRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Constants;

/**
 * One running policy, made by {@link PolicyComponent} for one factory configuration (ADR 0090). It
 * learns its loop from the bus (the retained state schema and limits), asks its {@link
 * PolicyProvider} for a policy once it knows the loop's joints and limits, and then ticks it on a
 * thread of its own at the policy's rate: fresh observations in, one JOINT_COMMAND frame out on the
 * loop's command topic under its own sender level, through the loop's safety supervisor like every
 * other sender. The container's bus is trusted for its whole tree, so the sender level is the
 * policy's own name rather than a broker login (docs/control.md, LoopTopics).
 *
 * <p>The operator comes first ({@link OperatorGate}): a command of any other sender, a hold request
 * or an e-stop pauses it until a resume request. Its status (retained) and events are on {@link
 * PolicyTopics}. A new source or new settings replace the policy between two ticks ({@link #swap}).
 */
final class PolicyInstance {
    private static final System.Logger LOG = System.getLogger(PolicyComponent.class.getName());
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final MessageBus bus;
    private final PolicyProvider provider;
    private final PolicyConfig config; // what the instance was made with; source: below
    private final String name;
    private final String sender;
    private final ContainerTopics container;
    private final LoopTopics loop;
    private final PolicyTopics topics;
    private final PolicyReporter reporter;
    private final OperatorGate gate;
    private final HoldFile hold; // null without a runtime folder
    private final LoopView view;
    private final JsonCodec json = new JsonCodec();
    private final ScheduledExecutorService thread;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final FrameReader stateReader =
            new FrameReader(); // bus deliveries are serial per handler
    private FrameSchema stateSchema; // guarded by this
    private List<JointRange> limits; // guarded by this
    private Policy policy; // guarded by this
    private PolicyRunner runner; // guarded by this
    private ObservationAssembler observations; // guarded by this
    private String startProblem = "waiting for the loop's state schema and limits"; // this
    private String source; // guarded by this: what the running policy was made from
    private String revision; // guarded by this
    private String swapProblem; // guarded by this: why the newest swap failed, or null
    private String shadowSource = ""; // guarded by this: what the shadow was made from
    private String shadowRevision = ""; // guarded by this
    private String shadowProblem; // guarded by this: why the newest shadow failed, or null
    private boolean closed; // guarded by this
    private boolean creating; // guarded by this: the provider is making the policy

    PolicyInstance(
            MessageBus bus,
            PolicyProvider provider,
            PolicyConfig config,
            Map<String, Object> properties,
            String runtime) {
        this.bus = bus;
        this.provider = provider;
        this.config = config;
        this.name = instanceName(config.name(), properties.get(Constants.SERVICE_PID));
        String s = config.sender() == null ? "" : config.sender().trim();
        this.sender = Names.require(s.isEmpty() ? "policy-" + name : s, "sender");
        double rate = config.rateHz();
        if (!(rate >= 0 && rate <= 1000)) {
            throw new IllegalArgumentException("rateHz = " + rate + "; allowed: 0 or (0, 1000]");
        }
        range("maxObservationAgeMillis", config.maxObservationAgeMillis(), 1, 10_000);
        range("operatorQuietMillis", config.operatorQuietMillis(), 0, 60_000);
        this.container = ContainerTopics.of(bus.containerId());
        this.loop = container.loop(Names.require(config.loopName(), "loopName"));
        this.topics = container.policy(name);
        String sim = config.simulation() == null ? "" : config.simulation().trim();
        SimTopics simTopics =
                sim.isEmpty() ? null : container.sim(Names.require(sim, "simulation"));
        Map<String, String> settings = settings(config.settings()); // fail activation early
        this.source = config.source() == null ? "" : config.source();
        this.revision = config.revision() == null ? "" : config.revision();
        this.reporter = new PolicyReporter(bus, topics);
        this.gate = new OperatorGate(TimeUnit.MILLISECONDS.toNanos(config.operatorQuietMillis()));
        this.hold = HoldFile.of(runtime, name);
        if (hold != null) {
            hold.heldBy().ifPresent(by -> gate.hold(by)); // the status says who held it
        }
        this.view = new LoopView(sender);
        this.thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "armature-policy-" + name);
                            t.setDaemon(true);
                            return t;
                        });
        statusSoon();
        subscribe(loop.stateSchema(), Qos.AT_LEAST_ONCE, m -> schema(m, settings));
        subscribe(loop.limits(), Qos.AT_LEAST_ONCE, m -> limits(m, settings));
        subscribe(loop.eStop(), Qos.AT_LEAST_ONCE, this::eStop);
        subscribe(loop.supervisor(), Qos.AT_LEAST_ONCE, this::supervisor);
        subscribe(loop.state(), Qos.AT_MOST_ONCE, this::state);
        subscribe(loop.commandFilter(), Qos.AT_MOST_ONCE, this::command);
        subscribe(topics.requestFilter(), Qos.AT_LEAST_ONCE, this::request);
        if (simTopics != null) {
            subscribe(
                    simTopics.control(SimTopics.Operation.RESET),
                    Qos.AT_LEAST_ONCE,
                    m -> reset("simulation '" + sim + "' was reset"));
        }
        long statusMillis = STATUS_INTERVAL.toMillis();
        thread.scheduleAtFixedRate(
                this::publishStatus, statusMillis, statusMillis, TimeUnit.MILLISECONDS);
        LOG.log(
                System.Logger.Level.INFO,
                "policy '"
                        + name
                        + "' on loop '"
                        + loop.loopName()
                        + "' as sender '"
                        + sender
                        + "'");
    }

    private void subscribe(String topic, Qos qos, MessageHandler handler) {
        MessageHandler guarded =
                m -> {
                    try {
                        handler.onMessage(m);
                    } catch (RuntimeException e) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "policy '"
                                        + name
                                        + "': message on "
                                        + m.topic()
                                        + " not used: "
                                        + e);
                    }
                };
        bus.subscribe(topic, qos, guarded)
                .whenComplete(
                        (sub, error) -> {
                            if (error != null) {
                                LOG.log(
                                        System.Logger.Level.ERROR,
                                        "policy '"
                                                + name
                                                + "': cannot subscribe to "
                                                + topic
                                                + ": "
                                                + error.getMessage());
                                return;
                            }
                            synchronized (this) {
                                if (closed) {
                                    sub.cancel();
                                } else {
                                    subscriptions.add(sub);
                                }
                            }
                        });
    }

    private void schema(Message m, Map<String, String> settings) {
        if (m.payload().length == 0) {
            return; // cleared: the loop stopped; its frames stop too, which the ticks notice
        }
        FrameSchema s = json.decode(m.topic(), m.payload(), FrameSchema.class);
        synchronized (this) {
            stateSchema = s;
            if (observations != null) {
                observations.schema(relative(loop.state()), s);
            }
        }
        startIfReady(settings);
    }

    private void limits(Message m, Map<String, String> settings) {
        if (m.payload().length == 0) {
            return;
        }
        List<JointRange> l = LimitsDocument.parse(json.decodeTree(m.topic(), m.payload()));
        synchronized (this) {
            limits = l;
        }
        startIfReady(settings);
    }

    /** Creates the policy once the loop's joints and limits are known; only the first time. */
    private void startIfReady(Map<String, String> settings) {
        PolicyContext context;
        synchronized (this) {
            if (runner != null || creating || closed || stateSchema == null || limits == null) {
                return;
            }
            if (!stateSchema
                    .elementNames()
                    .equals(limits.stream().map(JointRange::name).toList())) {
                startProblem = "the loop's schema and limits name different joints; waiting";
                return;
            }
            context =
                    new PolicyContext(
                            name,
                            loop.loopName(),
                            relative(loop.state()),
                            limits,
                            source,
                            settings);
            creating = true;
            startProblem = "loading the policy from its provider";
        }
        try {
            thread.execute(() -> create(context, settings));
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile: nothing to start
        }
    }

    /**
     * On the policy thread: a provider may take seconds (a large network file), and no bus thread
     * may wait for it (they deliver every bundle's messages). Only then the runner is made, the
     * observation streams subscribed and the ticks scheduled, on this same thread.
     */
    private void create(PolicyContext context, Map<String, String> settings) {
        Policy made = null;
        PolicyRunner r;
        try {
            made = provider.create(context);
            synchronized (this) {
                creating = false;
                if (closed) {
                    made.close();
                    return;
                }
                ObservationAssembler o =
                        new ObservationAssembler(
                                made.spec(),
                                TimeUnit.MILLISECONDS.toNanos(config.maxObservationAgeMillis()),
                                System::nanoTime);
                r =
                        new PolicyRunner(
                                made,
                                context.joints(),
                                o,
                                gate,
                                view,
                                new Sink(made.spec().actionMode()),
                                System::nanoTime);
                o.schema(relative(loop.state()), stateSchema);
                observations = o;
                policy = made;
                runner = r;
                for (String rel : o.topics()) {
                    String full = container.root() + "/" + rel;
                    if (!full.equals(loop.state())) {
                        subscribeObservation(rel, full);
                    }
                }
            }
        } catch (RuntimeException e) {
            String problem = "no policy: " + e.getMessage();
            synchronized (this) {
                creating = false;
                startProblem = problem;
            }
            reporter.event(PolicyEventType.POLICY_FAILED, null, problem);
            if (made != null) {
                made.close();
            }
            statusSoon();
            return;
        }
        if (config.shadowSource() != null && !config.shadowSource().isBlank()) {
            loadShadow(config, r, settings);
        }
        double rate = config.rateHz() > 0 ? config.rateHz() : made.spec().controlRateHz();
        long periodNanos = Math.round(1e9 / rate);
        try {
            thread.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            return; // closed meanwhile; close() closes the runner
        }
        reporter.event(
                PolicyEventType.POLICY_STARTED,
                null,
                String.format(
                        Locale.ROOT,
                        "%d observations in %d slots, %d actions (%s), %.1f Hz, %s",
                        made.spec().observationSize(),
                        made.spec().observations().size(),
                        made.spec().actionSize(),
                        made.spec().actionMode(),
                        rate,
                        made.spec().recurrent() ? "recurrent" : "not recurrent"));
        statusSoon();
    }

    /**
     * Replaces the running policy with one made from {@code next}'s source and settings, between
     * two ticks ({@link PolicyRunner#swap}): the new policy is made completely, on the caller's
     * thread, while the old one keeps acting. When it cannot be made, the old one keeps running and
     * the status and an event say why.
     *
     * @return false when the instance must be made anew instead: no policy runs yet, or the new one
     *     reads other observations or writes other actions (a restart, the status says why)
     */
    boolean swap(PolicyConfig next) {
        PolicyRunner r;
        List<JointRange> l;
        String from;
        synchronized (this) {
            r = runner;
            l = limits;
            from = source;
            if (r == null || closed) {
                return false;
            }
        }
        String to = next.source() == null ? "" : next.source();
        Policy fresh;
        try {
            fresh =
                    provider.create(
                            new PolicyContext(
                                    name,
                                    loop.loopName(),
                                    relative(loop.state()),
                                    l,
                                    to,
                                    settings(next.settings())));
        } catch (RuntimeException e) {
            String why =
                    "cannot load '"
                            + to
                            + "': "
                            + e.getMessage()
                            + "; '"
                            + from
                            + "' keeps running";
            synchronized (this) {
                swapProblem = why;
            }
            reporter.event(PolicyEventType.SWAP_FAILED, "source", why);
            statusSoon();
            return true;
        }
        Policy old;
        try {
            old = r.swap(fresh);
        } catch (RuntimeException e) {
            fresh.close();
            reporter.event(
                    PolicyEventType.SWAP_FAILED,
                    "source",
                    "'"
                            + to
                            + "' cannot replace '"
                            + from
                            + "' between two ticks: "
                            + e.getMessage()
                            + "; the policy restarts with it");
            return false;
        }
        synchronized (this) {
            source = to;
            revision = next.revision() == null ? "" : next.revision();
            swapProblem = null;
            policy = fresh;
        }
        try {
            old.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "policy '" + name + "': close failed: " + e);
        }
        reporter.event(
                PolicyEventType.POLICY_SWAPPED,
                "source",
                "'" + to + "' replaced '" + from + "' between two ticks; a new episode begins");
        statusSoon();
        return true;
    }

    /**
     * Sets, replaces or (with an empty shadow source) removes the shadow policy: made completely on
     * the caller's thread, then handed to the runner between two ticks. A shadow that cannot be
     * made or does not fit is reported and leaves the active policy alone.
     */
    void shadow(PolicyConfig next) {
        PolicyRunner r;
        synchronized (this) {
            r = runner;
            if (closed) {
                return;
            }
        }
        if (r == null) {
            return; // the instance loads the shadow when it starts its policy
        }
        loadShadow(next, r, settings(next.settings()));
    }

    private void loadShadow(PolicyConfig next, PolicyRunner r, Map<String, String> settings) {
        String to = next.shadowSource() == null ? "" : next.shadowSource().trim();
        Policy candidate = null;
        if (!to.isEmpty()) {
            List<JointRange> l;
            synchronized (this) {
                l = limits;
            }
            try {
                candidate =
                        provider.create(
                                new PolicyContext(
                                        name,
                                        loop.loopName(),
                                        relative(loop.state()),
                                        l,
                                        to,
                                        settings));
                Policy old = r.shadow(candidate);
                closeQuietly(old);
            } catch (RuntimeException e) {
                closeQuietly(candidate);
                String why = "shadow '" + to + "' not used: " + e.getMessage();
                synchronized (this) {
                    shadowProblem = why;
                }
                reporter.event(PolicyEventType.SHADOW_FAILED, "shadowSource", why);
                statusSoon();
                return;
            }
        } else {
            closeQuietly(r.shadow(null));
        }
        synchronized (this) {
            shadowSource = to;
            shadowRevision = next.shadowRevision() == null ? "" : next.shadowRevision();
            shadowProblem = null;
        }
        reporter.event(
                to.isEmpty() ? PolicyEventType.SHADOW_STOPPED : PolicyEventType.SHADOW_STARTED,
                "shadowSource",
                to.isEmpty()
                        ? "no shadow policy any more"
                        : "'"
                                + to
                                + "' acts in the shadow of '"
                                + source
                                + "'; its actions go to "
                                + topics.shadow()
                                + ", never to the motors");
        statusSoon();
    }

    private void closeQuietly(Policy p) {
        if (p == null) {
            return;
        }
        try {
            p.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "policy '" + name + "': close failed: " + e);
        }
    }

    /** Another stream the policy reads: frames (with their schema) or JSON. */
    private void subscribeObservation(String rel, String full) {
        if (observations.needsSchema(rel)) {
            subscribe(
                    FrameSchema.schemaTopic(full),
                    Qos.AT_LEAST_ONCE,
                    m -> {
                        if (m.payload().length > 0) {
                            observationsNow()
                                    .schema(
                                            rel,
                                            json.decode(m.topic(), m.payload(), FrameSchema.class));
                        }
                    });
        }
        FrameReader reader = new FrameReader();
        subscribe(
                full,
                Qos.AT_MOST_ONCE,
                m -> {
                    List<ObservationAssembler.Gap> problems =
                            ContentTypes.FRAME.equals(m.contentType())
                                    ? observationsNow().frame(rel, reader.wrap(m.payload()))
                                    : observationsNow()
                                            .json(rel, json.decodeTree(m.topic(), m.payload()));
                    reportInvalid(problems);
                });
    }

    private synchronized ObservationAssembler observationsNow() {
        return observations;
    }

    private void state(Message m) {
        stateReader.wrap(m.payload());
        view.state(stateReader);
        ObservationAssembler o = observationsNow();
        if (o != null) {
            reportInvalid(o.frame(relative(loop.state()), stateReader));
        }
    }

    private String lastInvalid; // touched on bus threads only; a repeat is not reported again

    private void reportInvalid(List<ObservationAssembler.Gap> problems) {
        String text = problems.isEmpty() ? null : problems.get(0).message();
        if (text != null && !text.equals(lastInvalid)) {
            reporter.event(PolicyEventType.OBSERVATION_INVALID, problems.get(0).slot(), text);
        }
        lastInvalid = text;
    }

    private void eStop(Message m) {
        if (m.payload().length == 0) {
            return;
        }
        Object state = ((Map<?, ?>) json.decodeTree(m.topic(), m.payload())).get("state");
        change(gate.eStop(String.valueOf(state)));
    }

    private void supervisor(Message m) {
        if (m.payload().length == 0) {
            return;
        }
        Map<?, ?> doc = (Map<?, ?>) json.decodeTree(m.topic(), m.payload());
        view.supervisor(((Number) doc.get("epoch")).longValue(), (Map<?, ?>) doc.get("senders"));
    }

    private void command(Message m) {
        String from = loop.senderOf(m.topic());
        if (!from.equals(sender)) {
            change(gate.foreignCommand(from, System.nanoTime()));
        }
    }

    private void request(Message m) {
        String from = topics.senderOf(m.topic());
        PolicyTopics.Action action;
        try {
            Object doc = json.decodeTree(m.topic(), m.payload());
            Object a = doc instanceof Map<?, ?> map ? map.get("action") : null;
            action = PolicyTopics.Action.parse(String.valueOf(a));
        } catch (RuntimeException e) {
            reporter.event(
                    PolicyEventType.REQUEST_MALFORMED,
                    from,
                    "request of '"
                            + from
                            + "' is not {\"action\": \"hold\"|\"resume\"|\"reset\"}: "
                            + e.getMessage());
            return;
        }
        switch (action) {
            case HOLD -> {
                OperatorGate.Change c = gate.hold(from);
                if (c != null && hold != null) {
                    hold.held(from);
                }
                change(c);
            }
            case RESUME -> {
                OperatorGate.Change c = gate.resume(from, System.nanoTime());
                change(c);
                if (c != null && c.type() == PolicyEventType.RESUMED) {
                    if (hold != null) {
                        hold.released();
                    }
                    reset("resumed by '" + from + "'");
                }
            }
            case RESET -> reset("reset requested by '" + from + "'");
        }
    }

    private void reset(String why) {
        PolicyRunner r;
        synchronized (this) {
            r = runner;
        }
        if (r != null) {
            r.reset(why);
        }
    }

    private void change(OperatorGate.Change c) {
        if (c != null && !isClosed()) {
            reporter.event(c.type(), c.field(), c.message());
            statusSoon();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The status document is only ever built and published on the policy thread: the runner calls
     * its sink with its own lock held, and a bus thread that took this component's lock and then
     * the runner's would deadlock with it (the e-stop handler stalled, deactivation hung). One
     * thread also keeps the status documents in order.
     */
    private void statusSoon() {
        try {
            thread.execute(this::publishStatus);
        } catch (RejectedExecutionException stopping) {
            // deactivated: the retained status is cleared, nothing more to say
        }
    }

    private void tick() {
        PolicyRunner r;
        synchronized (this) {
            r = runner;
            if (closed || r == null) {
                return;
            }
        }
        try {
            r.tick();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: say so, keep ticking.
            LOG.log(System.Logger.Level.ERROR, "policy '" + name + "': tick failed", e);
        }
    }

    /** The runner's output: commands to the loop, events and status to the bus. */
    private final class Sink implements PolicyRunner.Sink {
        private final armature.policy.api.ActionMode mode;

        Sink(armature.policy.api.ActionMode mode) {
            this.mode = mode;
        }

        @Override
        public void command(byte[] frame, double uncertainty) {
            Message.Builder m =
                    Message.builder(loop.command(sender))
                            .payload(frame)
                            .contentType(ContentTypes.FRAME)
                            .expiry(Duration.ofSeconds(1))
                            .userProperty(
                                    UserProperties.COMMAND_MODE,
                                    CommandMode.valueOf(mode.name()).wireName());
            String u = CommandContract.uncertaintyProperty(uncertainty); // null: no measure
            if (u != null) {
                m.userProperty(UserProperties.UNCERTAINTY, u);
            }
            bus.publish(m.build()).exceptionally(e -> null); // QoS 0: the next one replaces it
        }

        @Override
        public void event(PolicyEventType type, String field, String message) {
            reporter.event(type, field, message);
        }

        @Override
        public void state(PolicyState state, String reason) {
            statusSoon(); // called with the runner's lock held: never publish from here
        }

        @Override
        public void shadow(float[] action, PolicyRunner.Shadow stats) {
            reporter.shadow(action, stats);
        }
    }

    /** Policy thread only (see {@link #statusSoon()}); takes no lock while it asks the runner. */
    private void publishStatus() {
        PolicyRunner runner;
        String startProblem;
        synchronized (this) {
            if (closed) {
                return;
            }
            runner = this.runner;
            startProblem = this.startProblem;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("policy", name);
        d.put("loop", loop.loopName());
        d.put("sender", sender);
        d.put("provider", config.provider_target());
        synchronized (this) {
            d.put("source", source);
            d.put("revision", revision);
            if (swapProblem != null) {
                d.put("swapProblem", swapProblem);
            }
            if (shadowProblem != null) {
                d.put("shadowProblem", shadowProblem);
            }
        }
        if (runner == null) {
            d.put("state", PolicyState.STARTING.name());
            d.put("reason", startProblem);
        } else {
            d.put("state", runner.state().name());
            d.put("reason", runner.reason());
            d.put("observationSize", runner.spec().observationSize());
            d.put("actionSize", runner.spec().actionSize());
            d.put("actionMode", runner.spec().actionMode().name());
            d.put("rateHz", config.rateHz() > 0 ? config.rateHz() : runner.spec().controlRateHz());
            d.put("recurrent", runner.spec().recurrent());
            d.put("counters", runner.counters());
            PolicyRunner.Shadow shadow = runner.shadowStats();
            if (shadow != null) {
                Map<String, Object> sh = new LinkedHashMap<>();
                synchronized (this) {
                    sh.put("source", shadowSource);
                    sh.put("revision", shadowRevision);
                }
                sh.put("ticks", shadow.ticks());
                sh.put("meanAbsDiff", PolicyReporter.finite(shadow.meanAbsDiff()));
                sh.put("runningMeanAbsDiff", PolicyReporter.finite(shadow.runningMeanAbsDiff()));
                sh.put("maxAbsDiff", PolicyReporter.finite(shadow.maxAbsDiff()));
                sh.put("invalidActions", shadow.invalidActions());
                d.put("shadow", sh);
            }
            long[] last = runner.lastCommand();
            d.put("epoch", last[0] < 0 ? null : last[0]);
            d.put("sequence", last[1]);
            d.put("uncertainty", runner.uncertainty());
        }
        d.put("paused", gate.paused());
        reporter.status(d);
    }

    private String relative(String topic) {
        return topic.substring(container.root().length() + 1);
    }

    /**
     * Stops in an order that leaves nothing behind: no more messages in, the policy thread ended (a
     * running tick finishes, none starts), then the policy closed under the runner's lock so a late
     * reset from a bus thread cannot reach it, and the retained status cleared.
     */
    void close() {
        List<Subscription> subs;
        PolicyRunner r;
        Policy p;
        synchronized (this) {
            closed = true;
            subs = new ArrayList<>(subscriptions);
            subscriptions.clear();
            r = runner;
            p = policy;
        }
        subs.forEach(Subscription::cancel);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "policy '"
                                + name
                                + "': a tick still runs after "
                                + STOP_WAIT
                                + "; interrupted");
                thread.shutdownNow();
                thread.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try {
            if (r != null) {
                r.close();
            } else if (p != null) {
                p.close();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "policy '" + name + "': close failed: " + e);
        }
        reporter.clear();
    }

    static Map<String, String> settings(String[] entries) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String e : entries == null ? new String[0] : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "settings entry '" + e + "'; allowed: key=value");
            }
            m.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
        }
        return m;
    }

    private static void range(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    field + " = " + v + "; allowed: [" + min + ", " + max + "]");
        }
    }

    /** The configured name, or the part of the factory PID after '~'. */
    static String instanceName(String configured, Object servicePid) {
        String n = configured == null ? "" : configured.trim();
        if (n.isEmpty() && servicePid != null) {
            String pid = servicePid.toString();
            int tilde = pid.lastIndexOf('~');
            n = tilde >= 0 ? pid.substring(tilde + 1) : pid.substring(pid.lastIndexOf('.') + 1);
        }
        return Names.require(n, "name");
    }
}
