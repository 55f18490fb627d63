package armature.itest;

import static org.assertj.core.api.Assertions.assertThat;

import armature.bus.api.BusProperties;
import armature.bus.api.ConnectionState;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.MessageHandler;
import armature.bus.api.Qos;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The bus bundles inside a real Felix framework with SCR and ConfigAdmin, against Debian's
 * Mosquitto: component states through ServiceComponentRuntime DTOs, configuration through
 * ConfigAdmin, handlers through the service registry (the whiteboard).
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BusInContainerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Process mosquitto;
    private static int port;
    private static Path dir;

    @InjectBundleContext BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @BeforeAll
    static void startMosquitto() throws Exception {
        Path bin = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(bin)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "the in-container tests need Debian's mosquitto: apt-get install mosquitto");
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    false, "mosquitto not installed: apt-get install mosquitto");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("armature-itest");
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                "listener " + port + " 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n");
        mosquitto =
                new ProcessBuilder(bin.toString(), "-c", conf.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("mosquitto.log").toFile())
                        .start();
        await(
                () -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                },
                "mosquitto listening");
    }

    @AfterAll
    static void stopMosquitto() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void withoutABrokerTheBusComponentSaysWhatIsMissing() {
        await(
                () -> busState() == ComponentConfigurationDTO.FAILED_ACTIVATION,
                "bus component failed");
        assertThat(busConfiguration().failure).contains("armature.broker.url");
    }

    @Test
    @Order(2)
    void configuredBusDeliversToWhiteboardHandlersAndAnswersRequests() throws Exception {
        Configuration c = configAdmin.getConfiguration("armature.bus.paho", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("brokerUrl", "tcp://127.0.0.1:" + port);
        c.update(props);
        await(() -> busState() == ComponentConfigurationDTO.ACTIVE, "bus component active");
        MessageBus bus = context.getService(context.getServiceReference(MessageBus.class));
        await(() -> bus.state() == ConnectionState.CONNECTED, "bus connected");
        assertThat(bus.containerId()).isEqualTo("itest");

        CompletableFuture<Message> got = new CompletableFuture<>();
        CompletableFuture<String> thread = new CompletableFuture<>();
        Dictionary<String, Object> handlerProps = new Hashtable<>();
        handlerProps.put(BusProperties.TOPIC, new String[] {"armature/v1/itest/probe/+"});
        ServiceRegistration<MessageHandler> handler =
                context.registerService(
                        MessageHandler.class,
                        m -> {
                            thread.complete(Thread.currentThread().getName());
                            got.complete(m);
                        },
                        handlerProps);
        Dictionary<String, Object> serverProps = new Hashtable<>();
        serverProps.put(BusProperties.TOPIC, "armature/v1/itest/echo");
        ServiceRegistration<RequestHandler> server =
                context.registerService(
                        RequestHandler.class,
                        req ->
                                CompletableFuture.completedFuture(
                                        Reply.json("{\"echo\":" + req.payloadAsString() + "}")),
                        serverProps);
        try {
            // The whiteboard subscribes asynchronously; publish until the handler sees one.
            Message probe =
                    Message.builder("armature/v1/itest/probe/a")
                            .payload("42")
                            .qos(Qos.AT_LEAST_ONCE)
                            .build();
            await(
                    () -> {
                        bus.publish(probe);
                        try {
                            got.get(100, TimeUnit.MILLISECONDS);
                            return true;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    "handler received a probe");
            assertThat(got.get().payloadAsString()).isEqualTo("42");
            assertThat(thread.get()).startsWith("armature-bus-delivery");

            Message reply = null;
            for (int i = 0; i < 50 && reply == null; i++) {
                try {
                    reply =
                            bus.request(
                                            Message.builder("armature/v1/itest/echo")
                                                    .payload("7")
                                                    .build(),
                                            Duration.ofMillis(300))
                                    .toCompletableFuture()
                                    .get(5, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException timeoutWhileSubscribing) {
                    // the request handler's subscription is not made yet
                }
            }
            assertThat(reply).isNotNull();
            assertThat(reply.payloadAsString()).isEqualTo("{\"echo\":7}");
            assertThat(reply.userProperty(BusProperties.STATUS_PROPERTY)).hasValue("ok");
        } finally {
            handler.unregister();
            server.unregister();
        }
    }

    private int busState() {
        ComponentConfigurationDTO c = busConfiguration();
        return c == null ? -1 : c.state;
    }

    private ComponentConfigurationDTO busConfiguration() {
        ComponentDescriptionDTO d =
                scr.getComponentDescriptionDTOs().stream()
                        .filter(x -> x.name.equals("armature.bus.paho"))
                        .findFirst()
                        .orElse(null);
        if (d == null) {
            return null;
        }
        return scr.getComponentConfigurationDTOs(d).stream().findFirst().orElse(null);
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
