package armature.launcher;

import armature.launcher.sim.SimBenchMain;
import armature.launcher.sim.SimRunMain;
import armature.robot.model.cli.SimInfoMain;
import java.util.ArrayList;
import java.util.List;

/** {@code armature sim info|run|bench}: offline model tools that need no container. */
final class Sim {
    private Sim() {}

    static int info(Invocation inv) {
        return SimInfoMain.run(arguments(inv), inv.out, inv.err);
    }

    static int run(Invocation inv) {
        return SimRunMain.run(arguments(inv), inv.out, inv.err);
    }

    static int bench(Invocation inv) {
        return SimBenchMain.run(arguments(inv), inv.out, inv.err);
    }

    /** The checked command line again, for the tool's own parser. */
    private static String[] arguments(Invocation inv) {
        List<String> a = new ArrayList<>(inv.operands());
        a.addAll(inv.args.asArguments(inv.command.options()));
        return a.toArray(String[]::new);
    }
}
