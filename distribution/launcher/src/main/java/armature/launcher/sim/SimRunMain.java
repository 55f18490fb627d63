package armature.launcher.sim;

import armature.physics.api.PhysicsEngine;
import armature.physics.api.World;
import armature.physics.compiler.Compilation;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sim run MODEL [--seconds S] [--controls IN.csv] [--record OUT.csv] [--bodies NAME,...]
 * [--engine NAME] [--package-path DIR]...}: loads a description headless, compiles it, steps it for
 * S simulated seconds (default 1) and prints the achieved steps per second. Exit status 0 on
 * success, 1 when the model, the controls file or the simulation fails, 2 for bad usage; errors are
 * one line on standard error.
 */
public final class SimRunMain {
    private SimRunMain() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Testable body of {@link #main}.
     *
     * @param args arguments
     * @param out standard output
     * @param err standard error
     * @return exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String model = null;
        double seconds = 1;
        Path controls = null;
        Path record = null;
        List<String> bodies = List.of();
        String engine = "reference";
        List<Path> packagePath = new ArrayList<>();
        PhysicsEngine physics;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seconds" -> seconds = parseSeconds(value(args, i++));
                    case "--controls" -> controls = Path.of(value(args, i++));
                    case "--record" -> record = Path.of(value(args, i++));
                    case "--bodies" -> bodies = names("--bodies", value(args, i++));
                    case "--engine" -> engine = value(args, i++);
                    case "--package-path" -> packagePath.add(Path.of(value(args, i++)));
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--") || model != null) {
                            throw new IllegalArgumentException(
                                    "unexpected argument '" + args[i] + "'");
                        }
                        model = args[i];
                    }
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("no model file given");
            }
            if (!bodies.isEmpty() && record == null) {
                throw new IllegalArgumentException("--bodies needs --record (it adds columns)");
            }
            if (record != null && sameFile(record, Path.of(model))) {
                throw new IllegalArgumentException(
                        "--record " + record + " is the model file: it would overwrite it");
            }
            if (record != null && controls != null && sameFile(record, controls)) {
                throw new IllegalArgumentException(
                        "--record " + record + " is the --controls file: it would overwrite it");
            }
            if (record != null && !replaceable(record)) {
                // A file the model includes, a mesh, anything but an earlier recording.
                throw new IllegalArgumentException(
                        "--record "
                                + record
                                + " exists and is not a recording of sim run (its first line is"
                                + " not the 'time,...' header): give a new file or remove it");
            }
            physics = Engines.discover().get(engine);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "; " + usage());
            return 2;
        }
        try {
            Model description =
                    Models.load(
                            Path.of(model), LoadOptions.defaults().withPackagePath(packagePath));
            if (!description.warnings().isEmpty()) {
                err.println(
                        "note: the loader skipped or approximated content ("
                                + description.warnings().size()
                                + " notes; `armature sim info "
                                + model
                                + "` lists them)");
            }
            Compilation compilation = ModelCompiler.compileWithReport(description);
            compilation.warning().ifPresent(w -> err.println("warning: " + w));
            MultibodyModel compiled = compilation.model();
            List<StateRecorder.BodyFrame> bodyIndex;
            try {
                bodyIndex = bodyFrames(compilation, bodies);
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            ControlsFile ctrl;
            try {
                ctrl =
                        controls == null
                                ? null
                                : ControlsFile.read(controls, compiled.actuatorNames());
            } catch (IOException e) {
                err.println("error: " + FileProblems.describe("--controls", controls, e));
                return 1;
            }
            if (Math.round(seconds / compiled.timestepSeconds) < 1) {
                err.println(
                        "error: --seconds "
                                + seconds
                                + " is less than half of the model's timestep ("
                                + compiled.timestepSeconds
                                + " s): nothing to simulate; "
                                + usage());
                return 2;
            }
            World world = physics.createWorld(compiled);
            StateRecorder rec;
            try {
                rec = record == null ? null : new StateRecorder(record, compiled, bodyIndex);
            } catch (IOException e) {
                err.println("error: " + FileProblems.describe("--record", record, e));
                return 1;
            }
            try {
                return simulate(world, compiled, seconds, ctrl, rec, bodyIndex, out);
            } catch (IOException e) {
                err.println("error: " + FileProblems.describe("--record", record, e));
                return 1;
            }
        } catch (ModelLoadException e) {
            err.println("error: " + e.getMessage().replace('\n', ' '));
            return 1;
        } catch (ControlsFile.BadControlsException e) {
            err.println("error: controls " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // Compiler rejections and simulation divergence carry a message naming the element.
            err.println("error: " + model + ": " + e.getMessage());
            return 1;
        }
    }

    /** Whether {@code record} may be written: no file there yet, or an earlier recording. */
    static boolean replaceable(Path record) {
        if (!java.nio.file.Files.exists(record)) {
            return true;
        }
        if (!java.nio.file.Files.isRegularFile(record)) {
            return true; // a folder or a device: writing it fails, and says so, later
        }
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(record)) {
            byte[] head = in.readNBytes(5);
            String h = new String(head, java.nio.charset.StandardCharsets.US_ASCII);
            return head.length == 0
                    || h.equals("time,")
                    || h.equals("time\n")
                    || h.equals("time\r");
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether two paths name one file (the same file through another path or a link too). */
    static boolean sameFile(Path a, Path b) {
        try {
            if (java.nio.file.Files.exists(a) && java.nio.file.Files.exists(b)) {
                return java.nio.file.Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // unreadable: compare the names below
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static int simulate(
            World world,
            MultibodyModel m,
            double seconds,
            ControlsFile ctrl,
            StateRecorder rec,
            List<StateRecorder.BodyFrame> bodies,
            PrintStream out)
            throws IOException {
        int steps = (int) Math.round(seconds / m.timestepSeconds);
        double[] qpos = new double[m.nq];
        double[] qvel = new double[m.nv];
        double[] zero = new double[m.nu];
        double[] poses = new double[7 * m.nbody];
        StepTimer timer = new StepTimer(steps, System::nanoTime);
        timer.start();
        try {
            for (int s = 0; s < steps; s++) {
                world.setControls(ctrl == null ? zero : ctrl.forStep(s, m.nu));
                world.step(1);
                if (rec != null) {
                    world.readState(qpos, qvel);
                    if (!bodies.isEmpty()) {
                        world.readBodyPoses(poses);
                    }
                    rec.write(world.timeSeconds(), qpos, qvel, poses);
                }
                timer.stepped(s + 1);
            }
        } finally {
            if (rec != null) {
                rec.close();
            }
        }
        out.println(summary(m, steps, world.timeSeconds(), timer.rates()));
        return 0;
    }

    /**
     * The one result line: the whole-run rate where it always was, then the steady-state rate and
     * its window, so a reader of a short run sees how much of it was JIT warm-up.
     */
    static String summary(MultibodyModel m, int steps, double simulatedSeconds, StepTimer.Rates r) {
        return String.format(
                        Locale.ROOT,
                        "%s: %d steps (%.3f s simulated, timestep %.4g s) in %.3f s wall:"
                                + " %.0f steps/s whole run, %.0f steps/s steady state"
                                + " (last half of the wall time: %d steps in %.3f s)",
                        m.name,
                        steps,
                        simulatedSeconds,
                        m.timestepSeconds,
                        r.wallSeconds(),
                        r.wholeStepsPerSecond(),
                        r.steadyStepsPerSecond(),
                        r.steadySteps(),
                        r.steadySeconds())
                + (r.stillRising()
                        ? "; the rate was still rising, a longer run gives a higher steady figure"
                        : "");
    }

    /** {@code a,b,c}: names, none empty, none twice. */
    private static List<String> names(String option, String text) {
        List<String> names = new ArrayList<>();
        for (String n : text.split(",", -1)) {
            String t = n.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException(
                        option + " '" + text + "' has an empty name; expected NAME,NAME,...");
            }
            if (names.contains(t)) {
                throw new IllegalArgumentException(option + " names '" + t + "' twice");
            }
            names.add(t);
        }
        return names;
    }

    /**
     * The bodies to record, or a usage error listing the model's bodies. A fixed link that the
     * compiler fused into its parent (ADR 0084) is recorded as the frame it had: the surviving
     * body's pose applied to the link's fixed offset.
     */
    private static List<StateRecorder.BodyFrame> bodyFrames(Compilation c, List<String> names) {
        MultibodyModel m = c.model();
        List<StateRecorder.BodyFrame> frames = new ArrayList<>();
        for (String name : names) {
            int index = m.bodyNames().indexOf(name);
            if (index >= 0) {
                frames.add(new StateRecorder.BodyFrame(name, index, new double[3]));
                continue;
            }
            var fused = c.fused(name);
            if (fused.isEmpty()) {
                throw new IllegalArgumentException(
                        "--bodies: model '"
                                + m.name
                                + "' has no body '"
                                + name
                                + "'; its bodies are "
                                + m.bodyNames());
            }
            frames.add(
                    new StateRecorder.BodyFrame(
                            name,
                            m.bodyNames().indexOf(fused.get().intoBody()),
                            fused.get().posM().toArray()));
        }
        return frames;
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static double parseSeconds(String text) {
        double s;
        try {
            s = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seconds '" + text + "' is not a number");
        }
        if (!(s > 0) || s > 1e6) {
            throw new IllegalArgumentException("--seconds " + text + " must be in (0, 1e6]");
        }
        return s;
    }

    private static String usage() {
        return "usage: sim run MODEL [--seconds S] [--controls IN.csv] [--record OUT.csv]"
                + " [--bodies NAME,...] [--engine NAME] [--package-path DIR]...";
    }
}
