package armature.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void takesTheHttpUrlOfAnArrayAndEndsItWithASlash() {
        assertThat(
                        Endpoints.httpBase(
                                new String[] {"https://127.0.0.1:8443/", "http://127.0.0.1:40123"}))
                .contains("http://127.0.0.1:40123/");
        assertThat(
                        Endpoints.httpBase(
                                new String[] {"/", "http://127.0.0.1:1/", "http://10.0.0.2:1/"}))
                .contains("http://127.0.0.1:1/");
    }

    @Test
    void acceptsAStringOrACollectionAndFallsBackToHttps() {
        assertThat(Endpoints.httpBase("http://127.0.0.1:8480/")).contains("http://127.0.0.1:8480/");
        assertThat(Endpoints.httpBase(List.of("https://h:1/"))).contains("https://h:1/");
    }

    @Test
    void nothingUsableIsEmpty() {
        assertThat(Endpoints.httpBase(null)).isEmpty();
        assertThat(Endpoints.httpBase(new String[] {" "})).isEmpty();
        assertThat(Endpoints.httpBase("/")).isEmpty();
        assertThat(Endpoints.httpBase(42)).isEmpty();
    }
}
