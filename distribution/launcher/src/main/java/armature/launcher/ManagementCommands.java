package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.LoopTopics;
import armature.control.api.ManagementOperation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The commands that are one management request each (docs/cli.md). */
final class ManagementCommands {
    private ManagementCommands() {}

    static int status(Invocation inv) {
        JsonNode s = new Management(inv).request(ManagementOperation.STATUS, JsonDocs.object());
        PrintStream out = inv.out;
        if (inv.json()) {
            out.println(s.toPrettyString());
            return 0;
        }
        out.printf(
                "container %s  up %.1f s  broker %s (%s)  ready: %s%n",
                s.path("container").asText(),
                s.path("uptimeSeconds").asDouble(),
                s.path("broker").asText(),
                s.path("busState").asText(),
                s.path("ready").asBoolean() ? "yes" : "no");
        out.println("features: " + s.path("features"));
        s.path("endpoints")
                .fields()
                .forEachRemaining(e -> out.println(e.getKey() + ": " + e.getValue().asText()));
        for (JsonNode p : s.path("notReady")) {
            out.println("  not ready: " + p.asText());
        }
        for (JsonNode d : s.path("devices")) {
            String kind = d.path("kind").asText();
            if (d.has("problem")) {
                out.println(kind + " devices: none (" + d.path("problem").asText() + ")");
                continue;
            }
            out.println(
                    kind
                            + " devices: "
                            + d.path("devices").size()
                            + ", in use: "
                            + d.path("selected").asText("none")
                            + (d.has("precision") ? " " + d.path("precision").asText() : ""));
            for (JsonNode one : d.path("devices")) {
                out.println("  " + one.asText());
            }
        }
        printBundles(out, s.path("bundles"));
        out.println("COMPONENTS");
        for (JsonNode c : s.path("components")) {
            out.println(componentLine(c));
        }
        return 0;
    }

    /** One component: state, name, (bundle), and what it waits for or why it failed. */
    private static String componentLine(JsonNode c) {
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                "  %-26s %s%s",
                                c.path("state").asText(),
                                c.path("name").asText(),
                                c.has("bundle") ? " (" + c.path("bundle").asText() + ")" : ""));
        for (JsonNode r : c.path("unsatisfiedReferences")) {
            line.append(" missing service ")
                    .append(r.path("interface").asText(r.path("name").asText()));
            if (r.has("target")) {
                line.append(' ').append(r.path("target").asText());
            }
        }
        if (c.has("missingConfiguration")) {
            line.append(" waiting for configuration ").append(c.path("missingConfiguration"));
        }
        if (c.has("failure")) {
            line.append(" failure: ").append(c.path("failure").asText());
        }
        return line.toString();
    }

    static int bundles(Invocation inv) {
        JsonNode b =
                new Management(inv).request(ManagementOperation.BUNDLES_LIST, JsonDocs.object());
        if (inv.json()) {
            inv.out.println(b.toPrettyString());
        } else {
            printBundles(inv.out, b);
        }
        return 0;
    }

    /** bundles start|stop NAME and undeploy NAME: {@code {"bundle": NAME}}. */
    static int bundle(Invocation inv, ManagementOperation op) {
        var body = Management.body("bundle", inv.operands().get(0));
        if (inv.args.flag(Options.FORCE.name())) {
            // Undeploy even when an installed feature needs the bundle (it then reports them).
            body.put("force", true);
        }
        JsonNode r = new Management(inv).request(op, body);
        if (inv.json()) {
            inv.out.println(r.toPrettyString());
        } else {
            inv.out.printf(
                    "%s %s: %s%n",
                    r.path("symbolicName").asText(inv.operands().get(0)),
                    r.path("version").asText(""),
                    r.path("state").asText());
            printComponents(inv.out, r);
        }
        return 0;
    }

    /** The largest jar `deploy` sends: management takes 64 MiB (the broker 64 MiB + 64 KiB). */
    static final long MAX_DEPLOY_BYTES = 64L * 1024 * 1024;

    static int deploy(Invocation inv) {
        Path jar = Path.of(inv.operands().get(0));
        byte[] bytes;
        try {
            if (!Files.exists(jar)) {
                throw new Args.UsageException(jar + ": no such file");
            }
            if (Files.isDirectory(jar)) {
                throw new Args.UsageException(jar + ": is a folder; give a bundle jar");
            }
            long size = Files.size(jar);
            if (size > MAX_DEPLOY_BYTES) {
                // The broker would disconnect the CLI for the oversized request.
                throw new Cli.Refused(
                        jar
                                + " is "
                                + size
                                + " bytes; deploy sends at most "
                                + MAX_DEPLOY_BYTES
                                + " bytes (64 MiB) over the bus: copy a larger bundle into the"
                                + " container's deploy/ folder instead");
            }
            bytes = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + jar + ": " + e);
        }
        JsonNode r =
                new Management(inv)
                        .request(ManagementOperation.BUNDLES_INSTALL, bytes, ContentTypes.OCTETS);
        if (inv.json()) {
            inv.out.println(r.toPrettyString());
            return 0;
        }
        inv.out.printf(
                "deployed %s %s: %s in %.0f ms%n",
                r.path("symbolicName").asText(),
                r.path("version").asText(),
                r.path("state").asText(),
                r.path("elapsedMillis").asDouble());
        printComponents(inv.out, r);
        return 0;
    }

    static int featureList(Invocation inv) {
        JsonNode r =
                new Management(inv).request(ManagementOperation.FEATURES_LIST, JsonDocs.object());
        if (inv.json()) {
            inv.out.println(r.toPrettyString());
            return 0;
        }
        r.fields()
                .forEachRemaining(
                        e ->
                                inv.out.printf(
                                        "  %-3s %-16s %s%n",
                                        e.getValue().path("installed").asBoolean() ? "[x]" : "[ ]",
                                        e.getKey(),
                                        e.getValue().path("description").asText()));
        return 0;
    }

    static int feature(Invocation inv, ManagementOperation op) {
        String name = inv.operands().get(0);
        JsonNode r = new Management(inv).request(op, Management.body("name", name));
        if (inv.json()) {
            return printResult(inv, r);
        }
        if (op == ManagementOperation.FEATURES_INSTALL) {
            // The reply names the features this install added: the one asked for and those it
            // requires that were not installed yet.
            List<String> added = new java.util.ArrayList<>();
            r.path("installed").forEach(f -> added.add(f.asText()));
            added.remove(name);
            inv.out.println(
                    r.path("installed").isEmpty()
                            ? "feature '" + name + "' was installed already"
                            : "feature '"
                                    + name
                                    + "' installed"
                                    + (added.isEmpty()
                                            ? ""
                                            : " with the feature"
                                                    + (added.size() == 1 ? "" : "s")
                                                    + " it requires: "
                                                    + String.join(", ", added))
                                    + "; the next start installs it again (runtime/"
                                    + inv.topics().containerId()
                                    + "/features.json)");
        } else {
            inv.out.println("feature '" + name + "' uninstalled");
        }
        return 0;
    }

    static int configGet(Invocation inv) {
        JsonNode r =
                new Management(inv)
                        .request(
                                ManagementOperation.CONFIG_GET,
                                Management.body("pid", inv.operands().get(0)));
        if (inv.json()) {
            return printResult(inv, r);
        }
        String pid = r.path("pid").asText();
        if (!r.path("exists").asBoolean()) {
            inv.out.println(
                    "configuration '"
                            + pid
                            + "' does not exist: its components use their defaults"
                            + " (`config set` creates it)");
            return 0;
        }
        inv.out.println("configuration '" + pid + "':");
        printProperties(inv.out, r.path("properties"));
        return 0;
    }

    private static void printProperties(PrintStream out, JsonNode properties) {
        for (var e : properties.properties()) {
            JsonNode v = e.getValue();
            out.println("  " + e.getKey() + " = " + (v.isTextual() ? v.asText() : v.toString()));
        }
    }

    static int configSet(Invocation inv) throws InterruptedException {
        ObjectNode b = Management.body("pid", inv.operands().get(0));
        ObjectNode props = b.putObject("properties");
        for (String kv : inv.operands().subList(1, inv.operands().size())) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("'" + kv + "' is not KEY=VALUE");
            }
            props.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (inv.args.flag(Options.RELOAD.name())) {
            b.put("reload", true);
        }
        JsonNode r = new Management(inv).request(ManagementOperation.CONFIG_SET, b);
        if (inv.json()) {
            return printResult(inv, r);
        }
        String pid = r.path("pid").asText();
        if (r.path("unchanged").asBoolean()) {
            inv.out.println(
                    "configuration '"
                            + pid
                            + "' unchanged: every value given is already in force (--reload puts"
                            + " it in force again)");
            return 0;
        }
        inv.out.println(
                "configuration '"
                        + pid
                        + "' "
                        + (r.path("reloaded").asBoolean() ? "reloaded" : "set")
                        + "; saved in "
                        + r.path("file").asText());
        for (var e : props.properties()) {
            JsonNode v = r.path("properties").path(e.getKey());
            inv.out.println(
                    "  " + e.getKey() + " = " + (v.isTextual() ? v.asText() : v.toString()));
        }
        JsonNode components = r.path("components");
        if (components.isEmpty()) {
            inv.out.println("no component uses it now");
        }
        for (JsonNode c : components) {
            inv.out.println(componentLine(c));
            if (c.path("unsatisfiedReferences").size() > 0) {
                inv.err.println(
                        "armature: "
                                + c.path("name").asText()
                                + " is not active: it waits for the service"
                                + (c.path("unsatisfiedReferences").size() == 1 ? "" : "s")
                                + " named above and starts when "
                                + (c.path("unsatisfiedReferences").size() == 1
                                        ? "it appears"
                                        : "they appear")
                                + " (`armature status` shows what is missing)");
            }
        }
        if (pid.startsWith(LOOP_FACTORY_PID + "~") && props.has(DRIVER_TARGET)) {
            reportLoopDriver(inv, r.path("properties").path("loopName").asText("main"));
        }
        if (r.has("settled") && !r.path("settled").asBoolean()) {
            inv.err.println(
                    "armature: not every component showed the new values in time; `armature"
                            + " status` shows where they stand");
        }
        return 0;
    }

    private static final String LOOP_FACTORY_PID = "armature.control";
    private static final String DRIVER_TARGET = "driver.target";

    /**
     * A loop whose driver target changed stays active whether or not a driver matches (it holds
     * without one, so a driver can be deployed after the target names it): says which driver the
     * loop's next statistics show, or that it has none and why.
     */
    private static void reportLoopDriver(Invocation inv, String loopName)
            throws InterruptedException {
        LoopTopics loop = inv.topics().loop(loopName);
        JsonNode stats;
        try (Watch w = Watch.open(inv.bus(), Qos.AT_MOST_ONCE, inv.timeout(), loop.statistics())) {
            Message m = w.next(System.nanoTime() + STATISTICS_WAIT.toNanos());
            if (m == null) {
                inv.err.println(
                        "armature: loop '"
                                + loopName
                                + "' published no statistics within "
                                + STATISTICS_WAIT.toSeconds()
                                + " s; `armature loop stats` shows its driver when it does");
                return;
            }
            stats = JsonDocs.object(m);
        }
        JsonNode epochs = stats.path("epochs");
        String driver =
                epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).path("driver").asText(null);
        boolean driven = !stats.path("driverHealth").isNull() && stats.has("driverHealth");
        String refused = stats.path("driverRefused").asText(null);
        if (driven) {
            inv.out.println(
                    "loop '"
                            + loopName
                            + "' is driven by '"
                            + (driver == null ? "?" : driver)
                            + "'");
        } else {
            inv.err.println(
                    "armature: loop '"
                            + loopName
                            + "' has no driver now and holds"
                            + (refused != null
                                    ? ": it refused the driver: " + refused
                                    : ": no joint driver matches its "
                                            + DRIVER_TARGET
                                            + "; it attaches one as soon as one that matches is"
                                            + " deployed"));
        }
    }

    private static final java.time.Duration STATISTICS_WAIT = java.time.Duration.ofSeconds(3);

    private static int printResult(Invocation inv, JsonNode r) {
        inv.out.println(inv.json() ? r.toPrettyString() : r.toString());
        return 0;
    }

    private static void printBundles(PrintStream out, JsonNode bundles) {
        out.println("BUNDLES");
        for (JsonNode b : bundles) {
            out.printf(
                    "  %3d %-10s %s %s%s%n",
                    b.path("id").asLong(),
                    b.path("state").asText(),
                    b.path("symbolicName").asText(),
                    b.path("version").asText(),
                    b.has("missing") && b.path("missing").size() > 0
                            ? "  missing " + b.path("missing")
                            : "");
        }
    }

    private static void printComponents(PrintStream out, JsonNode r) {
        for (JsonNode c : r.path("components")) {
            out.printf("  %-26s %s%n", c.path("state").asText(), c.path("name").asText());
        }
    }
}
