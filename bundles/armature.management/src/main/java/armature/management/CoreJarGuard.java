package armature.management;

import java.io.File;
import java.nio.file.Path;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Keeps FileInstall's hands off a jar in {@code deploy/} that carries the symbolic name of a core
 * bundle (the framework, the bus, management, SCR, Configuration Admin, FileInstall itself): as an
 * {@link ArtifactInstaller} that claims such a jar and installs nothing. FileInstall asks its
 * installers before it treats a jar as a bundle, so without this it updated the running core bundle
 * of the same name and version in place (management and the bus went away; only a kill and a
 * restart helped) or installed a second copy beside it. {@code deploy} through management already
 * refuses such a jar; this covers a jar dropped into the folder by hand. {@link DeployFolder}
 * reports it among the container's problems.
 */
final class CoreJarGuard implements ArtifactInstaller {
    private final BundleContext context;
    private final Path deploy;

    CoreJarGuard(BundleContext context, Path deploy) {
        this.context = context;
        this.deploy = deploy.toAbsolutePath().normalize();
    }

    @Override
    public boolean canHandle(File artifact) {
        Path p = artifact.toPath().toAbsolutePath().normalize();
        return deploy.equals(p.getParent())
                && artifact.getName().endsWith(".jar")
                && coreName(context, p) != null;
    }

    /** The core bundle's symbolic name the jar carries, or null (also for an unreadable jar). */
    static String coreName(BundleContext context, Path jar) {
        String bsn;
        try {
            bsn = JarCheck.check(jar).symbolicName();
        } catch (RuntimeException e) { // MgmtException included
            return null; // not a readable bundle: DeployFolder says so
        }
        return isCoreName(context, bsn) ? bsn : null;
    }

    /** Whether a core bundle has symbolic name {@code bsn}. */
    static boolean isCoreName(BundleContext context, String bsn) {
        for (Bundle b : context.getBundles()) {
            if (StatusReport.isCore(b) && bsn.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void install(File artifact) {
        // claimed, never installed: DeployFolder reports it
    }

    @Override
    public void update(File artifact) {
        // as install
    }

    @Override
    public void uninstall(File artifact) {
        // nothing was installed
    }
}
