package armature.launcher;

import armature.control.api.ManagementOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
        PolicyCommands.Answer a;
        try {
            a =
                    PolicyCommands.manage(
                            inv,
                            name,
                            ManagementOperation.POLICIES_INSTALL,
                            PolicyCommands.packageBody(name, bytes, true),
                            Set.of("SHADOW_FAILED"),
                            (reply, doc) ->
                                    revision.equals(doc.path("shadow").path("revision").asText()));
        } catch (Cli.Refused refused) {
            throw new Cli.Refused(
                    refused.getMessage()
                            + PolicyCommands.restore(inv, name, revision, true, refused));
        }
        if (a == null) {
            throw new Cli.Unreachable(
                    "policy "
                            + name
                            + " did not take its shadow within "
                            + inv.timeout().toSeconds()
                            + " s");
        }
        if (inv.json()) {
            a.print(inv);
        } else {
            inv.out.printf(
                    "policy %s: %s acts in its shadow (revision %s); its actions go to"
                            + " %s, never to the motors%n",
                    name,
                    a.reply().path("file").asText(),
                    revision.substring(0, 12),
                    inv.topics().policy(name).shadow());
        }
        return 0;
    }

    /** Done when N runs the promoted revision without a shadow. */
    static int promote(Invocation inv) throws InterruptedException {
        String name = inv.operands().get(0);
        com.fasterxml.jackson.databind.JsonNode before = PolicyCommands.awaitStatus(inv, name);
        if (!before.has("shadow")) {
            String problem = before.path("shadowProblem").asText("");
            throw new Cli.Refused(
                    "policy "
                            + name
                            + " has no running shadow to promote"
                            + (problem.isEmpty()
                                    ? " (policy shadow FILE --name " + name + " starts one)"
                                    : ": its shadow failed: " + problem));
        }
        String promoted = before.path("shadow").path("revision").asText();
        long ticks = before.path("shadow").path("ticks").asLong();
        long invalid = before.path("shadow").path("invalidActions").asLong();
        if (ticks == 0 || invalid > 0) {
            throw new Cli.Refused(
                    "policy "
                            + name
                            + ": its shadow (revision "
                            + promoted.substring(0, Math.min(12, promoted.length()))
                            + ") "
                            + (ticks == 0
                                    ? "has not acted yet"
                                    : "produced a NaN or infinite action in "
                                            + invalid
                                            + " of its "
                                            + ticks
                                            + " ticks")
                            + "; not promoted (as the active policy it would leave the robot"
                            + " without valid commands)");
        }
        PolicyCommands.Answer a;
        try {
            a =
                    PolicyCommands.manage(
                            inv,
                            name,
                            ManagementOperation.POLICIES_PROMOTE,
                            Management.body("name", name),
                            Set.of("SWAP_FAILED"),
                            (reply, doc) ->
                                    reply.path("revision")
                                                    .asText()
                                                    .equals(doc.path("revision").asText())
                                            && !doc.has("shadow"));
        } catch (Cli.Refused refused) {
            throw new Cli.Refused(
                    refused.getMessage()
                            + PolicyCommands.restore(inv, name, promoted, false, refused));
        }
        if (a == null) {
            throw new Cli.Unreachable(
                    "policy "
                            + name
                            + " did not run its promoted shadow within "
                            + inv.timeout().toSeconds()
                            + " s");
        }
        if (inv.json()) {
            inv.out.println(a.status().toPrettyString());
        } else {
            inv.out.printf(
                    "policy %s: its shadow (revision %s) is the active policy now, %s%n",
                    name,
                    a.reply().path("revision").asText().substring(0, 12),
                    a.status().path("state").asText());
        }
        return 0;
    }
}
