package armature.launcher.sim;

import armature.physics.api.PhysicsEngine;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sim bench MODEL [--engine NAME] [--worlds N] [--threads T] [--seconds S] [--seed N]
 * [--json] [--package-path DIR]...}: N independent worlds of the compiled model, random controls in
 * each actuator's control range, stepped on T threads for S wall-clock seconds after a warm-up of
 * min(1 s, S/5); prints aggregate world-steps per second. The baseline accelerated engines are
 * measured against (docs/benchmarks/physics.md). Exit 0, 1 when the model or a world fails, 2 for
 * bad usage.
 */
public final class SimBenchMain {
    static final long DEFAULT_SEED = 1;
    static final int MAX_WORLDS = 100_000;
    static final int MAX_THREADS = 1024;

    /** The engine {@code sim bench} runs through {@link OpenClBench} rather than as worlds. */
    static final String OPENCL = "opencl";

    /** What {@code --no-constraints} switches off, as MJCF {@code <flag>}s. */
    static final String[] NO_CONSTRAINT_FLAGS = {"contact", "limit", "equality", "frictionloss"};

    private SimBenchMain() {}

    private static boolean precision(String text) {
        return switch (text) {
            case "float32" -> false;
            case "float64" -> true;
            default ->
                    throw new IllegalArgumentException(
                            "--precision '" + text + "' is not allowed; allowed: float32, float64");
        };
    }

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Testable body of {@link #main}.
     *
     * @return exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String model = null;
        String engineName = "reference";
        int worlds = 1;
        int threads = 1;
        double seconds = 5;
        long seed = DEFAULT_SEED;
        boolean json = false;
        int substeps = 1;
        String device = "auto";
        boolean float64 = false;
        int contactCapacity = 0;
        boolean noConstraints = false;
        boolean noContacts = false;
        boolean threadsGiven = false;
        List<Path> packagePath = new ArrayList<>();
        PhysicsEngine engine = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--engine" -> engineName = value(args, i++);
                    case "--worlds" -> worlds = count("--worlds", value(args, i++), MAX_WORLDS);
                    case "--threads" -> {
                        threads = count("--threads", value(args, i++), MAX_THREADS);
                        threadsGiven = true;
                    }
                    case "--substeps" -> substeps = count("--substeps", value(args, i++), 10_000);
                    case "--device" -> device = value(args, i++);
                    case "--precision" -> float64 = precision(value(args, i++));
                    case "--contact-capacity" ->
                            contactCapacity =
                                    count(
                                            "--contact-capacity",
                                            value(args, i++),
                                            armature.physics.opencl.batch.OpenClBatch
                                                    .MAX_CONTACT_CAPACITY);
                    case "--no-constraints" -> noConstraints = true;
                    case "--no-contacts" -> noContacts = true;
                    case "--seconds" -> seconds = parseSeconds(value(args, i++));
                    case "--seed" -> seed = parseSeed(value(args, i++));
                    case "--json" -> json = true;
                    case "--package-path" -> packagePath.add(Path.of(value(args, i++)));
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                        }
                        if (model != null) {
                            throw new IllegalArgumentException(
                                    "unexpected argument '" + args[i] + "' (one MODEL only)");
                        }
                        model = args[i];
                    }
                }
            }
            if (model == null) {
                throw new IllegalArgumentException("no MODEL file given");
            }
            if (OPENCL.equals(engineName) && threadsGiven) {
                throw new IllegalArgumentException(
                        "--threads is for the reference engine; the OpenCL device runs every"
                                + " world on its own compute units");
            }
            if (threads > worlds) {
                throw new IllegalArgumentException(
                        "--threads "
                                + threads
                                + " is more than --worlds "
                                + worlds
                                + "; allowed: 1.."
                                + worlds
                                + " (a thread steps whole worlds)");
            }
            if (OPENCL.equals(engineName)) {
                if (threadsGiven) {
                    throw new IllegalArgumentException(
                            "--threads is for the reference engine; the OpenCL device runs every"
                                    + " world on its own compute units");
                }
            } else {
                if (!"auto".equals(device) || float64 || contactCapacity > 0) {
                    throw new IllegalArgumentException(
                            "--device, --precision and --contact-capacity are for --engine opencl");
                }
                engine = Engines.discover().get(engineName);
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage() + "; " + usage());
            return 2;
        }
        MultibodyModel compiled;
        String loaderNote = null;
        try {
            armature.robot.model.Model description =
                    Models.load(
                            Path.of(model), LoadOptions.defaults().withPackagePath(packagePath));
            if (!description.warnings().isEmpty()) {
                // said after the report: a refusal (no OpenCL platform) stays one line
                loaderNote =
                        "note: the loader skipped or approximated content ("
                                + description.warnings().size()
                                + " notes; `armature sim info "
                                + model
                                + "` lists them)";
            }
            if (noConstraints) {
                description =
                        description.withOptions(
                                description.options().withDisabled(NO_CONSTRAINT_FLAGS));
            } else if (noContacts) {
                description =
                        description.withOptions(description.options().withDisabled("contact"));
            }
            compiled = ModelCompiler.compile(description, w -> err.println("warning: " + w));
        } catch (ModelLoadException e) {
            err.println("error: " + e.getMessage().replace('\n', ' '));
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + model + ": " + e.getMessage());
            return 1;
        }
        double warmup = Math.min(1.0, seconds / 5);
        if (engine == null) {
            int rc =
                    OpenClBenchReport.run(
                            compiled,
                            device,
                            worlds,
                            substeps,
                            float64,
                            contactCapacity,
                            seed,
                            warmup,
                            seconds,
                            json,
                            out,
                            err);
            if (rc == 0 && loaderNote != null) {
                err.println(loaderNote);
            }
            return rc;
        }
        BatchBench.Result r;
        try {
            r =
                    new BatchBench(engine, compiled, worlds, threads, seed, substeps)
                            .run(warmup, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + model + ": a world failed: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            err.println("error: " + outOfMemory(compiled, worlds));
            return 1;
        }
        ObjectNode doc =
                report(compiled, engine.name(), worlds, threads, seed, warmup, r, substeps);
        out.println(json ? doc.toString() : text(doc));
        if (loaderNote != null) {
            err.println(loaderNote);
        }
        return 0;
    }

    private static ObjectNode report(
            MultibodyModel m,
            String engine,
            int worlds,
            int threads,
            long seed,
            double warmup,
            BatchBench.Result r,
            int substeps) {
        ObjectNode doc = new ObjectMapper().createObjectNode();
        doc.put("model", m.name);
        doc.put("engine", engine);
        doc.put("worlds", worlds);
        doc.put("threads", threads);
        doc.put("seed", seed);
        doc.put("timestepSeconds", m.timestepSeconds);
        doc.put("warmupSeconds", warmup);
        doc.put("seconds", r.seconds());
        doc.put("steps", r.steps());
        doc.put("stepsPerSecond", r.stepsPerSecond());
        doc.put("stepsPerSecondPerWorld", r.stepsPerSecond() / worlds);
        doc.put("substeps", substeps);
        doc.put("controlStepsPerSecond", r.stepsPerSecond() / substeps);
        doc.put("simulatedSecondsPerSecond", r.stepsPerSecond() * m.timestepSeconds);
        doc.put("divergedResets", r.divergedResets());
        doc.put("contactBufferOverflowSteps", r.overflowSteps());
        doc.put("droppedContacts", r.droppedContacts());
        doc.put("solverIterationsPerStep", r.iterationsPerStep());
        return doc;
    }

    private static String text(ObjectNode d) {
        return String.format(
                Locale.ROOT,
                "%s on engine %s: %d world%s on %d thread%s, %.3f s measured after %.3f s"
                        + " warm-up%n"
                        + "world-steps: %d, %.0f steps/s aggregate, %.0f steps/s per world"
                        + " (%.2f simulated s per wall s)%n"
                        + "diverged worlds reset: %d%n"
                        + "contact-buffer overflows: %d steps (%d contacts dropped)%n"
                        + "constraint-solver iterations per step: %.2f",
                d.get("model").asText(),
                d.get("engine").asText(),
                d.get("worlds").asInt(),
                d.get("worlds").asInt() == 1 ? "" : "s",
                d.get("threads").asInt(),
                d.get("threads").asInt() == 1 ? "" : "s",
                d.get("seconds").asDouble(),
                d.get("warmupSeconds").asDouble(),
                d.get("steps").asLong(),
                d.get("stepsPerSecond").asDouble(),
                d.get("stepsPerSecondPerWorld").asDouble(),
                d.get("simulatedSecondsPerSecond").asDouble(),
                d.get("divergedResets").asLong(),
                d.get("contactBufferOverflowSteps").asLong(),
                d.get("droppedContacts").asLong(),
                d.get("solverIterationsPerStep").asDouble());
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static int count(String option, String text, int max) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException(
                option + " '" + text + "' is not allowed; allowed: an integer 1.." + max);
    }

    private static double parseSeconds(String text) {
        double s;
        try {
            s = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            s = Double.NaN;
        }
        if (!(s > 0) || s > 86_400) {
            throw new IllegalArgumentException(
                    "--seconds '" + text + "' is not allowed; allowed: a number in (0, 86400]");
        }
        return s;
    }

    /**
     * One line for a batch that does not fit the heap: the reference engine keeps every world's
     * state and constraint arrays on it (the hand needs about 0.7 MB a world).
     */
    static String outOfMemory(MultibodyModel m, int worlds) {
        return String.format(
                Locale.ROOT,
                "%d worlds of model '%s' do not fit this JVM's heap of %d MiB; use fewer --worlds,"
                        + " or a larger heap (ARMATURE_JAVA_OPTS=-Xmx<size> for ./armature)",
                worlds,
                m.name,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long parseSeed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--seed '" + text + "' is not allowed; allowed: a 64-bit integer");
        }
    }

    private static String usage() {
        return "usage: sim bench MODEL [--engine NAME] [--worlds N] [--threads T] [--substeps K]"
                + " [--seconds S] [--seed N] [--no-constraints|--no-contacts] [--device NAME]"
                + " [--precision float32|float64] [--contact-capacity N] [--json]"
                + " [--package-path DIR]...";
    }
}
