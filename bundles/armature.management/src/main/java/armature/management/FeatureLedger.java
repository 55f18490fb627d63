package armature.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What operators changed in the start features while a container ran ({@code feature install},
 * {@code feature uninstall}, the dashboard), kept in {@code runtime/<id>/features.json} so that the
 * next start installs the same features: an operator who installed a driver's feature at 3 a.m.
 * gets it back after a crash. The start list (config/armature.features.cfg or {@code run
 * --features}) stays the user's file; this records the difference to it.
 */
final class FeatureLedger {
    private static final System.Logger LOG = System.getLogger(FeatureLedger.class.getName());

    private final Path file;
    private final ObjectMapper json;
    private final Set<String> installed = new LinkedHashSet<>();
    private final Set<String> uninstalled = new LinkedHashSet<>();

    /** Reads the file if there is one; an unreadable one is named in the log and left as it is. */
    FeatureLedger(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode doc = json.readTree(file.toFile());
            doc.path("installed").forEach(n -> installed.add(n.asText()));
            doc.path("uninstalled").forEach(n -> uninstalled.add(n.asText()));
        } catch (IOException e) {
            LOG.log(
                    Level.WARNING,
                    file + " is not readable (" + e.getMessage() + "): the start features apply");
            installed.clear();
            uninstalled.clear();
        }
    }

    /** The features to install at this start: the start list with the recorded changes. */
    synchronized List<String> atStart(List<String> startList) {
        List<String> out = new ArrayList<>();
        for (String name : startList) {
            if (!uninstalled.contains(name)) {
                out.add(name);
            }
        }
        for (String name : installed) {
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        if (!installed.isEmpty() || !uninstalled.isEmpty()) {
            LOG.log(
                    Level.INFO,
                    "features changed by operators in earlier runs: installed "
                            + installed
                            + ", uninstalled "
                            + uninstalled
                            + " ("
                            + file
                            + ")");
        }
        return out;
    }

    /** An operator installed {@code name}. */
    synchronized void installed(String name, List<String> startList) {
        uninstalled.remove(name);
        if (!startList.contains(name)) {
            installed.add(name);
        }
        save();
    }

    /** An operator uninstalled {@code name}. */
    synchronized void uninstalled(String name, List<String> startList) {
        installed.remove(name);
        if (startList.contains(name)) {
            uninstalled.add(name);
        }
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        ObjectNode doc = json.createObjectNode();
        installed.forEach(doc.putArray("installed")::add);
        uninstalled.forEach(doc.putArray("uninstalled")::add);
        try {
            Files.createDirectories(file.getParent());
            BundleOps.writeAtomically(
                    file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        } catch (IOException | MgmtException e) {
            LOG.log(
                    Level.WARNING,
                    "features not recorded in "
                            + file
                            + " ("
                            + e.getMessage()
                            + "): the next"
                            + " start installs the start list only");
        }
    }
}
