package armature.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Installs and uninstalls features at runtime. Bundles are reference-counted across features;
 * bundles the launcher installed (the core) belong to no feature and are never removed here.
 * Uninstalling refreshes only the removed bundles' dependency closure.
 */
final class FeatureManager {
    private static final System.Logger LOG = System.getLogger(FeatureManager.class.getName());

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final Path featuresDir;
    private final Path repositoryDir;
    private final ObjectMapper json;
    private final Map<String, FeatureDescriptor> installed = new LinkedHashMap<>();
    private final Map<String, Set<String>> bundleOwners = new TreeMap<>();

    FeatureManager(
            BundleContext context,
            ConfigurationAdmin configAdmin,
            Path featuresDir,
            Path repositoryDir,
            ObjectMapper json) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.featuresDir = featuresDir;
        this.repositoryDir = repositoryDir;
        this.json = json;
    }

    /** Every feature descriptor in the features folder, by name. */
    synchronized Map<String, FeatureDescriptor> available() {
        Map<String, FeatureDescriptor> out = new TreeMap<>();
        if (featuresDir == null || !Files.isDirectory(featuresDir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(featuresDir, "*.json")) {
            for (Path f : files) {
                FeatureDescriptor d = FeatureDescriptor.read(f, json);
                out.put(d.name(), d);
            }
        } catch (IOException e) {
            throw new MgmtException("cannot read features folder " + featuresDir + ": " + e);
        }
        return out;
    }

    synchronized Set<String> installedNames() {
        return new LinkedHashSet<>(installed.keySet());
    }

    /** Symbolic names of bundles that belong to installed features. */
    synchronized Set<String> featureBundles() {
        return new LinkedHashSet<>(bundleOwners.keySet());
    }

    /** Installed features that list the bundle {@code bsn}, in installation order. */
    synchronized List<String> installedNeeding(String bsn) {
        List<String> out = new ArrayList<>();
        for (FeatureDescriptor f : installed.values()) {
            if (f.bundles().contains(bsn)) {
                out.add(f.name());
            }
        }
        return out;
    }

    /**
     * For each installed feature that lost bundles since it was installed (undeployed by force,
     * uninstalled from the console): the symbolic names no longer installed.
     */
    synchronized Map<String, List<String>> lostBundles() {
        Set<String> present = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.UNINSTALLED && b.getSymbolicName() != null) {
                present.add(b.getSymbolicName());
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (FeatureDescriptor f : installed.values()) {
            List<String> lost = new ArrayList<>(f.bundles());
            lost.removeAll(present);
            if (!lost.isEmpty()) {
                out.put(f.name(), lost);
            }
        }
        return out;
    }

    /**
     * Installs a feature and the features it requires.
     *
     * @return the names of the features newly installed, in order
     */
    synchronized List<String> install(String name) {
        Map<String, FeatureDescriptor> all = available();
        List<FeatureDescriptor> order = new ArrayList<>();
        collect(name, all, new LinkedHashSet<>(), order);
        List<String> done = new ArrayList<>();
        for (FeatureDescriptor f : order) {
            if (!installed.containsKey(f.name())) {
                installOne(f);
                done.add(f.name());
            }
        }
        return done;
    }

    /** Uninstalls a feature; refuses while another installed feature requires it. */
    synchronized void uninstall(String name) {
        FeatureDescriptor f = installed.get(name);
        if (f == null) {
            throw new MgmtException(
                    "feature '" + name + "' is not installed; installed: " + installed.keySet());
        }
        for (FeatureDescriptor other : installed.values()) {
            if (other.requires().contains(name)) {
                throw new MgmtException(
                        "feature '"
                                + name
                                + "' is required by installed feature '"
                                + other.name()
                                + "'; uninstall that first");
            }
        }
        List<Bundle> removed = new ArrayList<>();
        for (String bsn : f.bundles()) {
            Set<String> owners = bundleOwners.get(bsn);
            if (owners == null) {
                continue;
            }
            owners.remove(name);
            if (owners.isEmpty()) {
                bundleOwners.remove(bsn);
                Bundle b = bundleBySymbolicName(bsn);
                if (b != null) {
                    try {
                        b.uninstall();
                        removed.add(b);
                    } catch (BundleException e) {
                        LOG.log(Level.WARNING, "cannot uninstall " + bsn + ": " + e.getMessage());
                    }
                }
            }
        }
        installed.remove(name);
        if (!removed.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(removed);
        }
        LOG.log(Level.INFO, "feature '" + name + "' uninstalled (" + removed.size() + " bundles)");
    }

    private void collect(
            String name,
            Map<String, FeatureDescriptor> all,
            Set<String> visiting,
            List<FeatureDescriptor> order) {
        FeatureDescriptor f = all.get(name);
        if (f == null) {
            throw new MgmtException("unknown feature '" + name + "'; available: " + all.keySet());
        }
        if (!visiting.add(name)) {
            throw new MgmtException("features require each other in a cycle: " + visiting);
        }
        for (String r : f.requires()) {
            collect(r, all, visiting, order);
        }
        visiting.remove(name);
        if (!order.contains(f)) {
            order.add(f);
        }
    }

    private void installOne(FeatureDescriptor f) {
        Map<String, Path> repo = repositoryIndex();
        for (String bsn : f.bundles()) {
            if (bundleBySymbolicName(bsn) == null && !repo.containsKey(bsn)) {
                throw new MgmtException(
                        "feature '"
                                + f.name()
                                + "' needs bundle '"
                                + bsn
                                + "', which is neither installed nor in "
                                + repositoryDir);
            }
        }
        List<Bundle> fresh = new ArrayList<>();
        try {
            for (String bsn : f.bundles()) {
                Bundle existing = bundleBySymbolicName(bsn);
                if (existing == null) {
                    Path jar = repo.get(bsn);
                    fresh.add(context.installBundle(jar.toUri().toString()));
                }
            }
        } catch (BundleException e) {
            rollback(fresh);
            throw new MgmtException(
                    "feature '" + f.name() + "': cannot install bundle: " + e.getMessage(), e);
        }
        applyDefaultConfigurations(f);
        List<String> failures = new ArrayList<>();
        for (Bundle b : fresh) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            rollback(fresh);
            throw new MgmtException(
                    "feature '" + f.name() + "' did not start: " + String.join("; ", failures));
        }
        for (String bsn : f.bundles()) {
            Bundle b = bundleBySymbolicName(bsn);
            boolean core = b != null && !fresh.contains(b) && !bundleOwners.containsKey(bsn);
            if (!core) {
                bundleOwners.computeIfAbsent(bsn, k -> new LinkedHashSet<>()).add(f.name());
            }
        }
        installed.put(f.name(), f);
        LOG.log(
                Level.INFO,
                "feature '" + f.name() + "' installed (" + fresh.size() + " new bundles)");
    }

    private void rollback(List<Bundle> fresh) {
        for (Bundle b : fresh) {
            try {
                b.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "rollback: " + e.getMessage());
            }
        }
        if (!fresh.isEmpty()) {
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(fresh);
        }
    }

    private void applyDefaultConfigurations(FeatureDescriptor f) {
        for (var e : f.configurations().entrySet()) {
            try {
                String pid = e.getKey();
                boolean factory = pid.contains("~");
                Configuration c =
                        factory
                                ? configAdmin.getFactoryConfiguration(
                                        pid.substring(0, pid.indexOf('~')),
                                        pid.substring(pid.indexOf('~') + 1),
                                        "?")
                                : configAdmin.getConfiguration(pid, "?");
                if (c.getProperties() == null) {
                    Dictionary<String, Object> props = new Hashtable<>(e.getValue());
                    c.update(props);
                }
            } catch (IOException ex) {
                throw new MgmtException(
                        "feature '" + f.name() + "': configuration '" + e.getKey() + "': " + ex);
            }
        }
    }

    private Bundle bundleBySymbolicName(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private Map<String, Path> repositoryIndex() {
        Map<String, Path> index = new TreeMap<>();
        if (repositoryDir == null || !Files.isDirectory(repositoryDir)) {
            return index;
        }
        Set<Path> seen = new HashSet<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(repositoryDir, "*.jar")) {
            for (Path jar : jars) {
                if (!seen.add(jar)) {
                    continue;
                }
                try (JarFile jf = new JarFile(jar.toFile())) {
                    var mf = jf.getManifest();
                    String bsn =
                            mf == null
                                    ? null
                                    : mf.getMainAttributes()
                                            .getValue(Constants.BUNDLE_SYMBOLICNAME);
                    if (bsn != null) {
                        index.put(bsn.split(";")[0].trim(), jar);
                    }
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "repository: " + jar + " is not a readable jar: " + e);
                }
            }
        } catch (IOException e) {
            throw new MgmtException("cannot read repository " + repositoryDir + ": " + e);
        }
        return index;
    }
}
