package armature.launcher;

import armature.broker.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
final class Container {
    private static final Logger LOG = Logger.getLogger(Container.class.getName());

    private final Path dist;
    private final Home home;
    private final String brokerUrl;
    private final int port;
    private final String features;
    private final boolean console;
    private EmbeddedBroker broker;
    private Felix felix;

    Container(Path dist, Home home, String brokerUrl, int port, String features, boolean console) {
        this.dist = dist;
        this.home = home;
        this.brokerUrl = brokerUrl;
        this.port = port;
        this.features = features;
        this.console = console;
    }

    /** Starts everything; returns the broker URL in use. */
    String start() throws IOException, BundleException {
        String token = home.ensureToken();
        Files.createDirectories(home.config());
        Files.createDirectories(home.deploy());
        String url = brokerUrl;
        java.util.concurrent.CompletableFuture<Void> brokerUp =
                java.util.concurrent.CompletableFuture.completedFuture(null);
        if (url == null) {
            broker = new EmbeddedBroker(port, home.runtime().resolve("broker"));
            broker.checkPortFree();
            url = broker.url();
            // The broker and the framework start side by side: the bus retries until the broker
            // listens, which saves the broker's start time from the time to ready.
            brokerUp = java.util.concurrent.CompletableFuture.runAsync(broker::start);
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
        props.put("armature.home", home.root().toString());
        props.put("armature.runtime", home.runtime().toString());
        props.put("armature.dist", dist.toString());
        props.put("armature.mgmt.token.file", home.tokenFile().toString());
        props.put("armature.features", features == null ? "" : features);
        felix = new Felix(props);
        felix.init();
        felix.start();
        BundleContext ctx = felix.getBundleContext();
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
        if (token.isEmpty()) {
            throw new IllegalStateException("empty management token");
        }
        return url;
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
