package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointUrlsTest {
    @Test
    void takesTheHttpUrlOfAnArrayAndEndsItWithASlash() {
        assertThat(
                        EndpointUrls.base(
                                new String[] {"https://127.0.0.1:8443/", "http://127.0.0.1:40123"}))
                .isEqualTo("http://127.0.0.1:40123/");
    }

    @Test
    void acceptsAStringOrACollectionAndFallsBackToHttps() {
        assertThat(EndpointUrls.base("http://127.0.0.1:8480/")).isEqualTo("http://127.0.0.1:8480/");
        assertThat(EndpointUrls.base(List.of("https://h:1/"))).isEqualTo("https://h:1/");
    }

    @Test
    void nothingUsableIsNull() {
        assertThat(EndpointUrls.base(null)).isNull();
        assertThat(EndpointUrls.base(new String[] {" "})).isNull();
        assertThat(EndpointUrls.base(42)).isNull();
    }
}
