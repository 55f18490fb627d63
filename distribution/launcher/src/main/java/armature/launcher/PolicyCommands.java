package armature.launcher;

import armature.bus.api.ContentTypes;
import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ManagementOperation;
import armature.control.api.PolicyTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code policy list|status|hold|resume|reset|load|unload} (docs/policy.md). Which policies exist
 * comes from the container's status (one component configuration {@code armature.policy~NAME}
 * each); what each one does from its retained status; requests go to its request topic under this
 * CLI's broker user; packages travel through management into {@code deploy/}, and the answer is the
 * policy's status naming the package's revision, or the event that refused it.
 */
final class PolicyCommands {
    static final String COMPONENT = "armature.policy";
    static final String PACKAGE_EXTENSION = ".armpolicy";
    private static final Set<String> ACTIVE_STATES =
            Set.of("RUNNING", "WAITING_FOR_OBSERVATIONS", "PAUSED");

    private PolicyCommands() {}

    /** One policy configuration: its name, component state and (when it runs) its status. */
    record Entry(String name, JsonNode component, JsonNode status) {}

    static int list(Invocation inv) throws InterruptedException {
        List<Entry> entries = entries(inv);
        if (inv.json()) {
            ArrayNode out = JsonDocs.MAPPER.createArrayNode();
            for (Entry e : entries) {
                ObjectNode n = out.addObject();
                n.put("name", e.name);
                n.set("component", e.component);
                n.set("status", e.status);
            }
            inv.out.println(out.toPrettyString());
            return 0;
        }
        if (entries.isEmpty()) {
            inv.out.println("no policies (feature hand-baseline runs the scripted baseline)");
            return 0;
        }
        inv.out.printf("%-16s %-26s %-8s %10s  %s%n", "NAME", "STATE", "LOOP", "ACTIONS", "SOURCE");
        for (Entry e : entries) {
            JsonNode s = e.status;
            String state =
                    s == null
                            ? e.component.path("state").asText("?")
                            : s.path("state").asText("?")
                                    + (s.path("paused").asBoolean() ? "*" : "");
            inv.out.printf(
                    "%-16s %-26s %-8s %10s  %s%n",
                    e.name,
                    state,
                    s == null ? "-" : s.path("loop").asText(),
                    s == null ? "-" : s.path("counters").path("actions").asText("-"),
                    s == null ? why(e.component) : source(s));
        }
        return 0;
    }

    static int status(Invocation inv) throws InterruptedException {
        String name = inv.operands().get(0);
        JsonNode s = awaitStatus(inv, name);
        if (inv.json()) {
            inv.out.println(s.toPrettyString());
            return 0;
        }
        print(inv, s);
        return 0;
    }

    /**
     * The answer to hold, resume or reset: the line, or with --json {@code {"policy", "action",
     * "requested", "event", "message"}} ({@code requested} false when nothing needed asking).
     */
    private static int answer(
            Invocation inv,
            String name,
            PolicyTopics.Action action,
            boolean requested,
            String event,
            String line) {
        if (inv.json()) {
            ObjectNode doc = JsonDocs.object();
            doc.put("policy", name);
            doc.put("action", action.wireName());
            doc.put("requested", requested);
            if (event != null) {
                doc.put("event", event);
            }
            doc.put("message", line);
            inv.out.println(doc.toPrettyString());
        } else {
            inv.out.println(line);
        }
        return 0;
    }

    /**
     * {@code hold|resume|reset NAME}: the request goes out under this CLI's user; the answer is the
     * policy's event naming that user. A hold of a paused policy and a resume of a running one
     * change nothing and say so from the status, without a request.
     */
    static int request(Invocation inv, PolicyTopics.Action action) throws InterruptedException {
        String name = inv.operands().get(0);
        JsonNode s = awaitStatus(inv, name);
        boolean paused = s.path("paused").asBoolean();
        if (action == PolicyTopics.Action.HOLD && paused) {
            return answer(
                    inv,
                    name,
                    action,
                    false,
                    null,
                    "policy " + name + " is paused already: " + s.path("reason").asText());
        }
        if (action == PolicyTopics.Action.RESUME && !paused) {
            return answer(
                    inv,
                    name,
                    action,
                    false,
                    null,
                    "policy " + name + " is not paused (" + s.path("state").asText() + ")");
        }
        PolicyTopics topics = inv.topics().policy(name);
        long deadline = System.nanoTime() + inv.timeout().toNanos();
        try (Watch w = Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), topics.events())) {
            ObjectNode body = JsonDocs.object();
            body.put("action", action.wireName());
            publish(inv, topics.request(inv.user()), body);
            String quoted = "'" + inv.user() + "'";
            Message m;
            while ((m = w.next(deadline)) != null) {
                JsonNode e = JsonDocs.object(m);
                String type = e.path("type").asText();
                String message = e.path("message").asText();
                boolean ours =
                        inv.user().equals(e.path("field").asText()) || message.contains(quoted);
                if (!ours) {
                    continue;
                }
                switch (type) {
                    case "RESUME_REFUSED", "REQUEST_MALFORMED" -> throw new Cli.Refused(message);
                    case "PAUSED_HOLD", "RESUMED", "STATE_RESET" -> {
                        if (action == PolicyTopics.Action.RESUME && !type.equals("RESUMED")) {
                            continue; // a resume also resets the state: wait for RESUMED
                        }
                        return answer(
                                inv, name, action, true, type, "policy " + name + ": " + message);
                    }
                    default -> {
                        // another event about this user: keep waiting for the answer
                    }
                }
            }
        }
        throw new Cli.Unreachable(
                "policy '"
                        + name
                        + "' did not answer the "
                        + action.wireName()
                        + " request within "
                        + inv.timeout().toSeconds()
                        + " s");
    }

    /**
     * {@code load FILE [--name N]}: the package goes to the container as deploy/N.armpolicy; done
     * when the policy's status names its revision and the policy runs (a new policy), or when it
     * was swapped in; refused with the policy's own reason when it cannot be loaded.
     */
    static int load(Invocation inv) throws InterruptedException {
        Path file = Path.of(inv.operands().get(0));
        byte[] bytes = readPackage(file);
        String fileName = file.getFileName().toString();
        String name =
                inv.args.get(
                        Options.NAME.name(),
                        fileName.substring(0, fileName.length() - PACKAGE_EXTENSION.length()));
        String revision = sha256(bytes);
        Answer a;
        try {
            a =
                    manage(
                            inv,
                            name,
                            ManagementOperation.POLICIES_INSTALL,
                            packageBody(name, bytes, false),
                            Set.of("SWAP_FAILED", "POLICY_FAILED"),
                            (reply, doc) -> {
                                if (!revision.equals(doc.path("revision").asText())) {
                                    return false;
                                }
                                String reason = doc.path("reason").asText();
                                if (doc.path("state").asText().equals("STARTING")
                                        && reason.startsWith("no policy")) {
                                    throw new Cli.Refused("policy " + name + ": " + reason);
                                }
                                return ACTIVE_STATES.contains(doc.path("state").asText());
                            });
        } catch (Cli.Refused refused) {
            throw new Cli.Refused(
                    refused.getMessage() + restore(inv, name, revision, false, refused));
        }
        if (a == null) {
            throw new Cli.Refused(
                    "policy "
                            + name
                            + " was written as deploy/"
                            + name
                            + PACKAGE_EXTENSION
                            + " but does not run it after "
                            + inv.timeout().toSeconds()
                            + " s: "
                            + why(component(inv, name)));
        }
        if (inv.json()) {
            a.print(inv);
        } else {
            inv.out.printf(
                    "policy %s: %s %s (revision %s), %s%n",
                    name,
                    a.reply().path("file").asText(),
                    a.reply().path("replaced").asBoolean() ? "replaced" : "loaded",
                    revision.substring(0, 12),
                    a.status().path("state").asText());
        }
        return 0;
    }

    /**
     * After the policy refused the package of {@code revision}: asks management to put back what it
     * replaced in deploy/ (or to remove it when it replaced nothing), so that a restart does not
     * load the refused package; management leaves a newer package alone. Returns the sentence that
     * says what deploy/ holds now, for the refusal's message; nothing when {@code refusal} is the
     * broker's refusal of the request itself (nothing was installed, nothing to take back).
     */
    static String restore(
            Invocation inv, String name, String revision, boolean shadow, Cli.Refused refusal) {
        if (refusal instanceof Cli.BrokerRefused) {
            return "";
        }
        ObjectNode body = JsonDocs.object();
        body.put("name", name);
        body.put("restore", revision);
        if (shadow) {
            body.put("shadow", true);
        }
        try {
            JsonNode r = new Management(inv).request(ManagementOperation.POLICIES_INSTALL, body);
            return "previous".equals(r.path("restored").asText())
                    ? "; " + r.path("file").asText() + " holds the package it replaced again"
                    : "; " + r.path("file").asText() + " was removed (it replaced none)";
        } catch (RuntimeException e) {
            return "; the refused package was not taken back: " + e.getMessage();
        }
    }

    /** A management reply and the policy status that shows it took effect. */
    record Answer(JsonNode reply, JsonNode status) {
        void print(Invocation inv) {
            ObjectNode out = JsonDocs.object();
            out.set("deployed", reply);
            out.set("status", status);
            inv.out.println(out.toPrettyString());
        }
    }

    /** {@code {"name": N, "data": base64[, "shadow": true]}} for {@code policies/install}. */
    static ObjectNode packageBody(String name, byte[] bytes, boolean shadow) {
        ObjectNode body = JsonDocs.object();
        body.put("name", name);
        body.put("data", Base64.getEncoder().encodeToString(bytes));
        if (shadow) {
            body.put("shadow", true);
        }
        return body;
    }

    /**
     * One management request about policy {@code name}, answered by the policy itself: its status
     * and events are watched from before the request, the first status {@code done} accepts (given
     * the reply) is the answer, and an event of a {@code failures} type refuses with the policy's
     * own words. Null when neither came within --timeout.
     */
    static Answer manage(
            Invocation inv,
            String name,
            ManagementOperation op,
            ObjectNode body,
            Set<String> failures,
            java.util.function.BiPredicate<JsonNode, JsonNode> done)
            throws InterruptedException {
        PolicyTopics topics = inv.topics().policy(name);
        long deadline = System.nanoTime() + inv.timeout().toNanos();
        try (Watch w =
                Watch.open(
                        inv.bus(),
                        Qos.AT_LEAST_ONCE,
                        inv.timeout(),
                        topics.status(),
                        topics.events())) {
            JsonNode reply = new Management(inv).request(op, body);
            Message m;
            while ((m = w.next(deadline)) != null) {
                if (m.payload().length == 0) {
                    continue;
                }
                JsonNode doc = JsonDocs.object(m);
                if (m.topic().equals(topics.events())) {
                    String type = doc.path("type").asText();
                    if (failures.contains(type)) {
                        throw new Cli.Refused(
                                "policy " + name + ": " + doc.path("message").asText(type));
                    }
                } else if (done.test(reply, doc)) {
                    return new Answer(reply, doc);
                }
            }
        }
        return null;
    }

    /** The bytes of a {@code .armpolicy} file; a usage error naming the file otherwise. */
    static byte[] readPackage(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(PACKAGE_EXTENSION)) {
            throw new Args.UsageException(
                    fileName
                            + " is not a policy package; allowed: a "
                            + PACKAGE_EXTENSION
                            + " file (docs/policy-package.md)");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Args.UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * {@code unload NAME}: removes deploy/NAME.armpolicy; done when the policy's status is gone.
     */
    static int unload(Invocation inv) throws InterruptedException {
        String name = inv.operands().get(0);
        PolicyTopics topics = inv.topics().policy(name);
        try (Watch w = Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), topics.status())) {
            JsonNode reply =
                    new Management(inv)
                            .request(
                                    ManagementOperation.POLICIES_UNINSTALL,
                                    Management.body("name", name));
            Message gone =
                    w.next(
                            m -> m.payload().length == 0,
                            System.nanoTime() + inv.timeout().toNanos());
            if (inv.json()) {
                inv.out.println(reply.toPrettyString());
            } else {
                inv.out.println(
                        "policy "
                                + name
                                + ": "
                                + reply.path("file").asText()
                                + " removed"
                                + (gone == null ? " (its status was not cleared yet)" : ""));
            }
            return 0;
        }
    }

    /** The policy's retained status; refused, naming why, when it has none. */
    static JsonNode awaitStatus(Invocation inv, String name) throws InterruptedException {
        JsonNode component = component(inv, name);
        if (component == null) {
            List<String> names = new ArrayList<>();
            for (Entry e : entries(inv, false)) {
                names.add(e.name);
            }
            throw new Cli.Refused("no policy '" + name + "'; policies: " + names);
        }
        if (!component.path("state").asText().equals("ACTIVE")) {
            throw new Cli.Refused("policy " + name + " is not running: " + why(component));
        }
        PolicyTopics topics = inv.topics().policy(name);
        try (Watch w = Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), topics.status())) {
            Message m =
                    w.next(
                            x -> x.payload().length > 0,
                            System.nanoTime() + inv.timeout().toNanos());
            if (m == null) {
                throw new Cli.Unreachable(
                        "policy " + name + " published no status on " + topics.status());
            }
            return JsonDocs.object(m);
        }
    }

    private static List<Entry> entries(Invocation inv) throws InterruptedException {
        return entries(inv, true);
    }

    /** Every policy configuration in the container's status, with its status when active. */
    static List<Entry> entries(Invocation inv, boolean withStatus) throws InterruptedException {
        JsonNode st = new Management(inv).request(ManagementOperation.STATUS, JsonDocs.object());
        List<Entry> out = new ArrayList<>();
        for (JsonNode c : st.path("components")) {
            String pid = c.path("pid").asText("");
            if (!c.path("name").asText().equals(COMPONENT) || !pid.contains("~")) {
                continue;
            }
            String name = pid.substring(pid.indexOf('~') + 1);
            JsonNode status = null;
            if (withStatus && c.path("state").asText().equals("ACTIVE")) {
                PolicyTopics topics = inv.topics().policy(name);
                try (Watch w =
                        Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), topics.status())) {
                    Message m =
                            w.next(
                                    x -> x.payload().length > 0,
                                    System.nanoTime() + inv.timeout().toNanos());
                    status = m == null ? null : JsonDocs.object(m);
                }
            }
            out.add(new Entry(name, c, status));
        }
        out.sort((a, b) -> a.name.compareTo(b.name));
        return out;
    }

    /** The component configuration of policy {@code name} in the container's status, or null. */
    private static JsonNode component(Invocation inv, String name) {
        JsonNode st = new Management(inv).request(ManagementOperation.STATUS, JsonDocs.object());
        for (JsonNode c : st.path("components")) {
            if (c.path("name").asText().equals(COMPONENT)
                    && c.path("pid").asText().equals(COMPONENT + "~" + name)) {
                return c;
            }
        }
        return null;
    }

    /** Why a policy component does not run, in the words an operator acts on. */
    static String why(JsonNode component) {
        if (component == null) {
            return "no configuration armature.policy~NAME exists";
        }
        for (JsonNode r : component.path("unsatisfiedReferences")) {
            if (r.path("name").asText().equals("provider")) {
                String target = r.path("target").asText("");
                return "no PolicyProvider "
                        + target
                        + (target.contains("kind=onnx")
                                ? " (install the feature policy-onnx)"
                                : " is installed");
            }
            return "it waits for " + r.path("interface").asText(r.path("name").asText());
        }
        if (component.has("failure")) {
            return component.path("failure").asText();
        }
        return component.path("state").asText("?");
    }

    private static String source(JsonNode s) {
        String src = s.path("source").asText("");
        String provider = s.path("provider").asText("");
        String kind =
                provider.contains("kind=")
                        ? provider.substring(provider.indexOf("kind=") + 5).replace(")", "")
                        : provider;
        return src.isEmpty() ? "(" + kind + ")" : src;
    }

    private static void print(Invocation inv, JsonNode s) {
        inv.out.printf(
                "policy %s on loop %s as %s: %s%s%n",
                s.path("policy").asText(),
                s.path("loop").asText(),
                s.path("sender").asText(),
                s.path("state").asText(),
                s.path("reason").asText("").isEmpty()
                        ? ""
                        : " (" + s.path("reason").asText() + ")");
        inv.out.printf("  source    %s%n", source(s));
        if (!s.path("revision").asText("").isEmpty()) {
            inv.out.printf("  revision  %s%n", s.path("revision").asText());
        }
        if (s.has("swapProblem")) {
            inv.out.printf("  swap      %s%n", s.path("swapProblem").asText());
        }
        if (s.has("actionSize")) {
            inv.out.printf(
                    "  shape     %d observations -> %d actions (%s), %.1f Hz%s%n",
                    s.path("observationSize").asInt(),
                    s.path("actionSize").asInt(),
                    s.path("actionMode").asText(),
                    s.path("rateHz").asDouble(),
                    s.path("recurrent").asBoolean() ? ", recurrent" : "");
        }
        JsonNode u = s.path("uncertainty");
        if (u.isObject()) {
            inv.out.printf(
                    java.util.Locale.ROOT,
                    "  unsure    last %.3f, mean %.3f, max %.3f over the last %d actions%n",
                    u.path("last").asDouble(),
                    u.path("recentMean").asDouble(),
                    u.path("recentMax").asDouble(),
                    u.path("recentActions").asLong());
        }
        JsonNode sh = s.path("shadow");
        if (sh.isObject()) {
            inv.out.printf(
                    java.util.Locale.ROOT,
                    "  shadow    %s: %d ticks, mean |diff| %.4f (running %.4f), max %.4f%n",
                    sh.path("source").asText(),
                    sh.path("ticks").asLong(),
                    sh.path("meanAbsDiff").asDouble(),
                    sh.path("runningMeanAbsDiff").asDouble(),
                    sh.path("maxAbsDiff").asDouble());
        }
        JsonNode c = s.path("counters");
        if (!c.isMissingNode()) {
            StringBuilder b = new StringBuilder();
            c.fields()
                    .forEachRemaining(
                            e ->
                                    b.append(b.length() == 0 ? "" : ", ")
                                            .append(e.getKey())
                                            .append(' ')
                                            .append(e.getValue().asText()));
            inv.out.printf("  counters  %s%n", b);
        }
    }

    private static void publish(Invocation inv, String topic, ObjectNode body) {
        try {
            inv.bus()
                    .publish(
                            Message.builder(topic)
                                    .payload(body.toString())
                                    .contentType(ContentTypes.JSON)
                                    .qos(Qos.AT_LEAST_ONCE)
                                    .build())
                    .toCompletableFuture()
                    .get(inv.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (Exception e) {
            throw Cli.busFailure("publish on " + topic, inv.user(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
