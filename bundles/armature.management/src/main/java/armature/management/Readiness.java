package armature.management;

import armature.bus.api.ConnectionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What keeps a container from being ready, each with the reason. A container is ready when its bus
 * is connected; every bundle it installed resolves; every core and feature bundle is active with
 * its components active or waiting only for configuration; every other bundle meant to run (not
 * stopped on purpose) is active; every installed feature still has all its bundles; and every jar
 * in {@code deploy/} is a readable bundle.
 */
final class Readiness {
    /**
     * One reason the container is not ready.
     *
     * @param kind {@code bus}, {@code bundle}, {@code component}, {@code feature} or {@code deploy}
     * @param subject what it concerns: a bundle or component name, a feature, a file
     */
    record Problem(String kind, String subject, String message) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("subject", subject);
            m.put("message", message);
            return m;
        }
    }

    private static final Set<String> COMPONENT_STATES_THAT_ARE_FINE =
            Set.of("ACTIVE", "SATISFIED", "UNSATISFIED_CONFIGURATION", "DISABLED");

    private Readiness() {}

    /**
     * @param bundles and {@code components} as {@link StatusReport} describes them
     * @param featureBundles symbolic names of bundles that installed features own
     * @param lostBundles per installed feature, its bundles that are no longer installed
     * @param deployProblems one line per unreadable jar in deploy/, naming it
     */
    static List<Problem> problems(
            ConnectionState busState,
            List<Map<String, Object>> bundles,
            List<Map<String, Object>> components,
            Set<String> featureBundles,
            Map<String, List<String>> lostBundles,
            List<String> deployProblems) {
        List<Problem> out = new ArrayList<>();
        if (busState != ConnectionState.CONNECTED) {
            out.add(new Problem("bus", "bus", "bus is " + busState));
        }
        for (Map<String, Object> b : bundles) {
            String bsn = String.valueOf(b.get("symbolicName"));
            String state = (String) b.get("state");
            if (Boolean.TRUE.equals(b.get("fragment"))) {
                continue;
            }
            if (state.equals("INSTALLED")) {
                // Installed but not resolved: whoever installed it, something is missing.
                out.add(
                        new Problem(
                                "bundle",
                                bsn,
                                "bundle "
                                        + bsn
                                        + " is INSTALLED but does not resolve; missing "
                                        + b.getOrDefault("missing", List.of())));
            } else if (counted(b.get("core"), featureBundles.contains(bsn))
                    && !state.equals("ACTIVE")) {
                out.add(new Problem("bundle", bsn, "bundle " + bsn + " is " + state));
            } else if (Boolean.TRUE.equals(b.get("started"))
                    && (state.equals("RESOLVED") || state.equals("STARTING"))) {
                // A deployed bundle meant to run that does not (one stopped on purpose is not
                // persistently started and is fine).
                out.add(
                        new Problem(
                                "bundle",
                                bsn,
                                "bundle "
                                        + bsn
                                        + " is "
                                        + state
                                        + (state.equals("STARTING")
                                                ? ": its activator has not returned"
                                                : " although it was started: its activator failed"
                                                        + " (the container log says why)")));
            }
        }
        for (Map<String, Object> c : components) {
            String state = (String) c.get("state");
            if (counted(c.get("core"), featureBundles.contains(c.get("bundle")))
                    && !COMPONENT_STATES_THAT_ARE_FINE.contains(state)) {
                // A factory component's configurations fail one by one: name the one (its PID).
                Object pid = c.get("pid");
                String name =
                        pid != null && !pid.equals(c.get("name"))
                                ? c.get("name") + " (" + pid + ")"
                                : String.valueOf(c.get("name"));
                Object failure = c.get("failure");
                out.add(
                        new Problem(
                                "component",
                                pid != null ? String.valueOf(pid) : name,
                                "component "
                                        + name
                                        + " is "
                                        + state
                                        + (failure == null ? "" : ": " + failure)));
            }
        }
        lostBundles.forEach(
                (feature, lost) ->
                        out.add(
                                new Problem(
                                        "feature",
                                        feature,
                                        "feature '"
                                                + feature
                                                + "' lost bundle"
                                                + (lost.size() == 1 ? " " : "s ")
                                                + String.join(", ", lost)
                                                + " (not installed)")));
        for (String p : deployProblems) {
            String file = p.contains(": ") ? p.substring(0, p.indexOf(": ")) : p;
            out.add(new Problem("deploy", file, p));
        }
        return out;
    }

    private static boolean counted(Object core, boolean ofFeature) {
        return Boolean.TRUE.equals(core) || ofFeature;
    }
}
