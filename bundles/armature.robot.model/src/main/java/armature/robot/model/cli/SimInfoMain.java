package armature.robot.model.cli;

import armature.robot.model.LoadOptions;
import armature.robot.model.Model;
import armature.robot.model.ModelInfo;
import armature.robot.model.ModelLoadException;
import armature.robot.model.Models;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SimInfoMain MODEL [--json] [--package-path DIR]...}: loads a robot description and prints
 * its {@link ModelInfo} as text or JSON. Exit status 0 on success, 1 when the model cannot be
 * loaded, 2 for bad usage; errors are one line on standard error.
 */
public final class SimInfoMain {
    private SimInfoMain() {}

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
        boolean json = false;
        boolean floating = false;
        List<Path> packagePath = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--floating-base" -> floating = true;
                case "--package-path" -> {
                    if (i + 1 >= args.length) {
                        err.println("error: --package-path needs a directory");
                        return 2;
                    }
                    packagePath.add(Path.of(args[++i]));
                }
                case "-h", "--help" -> {
                    out.println(usage());
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("--") || model != null) {
                        err.println("error: unexpected argument '" + args[i] + "'; " + usage());
                        return 2;
                    }
                    model = args[i];
                }
            }
        }
        if (model == null) {
            err.println("error: no model file given; " + usage());
            return 2;
        }
        try {
            Model m =
                    Models.load(
                            Path.of(model),
                            LoadOptions.defaults()
                                    .withPackagePath(packagePath)
                                    .withUrdfFloatingBase(floating));
            ModelInfo info = ModelInfo.of(m);
            out.println(json ? info.toJson() : info.toText());
            return 0;
        } catch (ModelLoadException e) {
            err.println("error: " + e.getMessage().replace('\n', ' '));
            return 1;
        } catch (RuntimeException e) {
            // A loader bug must still give the user one line, not a stack trace.
            err.println("error: internal error loading " + model + ": " + e);
            return 1;
        }
    }

    private static String usage() {
        return "usage: sim info MODEL [--json] [--package-path DIR]... [--floating-base]";
    }
}
