package armature.foxglove.web;

import static org.assertj.core.api.Assertions.assertThat;

import armature.foxglove.protocol.AccessToken;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The URL published for status: the runtime's own endpoint, ws for http, the token in the query.
 */
class EndpointUrlTest {
    private final AccessToken token = AccessToken.generate(new SecureRandom());

    @Test
    void httpBecomesWsWithThePathAndToken() {
        assertThat(EndpointUrl.of(new String[] {"http://127.0.0.1:8480/"}, token))
                .contains("ws://127.0.0.1:8480/foxglove?token=" + token.value());
        assertThat(EndpointUrl.of("http://127.0.0.1:40001", token))
                .contains("ws://127.0.0.1:40001/foxglove?token=" + token.value());
        assertThat(EndpointUrl.of(List.of("https://robot:8443/"), token))
                .contains("wss://robot:8443/foxglove?token=" + token.value());
    }

    @Test
    void theFirstHttpEndpointWins() {
        assertThat(
                        EndpointUrl.of(
                                new String[] {"/", "http://127.0.0.1:1/", "http://10.0.0.2:1/"},
                                token))
                .contains("ws://127.0.0.1:1/foxglove?token=" + token.value());
    }

    @Test
    void noEndpointYetMeansNoUrl() {
        assertThat(EndpointUrl.of(null, token)).isEmpty();
        assertThat(EndpointUrl.of(new String[0], token)).isEmpty();
        assertThat(EndpointUrl.of("/", token)).isEmpty();
    }
}
