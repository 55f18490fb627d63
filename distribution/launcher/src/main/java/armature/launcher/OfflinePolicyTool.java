package armature.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * {@code policy eval} and {@code policy bench}: offline, no container and no broker. The network
 * executor lives in bundles ({@code armature.policy.onnx} on {@code armature.lib.nd4j}, 130 MB with
 * its natives), which the launcher's own class path does not carry; so the tool runs in a child JVM
 * whose class path is made of the distribution's own jars: the executor, the policy API, Jackson,
 * and the jars the ND4J bundle embeds (unpacked once under {@code runtime/tools/}, keyed by the
 * bundle's size and time). Its output and exit code are the command's.
 */
final class OfflinePolicyTool {
    static final String MAIN = "armature.policy.onnx.tool.PolicyTool";

    /** The options the tool itself reads; the CLI's connection options are accepted, not passed. */
    private static final List<Option> TOOL_OPTIONS =
            List.of(
                    Options.OBS,
                    Options.OUT,
                    Options.RESET_EVERY,
                    Options.LIMITS,
                    Options.BATCH,
                    Options.JSON);

    private OfflinePolicyTool() {}

    /** Runs {@code PolicyTool verb FILE options...}; returns its exit code. */
    static int run(Invocation inv, String verb) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add(Path.of(inv.operands().get(0)).toAbsolutePath().toString());
        args.addAll(inv.args.asArguments(TOOL_OPTIONS)); // not the connection options
        Path dist = Path.of(System.getProperty("armature.dist", ".")).toAbsolutePath();
        List<Path> classPath = new ArrayList<>();
        classPath.add(find(dist.resolve("repository"), "armature.policy.onnx-"));
        classPath.add(find(dist.resolve("repository"), "armature.policy.api-"));
        classPath.add(find(dist.resolve("system"), "armature.control.api-"));
        for (String jackson :
                List.of("jackson-core-", "jackson-databind-", "jackson-annotations-")) {
            classPath.add(find(dist.resolve("system"), jackson));
        }
        Path nd4j = find(dist.resolve("repository"), "armature.lib.nd4j-");
        classPath.addAll(unpacked(nd4j, inv.home().root().resolve("runtime").resolve("tools")));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(
                String.join(
                        java.io.File.pathSeparator,
                        classPath.stream().map(Path::toString).toList()));
        cmd.add(MAIN);
        cmd.add(verb);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    private static Path find(Path dir, String prefix) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*.jar")) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(prefix.length());
                if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) {
                    return p;
                }
            }
        }
        throw new Cli.Refused(
                "the distribution has no "
                        + prefix
                        + "*.jar in "
                        + dir
                        + " (the offline policy tools need the bundles of feature policy-onnx)");
    }

    /** The jars under {@code lib/} inside the ND4J bundle, unpacked once into {@code cache}. */
    private static List<Path> unpacked(Path bundle, Path cache) throws IOException {
        Path dir =
                cache.resolve(
                        "nd4j-"
                                + Files.size(bundle)
                                + "-"
                                + Files.getLastModifiedTime(bundle).toMillis());
        Path done = dir.resolve(".complete");
        if (!Files.exists(done)) {
            Files.createDirectories(dir);
            try (JarInputStream in = new JarInputStream(Files.newInputStream(bundle))) {
                JarEntry e;
                while ((e = in.getNextJarEntry()) != null) {
                    String n = e.getName();
                    if (n.startsWith("lib/") && n.endsWith(".jar") && n.indexOf('/', 4) < 0) {
                        Path part = dir.resolve(n.substring(4) + ".part");
                        copy(in, part);
                        Files.move(
                                part,
                                dir.resolve(n.substring(4)),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.createFile(done);
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(jars::add);
        }
        jars.sort(null);
        return jars;
    }

    private static void copy(InputStream in, Path to) throws IOException {
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
