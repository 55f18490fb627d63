package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The registry's decisions, with the publish path recorded instead of sent. */
class RetainedRegistryTest {
    private final AtomicBoolean connected = new AtomicBoolean();
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
    private final RetainedRegistry registry =
            new RetainedRegistry(
                    m -> {
                        sent.add(m);
                        CompletableFuture<Void> f = new CompletableFuture<>();
                        sends.add(f);
                        return f;
                    },
                    connected::get);

    private static Message retained(String topic, String payload) {
        return Message.builder(topic).payload(payload).retained(true).build();
    }

    private List<String> sentAsText() {
        return sent.stream().map(m -> m.topic() + "=" + m.payloadAsString()).toList();
    }

    @Test
    void beforeTheFirstConnectionTheNewestValueIsHeldAndSentOnConnect() {
        CompletableFuture<Void> first = registry.publish(retained("a", "1"));
        CompletableFuture<Void> second = registry.publish(retained("a", "2"));
        CompletableFuture<Void> other = registry.publish(retained("b", "x"));
        assertThat(sent).isEmpty();
        assertThat(first).isNotDone();

        connected.set(true);
        registry.republishAll();

        assertThat(sentAsText()).containsExactly("a=2", "b=x");
        sends.forEach(f -> f.complete(null));
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(other).isCompleted();
    }

    @Test
    void everyReconnectSendsTheNewestValueOfEveryTopicAgain() {
        connected.set(true);
        registry.publish(retained("a", "1"));
        registry.publish(retained("a", "2"));
        registry.publish(retained("b", "x"));
        sent.clear();
        registry.republishAll();
        registry.republishAll();
        assertThat(sentAsText()).containsExactly("a=2", "b=x", "a=2", "b=x");
    }

    @Test
    void anEmptyPayloadClearsAndForgetsTheTopic() {
        connected.set(true);
        registry.publish(retained("a", "1"));
        registry.publish(retained("a", ""));
        assertThat(registry.size()).isZero();
        sent.clear();
        registry.republishAll();
        assertThat(sent).isEmpty();
    }

    @Test
    void aClearMadeWhileDisconnectedIsSentOnConnectThenForgotten() {
        CompletableFuture<Void> clear = registry.publish(retained("a", ""));
        connected.set(true);
        registry.republishAll();
        assertThat(sentAsText()).containsExactly("a=");
        sends.forEach(f -> f.complete(null));
        assertThat(clear).isCompleted();
        sent.clear();
        registry.republishAll();
        assertThat(sent).isEmpty();
    }

    @Test
    void aPublishBetweenConnectingAndRepublishingCompletesTheHeldOnes() {
        CompletableFuture<Void> held = registry.publish(retained("a", "1"));
        connected.set(true);
        registry.publish(retained("a", "2"));
        sends.forEach(f -> f.complete(null));
        assertThat(held).as("superseded by a value that reached the broker").isCompleted();
    }

    @Test
    void aLeftoverIsClearedOnlyWhenThisRunDidNotPublishTheTopic() {
        connected.set(true);
        registry.publish(retained("mine", "1"));
        sent.clear();
        assertThat(registry.clearUnlessPublished("mine")).isNull();
        assertThat(registry.clearUnlessPublished("old")).isNotNull();
        assertThat(sentAsText()).containsExactly("old=");
        assertThat(sent.get(0).retained()).isTrue();
    }

    @Test
    void aCleanCloseClearsEveryRememberedTopicAndAcceptsNothingMore() {
        connected.set(true);
        registry.publish(retained("a", "1"));
        registry.publish(retained("b", "2"));
        sent.clear();
        assertThat(registry.clearAll()).hasSize(2);
        assertThat(sentAsText()).containsExactlyInAnyOrder("a=", "b=");
        assertThat(registry.publish(retained("c", "3"))).isCompletedExceptionally();
        assertThat(registry.size()).isZero();
    }

    @Test
    void closingBeforeConnectingFailsWhatWasHeld() {
        CompletableFuture<Void> held = registry.publish(retained("a", "1"));
        registry.close("bus closed");
        assertThat(held).isCompletedExceptionally();
    }
}
