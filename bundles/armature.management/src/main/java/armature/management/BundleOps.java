package armature.management;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Bundle operations other than deploying ({@link BundleDeployer}): undeploy, start, stop, and the
 * description of one bundle with its components.
 */
final class BundleOps {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private final BundleContext context;
    private final Path deployDir;
    private final StatusReport status;
    private final FeatureManager features;

    BundleOps(BundleContext context, Path deployDir, StatusReport status, FeatureManager features) {
        this.context = context;
        this.deployDir = deployDir;
        this.status = status;
        this.features = features;
    }

    /**
     * Uninstalls by symbolic name or id; removes its jar from deploy/ if it came from there.
     *
     * @param force also when an installed feature needs the bundle (the feature is then reported as
     *     broken until it is uninstalled or the bundle comes back)
     */
    Map<String, Object> undeploy(String nameOrId, boolean force) {
        Bundle b = find(nameOrId);
        if (StatusReport.isCore(b)) {
            throw new MgmtException(
                    "bundle '"
                            + b.getSymbolicName()
                            + "' is part of the container core; not removed");
        }
        List<String> needing = features.installedNeeding(b.getSymbolicName());
        if (!needing.isEmpty() && !force) {
            throw new MgmtException(
                    "bundle '"
                            + b.getSymbolicName()
                            + "' is needed by installed feature"
                            + (needing.size() == 1 ? " '" + needing.get(0) + "'" : "s " + needing)
                            + "; uninstall the feature instead, or force it (armature undeploy --force;"
                            + " a request {\"force\": true})"
                            + " (the container then reports the feature as broken)");
        }
        Path file = fileInDeploy(b);
        CompletableFuture<Void> gone = new CompletableFuture<>();
        BundleListener l =
                e -> {
                    if (e.getBundle().getBundleId() == b.getBundleId()
                            && e.getType() == BundleEvent.UNINSTALLED) {
                        gone.complete(null);
                    }
                };
        context.addBundleListener(l);
        try {
            if (file != null) {
                Files.deleteIfExists(file);
                gone.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                b.uninstall();
                context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
            }
        } catch (TimeoutException e) {
            throw new MgmtException(
                    "bundle '" + b.getSymbolicName() + "' was not uninstalled in time");
        } catch (IOException | BundleException | ExecutionException e) {
            throw new MgmtException(
                    "cannot uninstall '" + b.getSymbolicName() + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MgmtException("interrupted");
        } finally {
            context.removeBundleListener(l);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbolicName", b.getSymbolicName());
        out.put("version", b.getVersion().toString());
        out.put("state", "UNINSTALLED");
        if (!needing.isEmpty()) {
            out.put("brokenFeatures", needing);
        }
        return out;
    }

    Map<String, Object> start(String nameOrId) {
        Bundle b = find(nameOrId);
        try {
            b.start();
        } catch (BundleException e) {
            throw new MgmtException(
                    "cannot start '" + b.getSymbolicName() + "': " + e.getMessage());
        }
        Settle.until(() -> componentsSettled(b.getSymbolicName()), SETTLE_TIMEOUT);
        return describe(b);
    }

    Map<String, Object> stop(String nameOrId) {
        Bundle b = find(nameOrId);
        if (StatusReport.isCore(b)) {
            throw new MgmtException(
                    "bundle '"
                            + b.getSymbolicName()
                            + "' is part of the container core; not stopped");
        }
        try {
            b.stop();
        } catch (BundleException e) {
            throw new MgmtException("cannot stop '" + b.getSymbolicName() + "': " + e.getMessage());
        }
        return describe(b);
    }

    Map<String, Object> describe(Bundle b) {
        for (Map<String, Object> m : status.bundles()) {
            if (((Long) m.get("id")) == b.getBundleId()) {
                m.put(
                        "components",
                        status.components().stream()
                                .filter(c -> b.getSymbolicName().equals(c.get("bundle")))
                                .toList());
                return m;
            }
        }
        throw new MgmtException("bundle " + b.getBundleId() + " is gone");
    }

    Bundle find(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            throw new MgmtException("missing field 'bundle' (a symbolic name or an id)");
        }
        for (Bundle b : context.getBundles()) {
            if (nameOrId.equals(b.getSymbolicName())
                    || nameOrId.equals(Long.toString(b.getBundleId()))) {
                return b;
            }
        }
        throw new MgmtException("no bundle '" + nameOrId + "' is installed");
    }

    Bundle bySymbolicName(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** The jar in deploy/ a bundle was installed from, or null when it came from elsewhere. */
    Path fileInDeploy(Bundle b) {
        String loc = b.getLocation();
        for (String prefix : new String[] {deployDir.toUri().toString(), "file:" + deployDir}) {
            if (loc.startsWith(prefix)) {
                String name = loc.substring(prefix.length()).replaceFirst("^/", "");
                return deployDir.resolve(name);
            }
        }
        return null;
    }

    private boolean componentsSettled(String bsn) {
        return status.components().stream()
                .filter(c -> bsn.equals(c.get("bundle")))
                .noneMatch(c -> "UNSATISFIED_REFERENCE".equals(c.get("state")));
    }

    /** Writes a file FileInstall watches (deploy/, config/) so that it never sees half of it. */
    static void writeAtomically(Path target, byte[] content) {
        // The hidden .part name matches neither FileInstall's jar filter nor *.config.
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.write(tmp, content);
            try {
                Files.move(
                        tmp,
                        target,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MgmtException("cannot write " + target + ": " + e);
        }
    }
}
