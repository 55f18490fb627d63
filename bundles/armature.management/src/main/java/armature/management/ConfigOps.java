package armature.management;

import armature.management.ConfigApply.Applied;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.cm.file.ConfigurationHandler;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configuration get/set. A set is checked against the PID's metadata first ({@link ConfigCheck});
 * nothing is written for a refused value. An accepted one is put in force through
 * ConfigurationAdmin ({@link ConfigApply}); only when every component using the PID took it is it
 * written to {@code config/PID.config} (Felix's typed format), so the file in {@code config/} never
 * holds a configuration that a component refused. A refusal at activation puts the previous
 * configuration back and leaves the file as it was.
 */
final class ConfigOps {
    private static final System.Logger LOG = System.getLogger(ConfigOps.class.getName());

    /** The property FileInstall uses to tie a configuration to its file. */
    static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private final ConfigurationAdmin configAdmin;
    private final Path configDir;
    private final ConfigMetadata metadata;
    private final ConfigApply apply;

    ConfigOps(
            ConfigurationAdmin configAdmin,
            Path configDir,
            ConfigMetadata metadata,
            ConfigApply apply) {
        this.configAdmin = configAdmin;
        this.configDir = configDir;
        this.metadata = metadata;
        this.apply = apply;
    }

    Map<String, Object> get(String pid) {
        checkPid(pid);
        Configuration c = find(pid);
        Dictionary<String, Object> props = c == null ? null : c.getProperties();
        if (props == null) {
            // Only a PID some component reads "uses its defaults": an unknown one, or a factory
            // PID without its name, is refused as `config set` would refuse it.
            metadata.target(pid, null);
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("pid", pid);
        out.put("exists", props != null);
        out.put("properties", props == null ? Map.of() : toMap(props));
        return out;
    }

    Map<String, Object> set(String pid, Map<String, String> values) {
        return set(pid, values, false);
    }

    /**
     * Sets {@code values} on {@code pid}. With {@code reload} the configuration is put in force
     * again even when every value is already the one in force, so that its components start again
     * and read what the configuration names (a camera's intrinsics file rewritten by {@code vision
     * calibrate}); without it such a set changes nothing and says {@code unchanged}.
     */
    Map<String, Object> set(String pid, Map<String, String> values, boolean reload) {
        checkPid(pid);
        if (values == null || values.isEmpty()) {
            throw new MgmtException("no key=value pairs given for '" + pid + "'");
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (!key.matches("[A-Za-z0-9_.-]+")) {
                throw new MgmtException(
                        "configuration key '"
                                + key
                                + "' has invalid characters; allowed: letters, digits, '.', '_', '-'");
            }
            if (key.endsWith(".target")) {
                // A reference target that is no filter never matches: SCR only logs it, and the
                // component runs on without what it references.
                try {
                    org.osgi.framework.FrameworkUtil.createFilter(e.getValue());
                } catch (org.osgi.framework.InvalidSyntaxException bad) {
                    throw new MgmtException(
                            "configuration key '"
                                    + key
                                    + "' = '"
                                    + e.getValue()
                                    + "' is not an OSGi service filter ("
                                    + bad.getMessage()
                                    + "); e.g. (armature.driver.name=hand)");
                }
            }
        }
        Configuration config = find(pid);
        Dictionary<String, Object> before = config == null ? null : config.getProperties();
        ConfigMetadata.Target target = metadata.target(pid, before);
        Hashtable<String, Object> props = ConfigApply.withoutAdminKeys(before);
        props.remove(FILE_PROPERTY);
        Map<String, Object> changes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            changes.put(
                    e.getKey(),
                    ConfigCheck.convert(target, e.getKey(), e.getValue(), props.get(e.getKey())));
        }
        Path file = fileFor(pid, before);
        boolean same =
                config != null
                        && changes.entrySet().stream()
                                .allMatch(
                                        e ->
                                                ConfigApply.sameValue(
                                                        props.get(e.getKey()), e.getValue()));
        if (same && !reload) {
            Map<String, Object> out = get(pid);
            out.put("unchanged", true);
            return out;
        }
        props.putAll(changes);
        Hashtable<String, Object> inForce = new Hashtable<>(props);
        inForce.put(FILE_PROPERTY, fileKey(file));
        if (config == null) {
            config = create(pid);
        }
        Applied applied = apply.apply(config, pid, inForce, changes);
        if (!applied.failed().isEmpty()) {
            ConfigApply.Consumer f = applied.failed().get(0);
            // A reload of the same values has nothing to go back to: putting them in force again
            // would only repeat the refusal of what the files they name now hold.
            String restored =
                    same
                            ? "its values were already in force and stay so; "
                                    + f.name()
                                    + " stays refused until what it reads is mended"
                            : restore(config, pid, before, changes);
            throw new MgmtException(
                    "configuration '"
                            + pid
                            + "' was refused by component "
                            + f.name()
                            + ": "
                            + f.failure()
                            + "; "
                            + restored
                            + "; "
                            + file.getFileName()
                            + " is unchanged");
        }
        try {
            BundleOps.writeAtomically(file, fileInstallText(props));
        } catch (IOException | MgmtException e) {
            String restored = restore(config, pid, before, changes);
            throw new MgmtException(
                    "cannot write " + file + ": " + e.getMessage() + "; " + restored);
        }
        Map<String, Object> out = get(pid);
        out.put("file", file.toString());
        if (same) {
            out.put("reloaded", true);
        }
        out.put(
                "components",
                applied.consumers().stream().map(ConfigApply.Consumer::toMap).toList());
        if (!applied.settled()) {
            out.put("settled", false);
        }
        return out;
    }

    /** Puts {@code before} back (deletes the configuration when there was none). */
    private String restore(
            Configuration config,
            String pid,
            Dictionary<String, Object> before,
            Map<String, Object> changes) {
        Map<String, Object> expected = new LinkedHashMap<>();
        for (String k : changes.keySet()) {
            expected.put(k, before == null ? null : before.get(k));
        }
        try {
            Applied back =
                    apply.apply(
                            config,
                            pid,
                            before == null ? null : ConfigApply.withoutAdminKeys(before),
                            expected);
            String states =
                    back.consumers().stream()
                            .map(c -> c.name() + " is " + c.state())
                            .reduce((a, b) -> a + ", " + b)
                            .orElse("no component uses it");
            String what =
                    before == null
                            ? "the new configuration was removed"
                            : "the previous configuration is in force again";
            LOG.log(
                    Level.WARNING,
                    "configuration '" + pid + "' refused; " + what + " (" + states + ")");
            return what + " (" + states + ")";
        } catch (MgmtException e) {
            LOG.log(
                    Level.ERROR,
                    "configuration '" + pid + "' could not be restored: " + e.getMessage());
            return "restoring the previous configuration failed: " + e.getMessage();
        }
    }

    private Configuration create(String pid) {
        int tilde = pid.indexOf('~');
        try {
            return tilde > 0
                    ? configAdmin.getFactoryConfiguration(
                            pid.substring(0, tilde), pid.substring(tilde + 1), "?")
                    : configAdmin.getConfiguration(pid, "?");
        } catch (IOException e) {
            throw new MgmtException("cannot create configuration '" + pid + "': " + e.getMessage());
        }
    }

    /**
     * The file that holds {@code pid}: the one FileInstall took it from, else {@code
     * config/PID.config} ({@code config/F-NAME.config} for {@code F~NAME}, as FileInstall names
     * factory configurations).
     */
    private Path fileFor(String pid, Dictionary<String, Object> inForce) {
        Object from = inForce == null ? null : inForce.get(FILE_PROPERTY);
        if (from instanceof String uri) {
            Path p = Path.of(URI.create(uri));
            if (p.getFileName().toString().endsWith(".config")) {
                return p;
            }
            // FileInstall removes a configuration whose file is deleted, whatever else holds it,
            // so a plain .cfg cannot be folded into a typed file without a moment without it.
            throw new MgmtException(
                    "configuration '"
                            + pid
                            + "' comes from "
                            + p
                            + " (plain text, no types); edit that file, or rename it to "
                            + p.getFileName().toString().replaceFirst("\\.cfg$", ".config")
                            + " so that config set can manage it");
        }
        if (pid.indexOf('~') < 0 && pid.contains("-")) {
            throw new MgmtException(
                    "PID '"
                            + pid
                            + "' contains '-': FileInstall would read config/"
                            + pid
                            + ".config as factory configuration "
                            + pid.replaceFirst("-", "~")
                            + "; it cannot be stored in config/");
        }
        return configDir.resolve(pid.replace('~', '-') + ".config");
    }

    /** The key FileInstall gives a file: the URI of its canonical path. */
    private static String fileKey(Path file) {
        try {
            return file.toFile().getCanonicalFile().toURI().toString();
        } catch (IOException e) {
            return file.toAbsolutePath().toUri().toString();
        }
    }

    private Configuration find(String pid) {
        try {
            Configuration[] found =
                    configAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            throw new MgmtException("cannot read configuration '" + pid + "': " + e.getMessage());
        }
    }

    /** Keys ConfigurationAdmin, FileInstall and SCR set themselves. */
    static boolean isAutomatic(String key) {
        return key.startsWith("service.")
                || key.startsWith("component.")
                || key.startsWith("felix.fileinstall.");
    }

    private static void checkPid(String pid) {
        if (pid == null || !pid.matches("[A-Za-z0-9_.-]+(~[A-Za-z0-9_.-]+)?")) {
            throw new MgmtException(
                    "invalid PID '"
                            + pid
                            + "': use letters, digits, '.', '_', '-' (factory: PID~NAME)");
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> d) {
        Map<String, Object> out = new TreeMap<>();
        for (String k : Collections.list(d.keys())) {
            Object v = d.get(k);
            if (v != null && v.getClass().isArray()) {
                List<Object> list = new java.util.ArrayList<>();
                for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                    list.add(java.lang.reflect.Array.get(v, i));
                }
                v = list;
            }
            out.put(k, v);
        }
        return out;
    }

    /**
     * The {@code .config} text FileInstall reads back as {@code props}. FileInstall reads such a
     * file as Java properties first (one level of backslash escapes) and then as Configuration
     * Admin's typed values (a second level), while Configuration Admin's writer escapes once: every
     * backslash in a value was lost as soon as FileInstall read the file (a Windows path lost its
     * separators, a regex its escapes), and the next {@code config set} wrote the damaged value
     * back. So each escaped backslash (two backslash characters) is escaped once more (four); the
     * writer's other escapes (quote, unicode, line continuations) pass the first level unchanged.
     */
    static byte[] fileInstallText(Dictionary<String, Object> props) throws IOException {
        ByteArrayOutputStream typed = new ByteArrayOutputStream();
        ConfigurationHandler.write(typed, props);
        String text = typed.toString(java.nio.charset.StandardCharsets.UTF_8);
        return text.replace("\\\\", "\\\\\\\\").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
