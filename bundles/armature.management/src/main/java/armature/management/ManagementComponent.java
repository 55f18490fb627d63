package armature.management;

import armature.bus.api.BusProperties;
import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Container management over the bus: {@code armature/v1/<container>/mgmt/<operation>} requests,
 * which the broker lets only operators publish and only this container read (no token). Operations
 * run one at a time on a management thread, never on the bus delivery threads. Also publishes the
 * retained per-component state and the container status summary, and installs the configured
 * default features at start. Protocol in docs/cli.md and docs/asyncapi.yaml.
 */
@Component(
        name = "armature.management",
        immediate = true,
        service = {})
public final class ManagementComponent {
    private static final System.Logger LOG = System.getLogger(ManagementComponent.class.getName());
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private final MessageBus bus;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService worker;
    private final ScheduledExecutorService publisher;
    private final FeatureManager features;
    private final StatusReport status;
    private final BundleOps bundles;
    private final ConfigOps configs;
    private final String prefix;
    private final List<ServiceRegistration<?>> registrations = new java.util.ArrayList<>();
    private final StatePublisher states;

    @Activate
    public ManagementComponent(
            BundleContext context,
            @Reference MessageBus bus,
            @Reference ConfigurationAdmin configAdmin,
            @Reference ServiceComponentRuntime scr)
            throws IOException {
        this.bus = bus;
        Path home = Path.of(required(context, "armature.home"));
        Path dist = Path.of(required(context, "armature.dist"));
        this.features =
                new FeatureManager(
                        context,
                        configAdmin,
                        dist.resolve("features"),
                        dist.resolve("repository"),
                        json);
        this.status = new StatusReport(context, scr, bus, features, Instant.now());
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Path config = Files.createDirectories(home.resolve("config"));
        this.bundles = new BundleOps(context, deploy, status);
        this.configs = new ConfigOps(configAdmin, config, status);
        this.prefix = "armature/v1/" + bus.containerId() + "/mgmt/";
        this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "armature-mgmt"));
        this.publisher =
                Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "armature-mgmt-status"));

        watchDeployFolder(configAdmin, deploy);
        registrations.add(
                context.registerService(ConfigurationListener.class, configs, new Hashtable<>()));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(BusProperties.TOPIC, prefix + "#");
        registrations.add(context.registerService(RequestHandler.class, this::handle, props));
        String defaults = context.getProperty("armature.features");
        worker.execute(() -> installDefaults(defaults));
        this.states = new StatePublisher(bus, status, json);
        publisher.scheduleWithFixedDelay(states::publish, 50, 250, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(
                r -> {
                    try {
                        r.unregister();
                    } catch (IllegalStateException alreadyGone) {
                        // bundle stopping
                    }
                });
        worker.shutdownNow();
        publisher.shutdownNow();
    }

    private CompletionStage<Reply> handle(Message request) {
        String op = request.topic().substring(prefix.length());
        if (request.payload().length > MAX_REQUEST_BYTES) {
            return CompletableFuture.completedFuture(
                    Reply.error(
                            "request '"
                                    + op
                                    + "' is "
                                    + request.payload().length
                                    + " bytes; the limit is "
                                    + MAX_REQUEST_BYTES));
        }
        return CompletableFuture.supplyAsync(() -> run(op, request), worker);
    }

    private Reply run(String op, Message request) {
        try {
            Object result =
                    switch (op) {
                        case "status" -> status.build();
                        case "bundles/list" -> status.bundles();
                        case "bundles/install", "bundles/update" -> bundles.deploy(jarOf(request));
                        case "bundles/uninstall" -> bundles.undeploy(field(request, "bundle"));
                        case "bundles/start" -> bundles.start(field(request, "bundle"));
                        case "bundles/stop" -> bundles.stop(field(request, "bundle"));
                        case "features/list" -> featureList();
                        case "features/install" ->
                                Map.of("installed", features.install(field(request, "name")));
                        case "features/uninstall" -> {
                            String name = field(request, "name");
                            features.uninstall(name);
                            yield Map.of("uninstalled", name);
                        }
                        case "config/get" -> configs.get(field(request, "pid"));
                        case "config/set" -> configs.set(field(request, "pid"), values(request));
                        default ->
                                throw new MgmtException(
                                        "unknown management operation '"
                                                + op
                                                + "'; known: status, bundles/{list,install,update,uninstall,start,stop},"
                                                + " features/{list,install,uninstall}, config/{get,set}");
                    };
            return Reply.json(json.writeValueAsString(result));
        } catch (MgmtException e) {
            LOG.log(Level.INFO, "management '" + op + "' failed: " + e.getMessage());
            return Reply.error(e.getMessage());
        } catch (JsonProcessingException e) {
            return Reply.error(
                    "cannot encode the reply to '" + op + "': " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "management '" + op + "' failed unexpectedly", e);
            return Reply.error(op + " failed: " + e);
        }
    }

    private Map<String, Object> featureList() {
        Map<String, Object> out = new LinkedHashMap<>();
        var installed = features.installedNames();
        features.available()
                .forEach(
                        (name, f) -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("version", f.version());
                            m.put("description", f.description());
                            m.put("installed", installed.contains(name));
                            m.put("requires", f.requires());
                            m.put("bundles", f.bundles());
                            out.put(name, m);
                        });
        return out;
    }

    private void installDefaults(String list) {
        if (list == null || list.isBlank()) {
            return;
        }
        for (String name : list.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                features.install(name.trim());
            } catch (MgmtException e) {
                LOG.log(
                        Level.ERROR,
                        "default feature '" + name.trim() + "' not installed: " + e.getMessage());
            }
        }
    }

    private byte[] jarOf(Message request) {
        if (ContentTypes.OCTETS.equals(request.contentType())) {
            return request.payload();
        }
        JsonNode body = body(request);
        if (body.hasNonNull("data")) {
            try {
                return Base64.getDecoder().decode(body.get("data").asText());
            } catch (IllegalArgumentException e) {
                throw new MgmtException("field 'data' is not valid base64: " + e.getMessage());
            }
        }
        if (body.hasNonNull("path")) {
            Path p = Path.of(body.get("path").asText());
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new MgmtException(
                        "cannot read bundle file '" + p + "' on the container's machine: " + e);
            }
        }
        throw new MgmtException(
                "install needs the jar bytes (application/octet-stream) or a JSON 'data' or 'path'");
    }

    private String field(Message request, String name) {
        JsonNode n = body(request).get(name);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new MgmtException(
                    "request to '" + request.topic() + "' needs a string field '" + name + "'");
        }
        return n.asText();
    }

    private Map<String, String> values(Message request) {
        JsonNode n = body(request).get("properties");
        if (n == null || !n.isObject()) {
            throw new MgmtException("config/set needs an object field 'properties'");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private JsonNode body(Message request) {
        if (request.payload().length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode n = json.readTree(request.payload());
            if (n == null || !n.isObject()) {
                throw new MgmtException(
                        "request to '" + request.topic() + "' must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new MgmtException(
                    "malformed request to '"
                            + request.topic()
                            + "': "
                            + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void watchDeployFolder(ConfigurationAdmin configAdmin, Path deploy)
            throws IOException {
        // The launcher points FileInstall's main watcher at config/; this second watcher serves
        // deploy/.
        Configuration c =
                configAdmin.getFactoryConfiguration("org.apache.felix.fileinstall", "deploy", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", deploy.toString());
        p.put("felix.fileinstall.poll", "100");
        p.put("felix.fileinstall.noInitialDelay", "true");
        c.update(p);
    }

    private static String required(BundleContext context, String name) {
        String v = context.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(
                    "framework property " + name + " is not set (the launcher sets it)");
        }
        return v;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
