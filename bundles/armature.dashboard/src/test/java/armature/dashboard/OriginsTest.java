package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginsTest {
    @Test
    void thePageItselfAndClientsWithoutOriginMayConnect() {
        assertThat(Origins.allowed("http://127.0.0.1:8480", "127.0.0.1:8480")).isTrue();
        assertThat(Origins.allowed("HTTP://LOCALHOST:8480", "localhost:8480")).isTrue();
        assertThat(Origins.allowed(null, "127.0.0.1:8480")).isTrue();
    }

    @Test
    void anotherSiteOrPortIsRefused() {
        assertThat(Origins.allowed("http://evil.example", "127.0.0.1:8480")).isFalse();
        assertThat(Origins.allowed("http://127.0.0.1:9999", "127.0.0.1:8480")).isFalse();
        assertThat(Origins.allowed("http://127.0.0.1:8480.evil.example", "127.0.0.1:8480"))
                .isFalse();
        assertThat(Origins.allowed("null", "127.0.0.1:8480")).isFalse();
        assertThat(Origins.allowed("http://127.0.0.1:8480", null)).isFalse();
    }
}
