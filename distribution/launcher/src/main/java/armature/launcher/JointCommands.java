package armature.launcher;

import armature.bus.api.Qos;
import armature.control.api.CommandContract;
import armature.control.api.LoopTopics;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code joint get} and {@code joint set}: the joints of one loop by name. */
final class JointCommands {
    private JointCommands() {}

    static int get(Invocation inv) throws InterruptedException {
        LoopTopics loop = Loops.resolve(inv);
        try (LoopState state = LoopState.open(inv, loop)) {
            MeasuredJoints j = state.next();
            if (inv.json()) {
                ObjectNode doc = JsonDocs.object();
                doc.put("loop", loop.loopName());
                doc.put("epoch", j.epoch());
                doc.put("effortUnit", j.effortUnit());
                ObjectNode joints = doc.putObject("joints");
                for (int i = 0; i < j.names().size(); i++) {
                    joints.set(j.names().get(i), j.json(i));
                }
                inv.out.println(doc.toPrettyString());
            } else {
                print(inv.out, loop, j);
            }
            return 0;
        }
    }

    private static void print(PrintStream out, LoopTopics loop, MeasuredJoints j) {
        out.printf("loop %s: %d joints, epoch %d%n", loop.loopName(), j.names().size(), j.epoch());
        int w = 5;
        for (String n : j.names()) {
            w = Math.max(w, n.length());
        }
        String effort = j.effort() == null ? "" : "EFFORT [" + j.effortUnit() + "]";
        out.printf(
                "%-" + w + "s  %15s  %17s  %14s%n",
                "JOINT",
                "POSITION [rad]",
                "VELOCITY [rad/s]",
                effort);
        for (int i = 0; i < j.names().size(); i++) {
            out.printf(
                    "%-" + w + "s  %15.4f  %17.4f  %14s%n",
                    j.names().get(i),
                    j.positionRad()[i],
                    j.velocityRadPerSec()[i],
                    j.effort() == null ? "" : String.format("%.4f", j.effort()[i]));
        }
    }

    static int set(Invocation inv) throws InterruptedException {
        Map<String, Double> targets = targets(inv.operands());
        double seconds = inv.args.doubleOption(Options.SECONDS.name(), 5, 0, 3600);
        double tolerance = inv.args.doubleOption(Options.TOLERANCE.name(), 0.01, 0, Math.PI);
        LoopTopics loop = Loops.resolve(inv);
        // Everything the move must see is subscribed before the first command goes out.
        try (Watch supervisor =
                        Watch.open(
                                inv.bus(),
                                Qos.AT_LEAST_ONCE,
                                inv.timeout(),
                                loop.supervisor(),
                                loop.eStop());
                Watch events =
                        Watch.open(inv.bus(), Qos.AT_LEAST_ONCE, inv.timeout(), loop.events());
                LoopState state = LoopState.open(inv, loop)) {
            List<String> unknown = new ArrayList<>();
            for (String name : targets.keySet()) {
                if (!state.schema.elementNames().contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new Args.UsageException(
                        "loop '"
                                + loop.loopName()
                                + "' has no joint "
                                + String.join(", ", unknown)
                                + "; its joints: "
                                + String.join(", ", state.schema.elementNames()));
            }
            MeasuredJoints start = state.next();
            SupervisorView view = SupervisorView.read(supervisor, loop);
            view.refuseWhenLatched();
            JointMover mover =
                    new JointMover(
                            inv,
                            loop,
                            state,
                            events,
                            targets,
                            tolerance,
                            (long) (seconds * 1e9),
                            view.sequenceFloor(inv.user(), start.epoch()));
            return mover.move(start);
        }
    }

    /**
     * NAME=VALUE operands, values in radians.
     *
     * @throws Args.UsageException naming the operand that is not NAME=NUMBER
     */
    static Map<String, Double> targets(List<String> operands) {
        Map<String, Double> targets = new LinkedHashMap<>();
        for (String op : operands) {
            int eq = op.indexOf('=');
            if (eq <= 0) {
                throw new Args.UsageException("'" + op + "' is not NAME=VALUE (radians)");
            }
            String value = op.substring(eq + 1);
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new Args.UsageException(
                        "target of "
                                + op.substring(0, eq)
                                + " = '"
                                + value
                                + "' is not a number (radians)");
            }
            if (!Double.isFinite(v)) {
                throw new Args.UsageException(
                        "target of " + op.substring(0, eq) + " = " + value + " must be finite");
            }
            if (targets.put(op.substring(0, eq), v) != null) {
                throw new Args.UsageException("joint " + op.substring(0, eq) + " is given twice");
            }
        }
        return targets;
    }

    /** The rate commands are streamed at. */
    static final int RATE_HZ = CommandContract.RECOMMENDED_COMMAND_RATE_HZ;
}
