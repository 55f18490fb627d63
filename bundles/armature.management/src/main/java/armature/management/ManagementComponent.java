package armature.management;

import armature.bus.api.BusProperties;
import armature.bus.api.Message;
import armature.bus.api.MessageBus;
import armature.bus.api.Reply;
import armature.bus.api.RequestHandler;
import armature.control.api.ContainerTopics;
import armature.control.api.ManagementOperation;
import armature.control.api.log.RateLimitedLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.MetaTypeService;

/**
 * Container management over the bus: requests on {@link ContainerTopics#management}, one per {@link
 * ManagementOperation}. The broker decides who may send them (operators) and who may read them (the
 * container alone); there is no token. Operations run one at a time on a management thread, never
 * on the bus delivery threads. Also publishes the retained per-component state and the container
 * status summary, and installs the configured default features at start. Protocol in docs/cli.md
 * and docs/asyncapi.yaml.
 */
@Component(
        name = "armature.management",
        immediate = true,
        service = {})
public final class ManagementComponent {
    private static final System.Logger LOG = System.getLogger(ManagementComponent.class.getName());
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    /** Service property that marks the broker's statistics supplier. */
    static final String STATISTICS_PROPERTY = "armature.statistics";

    private final ObjectMapper json = new ObjectMapper();
    private final Requests requests = new Requests(json);
    private final RateLimitedLog refusals = new RateLimitedLog(LOG);
    private final ExecutorService worker;
    private final DefaultFeatures defaults;
    private final FeatureLedger ledger;
    private final ScheduledExecutorService publisher;
    private final FeatureManager features;
    private final StatusReport status;
    private final BundleOps bundles;
    private final BundleDeployer deployer;
    private final PolicyFiles policies;
    private final ConfigOps configs;
    private final String prefix;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetaTypeService metaType;

    @Reference(
            service = Supplier.class,
            target = "(" + STATISTICS_PROPERTY + "=broker)",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Supplier<Map<String, Object>> brokerStatistics;

    @Activate
    public ManagementComponent(
            BundleContext context,
            @Reference MessageBus bus,
            @Reference ConfigurationAdmin configAdmin,
            @Reference ServiceComponentRuntime scr)
            throws IOException {
        Path home = Path.of(required(context, "armature.home"));
        Path dist = Path.of(required(context, "armature.dist"));
        this.features =
                new FeatureManager(
                        context,
                        configAdmin,
                        dist.resolve("features"),
                        dist.resolve("repository"),
                        json);
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Path config = Files.createDirectories(home.resolve("config"));
        String runtime = context.getProperty("armature.runtime");
        this.ledger =
                new FeatureLedger(
                        runtime == null || runtime.isBlank()
                                ? null
                                : Path.of(runtime).resolve("features.json"),
                        json);
        this.defaults = new DefaultFeatures(context.getProperty("armature.features"), ledger);
        DeployFolder deployFolder =
                new DeployFolder(deploy, bsn -> CoreJarGuard.isCoreName(context, bsn));
        this.status =
                new StatusReport(
                        context,
                        scr,
                        bus,
                        features,
                        deployFolder,
                        this::brokerStatistics,
                        Instant.now(),
                        defaults);
        this.bundles = new BundleOps(context, deploy, status, features);
        this.deployer = new BundleDeployer(context, scr, deploy, staging(context), bundles);
        this.policies = new PolicyFiles(deploy);
        ConfigApply apply = new ConfigApply(scr, configAdmin);
        this.configs =
                new ConfigOps(
                        configAdmin,
                        config,
                        new ConfigMetadata(context, () -> metaType, scr, configAdmin),
                        apply);
        ContainerTopics topics = ContainerTopics.of(bus.containerId());
        this.prefix = topics.managementPrefix();
        this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "armature-mgmt"));
        this.publisher =
                Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "armature-mgmt-status"));

        // Before FileInstall watches deploy/: it asks installers before it installs a jar itself.
        registrations.add(
                context.registerService(
                        org.apache.felix.fileinstall.ArtifactInstaller.class,
                        new CoreJarGuard(context, deploy),
                        new Hashtable<>(
                                java.util.Map.of(
                                        org.osgi.framework.Constants.SERVICE_RANKING,
                                        Integer.MAX_VALUE))));
        watchDeployFolder(configAdmin, deploy);
        registrations.add(
                context.registerService(ConfigurationListener.class, apply, new Hashtable<>()));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(BusProperties.TOPIC, topics.managementFilter());
        registrations.add(context.registerService(RequestHandler.class, this::handle, props));
        StatePublisher states = new StatePublisher(bus, status, json);
        Runnable publish =
                () -> {
                    states.publish();
                    refusals.flush();
                };
        // The status is polled (SCR has no change events), but the end of the default features is
        // an event: publishing it at once tells a waiting `run` it is ready up to one poll sooner.
        worker.execute(
                () -> {
                    defaults.installAll(features::install);
                    // deploy/ is read from start level 2 on: a deployed bundle that imports what
                    // a feature exports (a sensor bundle and armature.sensor.api) resolves at its
                    // first start instead of failing with a stack trace and starting later.
                    raiseStartLevel(context, DEPLOY_START_LEVEL);
                    awaitDeployInstalled(context, deployFolder, Duration.ofSeconds(10));
                    defaults.deployRead();
                    publishSoon(publish);
                });
        publisher.scheduleWithFixedDelay(publish, 50, 250, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until FileInstall installed every jar of deploy/ that is a bundle it may install, so
     * that `ready` covers them; gives up after {@code limit} (status then names what is wrong).
     */
    private static void awaitDeployInstalled(
            BundleContext context, DeployFolder folder, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - deadline < 0) {
            java.util.Set<String> refused = new java.util.HashSet<>();
            for (String p : folder.problems()) {
                refused.add(p.contains(": ") ? p.substring(0, p.indexOf(": ")) : p);
            }
            boolean all = true;
            try (java.nio.file.DirectoryStream<Path> jars =
                    Files.newDirectoryStream(folder.dir(), "*.jar")) {
                for (Path jar : jars) {
                    String name = jar.getFileName().toString();
                    if (name.startsWith(".") || refused.contains("deploy/" + name)) {
                        continue;
                    }
                    boolean installed = false;
                    for (org.osgi.framework.Bundle b : context.getBundles()) {
                        installed |= b.getLocation().endsWith("/deploy/" + name);
                    }
                    all &= installed;
                }
            } catch (IOException e) {
                return;
            }
            if (all) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "FileInstall did not install every jar of deploy/ within "
                        + limit.toSeconds()
                        + " s");
    }

    /** The framework start level from which FileInstall reads deploy/. */
    static final int DEPLOY_START_LEVEL = 2;

    /** Raises the framework's start level to {@code level} and waits (at most 10 s) for it. */
    private static void raiseStartLevel(BundleContext context, int level) {
        org.osgi.framework.startlevel.FrameworkStartLevel fsl =
                context.getBundle(0).adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        if (fsl == null || fsl.getStartLevel() >= level) {
            return;
        }
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        fsl.setStartLevel(
                level,
                e -> {
                    if (e.getType() == org.osgi.framework.FrameworkEvent.STARTLEVEL_CHANGED) {
                        changed.countDown();
                    }
                });
        try {
            if (!changed.await(10, TimeUnit.SECONDS)) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "the framework did not reach start level " + level + " within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishSoon(Runnable publish) {
        try {
            publisher.execute(publish);
        } catch (RejectedExecutionException stopping) {
            // deactivated meanwhile
        }
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

    private Map<String, Object> brokerStatistics() {
        Supplier<Map<String, Object>> s = brokerStatistics;
        if (s == null) {
            return null;
        }
        try {
            return s.get();
        } catch (RuntimeException e) {
            return Map.of("error", "broker statistics unavailable: " + e);
        }
    }

    private CompletionStage<Reply> handle(Message request) {
        String path = request.topic().substring(prefix.length());
        ManagementOperation op;
        try {
            op = ManagementOperation.ofPath(path);
        } catch (IllegalArgumentException e) {
            return refuse("garbage", e.getMessage(), request);
        }
        if (request.payload().length > MAX_REQUEST_BYTES) {
            return refuse(
                    "garbage",
                    "request '"
                            + path
                            + "' is "
                            + request.payload().length
                            + " bytes; the limit is "
                            + MAX_REQUEST_BYTES,
                    request);
        }
        return CompletableFuture.supplyAsync(() -> run(op, request), worker);
    }

    private CompletionStage<Reply> refuse(String kind, String reason, Message request) {
        String sender =
                request.userProperty(BusProperties.SENDER_PROPERTY).orElse("unknown sender");
        refusals.log(
                Level.WARNING,
                kind,
                () -> "refused management request from " + sender + ": " + reason);
        return CompletableFuture.completedFuture(Reply.error(reason));
    }

    private Reply run(ManagementOperation op, Message request) {
        try {
            Object result =
                    switch (op) {
                        case STATUS -> status.build();
                        case BUNDLES_LIST -> status.bundles();
                        case BUNDLES_INSTALL, BUNDLES_UPDATE ->
                                deployer.deploy(requests.jar(request));
                        case BUNDLES_UNINSTALL ->
                                bundles.undeploy(
                                        requests.field(request, "bundle"),
                                        requests.flag(request, "force"));
                        case BUNDLES_START -> bundles.start(requests.field(request, "bundle"));
                        case BUNDLES_STOP -> bundles.stop(requests.field(request, "bundle"));
                        case FEATURES_LIST -> FeatureList.of(features);
                        case FEATURES_INSTALL -> {
                            String name = requests.field(request, "name");
                            List<String> added = features.install(name);
                            ledger.installed(name, defaults.startList());
                            yield Map.of("installed", added);
                        }
                        case FEATURES_UNINSTALL -> {
                            String name = requests.field(request, "name");
                            features.uninstall(name);
                            ledger.uninstalled(name, defaults.startList());
                            yield Map.of("uninstalled", name);
                        }
                        case CONFIG_GET -> configs.get(requests.field(request, "pid"));
                        case CONFIG_SET ->
                                configs.set(
                                        requests.field(request, "pid"),
                                        requests.values(request),
                                        requests.flag(request, "reload"));
                        case POLICIES_INSTALL ->
                                requests.has(request, "restore")
                                        ? policies.restore(
                                                requests.field(request, "name"),
                                                requests.field(request, "restore"),
                                                requests.flag(request, "shadow"))
                                        : policies.deploy(
                                                requests.field(request, "name"),
                                                requests.bytes(request, "policy package"),
                                                requests.flag(request, "shadow"));
                        case POLICIES_PROMOTE -> policies.promote(requests.field(request, "name"));
                        case POLICIES_UNINSTALL ->
                                policies.undeploy(requests.field(request, "name"));
                    };
            return Reply.json(json.writeValueAsString(result));
        } catch (Requests.Malformed e) {
            refusals.log(
                    Level.WARNING,
                    "garbage",
                    () -> "refused management request: " + e.getMessage());
            return Reply.error(e.getMessage());
        } catch (MgmtException e) {
            // Alike refusals share a key: the same mistake repeated is counted, a new one logged.
            refusals.log(
                    Level.INFO,
                    "refused:" + op.path() + ":" + e.getMessage(),
                    () -> "management '" + op.path() + "' refused: " + e.getMessage());
            return Reply.error(e.getMessage());
        } catch (JsonProcessingException e) {
            return Reply.error(
                    "cannot encode the reply to '" + op.path() + "': " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "management '" + op.path() + "' failed unexpectedly", e);
            return Reply.error(op.path() + " failed: " + e);
        }
    }

    /** Where jars are checked before they reach deploy/: the bundle's own data area. */
    private static Path staging(BundleContext context) throws IOException {
        java.io.File data = context.getDataFile("staging");
        Path dir = data != null ? data.toPath() : Files.createTempDirectory("armature-mgmt");
        Files.createDirectories(dir);
        try (var leftovers = Files.list(dir)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
        return dir;
    }

    private static void watchDeployFolder(ConfigurationAdmin configAdmin, Path deploy)
            throws IOException {
        // The launcher points FileInstall's main watcher at config/; this second watcher serves
        // deploy/. Only jars and policy packages (.armpolicy, handed to armature.policy's
        // ArtifactInstaller): the hidden .part files of atomic writes are never picked up.
        Configuration c =
                configAdmin.getFactoryConfiguration("org.apache.felix.fileinstall", "deploy", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", deploy.toString());
        p.put("felix.fileinstall.poll", "100");
        p.put("felix.fileinstall.filter", "[^.].*\\.(jar|armpolicy)");
        // Not before the start features are installed (see DEPLOY_START_LEVEL). FileInstall 3.7
        // checks the active level in its polling loop only: its no-initial-delay scan would
        // install and start deploy/ at once, so that one stays off (the first poll is 100 ms on).
        p.put("felix.fileinstall.noInitialDelay", "false");
        p.put("felix.fileinstall.active.level", Integer.toString(DEPLOY_START_LEVEL));
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
