package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.paho.BusSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLoginTest {
    @TempDir Path dir;

    private final Map<String, String> options = new HashMap<>();

    private BusSettings cli(String url) {
        return BrokerLogin.forCli(
                BusSettings.of(url, "robot", "cli-1"), options::get, new Home(dir, "robot"));
    }

    @Test
    void optionsNameTheUserAndThePasswordFileItsFirstLine() throws Exception {
        Path pw = dir.resolve("alice.pw");
        Files.writeString(pw, "  s3cret-value  \nsecond line ignored\n");
        options.put("broker-user", "alice");
        options.put("broker-password-file", pw.toString());
        BusSettings s = cli("tcp://127.0.0.1:1884");
        assertThat(s.credentials().user()).isEqualTo("alice");
        assertThat(new String(s.credentials().password())).isEqualTo("s3cret-value");
    }

    @Test
    void halfALoginOrAnUnreadableFileIsAUsageErrorNamingTheOption() throws Exception {
        options.put("broker-user", "alice");
        assertThatThrownBy(() -> cli("tcp://127.0.0.1:1884"))
                .isInstanceOf(Args.UsageException.class)
                .hasMessageContaining("--broker-user and --broker-password-file go together");
        options.put("broker-password-file", dir.resolve("missing").toString());
        assertThatThrownBy(() -> cli("tcp://127.0.0.1:1884"))
                .hasMessageContaining("cannot read the password file");
        options.clear();
        options.put("broker-ca", dir.resolve("ca.pem").toString());
        assertThatThrownBy(() -> cli("ssl://127.0.0.1:8883"))
                .hasMessageContaining("--broker-ca")
                .hasMessageContaining("not readable");
        Files.writeString(dir.resolve("ca.pem"), "x");
        assertThatThrownBy(() -> cli("tcp://127.0.0.1:1884"))
                .hasMessageContaining("TLS settings need an ssl://HOST:PORT broker URL");
    }

    @Test
    void theLocalCliLoginIsUsedOnlyForTheLocalContainersBroker() throws Exception {
        Home home = new Home(dir, "robot");
        assertThat(cli("tcp://127.0.0.1:1884").credentials()).isNull();
        Files.createDirectories(home.runtime());
        PrivateFiles.writeSecret(home.cliPasswordFile(), "local-operator-pw".toCharArray());
        Files.writeString(home.brokerUrlFile(), "tcp://127.0.0.1:1884\n");

        // No --broker: the CLI talks to the local container.
        BusSettings local = cli("tcp://127.0.0.1:1884");
        assertThat(local.credentials().user()).isEqualTo("cli");
        assertThat(new String(local.credentials().password())).isEqualTo("local-operator-pw");
        // --broker naming the same broker: still local.
        options.put("broker", "tcp://127.0.0.1:1884");
        assertThat(cli("tcp://127.0.0.1:1884").credentials().user()).isEqualTo("cli");
        // Another broker never receives the local password.
        options.put("broker", "tcp://10.0.0.7:1883");
        assertThat(cli("tcp://10.0.0.7:1883").credentials()).isNull();
    }
}
