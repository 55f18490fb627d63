package armature.control.component;

import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.codec.JsonCodec;
import armature.control.api.EStopAction;
import armature.control.api.LoopTopics;
import armature.control.api.Names;
import armature.control.loop.CommandFrames;
import armature.control.loop.CommandInbox;
import armature.safety.NanoClock;
import armature.safety.SafetySupervisor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What acts on the loop from the bus: command frames ({@code command/<sender>}), operator e-stop
 * requests ({@code estop/request/<sender>}, every {@link EStopAction}) and trips ({@code
 * estop/trip/<sender>}, anyone). The sender is always the topic's last level, which the broker ties
 * to the publisher's user name; nothing in a payload names who acted.
 */
final class LoopInputs {
    private static final System.Logger LOG = System.getLogger(LoopInputs.class.getName());

    /**
     * E-stop request: {@code {"action": "..."}}; a {@code source} field is accepted and ignored.
     */
    record EStopRequest(String action, String source) {}

    private final MessageBus bus;
    private final LoopTopics topics;
    private final SafetySupervisor supervisor;
    private final CommandInbox inbox;
    private final LoopReporter reporter;
    private final NanoClock clock;
    private final JsonCodec json = new JsonCodec();
    private final CommandFrames frames = new CommandFrames();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    LoopInputs(
            MessageBus bus,
            LoopTopics topics,
            SafetySupervisor supervisor,
            CommandInbox inbox,
            LoopReporter reporter,
            NanoClock clock) {
        this.bus = bus;
        this.topics = topics;
        this.supervisor = supervisor;
        this.inbox = inbox;
        this.reporter = reporter;
        this.clock = clock;
    }

    void subscribe() {
        // Commands: newest wins, a lost one is replaced by the next. E-stop inputs must arrive.
        subscribe(topics.commandFilter(), Qos.AT_MOST_ONCE, this::onCommand);
        subscribe(topics.eStopRequestFilter(), Qos.AT_LEAST_ONCE, this::onEStopRequest);
        subscribe(topics.eStopTripFilter(), Qos.AT_LEAST_ONCE, this::onEStopTrip);
    }

    void close() {
        for (Subscription s : subscriptions) {
            s.cancel();
        }
    }

    void onCommand(Message m) {
        long received = clock.nanoTime();
        try {
            String sender = topics.senderOf(m.topic());
            // One decoder, several delivery threads: decoding is quick, so serialise it.
            synchronized (frames) {
                inbox.offer(
                        frames.decode(
                                sender,
                                m.payload(),
                                m.userProperty(CommandFrames.MODE_PROPERTY).orElse(null),
                                m.userProperty(CommandFrames.UNCERTAINTY_PROPERTY).orElse(null),
                                m.expiry(),
                                received));
            }
        } catch (IllegalArgumentException e) {
            reporter.malformedCommands.incrementAndGet();
            reporter.report(
                    LoopEvent.COMMAND_FRAME_MALFORMED, e.getMessage(), Map.of("topic", m.topic()));
        }
    }

    void onEStopRequest(Message m) {
        String sender;
        EStopAction action;
        try {
            sender = topics.senderOf(m.topic());
            EStopRequest r = json.decode(m.topic(), m.payload(), EStopRequest.class);
            if (r.action() == null) {
                throw new IllegalArgumentException(
                        "action is missing; allowed: trip, assert, release, acknowledge, reset");
            }
            action = EStopAction.parse(r.action());
        } catch (RuntimeException e) {
            reporter.report(
                    LoopEvent.ESTOP_REQUEST_MALFORMED, e.getMessage(), Map.of("topic", m.topic()));
            return;
        }
        if (m.retained()
                && (action == EStopAction.ACKNOWLEDGE
                        || action == EStopAction.RESET
                        || action == EStopAction.RELEASE)) {
            // A retained request is a stored one, delivered again at every subscription (a
            // broker that cannot refuse retained publishes, e.g. Mosquitto): never a person
            // releasing the e-stop now. A retained trip or assert still latches (fail safe).
            reporter.report(
                    LoopEvent.ESTOP_REQUEST_MALFORMED,
                    "a retained e-stop request ('"
                            + action.wireName()
                            + "' from '"
                            + sender
                            + "') is a stored message, not a request made now; ignored. Clear it"
                            + " on the broker (publish an empty retained message to "
                            + m.topic()
                            + ")",
                    Map.of("topic", m.topic()));
            return;
        }
        // The event itself goes out with the next tick; the retained state follows it.
        switch (action) {
            case TRIP -> supervisor.triggerEStop(sender);
            case ASSERT -> supervisor.assertEStop(sender);
            case RELEASE -> supervisor.releaseEStop(sender);
            case ACKNOWLEDGE -> supervisor.acknowledgeEStop(sender);
            case RESET -> supervisor.resetEStop(sender);
        }
    }

    /**
     * A trip always latches, whatever the payload (fail safe): a {@code {"reason": "..."}} goes
     * into the event, anything else is ignored. A sender level that is no valid name still trips,
     * with its characters made safe.
     */
    void onEStopTrip(Message m) {
        String level = m.topic().substring(m.topic().lastIndexOf('/') + 1);
        String sender = Names.isValid(level) ? level : Names.level(level.isEmpty() ? "?" : level);
        supervisor.triggerEStop(sender, reason(m));
    }

    private String reason(Message m) {
        if (m.payload().length == 0) {
            return null;
        }
        try {
            if (json.decodeTree(m.topic(), m.payload()) instanceof Map<?, ?> doc
                    && doc.get("reason") instanceof String s) {
                return s;
            }
        } catch (RuntimeException e) {
            // Not JSON: the trip stands without a reason.
        }
        return null;
    }

    private void subscribe(String filter, Qos qos, Consumer<Message> handler) {
        bus.subscribe(filter, qos, handler::accept)
                .whenComplete(
                        (s, e) -> {
                            if (e != null) {
                                LOG.log(
                                        System.Logger.Level.ERROR,
                                        "subscription to " + filter + " failed",
                                        e);
                            } else {
                                subscriptions.add(s);
                            }
                        });
    }
}
