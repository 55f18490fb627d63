package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import armature.bus.api.ClientBus;
import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Subscription;
import armature.bus.api.Topics;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.control.api.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The page's e-stop requests against a loop that cannot save its state file (a full disk): a trip
 * is done but not kept, and the answer says so; a reset is refused, since the loop latches again.
 */
class EStopsTest {
    private static final LoopTopics LOOP = ContainerTopics.of("c1").loop("hand");
    private static final String FULL =
            "e-stop state %s not saved to /h/estop.json: java.io.IOException: No space left on"
                    + " device";

    /** A bus in memory; {@code loop} answers what the session publishes, as the loop would. */
    private static final class ScriptedBus implements ClientBus {
        record Sub(String filter, MessageHandler handler) {}

        final List<Sub> subs = new CopyOnWriteArrayList<>();
        final List<Message> retained = new CopyOnWriteArrayList<>();
        Consumer<Message> loop = m -> {};

        @Override
        public String containerId() {
            return "c1";
        }

        @Override
        public String brokerUrl() {
            return "tcp://127.0.0.1:0";
        }

        @Override
        public ConnectionState state() {
            return ConnectionState.CONNECTED;
        }

        @Override
        public CompletionStage<Void> publish(Message m) {
            loop.accept(m);
            return CompletableFuture.completedFuture(null);
        }

        void deliver(Message m) {
            if (m.retained()) {
                retained.removeIf(r -> r.topic().equals(m.topic()));
                retained.add(m);
            }
            Message live = m.toBuilder().retained(false).build();
            for (Sub s : subs) {
                if (Topics.matches(s.filter, m.topic())) {
                    call(s.handler, live);
                }
            }
        }

        @Override
        public CompletionStage<Subscription> subscribe(
                String filter, Qos qos, MessageHandler handler) {
            Sub s = new Sub(filter, handler);
            subs.add(s);
            for (Message m : retained) {
                if (Topics.matches(filter, m.topic())) {
                    call(handler, m);
                }
            }
            return CompletableFuture.completedFuture(
                    new Subscription() {
                        @Override
                        public String topicFilter() {
                            return filter;
                        }

                        @Override
                        public CompletionStage<Void> cancel() {
                            subs.remove(s);
                            return CompletableFuture.completedFuture(null);
                        }
                    });
        }

        @Override
        public CompletionStage<Message> request(Message request, Duration timeout) {
            throw new AssertionError("e-stop requests are publishes");
        }

        @Override
        public void close() {}

        private static void call(MessageHandler h, Message m) {
            try {
                h.onMessage(m);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static Message latch(String state, String notSaved) throws Exception {
        Map<String, Object> doc =
                notSaved == null
                        ? Map.of("state", state, "assertedSources", List.of())
                        : Map.of(
                                "state", state, "assertedSources", List.of(), "notSaved", notSaved);
        return Message.builder(LOOP.eStop())
                .payload(JsonReplies.JSON.writeValueAsBytes(doc))
                .retained(true)
                .build();
    }

    private static Message event(String type, String message) throws Exception {
        return Message.builder(LOOP.events())
                .payload(
                        JsonReplies.JSON.writeValueAsBytes(
                                Map.of("type", type, "message", message)))
                .build();
    }

    @Test
    void aTripTheLoopCouldNotSaveAnswersLatchedWithTheWarning() throws Exception {
        ScriptedBus bus = new ScriptedBus();
        bus.deliver(latch("CLEAR", null));
        bus.loop =
                m -> {
                    if (m.topic().equals(LOOP.eStopTrip("op"))) {
                        try {
                            // The latch first: the QoS 0 event may come after it, or never.
                            bus.deliver(latch("LATCHED", String.format(FULL, "LATCHED")));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                };
        DashSession s = new DashSession("t", "op", Role.OPERATOR, bus, 0);
        JsonNode answer = EStops.request(s, LOOP, "trip", Duration.ofSeconds(5));
        assertThat(answer.path("state").asText()).isEqualTo("LATCHED");
        assertThat(answer.path("notSaved").asText())
                .isEqualTo(
                        String.format(FULL, "LATCHED")
                                + "; the e-stop is LATCHED now, but a crash or restart would not"
                                + " keep it");
    }

    @Test
    void aResetTheLoopCouldNotSaveIsRefusedBecauseTheLoopLatchesAgain() throws Exception {
        ScriptedBus bus = new ScriptedBus();
        bus.deliver(latch("ACKNOWLEDGED", null));
        bus.loop =
                m -> {
                    if (m.topic().equals(LOOP.eStopRequest("op"))) {
                        try {
                            bus.deliver(
                                    event("STATE_FILE_NOT_SAVED", String.format(FULL, "CLEAR")));
                            bus.deliver(latch("LATCHED", null));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                };
        DashSession s = new DashSession("t", "op", Role.OPERATOR, bus, 0);
        ApiError e =
                catchThrowableOfType(
                        () -> EStops.request(s, LOOP, "reset", Duration.ofSeconds(5)),
                        ApiError.class);
        assertThat(e.status).isEqualTo(409);
        assertThat(e.getMessage())
                .startsWith(String.format(FULL, "CLEAR"))
                .endsWith(
                        "the loop latched the e-stop again (a reset that a crash would undo is no reset)");
    }
}
