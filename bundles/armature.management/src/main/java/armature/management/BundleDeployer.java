package armature.management;

import armature.management.JarCheck.BundleJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * {@code deploy}: the whole jar is checked first ({@link JarCheck}); then it is written into the
 * watched {@code deploy/} folder (so it stays deployed across restarts, exactly as if a user had
 * dropped it there) and FileInstall installs or updates it. If the new version does not resolve,
 * does not start or a component of it fails to activate, the previous jar is written back (or the
 * new one removed) and the previous version runs again; {@code deploy/} never keeps a version that
 * failed. Bundles a feature installed are updated in place the same way, with the same rollback.
 */
final class BundleDeployer {
    private static final System.Logger LOG = System.getLogger(BundleDeployer.class.getName());
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    private final BundleContext context;
    private final Path deployDir;
    private final Path staging;
    private final BundleOps ops;
    private final BundleStart start;

    /** The jars of in-place updates (feature bundles), to roll back to; else the location. */
    private final Map<String, byte[]> inPlace = new HashMap<>();

    BundleDeployer(
            BundleContext context,
            ServiceComponentRuntime scr,
            Path deployDir,
            Path staging,
            BundleOps ops) {
        this.context = context;
        this.deployDir = deployDir;
        this.staging = staging;
        this.ops = ops;
        this.start = new BundleStart(context, scr, STEP_TIMEOUT);
    }

    /** Installs or updates the bundle in {@code jar}; returns its state and components. */
    Map<String, Object> deploy(byte[] jar) {
        long t0 = System.nanoTime();
        BundleJar info = JarCheck.check(jar, staging);
        Bundle existing = ops.bySymbolicName(info.symbolicName());
        if (existing != null && StatusReport.isCore(existing)) {
            throw new MgmtException(
                    "bundle '"
                            + info.symbolicName()
                            + "' is part of the container core; update the distribution instead");
        }
        Map<String, Object> out;
        if (existing != null && ops.fileInDeploy(existing) == null) {
            out = updateInPlace(existing, jar, info);
        } else {
            out = throughDeployFolder(existing, jar, info);
        }
        out.put("elapsedMillis", (System.nanoTime() - t0) / 1_000_000.0);
        return out;
    }

    private Map<String, Object> throughDeployFolder(Bundle existing, byte[] jar, BundleJar info) {
        String bsn = info.symbolicName();
        Path target =
                existing == null ? deployDir.resolve(bsn + ".jar") : ops.fileInDeploy(existing);
        byte[] previous = existing == null ? null : runningJar(existing, target);
        Events events = new Events(bsn);
        context.addBundleListener(events);
        try {
            int mark = events.count();
            BundleOps.writeAtomically(target, jar);
            Bundle b = events.awaitInstalledAfter(mark, STEP_TIMEOUT);
            if (b == null) {
                // Not installed now, so never later behind the caller's back: the folder gets
                // back what runs (or loses the new jar), whatever FileInstall does when it wakes.
                String undone =
                        previous == null
                                ? removeFile(target, null)
                                : restoreFile(target, previous, existing);
                throw new MgmtException(
                        "bundle '"
                                + bsn
                                + "' was written to "
                                + target
                                + " but FileInstall did not install it within "
                                + STEP_TIMEOUT.toSeconds()
                                + " s"
                                + busyWith()
                                + undone);
            }
            String failure = start.failureOf(b);
            if (failure == null) {
                removeOtherCopies(bsn, target);
                return ops.describe(b);
            }
            String undone;
            if (previous != null) {
                mark = events.count();
                BundleOps.writeAtomically(target, previous);
                Bundle back = events.awaitInstalledAfter(mark, STEP_TIMEOUT);
                undone = back == null ? "" : start.failureOf(back);
                undone =
                        undone == null
                                ? "the previous version "
                                        + existing.getVersion()
                                        + " is running again"
                                : "the previous jar is back in " + target + " but " + undone;
            } else {
                undone = "nothing stays installed" + removeFile(target, b);
            }
            LOG.log(
                    Level.WARNING,
                    "deploy of "
                            + bsn
                            + " "
                            + info.version()
                            + " refused: "
                            + failure
                            + "; "
                            + undone);
            throw new MgmtException(
                    "bundle '"
                            + bsn
                            + "' "
                            + info.version()
                            + " was not deployed: "
                            + failure
                            + "; "
                            + undone);
        } finally {
            context.removeBundleListener(events);
        }
    }

    /**
     * The jar of the running version, to restore if the new one fails. Without it a failed update
     * could not be undone, so the deploy is refused before anything changes.
     */
    private byte[] runningJar(Bundle existing, Path file) {
        try {
            JarCheck.check(file);
            return Files.readAllBytes(file);
        } catch (MgmtException | IOException e) {
            throw new MgmtException(
                    "bundle '"
                            + existing.getSymbolicName()
                            + "' runs from "
                            + file
                            + ", which is not a readable jar any more ("
                            + e.getMessage()
                            + "), so a failed update could not be undone; undeploy it first");
        }
    }

    /** Puts the running version's jar back in deploy/ after an update that did not install. */
    private static String restoreFile(Path target, byte[] previous, Bundle existing) {
        try {
            BundleOps.writeAtomically(target, previous);
        } catch (MgmtException e) {
            return "; cannot put the running version's jar back in "
                    + target
                    + ": "
                    + e.getMessage();
        }
        return "; the running version "
                + existing.getVersion()
                + " stays, and deploy/ holds its jar again (FileInstall may start it again once it"
                + " wakes; `armature status` shows where it stands)";
    }

    /** What FileInstall may be waiting for: bundles whose activator has not returned. */
    private String busyWith() {
        java.util.List<String> starting = new java.util.ArrayList<>();
        for (Bundle other : context.getBundles()) {
            if (BundleStart.starting(other)) {
                starting.add(other.getSymbolicName());
            }
        }
        return starting.isEmpty()
                ? ""
                : " (it waits for "
                        + String.join(", ", starting)
                        + ": STARTING, the activator has not returned)";
    }

    /** Deletes the new jar; FileInstall uninstalls it (or this does, if FileInstall is late). */
    private String removeFile(Path target, Bundle installed) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            return "; cannot delete " + target + ": " + e.getMessage();
        }
        if (installed != null && BundleStart.starting(installed)) {
            // Its activator has not returned and holds the bundle's lock: an uninstall would wait
            // for it too. FileInstall uninstalls it once the activator returns.
            return " and deploy/ holds no copy; the bundle stays STARTING until its activator"
                    + " returns (then it is uninstalled) or the container restarts";
        }
        if (installed != null
                && !Settle.until(() -> installed.getState() == Bundle.UNINSTALLED, STEP_TIMEOUT)) {
            try {
                installed.uninstall();
            } catch (BundleException | IllegalStateException e) {
                return "; cannot uninstall it: " + e.getMessage();
            }
        }
        return " and deploy/ holds no copy";
    }

    private Map<String, Object> updateInPlace(Bundle b, byte[] jar, BundleJar info) {
        String bsn = b.getSymbolicName();
        byte[] previous = inPlace.get(bsn);
        try {
            b.update(new ByteArrayInputStream(jar));
        } catch (BundleException e) {
            throw new MgmtException("cannot update '" + bsn + "': " + e.getMessage());
        }
        String failure = start.afterUpdate(b);
        if (failure == null) {
            inPlace.put(bsn, jar);
            return ops.describe(b);
        }
        String undone;
        try {
            if (previous != null) {
                b.update(new ByteArrayInputStream(previous));
            } else {
                // Reads the jar again from where the feature installed it.
                b.update();
            }
            String again = start.afterUpdate(b);
            undone =
                    again == null
                            ? "the previous version " + b.getVersion() + " is running again"
                            : "the previous version is back but " + again;
        } catch (BundleException e) {
            undone = "the previous version could not be restored: " + e.getMessage();
        }
        LOG.log(Level.WARNING, "update of " + bsn + " refused: " + failure + "; " + undone);
        throw new MgmtException(
                "bundle '"
                        + bsn
                        + "' "
                        + info.version()
                        + " was not deployed: "
                        + failure
                        + "; "
                        + undone);
    }

    private void removeOtherCopies(String bsn, Path keep) {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deployDir, "*.jar")) {
            for (Path jar : jars) {
                if (jar.equals(keep)) {
                    continue;
                }
                try {
                    if (bsn.equals(JarCheck.check(jar).symbolicName())) {
                        Files.delete(jar);
                    }
                } catch (MgmtException | IOException e) {
                    // Not a bundle of ours to judge; the status reports it.
                }
            }
        } catch (IOException e) {
            throw new MgmtException("cannot read deploy folder " + deployDir + ": " + e);
        }
    }

    /** INSTALLED and UPDATED events of one symbolic name, counted so a caller can wait for more. */
    private static final class Events implements BundleListener {
        private final String bsn;
        private final AtomicInteger count = new AtomicInteger();
        private volatile Bundle last;

        Events(String bsn) {
            this.bsn = bsn;
        }

        @Override
        public void bundleChanged(BundleEvent e) {
            int type = e.getType();
            if (bsn.equals(e.getBundle().getSymbolicName())
                    && (type == BundleEvent.INSTALLED || type == BundleEvent.UPDATED)) {
                last = e.getBundle();
                count.incrementAndGet();
            }
        }

        int count() {
            return count.get();
        }

        Bundle awaitInstalledAfter(int mark, Duration timeout) {
            return Settle.until(() -> count.get() > mark, timeout) ? last : null;
        }
    }
}
