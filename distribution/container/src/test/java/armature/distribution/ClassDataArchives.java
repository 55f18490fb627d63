package armature.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The class-data sharing archives users get from {@code ./armature} (ADR 0110), made once per test
 * JVM the way the script makes them: a training start of the default features in a scratch home
 * writes the archive of {@code run} at its exit, and a {@code status} against it the archive of
 * every other command. The distribution's JVMs in these tests then start from them, as a user's do
 * (about a second less per container start and 0.4 s per CLI command on two cores). An archive is
 * kept only if {@code help} launches with it (ADR 0110: JDK 17 once wrote one that crashed every
 * JVM mapping it); without one the JVMs start as before. {@code -Darmature.it.cds=false} turns it
 * off.
 */
final class ClassDataArchives {
    private static final String OFF = "false";
    private static Path run;
    private static Path cli;
    private static boolean trained;

    private ClassDataArchives() {}

    /** The JVM options for a launcher command: the archive of {@code run} or of the CLI, if any. */
    static synchronized List<String> options(boolean isRun) {
        if (!trained) {
            trained = true;
            if (!OFF.equals(System.getProperty("armature.it.cds"))) {
                train();
            }
        }
        Path a = isRun ? run : cli;
        if (a == null) {
            return List.of();
        }
        // nothing about the archive on the command's output, which the tests parse
        return List.of("-XX:SharedArchiveFile=" + a, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    private static List<String> java(String... args) {
        Path dist = ContainerProcess.DIST.toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        cmd.add("-Darmature.dist=" + dist);
        cmd.add("-cp");
        cmd.add(dist.resolve("lib") + "/*");
        cmd.add("armature.launcher.Main");
        return cmd;
    }

    private static void train() {
        Path dir = ContainerProcess.DIST.toAbsolutePath().getParent().resolve("it-cds");
        Process start = null;
        Path home = null;
        try {
            Files.createDirectories(dir);
            home = Files.createTempDirectory(dir, "home");
            Path repo = Path.of(System.getProperty("armature.repo", "../..")).toAbsolutePath();
            Files.createDirectories(home.resolve("config"));
            Files.copy(
                    repo.resolve("config/armature.features.cfg"),
                    home.resolve("config/armature.features.cfg"));
            Files.createSymbolicLink(home.resolve("examples"), repo.resolve("examples"));
            Path runTmp = dir.resolve("run.jsa.tmp"), cliTmp = dir.resolve("cli.jsa.tmp");
            Files.deleteIfExists(runTmp);
            Files.deleteIfExists(cliTmp);
            List<String> cmd = java("-XX:ArchiveClassesAtExit=" + runTmp);
            cmd.addAll(
                    List.of(
                            "run",
                            "--home",
                            home.toString(),
                            "--id",
                            "cds-training",
                            "--port",
                            "0",
                            "--http-port",
                            "0"));
            start = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!readyWithin(start, 120)) {
                return;
            }
            List<String> status = java("-XX:ArchiveClassesAtExit=" + cliTmp);
            status.addAll(List.of("status", "--home", home.toString(), "--id", "cds-training"));
            boolean cliDone = exitedWithin(launch(status), 60);
            start.destroy(); // SIGTERM: a clean stop, at which the JVM writes the archive
            boolean runDone = start.waitFor(60, TimeUnit.SECONDS);
            // an archive of a JVM that did not end may be half written
            run = runDone ? keep(runTmp, dir.resolve("run.jsa")) : null;
            cli = cliDone ? keep(cliTmp, dir.resolve("cli.jsa")) : null;
        } catch (IOException e) {
            System.err.println("no class-data sharing archives for the tests: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (start != null && start.isAlive()) {
                start.destroyForcibly();
            }
            if (home != null) {
                deleteTree(home);
            }
        }
        System.err.println(
                "class-data sharing archives for the tests: run " + run + ", cli " + cli);
    }

    /** Reads the start's output until it says it is ready (true) or ends (false). */
    private static boolean readyWithin(Process p, int seconds) throws InterruptedException {
        BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader =
                new Thread(
                        () -> {
                            try {
                                String line;
                                while ((line = r.readLine()) != null) {
                                    if (line.contains("is ready")) {
                                        ready.complete(true);
                                    }
                                    // and on: the process must never block on a full pipe
                                }
                            } catch (IOException e) {
                                // the process ended
                            }
                            ready.complete(false);
                        },
                        "cds-training-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** The archive, moved into place if a launch with it succeeds; null otherwise. */
    private static Path keep(Path tmp, Path target) throws IOException, InterruptedException {
        if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            return null;
        }
        List<String> cmd = java("-XX:SharedArchiveFile=" + tmp);
        cmd.add("help");
        Process p = launch(cmd);
        if (!exitedWithin(p, 60) || p.exitValue() != 0) {
            Files.deleteIfExists(tmp);
            return null;
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A JVM whose output goes nowhere (so it never blocks on a pipe nobody reads). */
    private static Process launch(List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Whether {@code p} ended within the time; killed if it did not. */
    private static boolean exitedWithin(Process p, int seconds) throws InterruptedException {
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
            return true;
        }
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            f -> {
                                try {
                                    Files.deleteIfExists(f);
                                } catch (IOException e) {
                                    // left in target/, which the next clean removes
                                }
                            });
        } catch (IOException e) {
            // the same
        }
    }
}
