package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.BusException;
import armature.bus.api.Message;
import armature.control.api.ContainerTopics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final List<Message> sent = new CopyOnWriteArrayList<>();

    {
        timer.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private final List<String> subscribed = new CopyOnWriteArrayList<>();

    private Requests requests(CompletionStage<Void> publishResult) {
        return new Requests(
                "c",
                ContainerTopics.ANONYMOUS_USER,
                "cli",
                timer,
                m -> {
                    // Published only once its reply topic is subscribed.
                    assertThat(subscribed).contains(m.responseTopic());
                    sent.add(m);
                    return publishResult;
                },
                (topic, handler) -> {
                    subscribed.add(topic);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static Message replyTo(Message request) {
        return Message.builder(request.responseTopic())
                .payload("ok")
                .correlationData(request.correlationData())
                .build();
    }

    @Test
    void aReplyCancelsTheTimeOutTask() throws Exception {
        Requests r = requests(CompletableFuture.completedFuture(null));
        CompletionStage<Message> answer =
                r.request(
                        Message.builder("armature/v1/c/mgmt/status").build(), Duration.ofHours(1));
        assertThat(timer.getQueue()).hasSize(1);

        r.onReply(replyTo(sent.get(0)));

        assertThat(answer.toCompletableFuture().get(1, TimeUnit.SECONDS).payloadAsString())
                .isEqualTo("ok");
        assertThat(timer.getQueue()).as("time-out tasks left in the timer").isEmpty();
        assertThat(r.waiting()).isZero();
    }

    @Test
    void aRequestToAnotherContainerWaitsInThatContainersReplyTree() throws Exception {
        Requests r = requests(CompletableFuture.completedFuture(null));
        r.request(Message.builder("armature/v1/e2e/mgmt/status").build(), Duration.ofHours(1));
        r.request(Message.builder("armature/v1/e2e/mgmt/bundles").build(), Duration.ofHours(1));
        r.request(Message.builder("elsewhere/x").build(), Duration.ofHours(1));
        assertThat(sent.get(0).responseTopic())
                .isEqualTo(ContainerTopics.of("e2e").reply(ContainerTopics.ANONYMOUS_USER, "cli"));
        assertThat(sent.get(2).responseTopic()).as("no container named").isEqualTo(r.replyTopic());
        assertThat(subscribed)
                .as("each reply topic subscribed once")
                .containsExactly(
                        ContainerTopics.of("e2e").reply(ContainerTopics.ANONYMOUS_USER, "cli"),
                        r.replyTopic());
    }

    @Test
    void noReplyTimesOutNamingTheTopic() {
        Requests r = requests(CompletableFuture.completedFuture(null));
        CompletionStage<Message> answer =
                r.request(
                        Message.builder("armature/v1/c/mgmt/status").build(),
                        Duration.ofMillis(20));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("armature/v1/c/mgmt/status");
        assertThat(r.waiting()).isZero();
    }

    @Test
    void aFailedPublishFailsTheRequestAndCancelsItsTimeOut() {
        Requests r = requests(CompletableFuture.failedFuture(new BusException("not connected")));
        CompletionStage<Message> answer =
                r.request(
                        Message.builder("armature/v1/c/mgmt/status").build(), Duration.ofHours(1));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BusException.class);
        assertThat(timer.getQueue()).isEmpty();
    }

    @Test
    void aLateOrUnknownReplyIsIgnored() {
        Requests r = requests(CompletableFuture.completedFuture(null));
        r.onReply(
                Message.builder("armature/v1/c/reply/anonymous/cli")
                        .correlationData(new byte[] {1})
                        .build());
        r.onReply(Message.builder("armature/v1/c/reply/anonymous/cli").build());
        assertThat(r.waiting()).isZero();
    }
}
