package armature.launcher;

import armature.bus.api.Message;
import armature.bus.api.Qos;
import armature.control.api.ManagementOperation;
import armature.control.api.PolicyTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code policy shadow FILE [--name N]} and {@code policy promote N} (docs/policy.md, "Shadow
 * mode"): a candidate package goes to the container as {@code deploy/N.shadow.armpolicy} and acts
 * beside policy N without ever commanding; promoting it moves it onto {@code deploy/N.armpolicy},
 * which the policy swaps in between two ticks.
 */
final class ShadowCommands {
    private ShadowCommands() {}

    /** Done when N's status names the shadow's revision; refused with the policy's reason. */
    static int shadow(Invocation inv) throws InterruptedException {
        byte[] bytes = PolicyCommands.readPackage(Path.of(inv.operands().get(0)));
        String name = inv.args.get(Options.NAME.name(), null);
        if (name == null) {
            List<PolicyCommands.Entry> all = PolicyCommands.entries(inv, false);
            if (all.size() != 1) {
                List<String> names = new ArrayList<>();
                all.forEach(e -> names.add(e.name()));
                throw new Args.UsageException(
                        "say which policy to shadow with --name; policies: " + names);
            }
            name = all.get(0).name();
        }
        PolicyCommands.awaitStatus(inv, name); // refuses a policy that does not run
        String revision = PolicyCommands.sha256(bytes);
        PolicyTopics topics = inv.topics().policy(name);
        long deadline = System.nanoTime() + inv.timeout().toNanos();
        try (Watch w =
                Watch.open(
                        inv.bus(),
                        Qos.AT_LEAST_ONCE,
                        inv.timeout(),
                        topics.status(),
                        topics.events())) {
            ObjectNode body = JsonDocs.object();
            body.put("name", name);
            body.put("data", Base64.getEncoder().encodeToString(bytes));
            body.put("shadow", true);
            JsonNode reply =
                    new Management(inv).request(ManagementOperation.POLICIES_INSTALL, body);
            Message m;
            while ((m = w.next(deadline)) != null) {
                if (m.payload().length == 0) {
                    continue;
                }
                JsonNode doc = JsonDocs.object(m);
                if (m.topic().equals(topics.events())) {
                    if (doc.path("type").asText().equals("SHADOW_FAILED")) {
                        throw new Cli.Refused(
                                "policy " + name + ": " + doc.path("message").asText());
                    }
                    continue;
                }
                if (revision.equals(doc.path("shadow").path("revision").asText())) {
                    if (inv.json()) {
                        ObjectNode out = JsonDocs.object();
                        out.set("deployed", reply);
                        out.set("status", doc);
                        inv.out.println(out.toPrettyString());
                    } else {
                        inv.out.printf(
                                "policy %s: %s acts in its shadow (revision %s); its actions go to"
                                        + " %s, never to the motors%n",
                                name,
                                reply.path("file").asText(),
                                revision.substring(0, 12),
                                topics.shadow());
                    }
                    return 0;
                }
            }
        }
        throw new Cli.Unreachable(
                "policy "
                        + name
                        + " did not take its shadow within "
                        + inv.timeout().toSeconds()
                        + " s");
    }

    /** Done when N runs the promoted revision without a shadow. */
    static int promote(Invocation inv) throws InterruptedException {
        String name = inv.operands().get(0);
        PolicyTopics topics = inv.topics().policy(name);
        long deadline = System.nanoTime() + inv.timeout().toNanos();
        try (Watch w =
                Watch.open(
                        inv.bus(),
                        Qos.AT_LEAST_ONCE,
                        inv.timeout(),
                        topics.status(),
                        topics.events())) {
            JsonNode reply =
                    new Management(inv)
                            .request(
                                    ManagementOperation.POLICIES_PROMOTE,
                                    Management.body("name", name));
            String revision = reply.path("revision").asText();
            Message m;
            while ((m = w.next(deadline)) != null) {
                if (m.payload().length == 0) {
                    continue;
                }
                JsonNode doc = JsonDocs.object(m);
                if (m.topic().equals(topics.events())) {
                    if (doc.path("type").asText().equals("SWAP_FAILED")) {
                        throw new Cli.Refused(
                                "policy " + name + ": " + doc.path("message").asText());
                    }
                    continue;
                }
                if (revision.equals(doc.path("revision").asText()) && !doc.has("shadow")) {
                    if (inv.json()) {
                        inv.out.println(doc.toPrettyString());
                    } else {
                        inv.out.printf(
                                "policy %s: its shadow (revision %s) is the active policy now,"
                                        + " %s%n",
                                name, revision.substring(0, 12), doc.path("state").asText());
                    }
                    return 0;
                }
            }
        }
        throw new Cli.Unreachable(
                "policy "
                        + name
                        + " did not run its promoted shadow within "
                        + inv.timeout().toSeconds()
                        + " s");
    }
}
