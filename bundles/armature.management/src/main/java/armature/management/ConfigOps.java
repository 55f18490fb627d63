package armature.management;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.cm.file.ConfigurationHandler;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Configuration get/set. A set writes {@code config/PID.config} (Felix's typed format: the values
 * in force, typed as they are, plus the new ones converted to the types they had; see {@link
 * ConfigValues}) and lets FileInstall apply it, so the file in {@code config/} is always the truth
 * and survives restarts; the reply waits for ConfigAdmin's update and for the components that use
 * the PID.
 */
final class ConfigOps implements ConfigurationListener {
    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(5);

    private final ConfigurationAdmin configAdmin;
    private final Path configDir;
    private final StatusReport status;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    ConfigOps(ConfigurationAdmin configAdmin, Path configDir, StatusReport status) {
        this.configAdmin = configAdmin;
        this.configDir = configDir;
        this.status = status;
    }

    Map<String, Object> get(String pid) {
        checkPid(pid);
        Dictionary<String, Object> props = inForce(pid);
        Map<String, Object> out = new TreeMap<>();
        out.put("pid", pid);
        out.put("exists", props != null);
        out.put("properties", props == null ? Map.of() : toMap(props));
        return out;
    }

    /** The properties ConfigAdmin holds for {@code pid}, or null when it holds none. */
    private Dictionary<String, Object> inForce(String pid) {
        try {
            Configuration[] found =
                    configAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new MgmtException("cannot read configuration '" + pid + "': " + e.getMessage());
        }
    }

    Map<String, Object> set(String pid, Map<String, String> values) {
        checkPid(pid);
        if (values == null || values.isEmpty()) {
            throw new MgmtException("no key=value pairs given for '" + pid + "'");
        }
        for (String key : values.keySet()) {
            if (!key.matches("[A-Za-z0-9_.-]+")) {
                throw new MgmtException("configuration key '" + key + "' has invalid characters");
            }
        }
        Path file = configDir.resolve(pid.replace('~', '-') + ".config");
        Path legacy = configDir.resolve(pid.replace('~', '-') + ".cfg");
        String base = pid.contains("~") ? pid.substring(0, pid.indexOf('~')) : pid;
        Map<String, Object> before = new java.util.HashMap<>();
        for (Map<String, Object> c : status.components()) {
            if (usesPid(c, pid, base)) {
                before.put((String) c.get("name"), c.get("id"));
            }
        }
        // Start from what is in force (a feature's typed defaults, an earlier file), so that one
        // key set never drops the others; values take the type they already have.
        Hashtable<String, Object> props = current(pid);
        for (Map.Entry<String, String> e : values.entrySet()) {
            props.put(
                    e.getKey(),
                    ConfigValues.convert(e.getKey(), e.getValue(), props.get(e.getKey())));
        }
        try {
            CompletableFuture<Void> applied = new CompletableFuture<>();
            waiting.put(pid, applied);
            ByteArrayOutputStream typed = new ByteArrayOutputStream();
            ConfigurationHandler.write(typed, props);
            BundleOps.writeAtomically(file, typed.toByteArray());
            // A .cfg holds only strings; its content is now part of the typed file.
            Files.deleteIfExists(legacy);
            applied.get(APPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new MgmtException(
                    "configuration '"
                            + pid
                            + "' written to "
                            + file
                            + " but not applied within "
                            + APPLY_TIMEOUT.toSeconds()
                            + " s");
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            throw new MgmtException("cannot write " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MgmtException("interrupted");
        } finally {
            waiting.remove(pid);
        }
        // SCR applies configuration asynchronously: wait until each component using the PID was
        // activated anew (a new id) or failed, or, for components with a modified method, 2 s.
        Settle.until(() -> componentsReacted(pid, base, before), Duration.ofSeconds(2));
        for (Map<String, Object> c : status.components()) {
            if (usesPid(c, pid, base) && "FAILED_ACTIVATION".equals(c.get("state"))) {
                throw new MgmtException(
                        "configuration '"
                                + pid
                                + "' was applied but component '"
                                + c.get("name")
                                + "' rejected it: "
                                + c.get("failure"));
            }
        }
        Map<String, Object> out = get(pid);
        out.put("file", file.toString());
        return out;
    }

    /** What is in force for {@code pid}, without ConfigAdmin's and FileInstall's own keys. */
    private Hashtable<String, Object> current(String pid) {
        Hashtable<String, Object> props = new Hashtable<>();
        Dictionary<String, Object> d = inForce(pid);
        if (d != null) {
            for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                if (!k.startsWith("service.") && !k.startsWith("felix.fileinstall.")) {
                    props.put(k, d.get(k));
                }
            }
        }
        return props;
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (event.getType() == ConfigurationEvent.CM_UPDATED) {
            CompletableFuture<Void> f = waiting.get(event.getPid());
            if (f != null) {
                f.complete(null);
            }
        }
    }

    private boolean componentsReacted(String pid, String base, Map<String, Object> before) {
        return status.components().stream()
                .filter(c -> usesPid(c, pid, base))
                .allMatch(
                        c -> {
                            String state = (String) c.get("state");
                            Object id = c.get("id");
                            // Every new configuration gets a new id, whether it activates or fails.
                            return id != null
                                    && !id.equals(before.get(c.get("name")))
                                    && !"UNSATISFIED_CONFIGURATION".equals(state);
                        });
    }

    private static boolean usesPid(Map<String, Object> c, String pid, String base) {
        Object p = c.get("pid");
        return pid.equals(p) || base.equals(c.get("name"));
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
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            Object v = d.get(k);
            if (v != null && v.getClass().isArray()) {
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                    list.add(java.lang.reflect.Array.get(v, i));
                }
                v = list;
            }
            out.put(k, v);
        }
        return out;
    }
}
