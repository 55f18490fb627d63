package armature.policy.deploy;

import armature.control.api.Names;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Policy packages in the container's {@code deploy/} folder: FileInstall hands us every {@code
 * NAME.armpolicy} it sees there, and each becomes (or updates) the policy configuration {@code
 * armature.policy~NAME} with the file as its source, the ONNX provider, and the file's SHA-256 as
 * its revision. A changed file is a new revision, which the running policy swaps in between two
 * ticks; a removed file removes the policy. A file that is not a complete package is refused by the
 * provider when the policy loads it, and the running policy keeps running (docs/policy.md).
 */
@Component(service = ArtifactInstaller.class, immediate = true)
public final class PolicyDeployer implements ArtifactInstaller {
    /** The file name extension of a policy package. */
    public static final String EXTENSION = ".armpolicy";

    /** Configuration property: the deployed file a policy configuration was made from. */
    public static final String FILE_PROPERTY = "armature.deploy.file";

    /** The name suffix of a shadow package: {@code NAME.shadow.armpolicy} shadows policy NAME. */
    public static final String SHADOW_SUFFIX = ".shadow";

    /** Configuration property: the deployed file a policy's shadow was made from. */
    public static final String SHADOW_FILE_PROPERTY = "armature.deploy.shadowFile";

    static final String FACTORY_PID = "armature.policy";
    static final String ONNX_TARGET = "(armature.policy.kind=onnx)";
    private static final System.Logger LOG = System.getLogger(PolicyDeployer.class.getName());

    private final ConfigurationAdmin configAdmin;

    @Activate
    public PolicyDeployer(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Override
    public boolean canHandle(File artifact) {
        String n = artifact.getName();
        return n.endsWith(EXTENSION) && !n.startsWith(".");
    }

    @Override
    public void install(File artifact) throws Exception {
        apply(artifact);
    }

    @Override
    public void update(File artifact) throws Exception {
        apply(artifact);
    }

    @Override
    public void uninstall(File artifact) throws Exception {
        Configuration shadowed = deployedFrom(artifact, SHADOW_FILE_PROPERTY);
        if (shadowed != null) {
            Dictionary<String, Object> props = shadowed.getProperties();
            props.remove("shadowSource");
            props.remove("shadowRevision");
            props.remove(SHADOW_FILE_PROPERTY);
            shadowed.update(props);
            LOG.log(
                    System.Logger.Level.INFO,
                    "deploy/"
                            + artifact.getName()
                            + " removed: no shadow for policy "
                            + shadowed.getPid());
            return;
        }
        Configuration c = deployedFrom(artifact, FILE_PROPERTY);
        if (c != null) {
            String pid = c.getPid(); // a deleted configuration no longer answers
            c.delete();
            LOG.log(
                    System.Logger.Level.INFO,
                    "deploy/" + artifact.getName() + " removed: policy " + pid + " removed");
        }
    }

    /** The policy name a package file stands for: its name without the extension. */
    public static String policyName(String fileName) {
        String name = fileName.substring(0, fileName.length() - EXTENSION.length());
        return Names.require(name, "policy name (from the file name '" + fileName + "')");
    }

    private void apply(File artifact) throws IOException, InvalidSyntaxException {
        String name;
        try {
            name = policyName(artifact.getName());
        } catch (IllegalArgumentException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deploy/" + artifact.getName() + " is not loaded: " + e.getMessage());
            return;
        }
        String revision = sha256(artifact);
        if (name.endsWith(SHADOW_SUFFIX)) {
            applyShadow(
                    artifact, name.substring(0, name.length() - SHADOW_SUFFIX.length()), revision);
            return;
        }
        Configuration c = configAdmin.getFactoryConfiguration(FACTORY_PID, name, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        props.put("source", artifact.getAbsolutePath());
        props.put("revision", revision);
        props.put("provider.target", ONNX_TARGET);
        props.put(FILE_PROPERTY, artifact.getAbsolutePath());
        boolean changed = c.updateIfDifferent(props);
        LOG.log(
                System.Logger.Level.INFO,
                "deploy/"
                        + artifact.getName()
                        + (changed ? " -> policy " : " unchanged for policy ")
                        + name
                        + " (revision "
                        + revision.substring(0, 12)
                        + ")");
    }

    /** {@code NAME.shadow.armpolicy}: the shadow of the existing policy NAME (docs/policy.md). */
    private void applyShadow(File artifact, String policy, String revision)
            throws IOException, InvalidSyntaxException {
        Configuration[] found =
                policy.isEmpty()
                        ? null
                        : configAdmin.listConfigurations(
                                "(service.pid=" + FACTORY_PID + "~" + policy + ")");
        if (found == null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deploy/"
                            + artifact.getName()
                            + " is not loaded: there is no policy '"
                            + policy
                            + "' to shadow");
            return;
        }
        Dictionary<String, Object> props = found[0].getProperties();
        props.put("shadowSource", artifact.getAbsolutePath());
        props.put("shadowRevision", revision);
        props.put(SHADOW_FILE_PROPERTY, artifact.getAbsolutePath());
        found[0].updateIfDifferent(props);
        LOG.log(
                System.Logger.Level.INFO,
                "deploy/"
                        + artifact.getName()
                        + " -> shadow of policy "
                        + policy
                        + " (revision "
                        + revision.substring(0, 12)
                        + ")");
    }

    private Configuration deployedFrom(File artifact, String property)
            throws IOException, InvalidSyntaxException {
        Configuration[] all =
                configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        for (Configuration c : all == null ? new Configuration[0] : all) {
            Object f = c.getProperties() == null ? null : c.getProperties().get(property);
            if (artifact.getAbsolutePath().equals(f)) {
                return c;
            }
        }
        return null;
    }

    /** The file's SHA-256 in lower-case hex: the revision the CLI computes from what it sent. */
    public static String sha256(File file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file.toPath())) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
