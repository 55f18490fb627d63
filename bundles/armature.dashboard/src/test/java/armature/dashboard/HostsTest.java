package armature.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostsTest {

    @Test
    void onLoopbackOnlyLoopbackNamesWithAnyPort() {
        for (String ok :
                new String[] {
                    "127.0.0.1:8480",
                    "localhost:8480",
                    "LOCALHOST",
                    "[::1]:8480",
                    "127.0.0.1",
                    "app.localhost:1"
                }) {
            assertThat(Hosts.allowed(ok, "127.0.0.1")).as(ok).isTrue();
            assertThat(Hosts.allowed(ok, "0:0:0:0:0:0:0:1")).as(ok + " on ::1").isTrue();
        }
        for (String bad :
                new String[] {
                    "evil.example:8480",
                    "localhost.evil.example",
                    "127.0.0.1.evil.example:80",
                    "[::2]:8480",
                    "",
                }) {
            assertThat(Hosts.allowed(bad, "127.0.0.1")).as(bad).isFalse();
        }
        assertThat(Hosts.allowed(null, "127.0.0.1")).isFalse();
    }

    @Test
    void onAnotherAddressAnyHostIsTheOperatorsChoice() {
        assertThat(Hosts.allowed("robot.lab:8480", "192.168.1.20")).isTrue();
        assertThat(Hosts.allowed(null, "10.0.0.5")).isTrue();
    }

    @Test
    void longHeadersAreShortenedForMessages() {
        assertThat(Hosts.shown("x".repeat(5000))).hasSize(103).endsWith("...");
        assertThat(Hosts.shown(null)).isEqualTo("(none)");
    }
}
