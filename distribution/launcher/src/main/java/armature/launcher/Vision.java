package armature.launcher;

import armature.control.api.ManagementOperation;
import armature.launcher.vision.VisionCalibrateMain;
import armature.launcher.vision.VisionDetectMain;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code armature vision detect} and {@code calibrate}: offline tools that need no container;
 * {@code calibrate --apply PID} then puts the written intrinsics in a running container's
 * configurations.
 */
final class Vision {
    private Vision() {}

    static int detect(Invocation inv) {
        List<String> a = new ArrayList<>(inv.operands());
        a.addAll(inv.args.asArguments(inv.command.options()));
        return VisionDetectMain.run(a.toArray(String[]::new), inv.out, inv.err);
    }

    static int calibrate(Invocation inv) {
        // The calibration's own options: the command's, less --apply and the connection ones.
        List<Option> own = new ArrayList<>(inv.command.options());
        own.remove(Options.APPLY);
        own.removeAll(Options.CONNECTION);
        List<String> a = new ArrayList<>(inv.operands());
        a.addAll(inv.args.asArguments(own));
        List<String> pids = inv.args.values(Options.APPLY.name());
        if (pids.isEmpty()) {
            return VisionCalibrateMain.run(a.toArray(String[]::new), inv.out, inv.err);
        }
        String write = inv.args.get(Options.WRITE.name(), null);
        if (write == null) {
            throw new Args.UsageException(
                    "--apply needs --write FILE: the configuration is set to name that file");
        }
        Path file = Path.of(write).toAbsolutePath().normalize();
        // Before anything is written: the container answers, and every configuration exists.
        // What each names now is put back if a later one refuses the new file.
        Management management = new Management(inv);
        Map<String, String> before = new LinkedHashMap<>();
        for (String pid : pids) {
            JsonNode now =
                    management.request(ManagementOperation.CONFIG_GET, Management.body("pid", pid));
            if (!now.path("exists").asBoolean()) {
                inv.err.println(
                        "error: configuration "
                                + pid
                                + " does not exist in container '"
                                + inv.home().containerId()
                                + "' (create it first, e.g. config set "
                                + pid
                                + " cameraId=...); nothing calibrated or written");
                return 1;
            }
            before.put(pid, now.path("properties").path("intrinsics").asText(""));
        }
        String previous;
        try {
            previous = Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            inv.err.println("error: cannot read " + file + " (to keep it): " + e.getMessage());
            return 1;
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc =
                VisionCalibrateMain.run(
                        a.toArray(String[]::new),
                        new PrintStream(captured, true, StandardCharsets.UTF_8),
                        inv.err);
        String report = captured.toString(StandardCharsets.UTF_8);
        if (rc != 0) {
            inv.out.print(report);
            return rc;
        }
        List<JsonNode> replies = new ArrayList<>();
        for (String pid : pids) {
            try {
                replies.add(
                        management.request(
                                ManagementOperation.CONFIG_SET, set(pid, file.toString())));
            } catch (Cli.Refused | Cli.Unreachable e) {
                inv.out.print(report);
                inv.err.println(
                        "error: "
                                + pid
                                + ": "
                                + e.getMessage()
                                + "; "
                                + putBack(management, file, previous, before, pid, e));
                return 1;
            }
        }
        if (inv.json()) {
            try {
                ObjectNode doc = (ObjectNode) JsonDocs.MAPPER.readTree(report);
                ArrayNode applied = doc.putArray("applied");
                replies.forEach(applied::add);
                inv.out.println(doc.toPrettyString());
            } catch (IOException e) {
                throw new IllegalStateException("calibrate printed no JSON document", e);
            }
            return 0;
        }
        inv.out.print(report);
        for (JsonNode r : replies) {
            StringBuilder line =
                    new StringBuilder("configuration ")
                            .append(r.path("pid").asText())
                            .append(": intrinsics = ")
                            .append(file);
            for (JsonNode c : r.path("components")) {
                line.append("; ")
                        .append(c.path("name").asText())
                        .append(' ')
                        .append(c.path("state").asText());
            }
            inv.out.println(line);
        }
        return 0;
    }

    private static ObjectNode set(String pid, String intrinsics) {
        ObjectNode b = Management.body("pid", pid);
        b.putObject("properties").put("intrinsics", intrinsics);
        b.put("reload", true);
        return b;
    }

    /** The file as it was before the calibration (none: removed); what became of it. */
    private static String restoreFile(Path file, String previous) {
        try {
            if (previous == null) {
                Files.deleteIfExists(file);
                return file + " removed";
            }
            VisionCalibrateMain.writeWhole(file, previous);
            return file + " restored to what it was";
        } catch (IOException e) {
            return "the new intrinsics stay in "
                    + file
                    + " (cannot restore it: "
                    + e.getMessage()
                    + ")";
        }
    }

    /**
     * After {@code failed} refused: the file as it was, and every configuration up to and including
     * {@code failed} put in force again naming what it named before.
     */
    private static String putBack(
            Management management,
            Path file,
            String previous,
            Map<String, String> before,
            String failed,
            RuntimeException failure) {
        StringBuilder what = new StringBuilder(restoreFile(file, previous));
        for (Map.Entry<String, String> e : before.entrySet()) {
            try {
                management.request(ManagementOperation.CONFIG_SET, set(e.getKey(), e.getValue()));
                what.append("; ")
                        .append(e.getKey())
                        .append(" names '")
                        .append(e.getValue())
                        .append("' again");
            } catch (Cli.Refused | Cli.Unreachable x) {
                // The refused configuration refusing the same way again says nothing new.
                if (!x.getMessage().equals(failure.getMessage())) {
                    what.append("; ")
                            .append(e.getKey())
                            .append(" not put back: ")
                            .append(x.getMessage());
                }
            }
            if (e.getKey().equals(failed)) {
                break;
            }
        }
        return what.toString();
    }
}
