package armature.launcher;

import armature.physics.compiler.cli.SimRunMain;
import armature.robot.model.cli.SimInfoMain;
import java.util.ArrayList;
import java.util.List;

/** {@code armature sim ...}: offline tools that need no container. */
final class Sim {
    private Sim() {}

    static int run(String[] argv) {
        List<String> rest = new ArrayList<>(List.of(argv));
        // The script always passes --home; the model tools do not take it.
        int h = rest.indexOf("--home");
        if (h >= 0) {
            rest.remove(h);
            if (h < rest.size()) {
                rest.remove(h);
            }
        }
        rest.remove("sim");
        if (rest.isEmpty()) {
            throw new Args.UsageException(
                    "usage: armature sim info MODEL [--json] [--package-path DIR]\n"
                            + "       armature sim run MODEL [--seconds S] [--controls IN.csv]"
                            + " [--record OUT.csv] [--engine NAME] [--package-path DIR]");
        }
        String sub = rest.remove(0);
        if (sub.equals("info")) {
            return SimInfoMain.run(rest.toArray(String[]::new), System.out, System.err);
        }
        if (sub.equals("run")) {
            return SimRunMain.run(rest.toArray(String[]::new), System.out, System.err);
        }
        throw new Args.UsageException("unknown sim command '" + sub + "'; available: info, run");
    }
}
