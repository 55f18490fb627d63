package armature.foxglove.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.codec.JsonCodec;
import armature.control.api.ContainerTopics;
import armature.control.api.LoopTopics;
import armature.foxglove.channel.ChannelCatalog;
import armature.foxglove.channel.Frames;
import armature.foxglove.hub.FakeBus;
import armature.foxglove.hub.FoxgloveHub;
import armature.foxglove.hub.HubSettings;
import armature.foxglove.protocol.AccessToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet in a real Jetty 12 (the one the Felix HTTP bundle embeds) over an in-memory bus: the
 * upgrade's token and subprotocol checks, and the protocol's reference client from npm.
 */
class FoxgloveServletTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeBus bus = new FakeBus();
    private final LoopTopics hand = ContainerTopics.of("c1").loop("hand");
    private final AccessToken token = AccessToken.generate(new SecureRandom());
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private FoxgloveHub hub;
    private Server server;
    private String url;
    private int port;

    @BeforeEach
    void start() throws Exception {
        ChannelCatalog catalog;
        try (InputStream in = getClass().getResourceAsStream(FoxgloveComponent.ASYNCAPI_RESOURCE)) {
            catalog = ChannelCatalog.of(JSON.readTree(in));
        }
        hub =
                new FoxgloveHub(
                        bus,
                        catalog,
                        JSON,
                        Clock.systemUTC(),
                        new HubSettings("Armature c1", "s1", 64));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        context.addServlet(new ServletHolder(new FoxgloveServlet(hub, token)), EndpointUrl.PATH);
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
        url = EndpointUrl.of("http://127.0.0.1:" + port + "/", token).orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        loop.shutdownNow();
        hub.close();
        server.stop();
    }

    @Test
    void theRightTokenAndSubprotocolConnectAndServerInfoComesFirst() throws Exception {
        BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        WebSocket ws = connect(URI.create(url), "foxglove.websocket.v1", texts).join();
        assertThat(ws.getSubprotocol()).isEqualTo("foxglove.websocket.v1");
        JsonNode first = JSON.readTree(texts.poll(10, TimeUnit.SECONDS));
        assertThat(first.get("op").asText()).isEqualTo("serverInfo");
        assertThat(JSON.readTree(texts.poll(10, TimeUnit.SECONDS)).get("op").asText())
                .isEqualTo("advertise");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void aWrongOrMissingTokenIsRefusedWith403() {
        String base = "ws://127.0.0.1:" + port + EndpointUrl.PATH;
        for (String u :
                List.of(
                        base,
                        base + "?token=",
                        base + "?token=" + token.value().substring(1) + "0",
                        base + "?token=" + token.value() + "&token=" + token.value())) {
            assertThatThrownBy(
                            () ->
                                    connect(
                                                    URI.create(u),
                                                    "foxglove.websocket.v1",
                                                    new LinkedBlockingQueue<>())
                                            .join())
                    .as(u)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(
                            e ->
                                    assertThat(
                                                    ((WebSocketHandshakeException) e)
                                                            .getResponse()
                                                            .statusCode())
                                            .isEqualTo(403));
        }
        assertThat(hub.clients()).isZero();
    }

    @Test
    void anotherSubprotocolIsRefused() {
        assertThatThrownBy(
                        () ->
                                connect(
                                                URI.create(url),
                                                "foxglove.websocket.v2",
                                                new LinkedBlockingQueue<>())
                                        .join())
                .cause()
                .isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(
                        e ->
                                assertThat(
                                                ((WebSocketHandshakeException) e)
                                                        .getResponse()
                                                        .statusCode())
                                        .isEqualTo(400));
        assertThat(hub.clients()).isZero();
    }

    @Test
    void theReferenceClientReceivesDecodedJointStates() throws Exception {
        ReferenceClient.require();
        bus.deliver(
                Message.builder(hand.stateSchema())
                        .payload(
                                new JsonCodec()
                                        .encode(
                                                Frames.schema(
                                                        List.of("FFJ1", "FFJ2", "FFJ3"), "Nm")))
                        .contentType(ContentTypes.JSON)
                        .retained(true)
                        .build());
        AtomicLong seq = new AtomicLong();
        // the loop: a frame every 2 ms with moving positions, whether anyone listens or not
        loop.scheduleAtFixedRate(
                () -> {
                    long n = seq.incrementAndGet();
                    double p = Math.sin(n / 50.0);
                    bus.deliver(
                            Message.builder(hand.state())
                                    .payload(
                                            Frames.jointState(
                                                    n,
                                                    System.nanoTime(),
                                                    new double[] {p, -p, 0.5 * p},
                                                    new double[] {1, 2, 3},
                                                    new double[] {0, 0, Double.NaN}))
                                    .contentType(ContentTypes.FRAME)
                                    .build());
                },
                0,
                2,
                TimeUnit.MILLISECONDS);
        ReferenceClient.Run run =
                ReferenceClient.run(url, 60, "--topic", hand.state(), "--messages", "40");
        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode r = run.report();
        assertThat(r.get("protocol").asText()).isEqualTo("foxglove.websocket.v1");
        assertThat(r.get("serverInfo").get("name").asText()).isEqualTo("Armature c1");
        JsonNode channel = r.get("channel");
        assertThat(channel.get("encoding").asText()).isEqualTo("json");
        assertThat(channel.get("schemaEncoding").asText()).isEqualTo("jsonschema");
        assertThat(channel.get("schemaName").asText()).isEqualTo("armature.jointState");
        JsonSchema schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                        .getSchema(JSON.readTree(channel.get("schema").asText()));
        JsonNode messages = r.get("messages");
        assertThat(messages).hasSize(40);
        for (JsonNode m : messages) {
            assertThat(schema.validate(m.get("data"))).as(m.toString()).isEmpty();
            assertThat(m.get("data").get("names").get(2).asText()).isEqualTo("FFJ3");
            assertThat(m.get("data").get("effort").get(2).isNull()).isTrue();
        }
        double first = messages.get(0).get("data").get("positionRad").get(0).asDouble();
        assertThat(messages)
                .anyMatch(m -> m.get("data").get("positionRad").get(0).asDouble() != first);
        assertThat(messages).extracting(m -> m.get("data").get("seq").asLong()).isSorted();
        assertThat(bus.published).isEmpty();
    }

    @Test
    void theReferenceClientIsRefusedWithAWrongToken() throws Exception {
        ReferenceClient.require();
        ReferenceClient.Run run =
                ReferenceClient.run(
                        "ws://127.0.0.1:"
                                + port
                                + EndpointUrl.PATH
                                + "?token=00000000000000000000000000000000",
                        60,
                        "--expect-refused",
                        "--timeout-ms",
                        "20000");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.report().get("refused").asBoolean()).isTrue();
        assertThat(run.report().get("error").asText()).isEqualTo("HTTP 403");
    }

    private static CompletionStage<WebSocket> connectStage(
            URI uri, String protocol, BlockingQueue<String> texts) {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols(protocol)
                .buildAsync(
                        uri,
                        new WebSocket.Listener() {
                            private final StringBuilder part = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(
                                    WebSocket ws, CharSequence data, boolean last) {
                                part.append(data);
                                if (last) {
                                    texts.add(part.toString());
                                    part.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        });
    }

    private static java.util.concurrent.CompletableFuture<WebSocket> connect(
            URI uri, String protocol, BlockingQueue<String> texts) {
        return connectStage(uri, protocol, texts).toCompletableFuture();
    }
}
