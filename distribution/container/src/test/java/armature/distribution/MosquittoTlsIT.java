package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution on Debian's Mosquitto 2 configured as docs/security.md says: a TLS listener with
 * a CA and server certificate this test generates, a password file written with mosquitto_passwd,
 * and the ACL block read from docs/security.md itself. The container works over it; a wrong
 * password, an anonymous client, a client that does not trust the CA and an observer breaking the
 * ACL are all refused.
 */
class MosquittoTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    @TempDir Path dir;

    @Test
    void tlsPasswordsAndTheDocumentedAclProtectTheContainerOnMosquitto() throws Exception {
        for (Path tool : List.of(MOSQUITTO, PASSWD, OPENSSL)) {
            if (!Files.isExecutable(tool)) {
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(
                            tool + " is missing; CI requires mosquitto and openssl");
                }
                assumeTrue(false, tool + " not installed (apt-get install mosquitto openssl)");
            }
        }
        Path ca = certificates();
        Path passwd = dir.resolve("armature.passwd");
        ContainerProcess.Login container = user(passwd, "mqtls", ca);
        ContainerProcess.Login op = user(passwd, "op", ca);
        ContainerProcess.Login watch = user(passwd, "watch", ca);
        Path acl = dir.resolve("armature.acl");
        Files.writeString(
                acl,
                documentedAcl()
                        .replace("<container>", "mqtls")
                        .replace("<operator>", "op")
                        .replace("<observer>", "watch")
                        .replace("<device>", "glove"));
        int port = ContainerProcess.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "listener " + port + " 127.0.0.1",
                        "cafile " + ca,
                        "certfile " + dir.resolve("server.pem"),
                        "keyfile " + dir.resolve("server.key"),
                        "allow_anonymous false",
                        "password_file " + passwd,
                        "acl_file " + acl,
                        "persistence false",
                        "set_tcp_nodelay true",
                        // Started as root, Mosquitto would drop to user 'mosquitto', who cannot
                        // read this test's private folder; for any other user this is a no-op.
                        "user " + System.getProperty("user.name"),
                        ""));
        String url = "ssl://127.0.0.1:" + port;
        Process mosquitto = startMosquitto(conf, port);
        try (ContainerProcess c =
                ContainerProcess.start(
                        dir.resolve("home"),
                        "mqtls",
                        url,
                        concat(
                                List.of("--broker", url),
                                container.args(),
                                List.of("--features", "heartbeat")))) {
            c.loginAs(op);
            c.awaitReady(WAIT);
            JsonNode status = c.statusJson();
            assertThat(status.path("broker").toString()).contains(url);
            c.awaitMessage(
                    ContainerTopics.of("mqtls").extension("heartbeat"),
                    n -> n.path("count").asLong() > 0,
                    WAIT);

            // Refused at connect: wrong password, no user, a CA the client does not trust.
            Path wrong = Files.writeString(dir.resolve("wrong.pw"), "not-the-password\n");
            assertThatThrownBy(() -> c.raw(new ContainerProcess.Login("op", wrong, ca), "guess"))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isIn(0x86, 0x87));
            assertThatThrownBy(() -> RawMqttClient.connect(url, "anon", null, null, null, ca))
                    .isInstanceOfSatisfying(
                            MqttException.class,
                            e -> assertThat(e.getReasonCode()).isIn(0x86, 0x87));
            assertThatThrownBy(
                            () ->
                                    RawMqttClient.connect(
                                            url,
                                            "untrusting",
                                            "op",
                                            Files.readString(op.passwordFile())
                                                    .trim()
                                                    .toCharArray(),
                                            null,
                                            null))
                    .isInstanceOf(MqttException.class);

            // The observer reads the robot but may neither manage nor see management traffic.
            ContainerTopics mqtls = ContainerTopics.of("mqtls");
            try (RawMqttClient w = c.raw(watch, "watch-client")) {
                assertThat(w.subscribe(mqtls.status())).isEqualTo(1);
                assertThat(w.received.poll(10, TimeUnit.SECONDS).payload()).contains("ready");
                // Mosquitto grants the wildcard and filters each delivery by the read ACL.
                assertThat(w.subscribe("#")).isLessThan(0x80);
                ContainerProcess.Result managed = c.cli("status");
                assertThat(managed.exit()).as(managed.toString()).isZero();
                long after =
                        c.awaitMessage(mqtls.extension("heartbeat"), n -> true, WAIT)
                                .path("count")
                                .asLong();
                List<RawMqttClient.Received> seen = new ArrayList<>();
                while (true) {
                    RawMqttClient.Received r = w.received.poll(30, TimeUnit.SECONDS);
                    assertThat(r).as("the observer keeps receiving; saw " + seen).isNotNull();
                    seen.add(r);
                    if (r.topic().equals(mqtls.extension("heartbeat"))
                            && ContainerProcess.JSON.readTree(r.payload()).path("count").asLong()
                                    > after) {
                        break;
                    }
                }
                assertThat(seen)
                        .noneMatch(
                                r -> r.topic().contains("/mgmt/") || r.topic().contains("/reply/"));
                w.publish(
                        mqtls.management(ManagementOperation.FEATURES_INSTALL),
                        "{\"name\":\"greeter\"}",
                        false);
                // Management handles requests one at a time in arrival order: had the
                // observer's install arrived, this answer would come after it.
                assertThat(c.statusJson().path("features").toString()).doesNotContain("greeter");
            }
            // The operator may (the same request through the CLI).
            ContainerProcess.Result install = c.cli("feature", "install", "greeter");
            assertThat(install.exit()).as(install.toString()).isZero();
            assertThat(c.statusJson().path("features").toString()).contains("greeter");
            assertThat(c.log()).doesNotContain("admits clients without a user name");
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A self-signed CA and a server certificate for 127.0.0.1 signed by it; returns the CA. */
    private Path certificates() throws Exception {
        Path ext =
                Files.writeString(
                        dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(
                OPENSSL.toString(),
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=Armature test CA",
                "-keyout",
                dir.resolve("ca.key").toString(),
                "-out",
                dir.resolve("ca.pem").toString());
        run(
                OPENSSL.toString(),
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                dir.resolve("server.key").toString(),
                "-out",
                dir.resolve("server.csr").toString());
        run(
                OPENSSL.toString(),
                "x509",
                "-req",
                "-days",
                "2",
                "-in",
                dir.resolve("server.csr").toString(),
                "-CA",
                dir.resolve("ca.pem").toString(),
                "-CAkey",
                dir.resolve("ca.key").toString(),
                "-CAcreateserial",
                "-extfile",
                ext.toString(),
                "-out",
                dir.resolve("server.pem").toString());
        return dir.resolve("ca.pem");
    }

    /** Adds {@code name} with a random password to the Mosquitto password file. */
    private ContainerProcess.Login user(Path passwd, String name, Path ca) throws Exception {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path file = Files.writeString(dir.resolve(name + ".pw"), password + "\n");
        List<String> cmd = new ArrayList<>(List.of(PASSWD.toString()));
        if (!Files.exists(passwd)) {
            cmd.add("-c");
        }
        cmd.addAll(List.of("-b", passwd.toString(), name, password));
        run(cmd.toArray(String[]::new));
        return new ContainerProcess.Login(name, file, ca);
    }

    /** The Mosquitto ACL block of docs/security.md, between its markers, without the fence. */
    static String documentedAcl() throws IOException {
        String doc =
                Files.readString(
                        Path.of(System.getProperty("armature.repo", "../.."))
                                .resolve("docs/security.md"));
        int begin = doc.indexOf("<!-- mosquitto-acl:begin -->");
        int end = doc.indexOf("<!-- mosquitto-acl:end -->");
        assertThat(begin).as("ACL markers in docs/security.md").isPositive();
        String block = doc.substring(begin, end);
        return block.substring(block.indexOf("```\n") + 4, block.lastIndexOf("```"));
    }

    private static void run(String... cmd) throws Exception {
        ContainerProcess.Result r = ContainerProcess.run(List.of(cmd));
        assertThat(r.exit()).as(String.join(" ", cmd) + "\n" + r).isZero();
    }

    private Process startMosquitto(Path conf, int port) throws Exception {
        Process p =
                new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return p;
            } catch (IOException e) {
                assertThat(p.isAlive())
                        .as("mosquitto runs: " + Files.readString(dir.resolve("mosquitto.log")))
                        .isTrue();
                assertThat(System.nanoTime()).as("mosquitto listens on " + port).isLessThan(end);
                // A listening socket sends no notification; a successful connect is the event.
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    @SafeVarargs
    private static String[] concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all.toArray(String[]::new);
    }
}
