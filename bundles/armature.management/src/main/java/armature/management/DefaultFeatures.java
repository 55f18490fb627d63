package armature.management;

import armature.management.Readiness.Problem;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The features the container was started with (framework property {@code armature.features}),
 * installed one after another on management's worker. Until each has been tried it keeps the
 * container from being ready, so a start is never reported ready with half its features; one that
 * failed keeps it not ready with the reason until it is installed after all.
 */
final class DefaultFeatures {
    private static final System.Logger LOG = System.getLogger(DefaultFeatures.class.getName());

    private final List<String> names = new ArrayList<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private volatile boolean deployPending = true;

    private final List<String> startList = new ArrayList<>();

    /**
     * @param list comma-separated feature names, or null/blank for none
     */
    DefaultFeatures(String list) {
        this(list, null);
    }

    /**
     * @param list comma-separated feature names, or null/blank for none
     * @param ledger what operators changed in earlier runs, applied to the list; or null
     */
    DefaultFeatures(String list, FeatureLedger ledger) {
        if (list != null) {
            for (String name : list.split(",")) {
                if (!name.isBlank() && !startList.contains(name.trim())) {
                    startList.add(name.trim());
                }
            }
        }
        names.addAll(ledger == null ? startList : ledger.atStart(startList));
        pending.addAll(names);
    }

    /** The start list as given (config/armature.features.cfg or run --features). */
    List<String> startList() {
        return List.copyOf(startList);
    }

    /** Installs one feature (FeatureManager's install). */
    interface Installer {
        void install(String name);
    }

    /** Installs every one in order; a failure is logged and kept as the reason. */
    void installAll(Installer features) {
        for (String name : names) {
            try {
                features.install(name);
            } catch (RuntimeException e) {
                failed.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
                LOG.log(
                        Level.ERROR,
                        "default feature '" + name + "' not installed: " + e.getMessage());
            } finally {
                pending.remove(name);
            }
        }
    }

    /** deploy/ has been read: its bundles were installed after the start features. */
    void deployRead() {
        deployPending = false;
    }

    /**
     * Why the start is not complete: features still to install, those that failed, and deploy/
     * until its bundles are installed after them.
     */
    List<Problem> problems(Set<String> installed) {
        List<Problem> out = new ArrayList<>();
        if (deployPending) {
            out.add(
                    new Problem(
                            "deploy",
                            "deploy/",
                            "deploy/ is read once the start features are installed"));
        }
        for (String name : names) {
            if (pending.contains(name)) {
                out.add(
                        new Problem(
                                "feature",
                                name,
                                "feature '" + name + "' is still being installed"));
            } else if (failed.containsKey(name) && !installed.contains(name)) {
                out.add(
                        new Problem(
                                "feature",
                                name,
                                "feature '" + name + "' was not installed: " + failed.get(name)));
            }
        }
        return out;
    }
}
