package armature.foxglove.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server understands of client messages, and how it says what is wrong. */
class ClientMessagesTest {
    private final ClientMessages in = new ClientMessages(new ObjectMapper());

    @Test
    void subscribe() {
        ClientMessage m =
                in.parse(
                        "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":0,\"channelId\":3},{\"id\":1,\"channelId\":5}]}");
        assertThat(m)
                .isEqualTo(
                        new ClientMessage.Subscribe(
                                List.of(
                                        new ClientMessage.SubscriptionRequest(0, 3),
                                        new ClientMessage.SubscriptionRequest(1, 5))));
    }

    @Test
    void textAfterTheMessageIsRefused() {
        assertThatThrownBy(
                        () -> in.parse("{\"op\":\"unsubscribe\",\"subscriptionIds\":[0]} trailing"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("client message is not JSON");
    }

    @Test
    void unsubscribe() {
        assertThat(in.parse("{\"op\":\"unsubscribe\",\"subscriptionIds\":[0,1]}"))
                .isEqualTo(new ClientMessage.Unsubscribe(List.of(0L, 1L)));
    }

    @Test
    void capabilityOpsAreRecognisedAsUnsupported() {
        assertThat(in.parse("{\"op\":\"setParameters\",\"parameters\":[]}"))
                .isEqualTo(new ClientMessage.Unsupported("setParameters"));
        assertThat(in.parse("{\"op\":\"advertise\",\"channels\":[]}"))
                .isEqualTo(new ClientMessage.Unsupported("advertise"));
    }

    @Test
    void errorsNameTheFieldTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> in.parse("not json"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> in.parse("[1]"))
                .hasMessageContaining("[1]")
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> in.parse("{\"op\":\"fly\"}"))
                .hasMessageContaining("'op' is 'fly'")
                .hasMessageContaining("allowed: subscribe, unsubscribe");
        assertThatThrownBy(() -> in.parse("{\"subscriptions\":[]}"))
                .hasMessageContaining("'op' is missing");
        assertThatThrownBy(() -> in.parse("{\"op\":\"subscribe\"}"))
                .hasMessageContaining("'subscriptions' is missing; allowed: an array");
        assertThatThrownBy(
                        () ->
                                in.parse(
                                        "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":\"a\",\"channelId\":1}]}"))
                .hasMessageContaining("'subscriptions[0].id' is \"a\"")
                .hasMessageContaining("an integer from 0 to 4294967295");
        assertThatThrownBy(
                        () ->
                                in.parse(
                                        "{\"op\":\"subscribe\",\"subscriptions\":[{\"id\":1,\"channelId\":-2}]}"))
                .hasMessageContaining("'subscriptions[0].channelId' is -2");
        assertThatThrownBy(() -> in.parse("{\"op\":\"unsubscribe\",\"subscriptionIds\":[1.5]}"))
                .hasMessageContaining("'subscriptionIds[0]' is 1.5");
    }
}
