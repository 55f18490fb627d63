package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.MessageHandler;
import armature.bus.api.Reply;
import armature.control.api.ContainerTopics;
import armature.control.api.log.RateLimitedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResponderTest {
    private final ContainerTopics topics = ContainerTopics.of("c");
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final BusStatistics stats = new BusStatistics();
    private final AtomicInteger handled = new AtomicInteger();
    private final MessageHandler serving =
            new Responder(
                            topics.replyPrefix(),
                            m -> {
                                sent.add(m);
                                return CompletableFuture.completedFuture(null);
                            },
                            stats,
                            new RateLimitedLog(
                                    System.getLogger("test"), Duration.ofSeconds(10), () -> 0L, 16))
                    .serving(
                            r -> {
                                handled.incrementAndGet();
                                return CompletableFuture.completedFuture(Reply.json("{}"));
                            });

    private static Message request(String responseTopic) {
        Message.Builder b =
                Message.builder("armature/v1/c/mgmt/status").correlationData(new byte[] {7});
        if (responseTopic != null) {
            b.responseTopic(responseTopic);
        }
        return b.build();
    }

    @Test
    void repliesUnderTheReplyPrefixWithTheCorrelationData() throws Exception {
        serving.onMessage(request(topics.reply("cli", "cli-42")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).topic()).isEqualTo("armature/v1/c/reply/cli/cli-42");
        assertThat(sent.get(0).correlationData()).containsExactly(7);
        assertThat(sent.get(0).userProperty(BusProperties.STATUS_PROPERTY)).hasValue("ok");
    }

    @Test
    void aResponseTopicOutsideTheReplyPrefixIsRefusedAndCounted() throws Exception {
        serving.onMessage(request(topics.loop("hand").command("mallory")));
        serving.onMessage(request(ContainerTopics.of("other").reply("cli", "x")));
        serving.onMessage(request("armature/v1/c/replyish/x"));
        serving.onMessage(request(null));
        assertThat(sent).as("nothing published for a refused request").isEmpty();
        assertThat(handled).as("the handler never sees a refused request").hasValue(0);
        assertThat(stats.refusedRequests.sum()).isEqualTo(4);
    }
}
