package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The http and dashboard features in the real distribution: started with {@code --http-port 0}, the
 * container lists the dashboard's real URL in {@code status --json} and its text status, and prints
 * it once ready; the URL serves the page, {@code /api/ping} and the WebSocket {@code /api/live};
 * and it is bound to loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "dash";
    @TempDir static Path home;
    private ContainerProcess c;
    private String dashboard;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        int port = ContainerProcess.freePort();
        c =
                ContainerProcess.start(
                        home,
                        ID,
                        "tcp://127.0.0.1:" + port,
                        "--port",
                        Integer.toString(port),
                        "--http-port",
                        "0",
                        "--features",
                        "dashboard");
        c.awaitReady(WAIT);
        dashboard = c.statusJson().path("dashboard").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void statusListsTheRealLoopbackUrlAndRunPrintsIt() throws Exception {
        assertThat(dashboard).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(dashboard).isNotEqualTo("http://127.0.0.1:0/");
        JsonNode status = c.statusJson();
        assertThat(status.path("endpoints").path("dashboard").asText()).isEqualTo(dashboard);
        ContainerProcess.Result text = c.cli("status");
        assertThat(text.out()).contains("dashboard: " + dashboard);
        // The launcher prints it a moment after the retained status says ready: poll its log file.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.log().contains("dashboard: open " + dashboard)) {
            assertThat(System.nanoTime()).as("ready line in\n" + c.log()).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
    }

    @Test
    void pingAndThePageAnswer() throws Exception {
        HttpResponse<String> ping = get("api/ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        JsonNode body = ContainerProcess.JSON.readTree(ping.body());
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("container").asText()).isEqualTo(ID);

        HttpResponse<String> page = get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<html");

        HttpResponse<String> missing = get("no-such-file.js");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ContainerProcess.JSON.readTree(missing.body()).path("error").asText())
                .contains("no-such-file.js");
    }

    /** A method no endpoint serves is a JSON 405 naming the allowed ones, not Jetty's 405/501. */
    @Test
    void otherMethodsAreRefusedInJsonWithTheAllowedOnes() throws Exception {
        for (String[] c :
                new String[][] {
                    {"PUT", "api/status", "GET, HEAD"},
                    {"DELETE", "api/estop/hand/trip", "POST"},
                    {"PATCH", "api/config/x", "GET, HEAD, POST"},
                    {"PUT", "app.js", "GET, HEAD"},
                    {"DELETE", "api/ping", "GET, HEAD"}
                }) {
            HttpResponse<String> r = send(c[0], c[1]);
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(c[0] + " " + c[1]).contains(c[2]);
            assertThat(ContainerProcess.JSON.readTree(r.body()).path("error").asText())
                    .isEqualTo(c[0] + " /" + c[1] + " is not served; allowed: " + c[2]);
        }
        HttpResponse<String> options = send("OPTIONS", "api/estop/hand/trip");
        assertThat(options.statusCode()).isEqualTo(204);
        assertThat(options.headers().firstValue("Allow")).contains("POST");
        assertThat(options.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(dashboard + path))
                        .timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLiveWebSocketConnectsAfterALogin() throws Exception {
        ContainerProcess.Login op = c.createCredential("dashop", "operator");
        HttpResponse<String> login =
                http.send(
                        HttpRequest.newBuilder(URI.create(dashboard + "api/login"))
                                .header("X-Armature", "1")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                ContainerProcess.JSON
                                                        .createObjectNode()
                                                        .put("user", op.user())
                                                        .put(
                                                                "password",
                                                                java.nio.file.Files.readString(
                                                                                op.passwordFile())
                                                                        .trim())
                                                        .toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws =
                http.newWebSocketBuilder()
                        .header("Cookie", cookie)
                        .buildAsync(
                                URI.create(dashboard.replaceFirst("^http", "ws") + "api/live"),
                                new WebSocket.Listener() {
                                    private final StringBuilder text = new StringBuilder();

                                    @Override
                                    public CompletionStage<?> onText(
                                            WebSocket w, CharSequence data, boolean last) {
                                        text.append(data);
                                        if (last) {
                                            first.complete(text.toString());
                                        }
                                        w.request(1);
                                        return null;
                                    }
                                })
                        .get(10, TimeUnit.SECONDS);
        try {
            JsonNode hello = ContainerProcess.JSON.readTree(first.get(10, TimeUnit.SECONDS));
            assertThat(hello.path("type").asText()).isEqualTo("hello");
            assertThat(hello.path("user").asText()).isEqualTo("dashop");
            assertThat(hello.path("role").asText()).isEqualTo("operator");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
        // The same cookie from a page of another site (a browser always sends Origin): refused.
        CompletableFuture<WebSocket> hijack =
                http.newWebSocketBuilder()
                        .header("Cookie", cookie)
                        .header("Origin", "http://evil.example")
                        .buildAsync(
                                URI.create(dashboard.replaceFirst("^http", "ws") + "api/live"),
                                new WebSocket.Listener() {})
                        .toCompletableFuture();
        assertThat(hijack)
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(
                        e ->
                                assertThat(
                                                ((java.net.http.WebSocketHandshakeException) e)
                                                        .getResponse()
                                                        .statusCode())
                                        .isEqualTo(403));
        // What the refusals say, in JSON like every other refusal (Jetty's were HTML pages).
        HttpResponse<String> noLogin = get("api/live");
        assertThat(noLogin.statusCode()).isEqualTo(401);
        assertThat(ContainerProcess.JSON.readTree(noLogin.body()).path("error").asText())
                .isEqualTo("log in first (POST /api/login)");
        HttpResponse<String> foreign =
                http.send(
                        HttpRequest.newBuilder(URI.create(dashboard + "api/live"))
                                .header("Cookie", cookie)
                                .header("Origin", "http://evil.example")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(ContainerProcess.JSON.readTree(foreign.body()).path("error").asText())
                .startsWith("cross-origin WebSocket refused: Origin 'http://evil.example'");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(dashboard + path))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
