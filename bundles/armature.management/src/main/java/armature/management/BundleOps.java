package armature.management;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Bundle operations. Deploying writes the jar into the watched {@code deploy/} folder (so it stays
 * deployed across restarts, exactly as if a user had dropped it there) and waits until the bundle
 * is started and its components have settled.
 */
final class BundleOps {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(2);

    private final BundleContext context;
    private final Path deployDir;
    private final StatusReport status;

    BundleOps(BundleContext context, Path deployDir, StatusReport status) {
        this.context = context;
        this.deployDir = deployDir;
        this.status = status;
    }

    /** Installs or updates the bundle in {@code jar}; returns its state and components. */
    Map<String, Object> deploy(byte[] jar) {
        long t0 = System.nanoTime();
        String bsn = symbolicName(jar);
        Bundle installedElsewhere = bySymbolicName(bsn);
        if (installedElsewhere != null && fileInDeploy(installedElsewhere) == null) {
            if (StatusReport.isCore(installedElsewhere)) {
                throw new MgmtException(
                        "bundle '"
                                + bsn
                                + "' is part of the container core; update the distribution instead");
            }
            // Installed by a feature: update it in place rather than install a second copy.
            return updateInPlace(installedElsewhere, jar, t0);
        }
        Path target = deployDir.resolve(bsn + ".jar");
        CompletableFuture<Bundle> started = new CompletableFuture<>();
        CompletableFuture<Bundle> installed = new CompletableFuture<>();
        BundleListener listener =
                e -> {
                    if (!bsn.equals(e.getBundle().getSymbolicName())) {
                        return;
                    }
                    switch (e.getType()) {
                        case BundleEvent.INSTALLED, BundleEvent.UPDATED ->
                                installed.complete(e.getBundle());
                        case BundleEvent.STARTED -> started.complete(e.getBundle());
                        default -> {}
                    }
                };
        context.addBundleListener(listener);
        try {
            removeOtherCopies(bsn, target);
            writeAtomically(target, jar);
            Bundle b;
            try {
                b = started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Bundle i = installed.getNow(null);
                if (i == null) {
                    throw new MgmtException(
                            "bundle '"
                                    + bsn
                                    + "' was written to "
                                    + target
                                    + " but not installed within "
                                    + START_TIMEOUT.toSeconds()
                                    + " s; see the container log");
                }
                Map<String, Object> info = describe(i);
                throw new MgmtException(
                        "bundle '"
                                + bsn
                                + "' is installed but did not start (state "
                                + StatusReport.stateName(i.getState())
                                + ")"
                                + (info.containsKey("missing")
                                        ? "; missing " + info.get("missing")
                                        : ""));
            }
            Settle.until(() -> componentsSettled(bsn), SETTLE_TIMEOUT);
            Map<String, Object> out = describe(b);
            out.put("elapsedMillis", (System.nanoTime() - t0) / 1_000_000.0);
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MgmtException("interrupted while deploying " + bsn);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MgmtException("deploying " + bsn + " failed: " + e.getCause());
        } finally {
            context.removeBundleListener(listener);
        }
    }

    private Map<String, Object> updateInPlace(Bundle b, byte[] jar, long t0) {
        try {
            b.update(new ByteArrayInputStream(jar));
            // Refresh only when an old revision is still wired to someone: a refresh restarts the
            // bundle a second time, and for a driver that means a second hold/rebind cycle.
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            Collection<Bundle> pending = wiring.getRemovalPendingBundles();
            if (!pending.isEmpty()) {
                CompletableFuture<Void> refreshed = new CompletableFuture<>();
                wiring.refreshBundles(
                        pending,
                        e -> {
                            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                                refreshed.complete(null);
                            }
                        });
                refreshed.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            Settle.until(() -> b.getState() == Bundle.ACTIVE, START_TIMEOUT);
        } catch (BundleException e) {
            throw new MgmtException(
                    "cannot update '" + b.getSymbolicName() + "': " + e.getMessage());
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new MgmtException(
                    "'" + b.getSymbolicName() + "' updated but the refresh did not finish: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MgmtException("interrupted while updating " + b.getSymbolicName());
        }
        if (b.getState() != Bundle.ACTIVE) {
            throw new MgmtException(
                    "bundle '"
                            + b.getSymbolicName()
                            + "' was updated but is "
                            + StatusReport.stateName(b.getState()));
        }
        Settle.until(() -> componentsSettled(b.getSymbolicName()), SETTLE_TIMEOUT);
        Map<String, Object> out = describe(b);
        out.put("elapsedMillis", (System.nanoTime() - t0) / 1_000_000.0);
        return out;
    }

    private Bundle bySymbolicName(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Uninstalls by symbolic name or id; removes its jar from deploy/ if it came from there. */
    Map<String, Object> undeploy(String nameOrId) {
        Bundle b = find(nameOrId);
        if (StatusReport.isCore(b)) {
            throw new MgmtException(
                    "bundle '"
                            + b.getSymbolicName()
                            + "' is part of the container core; not removed");
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
                gone.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                b.uninstall();
                context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
            }
        } catch (TimeoutException e) {
            throw new MgmtException(
                    "bundle '" + b.getSymbolicName() + "' was not uninstalled in time");
        } catch (IOException | BundleException | java.util.concurrent.ExecutionException e) {
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
        out.put("state", "UNINSTALLED");
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

    private boolean componentsSettled(String bsn) {
        return status.components().stream()
                .filter(c -> bsn.equals(c.get("bundle")))
                .allMatch(
                        c -> {
                            String s = (String) c.get("state");
                            return !s.equals("UNSATISFIED_REFERENCE");
                        });
    }

    private Path fileInDeploy(Bundle b) {
        String loc = b.getLocation();
        for (String prefix : new String[] {deployDir.toUri().toString(), "file:" + deployDir}) {
            if (loc.startsWith(prefix)) {
                String name = loc.substring(prefix.length()).replaceFirst("^/", "");
                return deployDir.resolve(name);
            }
        }
        return null;
    }

    private void removeOtherCopies(String bsn, Path keep) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deployDir, "*.jar")) {
            for (Path jar : jars) {
                if (jar.equals(keep)) {
                    continue;
                }
                try {
                    if (bsn.equals(symbolicName(Files.readAllBytes(jar)))) {
                        Files.delete(jar);
                    }
                } catch (MgmtException | IOException e) {
                    // Not a bundle of ours to judge; FileInstall reports it.
                }
            }
        } catch (IOException e) {
            throw new MgmtException("cannot read deploy folder " + deployDir + ": " + e);
        }
    }

    /** Writes a file FileInstall watches (deploy/, config/) so that it never sees half of it. */
    static void writeAtomically(Path target, byte[] jar) {
        // FileInstall ignores the .part name, so it never sees a half-written file.
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.write(tmp, jar);
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

    /** The bundle symbolic name in a jar, or a clear error saying why it is not a bundle. */
    static String symbolicName(byte[] jar) {
        if (jar == null || jar.length == 0) {
            throw new MgmtException("the jar is empty");
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                throw new MgmtException(
                        "not a bundle: the jar ("
                                + jar.length
                                + " bytes) has no META-INF/MANIFEST.MF or is corrupt");
            }
            String bsn = mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (bsn == null || bsn.isBlank()) {
                throw new MgmtException("not a bundle: the manifest has no Bundle-SymbolicName");
            }
            String name = bsn.split(";")[0].trim();
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                throw new MgmtException(
                        "Bundle-SymbolicName '" + name + "' has invalid characters");
            }
            return name;
        } catch (IOException e) {
            throw new MgmtException("not a bundle: cannot read the jar (" + e.getMessage() + ")");
        }
    }
}
