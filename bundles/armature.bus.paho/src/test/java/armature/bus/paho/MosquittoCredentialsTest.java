package armature.bus.paho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bus logs in with the user name and password of its settings: Debian's Mosquitto with a
 * password file and no anonymous access refuses a wrong password and admits the right one.
 */
class MosquittoCredentialsTest extends BrokerTest {
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    @Override
    Brokers startBroker(Path dir) throws Exception {
        if (!Files.isExecutable(PASSWD) && System.getenv("CI") == null) {
            assumeTrue(false, "mosquitto_passwd not installed: apt-get install mosquitto");
        }
        Path passwords = dir.resolve("passwords");
        Process p =
                new ProcessBuilder(
                                PASSWD.toString(),
                                "-b",
                                "-c",
                                passwords.toString(),
                                "alice",
                                "s3cret")
                        .redirectErrorStream(true)
                        .start();
        assertThat(p.waitFor()).as("mosquitto_passwd exit code").isZero();
        return Brokers.mosquitto(dir, "allow_anonymous false\npassword_file " + passwords + "\n");
    }

    private PahoMessageBus as(String client, String user, String password) {
        return bus(
                BusSettings.of(broker.url(), "locked", client)
                        .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(200))
                        .withCredentials(
                                new BusSettings.Credentials(user, password.toCharArray())));
    }

    @Test
    void aWrongPasswordIsRefusedWithTheBrokersReason() {
        PahoMessageBus bus = as("wrong", "alice", "guess");
        bus.start();
        awaitTrue(() -> !bus.lastError().isEmpty(), "a connection error is recorded");
        assertThat(bus.lastError()).containsAnyOf("[code 134]", "[code 135]");
        assertThat(bus.state()).isNotEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void noCredentialsAreRefusedToo() {
        PahoMessageBus bus =
                bus(
                        BusSettings.of(broker.url(), "locked", "nobody")
                                .withReconnectDelays(
                                        Duration.ofMillis(50), Duration.ofMillis(200)));
        bus.start();
        awaitTrue(() -> !bus.lastError().isEmpty(), "a connection error is recorded");
        assertThat(bus.state()).isNotEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void theRightPasswordConnectsAndRepliesComeToTheUsersReplyTopic() {
        PahoMessageBus server = as("bus", "alice", "s3cret");
        PahoMessageBus client = as("cli-1", "alice", "s3cret");
        await(server.start());
        await(client.start());
        ContainerTopics topics = ContainerTopics.of("locked");
        CompletableFuture<String> responseTopic = new CompletableFuture<>();
        await(
                server.serve(
                        topics.management(ManagementOperation.STATUS),
                        req -> {
                            responseTopic.complete(req.responseTopic());
                            return CompletableFuture.completedFuture(Reply.json("{}"));
                        }));
        await(
                client.request(
                        Message.builder(topics.management(ManagementOperation.STATUS))
                                .qos(Qos.AT_LEAST_ONCE)
                                .build(),
                        Duration.ofSeconds(5)));
        assertThat(await(responseTopic)).isEqualTo(topics.reply("alice", "cli-1"));
    }
}
