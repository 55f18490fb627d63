package armature.launcher;

import armature.bus.api.Qos;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoMessageBus;
import armature.control.api.ContainerTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Tells the person at the console when the container is ready, or, after 20 s, exactly what is not:
 * it watches the container's own retained status topic like any other client would, logged in as
 * the container itself.
 */
final class ReadyReporter extends Thread {
    private static final Logger LOG = Logger.getLogger(ReadyReporter.class.getName());
    private final BusSettings settings;
    private final String containerId;
    private final long t0;
    private final java.util.function.Supplier<java.util.Map<String, String>> endpoints;

    /**
     * @param settings how to reach and log in to the container's broker
     * @param containerId the container
     * @param t0 {@link System#nanoTime()} at launch
     * @param endpoints the endpoints served (dashboard, foxglove), read once ready
     */
    ReadyReporter(
            BusSettings settings,
            String containerId,
            long t0,
            java.util.function.Supplier<java.util.Map<String, String>> endpoints) {
        super("armature-ready-reporter");
        setDaemon(true);
        this.settings = settings;
        this.containerId = containerId;
        this.t0 = t0;
        this.endpoints = endpoints;
    }

    private static BusSettings quickRetry(BusSettings d) {
        return d.withReconnectDelays(
                java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(250));
    }

    @Override
    public void run() {
        ObjectMapper json = new ObjectMapper();
        CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        JsonNode[] last = new JsonNode[1];
        try (PahoMessageBus bus = new PahoMessageBus(quickRetry(settings))) {
            bus.start().toCompletableFuture().get(20, TimeUnit.SECONDS);
            bus.subscribe(
                            ContainerTopics.of(containerId).status(),
                            Qos.AT_LEAST_ONCE,
                            m -> {
                                if (m.payload().length == 0) {
                                    return;
                                }
                                JsonNode n = json.readTree(m.payload());
                                last[0] = n;
                                if (n.path("ready").asBoolean()) {
                                    ready.complete(n);
                                }
                            })
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            try {
                JsonNode n = ready.get(20, TimeUnit.SECONDS);
                LOG.info(
                        "container '"
                                + containerId
                                + "' is ready ("
                                + (System.nanoTime() - t0) / 1_000_000
                                + " ms after launch); features "
                                + n.path("features")
                                + "; `./armature status` lists every bundle and component");
                // The dashboard is what a person opens next: its URL on a line of its own.
                endpoints
                        .get()
                        .forEach(
                                (name, url) ->
                                        LOG.info(
                                                (name.equals("dashboard")
                                                                ? "dashboard: open "
                                                                : name + ": ")
                                                        + url));
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warning(
                        "container '"
                                + containerId
                                + "' is not ready after 20 s: "
                                + (last[0] == null
                                        ? "no status published"
                                        : last[0].path("notReady"))
                                + "; `./armature status` says why");
            }
        } catch (Exception e) {
            LOG.warning("cannot watch the container's readiness: " + e);
        }
    }
}
