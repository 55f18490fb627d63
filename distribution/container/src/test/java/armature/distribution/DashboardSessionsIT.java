package armature.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's server side against the real distribution with the simulated hand: logins as an
 * operator and an observer made with {@code armature access add} (and refusals of a wrong password
 * and a device), the e-stop tripped, acknowledged and reset through the page's endpoints with
 * {@code armature estop status} agreeing, the observer refused a reset, joint states on {@code
 * /api/live} thinned to at most 60/s while the loop runs at 500 Hz, a bundle deployed by multipart
 * upload, and a configuration validation error as 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSessionsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ID = "dashs";
    @TempDir static Path home;
    private ContainerProcess c;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private String operatorCookie;
    private String observerCookie;

    @BeforeAll
    void start() throws Exception {
        ContainerProcess.linkExamples(home);
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
                        "sim-hand,dashboard");
        c.awaitReady(WAIT);
        base = c.statusJson().path("dashboard").asText();
        assertThat(base).startsWith("http://127.0.0.1:");
        operatorCookie = login(c.createCredential("webop", "operator"), 200);
        observerCookie = login(c.createCredential("webobs", "observer"), 200);
    }

    @AfterAll
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void rolesComeFromTheBrokerAndBadLoginsAreRefused() throws Exception {
        JsonNode op = json(get("api/session", operatorCookie), 200);
        assertThat(op.path("role").asText()).isEqualTo("operator");
        assertThat(op.path("container").asText()).isEqualTo(ID);
        assertThat(json(get("api/session", observerCookie), 200).path("role").asText())
                .isEqualTo("observer");

        HttpResponse<String> wrong =
                post("api/login", null, "{\"user\":\"webop\",\"password\":\"nope\"}");
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(json(wrong, 401).path("error").asText())
                .contains("refused the login")
                .contains("134");

        ContainerProcess.Login device = c.createCredential("webdev", "device");
        HttpResponse<String> dev = post("api/login", null, credentials(device));
        assertThat(json(dev, 403).path("error").asText()).contains("webdev");

        assertThat(get("api/session", null).statusCode()).isEqualTo(401);
        HttpResponse<String> noCsrf =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "api/estop/hand/trip"))
                                .header("Cookie", operatorCookie)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(json(noCsrf, 403).path("error").asText()).contains("X-Armature");
    }

    /**
     * A page that opens asks for its session before the login form: the 3D scene document is
     * prepared then, while the user types, so the first page after a start does not wait for it.
     */
    @Test
    void theSceneIsPreparedWhenAPageOpens() throws Exception {
        assertThat(get("api/session", null).statusCode()).isEqualTo(401);
        long end = System.nanoTime() + WAIT.toNanos();
        while (!c.log().contains("3D scene of loop 'hand' prepared for the pages")) {
            assertThat(System.nanoTime()).as("scene prepared; log:\n" + c.log()).isLessThan(end);
            Thread.sleep(50); // polling the container's log file
        }
        JsonNode scene = json(get("api/robot/hand", operatorCookie), 200);
        assertThat(scene.path("loop").asText()).isEqualTo("hand");
    }

    @Test
    void eStopTripAcknowledgeResetAgreeWithTheCliAndObserversMayOnlyTrip() throws Exception {
        JsonNode tripped = json(post("api/estop/hand/trip", observerCookie, ""), 200);
        assertThat(tripped.path("estop").path("state").asText()).isEqualTo("LATCHED");
        assertThat(c.cliJson("estop", "status").path("state").asText()).isEqualTo("LATCHED");

        HttpResponse<String> refused = post("api/estop/hand/reset", observerCookie, "");
        assertThat(json(refused, 403).path("error").asText())
                .contains("observer")
                .contains("reset");
        HttpResponse<String> refusedAck = post("api/estop/hand/acknowledge", observerCookie, "");
        assertThat(refusedAck.statusCode()).isEqualTo(403);
        assertThat(c.cliJson("estop", "status").path("state").asText()).isEqualTo("LATCHED");

        JsonNode acked = json(post("api/estop/hand/acknowledge", operatorCookie, ""), 200);
        assertThat(acked.path("estop").path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(c.cliJson("estop", "status").path("state").asText()).isEqualTo("ACKNOWLEDGED");
        JsonNode reset = json(post("api/estop/hand/reset", operatorCookie, ""), 200);
        assertThat(reset.path("estop").path("state").asText()).isEqualTo("CLEAR");
        assertThat(c.cliJson("estop", "status").path("state").asText()).isEqualTo("CLEAR");

        assertThat(post("api/estop/hand/explode", operatorCookie, "").statusCode()).isEqualTo(404);
        // A loop that does not exist: 404 with the reason (no longer 504 after the time-out).
        HttpResponse<String> noLoop = post("api/estop/nosuchloop/trip", observerCookie, "");
        assertThat(noLoop.statusCode()).isEqualTo(404);
        assertThat(json(noLoop, 404).path("error").asText())
                .contains("loop 'nosuchloop' has no retained e-stop latch")
                .contains("the trip was sent anyway");
        assertThat(
                        json(post("api/estop/nosuchloop/reset", operatorCookie, ""), 404)
                                .path("error")
                                .asText())
                .contains("no such loop")
                .doesNotContain("sent anyway");
    }

    @Test
    void statusAndLoopsForBothRoles() throws Exception {
        JsonNode full = json(get("api/status", operatorCookie), 200);
        assertThat(full.path("container").asText()).isEqualTo(ID);
        assertThat(full.path("bundles").isArray()).isTrue();
        assertThat(full.path("dashboard").asText()).isEqualTo(base);
        JsonNode partial = json(get("api/status", observerCookie), 200);
        assertThat(partial.path("partial").asBoolean()).isTrue();
        assertThat(partial.path("ready").asBoolean()).isTrue();
        assertThat(partial.path("features").toString()).contains("dashboard");

        JsonNode loops = json(get("api/loops", observerCookie), 200);
        assertThat(loops.size()).isEqualTo(1);
        JsonNode hand = loops.get(0);
        assertThat(hand.path("loop").asText()).isEqualTo("hand");
        assertThat(hand.path("rateHz").asDouble()).isEqualTo(500.0);
        assertThat(hand.path("joints").size()).isGreaterThan(10);
        JsonNode j0 = hand.path("joints").get(0);
        assertThat(j0.path("lowerRad").asDouble()).isLessThan(j0.path("upperRad").asDouble());

        assertThat(json(get("api/features", observerCookie), 403).path("error").asText())
                .contains("observer");
        assertThat(json(get("api/features", operatorCookie), 200).has("dashboard")).isTrue();
    }

    @Test
    void liveJointsAreThinnedTo60PerSecondWhileTheLoopRunsAt500Hz() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = openLive(operatorCookie, messages);
        try {
            // Settle: the subscriptions are made when the socket opens.
            long firstJoint = -1;
            long end = System.nanoTime() + WAIT.toNanos();
            while (firstJoint < 0) {
                String m = messages.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(m).as("a joints message").isNotNull();
                if (m.startsWith("{\"type\":\"joints\"")) {
                    firstJoint = System.nanoTime();
                }
            }
            List<JsonNode> joints = new ArrayList<>();
            long windowEnd = firstJoint + TimeUnit.SECONDS.toNanos(3);
            String m;
            while ((m = messages.poll(windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS))
                    != null) {
                JsonNode n = ContainerProcess.JSON.readTree(m);
                if (n.path("type").asText().equals("joints")) {
                    joints.add(n);
                }
            }
            // At most 60 per second (+1 for the window's edge), and far more than a trickle.
            assertThat(joints.size()).isBetween(60, 3 * 60 + 1);
            JsonNode first = joints.get(0);
            JsonNode last = joints.get(joints.size() - 1);
            assertThat(first.path("loop").asText()).isEqualTo("hand");
            assertThat(first.path("positionRad").size()).isGreaterThan(10);
            assertThat(first.path("effortUnit").asText()).isNotEmpty();
            assertThat(first.has("busNs") && first.has("wallMs")).isTrue();
            // The loop (500 Hz nominal, /api/loops) published far more frames meanwhile than the
            // page got: its measured rate is not the bridge's business (a loaded machine misses
            // ticks), the thinning's ratio is.
            long seqSpan = last.path("seq").asLong() - first.path("seq").asLong();
            double loopHz =
                    seqSpan / ((last.path("tNs").asLong() - first.path("tNs").asLong()) / 1e9);
            assertThat(loopHz).isGreaterThan(200.0);
            // 3, not 4: a loop at 200 Hz against the page's at most 60 per second.
            assertThat(seqSpan).isGreaterThan(3L * joints.size());
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Features installed and uninstalled through the dashboard: the baseline policy's status
     * reaches the live socket, and when the feature goes the policy clears its retained status and
     * the socket is told the policy was removed.
     */
    @Test
    void aPolicyInstalledFromTheDashboardShowsLiveAndIsRemovedWhenUninstalled() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = openLive(operatorCookie, messages);
        try {
            json(post("api/features/hand-baseline/install", operatorCookie, ""), 200);
            awaitLive(messages, n -> n.path("type").asText().equals("policy") && !n.has("removed"));
            json(post("api/features/hand-baseline/uninstall", operatorCookie, ""), 200);
            JsonNode removed =
                    awaitLive(
                            messages,
                            n ->
                                    n.path("type").asText().equals("policy")
                                            && n.path("removed").asBoolean());
            assertThat(removed.path("policy").asText()).isEqualTo("hand");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    private static JsonNode awaitLive(
            BlockingQueue<String> messages, java.util.function.Predicate<JsonNode> test)
            throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        List<String> seen = new ArrayList<>();
        for (; ; ) {
            String m = messages.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(m).as("a matching live message; types seen: %s", seen).isNotNull();
            JsonNode n = ContainerProcess.JSON.readTree(m);
            if (test.test(n)) {
                return n;
            }
            if (seen.size() < 50) {
                seen.add(n.path("type").asText());
            }
        }
    }

    /** Guessing a password: after 5 refusals for one name in a minute, 429 without asking. */
    @Test
    void repeatedFailedLoginsForOneNameAreRefusedWithRetryAfter() throws Exception {
        String wrong = "{\"user\":\"mallory\",\"password\":\"guess\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(post("api/login", null, wrong).statusCode())
                    .as("guess %d", i)
                    .isEqualTo(401);
        }
        HttpResponse<String> held = post("api/login", null, wrong);
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(held, 429).path("error").asText())
                .contains("too many failed logins for user 'mallory'");
    }

    @Test
    void aRemovedUsersSessionEndsSayingWhy() throws Exception {
        String cookie = login(c.createCredential("webgone", "observer"), 200);
        assertThat(get("api/session", cookie).statusCode()).isEqualTo(200);
        assertThat(c.cli("access", "remove", "webgone").exit()).isZero();
        // the broker disconnects the removed user's client; its reconnect is refused
        HttpResponse<String> r;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            r = get("api/session", cookie);
            if (r.statusCode() == 401) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a condition, bounded by the deadline
        } while (System.nanoTime() < deadline);
        assertThat(json(r, 401).path("error").asText())
                .contains("the broker no longer accepts user 'webgone'");
    }

    @Test
    void aUsersNinthLoginEndsTheirLeastRecentlyUsedSession() throws Exception {
        ContainerProcess.Login many = c.createCredential("webmany", "observer");
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            cookies.add(login(many, 200));
        }
        assertThat(json(get("api/session", cookies.get(0)), 401).path("error").asText())
                .contains("ended by a newer login")
                .contains("at most 8 sessions per user");
        for (String cookie : cookies.subList(1, 9)) {
            assertThat(get("api/session", cookie).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void traceIsRefusedAndAForeignHostOnLoopbackToo() throws Exception {
        HttpResponse<String> trace =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "api/ping"))
                                .method("TRACE", HttpRequest.BodyPublishers.noBody())
                                .header("Cookie", operatorCookie)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(trace.statusCode()).isEqualTo(405);
        assertThat(trace.body()).doesNotContain(operatorCookie);
        // java.net.http will not send another Host, so this one speaks HTTP/1.1 itself
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream()
                    .write(
                            ("GET /api/ping HTTP/1.1\r\nHost: evil.example:"
                                            + uri.getPort()
                                            + "\r\nConnection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            String reply =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 421").contains("is not this dashboard's");
        }
        assertThat(get("api/ping", null).statusCode()).as("by its own address").isEqualTo(200);
    }

    @Test
    void oversizedAndMalformedBodiesAreNamed() throws Exception {
        HttpResponse<String> big =
                post("api/login", null, "{\"user\":\"" + "x".repeat(2 << 20) + "\"}");
        assertThat(json(big, 413).path("error").asText()).contains("the limit for JSON requests");
        HttpResponse<String> bad = post("api/login", null, "{\"user\": ");
        assertThat(json(bad, 400).path("error").asText())
                .startsWith("the body is not JSON: ")
                .contains("line 1")
                .doesNotContain("REDACTED");
        HttpResponse<String> longName =
                post(
                        "api/login",
                        null,
                        "{\"user\":\"" + "y".repeat(500) + "\",\"password\":\"p\"}");
        assertThat(json(longName, 400).path("error").asText())
                .isEqualTo("the user name has 500 characters; broker user names have at most 64");
        HttpResponse<String> spaced =
                post("api/login", null, "{\"user\":\"a b\",\"password\":\"p\"}");
        assertThat(json(spaced, 400).path("error").asText()).contains("'a b'");
        assertThat(json(get("api/config/", operatorCookie), 400).path("error").asText())
                .contains("no configuration PID in the path");
    }

    @Test
    void liveNeedsALogin() throws Exception {
        var failed =
                http.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(base.replaceFirst("^http", "ws") + "api/live"),
                                new WebSocket.Listener() {})
                        .handle((ws, e) -> e);
        assertThat(failed.get(10, TimeUnit.SECONDS)).isNotNull().hasStackTraceContaining("401");
    }

    @Test
    void deployByMultipartUploadAndAConfigValidationError() throws Exception {
        Path greeter = Jars.example("armature.example.greeter");
        String boundary = "armature-it-boundary";
        byte[] jar = Files.readAllBytes(greeter);
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"greeter.jar\"\r\n"
                                + "Content-Type: application/java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> deployed =
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "api/deploy"))
                                .header("Cookie", operatorCookie)
                                .header("X-Armature", "1")
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArrays(
                                                List.of(head, jar, tail)))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode reply = json(deployed, 200);
        assertThat(reply.path("symbolicName").asText()).isEqualTo("armature.example.greeter");
        assertThat(reply.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(
                        ContainerProcess.bundle(c.statusJson(), "armature.example.greeter")
                                .path("state")
                                .asText())
                .isEqualTo("ACTIVE");

        HttpResponse<String> bad =
                post("api/config/armature.control~hand", operatorCookie, "{\"rateHz\": -5}");
        assertThat(json(bad, 400).path("error").asText()).contains("rateHz").contains("-5");
        HttpResponse<String> observerSet =
                post("api/config/armature.control~hand", observerCookie, "{\"rateHz\": 250}");
        assertThat(observerSet.statusCode()).isEqualTo(403);
        JsonNode cfg = json(get("api/config/armature.control~hand", operatorCookie), 200);
        assertThat(cfg.path("pid").asText()).isEqualTo("armature.control~hand");
        assertThat(cfg.path("exists").asBoolean()).isTrue();
    }

    private String login(ContainerProcess.Login l, int expected) throws Exception {
        HttpResponse<String> r = post("api/login", null, credentials(l));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String credentials(ContainerProcess.Login l) throws Exception {
        return ContainerProcess.JSON
                .createObjectNode()
                .put("user", l.user())
                .put("password", Files.readString(l.passwordFile()).trim())
                .toString();
    }

    private WebSocket openLive(String cookie, BlockingQueue<String> into) throws Exception {
        return http.newWebSocketBuilder()
                .header("Cookie", cookie)
                .buildAsync(
                        URI.create(base.replaceFirst("^http", "ws") + "api/live"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(
                                    WebSocket w, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    into.add(text.toString());
                                    text.setLength(0);
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(WAIT)
                        .header("X-Armature", "1")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r, int expectedStatus) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        return ContainerProcess.JSON.readTree(r.body());
    }
}
