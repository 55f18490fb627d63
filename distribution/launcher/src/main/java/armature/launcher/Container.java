package armature.launcher;

import armature.broker.EmbeddedBroker;
import armature.broker.access.Credential;
import armature.broker.access.CredentialStore;
import armature.broker.access.Secrets;
import armature.broker.auth.AccessExtension;
import armature.bus.paho.BusSettings;
import armature.bus.paho.PahoBusComponent;
import armature.control.api.Endpoints;
import armature.control.api.Role;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;

/**
 * {@code armature run}: the embedded broker (unless an external one is named), then Felix with the
 * core bundles from the distribution's {@code system/} folder. The framework cache is rebuilt at
 * each start; what persists lives in files: {@code config/}, {@code deploy/} and the feature list.
 *
 * <p>The embedded broker admits only logins: the container's own clients use the container id with
 * a secret made here at each start (held in memory, handed to the bus as framework properties), the
 * local CLI the operator credential {@code cli} (password in {@code runtime/<id>/cli.password}),
 * everyone else what {@code armature access add} created. On an external broker the container logs
 * in with {@code --broker-user}/{@code --broker-password-file} and first makes sure no container
 * with its id is online there.
 */
final class Container {
    private static final Logger LOG = Logger.getLogger(Container.class.getName());

    /** Service property that marks the broker statistics service (read by management status). */
    static final String STATISTICS_PROPERTY = "armature.statistics";

    /** The endpoint name of the embedded broker's MQTT over WebSocket listener in status. */
    static final String WEBSOCKET_ENDPOINT = "mqttWebSocket";

    /** The dashboard's port unless {@code --http-port} says otherwise (docs/dashboard.md). */
    static final int DEFAULT_HTTP_PORT = 8480;

    private final Path dist;
    private final Home home;
    private final String brokerUrl;
    private final int port;
    private final int httpPort;
    private final int webSocketPort;
    private final BrokerLogin externalLogin;
    private final String features;
    private final boolean console;
    private EmbeddedBroker broker;
    private BrokerLogin ownLogin = BrokerLogin.NONE;
    private String url;
    private Felix felix;

    /**
     * @param brokerUrl an external broker, or {@code null} for the embedded one on {@code port}
     * @param externalLogin how to log in to the external broker ({@link BrokerLogin#NONE} for no
     *     user)
     * @param webSocketPort the embedded broker's MQTT over WebSocket port ({@code --ws-port}; 0 any
     *     free one, -1 none)
     */
    Container(
            Path dist,
            Home home,
            String brokerUrl,
            int port,
            int httpPort,
            int webSocketPort,
            BrokerLogin externalLogin,
            String features,
            boolean console) {
        this.dist = dist;
        this.home = home;
        this.brokerUrl = brokerUrl;
        this.port = port;
        this.httpPort = httpPort;
        this.webSocketPort = webSocketPort;
        this.externalLogin = externalLogin;
        this.features = features;
        this.console = console;
    }

    /**
     * Starts everything; returns the broker URL in use.
     *
     * @throws ExternalBrokerChecks.AlreadyOnline when the external broker says a container with
     *     this id is online
     */
    String start() throws IOException, BundleException {
        Files.createDirectories(home.config());
        Files.createDirectories(home.deploy());
        url = brokerUrl;
        java.util.concurrent.CompletableFuture<Void> brokerUp =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        if (url == null) {
            char[] secret = Secrets.generate();
            CredentialStore store = CredentialStore.in(home.runtime(), home.containerId());
            ensureCliCredential(store);
            broker =
                    new EmbeddedBroker(
                            port,
                            home.runtime().resolve("broker"),
                            new AccessExtension(home.containerId(), secret, store));
            if (webSocketPort >= 0) {
                broker.withWebSocket(webSocketPort);
            }
            broker.checkPortFree();
            url = broker.url();
            ownLogin =
                    new BrokerLogin(new BusSettings.Credentials(home.containerId(), secret), null);
            // The broker and the framework start side by side: the bus retries until the broker
            // listens, which saves the broker's start time from the time to ready.
            brokerUp = java.util.concurrent.CompletableFuture.runAsync(broker::start);
        } else {
            ownLogin = externalLogin;
            ExternalBrokerChecks.refuseIfOnline(clientSettings("startcheck"));
            ExternalBrokerChecks.warnIfAnonymousAdmitted(clientSettings("anoncheck"));
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, home.runtime().resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.*,com.sun.*,jdk.internal.*");
        props.put("felix.log.level", "1");
        props.put("felix.fileinstall.dir", home.config().toString());
        props.put("felix.fileinstall.poll", "250");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.log.level", "2");
        props.put("armature.container.id", home.containerId());
        props.put("armature.broker.url", url);
        // Whether the broker lives and dies with this container (its retained messages too).
        props.put("armature.broker.embedded", Boolean.toString(broker != null));
        props.put("armature.home", home.root().toString());
        props.put("armature.runtime", home.runtime().toString());
        props.put("armature.dist", dist.toString());
        if (ownLogin.credentials() != null) {
            props.put(PahoBusComponent.USER_PROPERTY, ownLogin.credentials().user());
            props.put(
                    PahoBusComponent.PASSWORD_PROPERTY,
                    new String(ownLogin.credentials().password()));
        }
        if (ownLogin.tls() != null) {
            putPath(props, PahoBusComponent.TLS_CA_PROPERTY, ownLogin.tls().caFile());
            putPath(props, PahoBusComponent.TLS_CERT_PROPERTY, ownLogin.tls().certFile());
            putPath(props, PahoBusComponent.TLS_KEY_PROPERTY, ownLogin.tls().keyFile());
        }
        props.put("armature.features", features == null ? "" : features);
        putHttpDefaults(props, httpPort);
        felix = new Felix(props);
        felix.init();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
        if (broker != null) {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put(STATISTICS_PROPERTY, "broker");
            Supplier<Map<String, Object>> statistics = broker::statistics;
            ctx.registerService(Supplier.class.getName(), statistics, p);
            String ws = broker.webSocketUrl();
            if (ws != null) {
                // Listed by management status and printed at ready like the dashboard's URL.
                Hashtable<String, Object> e = new Hashtable<>();
                e.put(Endpoints.NAME_PROPERTY, WEBSOCKET_ENDPOINT);
                e.put(Endpoints.URL_PROPERTY, ws);
                ctx.registerService(Map.class.getName(), Map.of("url", ws), e);
            }
        }
        List<Bundle> installed = new ArrayList<>();
        installed.addAll(installAll(ctx, dist.resolve("system")));
        if (console) {
            installed.addAll(installAll(ctx, dist.resolve("console")));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    LOG.severe(
                            "core bundle "
                                    + b.getSymbolicName()
                                    + " did not start: "
                                    + e.getMessage());
                }
            }
        }
        try {
            brokerUp.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (broker != null) {
            // HiveMQ routes java.util.logging into its own logback at start; take it back.
            LogSetup.reapply();
            LOG.info("embedded MQTT 5 broker listening on " + url);
        }
        return url;
    }

    /** Settings of a client that logs in as the container itself (the ready reporter). */
    BusSettings clientSettings(String clientName) {
        return ownLogin.applyTo(BusSettings.of(url, home.containerId(), clientName));
    }

    /**
     * Creates the local operator credential {@code cli} unless the password file and the stored
     * hash still agree.
     */
    private void ensureCliCredential(CredentialStore store) throws IOException {
        char[] existing = PrivateFiles.readSecret(home.cliPasswordFile());
        Optional<Credential> entry = store.find(Home.CLI_USER);
        if (existing != null
                && entry.isPresent()
                && entry.get().role() == Role.OPERATOR
                && entry.get().password().matches(existing)) {
            return;
        }
        char[] password = Secrets.generate();
        PrivateFiles.writeSecret(home.cliPasswordFile(), password);
        store.put(Home.CLI_USER, Role.OPERATOR, password);
        LOG.info(
                "created the local operator credential '"
                        + Home.CLI_USER
                        + "' for the CLI ("
                        + home.cliPasswordFile()
                        + ")");
    }

    /**
     * The http feature's settings (Felix HTTP reads them as framework properties; a configuration
     * of PID {@code org.apache.felix.http} in config/ overrides them, for example the bind
     * address). Loopback only by default: the dashboard acts on a robot.
     */
    static void putHttpDefaults(Map<String, Object> props, int httpPort) {
        props.put("org.osgi.service.http.port", Integer.toString(httpPort));
        props.put("org.apache.felix.http.host", "127.0.0.1");
        props.put("org.apache.felix.jetty.websocket.enable", "true");
        props.put("org.apache.felix.http.jetty.sendServerHeader", "false");
    }

    /**
     * The endpoints bundles serve ({@code armature.endpoint} services: the dashboard, Foxglove),
     * name to URL, sorted by name; empty before the framework runs.
     */
    Map<String, String> endpoints() {
        Map<String, String> out = new java.util.TreeMap<>();
        Felix f = felix;
        if (f == null || f.getBundleContext() == null) {
            return out;
        }
        try {
            var refs = f.getBundleContext().getServiceReferences((String) null, Endpoints.FILTER);
            if (refs != null) {
                for (var r : refs) {
                    Object url = r.getProperty(Endpoints.URL_PROPERTY);
                    if (url != null) {
                        out.put(
                                String.valueOf(r.getProperty(Endpoints.NAME_PROPERTY)),
                                url.toString());
                    }
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void putPath(Map<String, Object> props, String key, Path p) {
        if (p != null) {
            props.put(key, p.toAbsolutePath().toString());
        }
    }

    /** Blocks until the framework stops (shutdown hook or management stop). */
    void awaitStop() throws InterruptedException {
        felix.waitForStop(0);
    }

    void stop() {
        try {
            if (felix != null && felix.getState() == Bundle.ACTIVE) {
                felix.stop();
                FrameworkEvent e = felix.waitForStop(15_000);
                if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.warning("framework did not stop within 15 s");
                }
            }
        } catch (BundleException | InterruptedException e) {
            LOG.warning("framework stop: " + e);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static List<Bundle> installAll(BundleContext ctx, Path dir)
            throws IOException, BundleException {
        List<Bundle> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    "distribution folder " + dir + " is missing; rebuild with mvn install");
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(jars::add);
        }
        jars.sort(null);
        for (Path jar : jars) {
            out.add(ctx.installBundle(jar.toUri().toString()));
        }
        return out;
    }
}
