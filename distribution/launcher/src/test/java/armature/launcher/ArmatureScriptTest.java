package armature.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./armature} script, run by bash in a copy of the repository layout with
 * stub {@code mvn} and {@code java} commands first on the PATH: the stubs record how they were
 * called, and the stub build waits for the test's go-ahead, so two invocations overlap for sure.
 */
class ArmatureScriptTest {
    private static final Path SCRIPT = Path.of("../../armature").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path tmp;
    private Path root;
    private Path bin;
    private Path mvnCalls;
    private Path javaCalls;
    private Path release;
    private Path sharingOff;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(SCRIPT, root.resolve("armature"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        for (String d : List.of("bundles/x/src", "distribution", "features", "examples")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("bundles/x/src/A.java"), "class A {}\n");
        bin = Files.createDirectories(tmp.resolve("bin"));
        mvnCalls = tmp.resolve("mvn.calls");
        javaCalls = tmp.resolve("java.calls");
        release = tmp.resolve("release");
        sharingOff = tmp.resolve("sharing-off");
        // Records its arguments, waits for the go-ahead file (when STUB_WAIT is set), prints what
        // STUB_OUTPUT says, then "builds" the distribution unless STUB_EXIT is non-zero.
        executable(
                "mvn",
                """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                if [ -n "${STUB_WAIT:-}" ]; then
                  while [ ! -e "%s" ]; do sleep 0.05; done
                fi
                [ -n "${STUB_TOUCH:-}" ] && touch -d '+5 seconds' "$STUB_TOUCH"
                printf '%%b' "${STUB_OUTPUT:-[INFO] BUILD SUCCESS\\n}"
                if [ "${STUB_EXIT:-0}" != 0 ]; then exit "$STUB_EXIT"; fi
                mkdir -p distribution/container/target/armature/lib
                """
                        .formatted(mvnCalls, release));
        executable(
                "java",
                """
                #!/usr/bin/env bash
                echo "ARMATURE_HOME=$ARMATURE_HOME $*" >> "%s"
                # -version as the JDK prints it; ", sharing" only when this launch mapped the JDK's
                # own archive (the test's sharing-off file says it did not).
                if [ "${1:-}" = -version ]; then
                  echo 'openjdk version "17.0.15" 2025-04-15' >&2
                  if [ -e "%s" ]; then
                    echo 'OpenJDK 64-Bit Server VM (build 17.0.15+6, mixed mode)' >&2
                  else
                    echo 'OpenJDK 64-Bit Server VM (build 17.0.15+6, mixed mode, sharing)' >&2
                  fi
                  exit 0
                fi
                # A training start for the class-data sharing archive: ready at once, and the
                # archive written at the clean stop, as the JVM does; the CLI's training status
                # writes its archive when it ends (at once).
                for a in "$@"; do
                  case "$a" in
                    -XX:ArchiveClassesAtExit=*)
                      archive="${a#-XX:ArchiveClassesAtExit=}"
                      case " $* " in
                        *" status "*) echo archive > "$archive"; exit 0 ;;
                      esac
                      trap 'echo archive > "$archive"; exit 0' TERM
                      echo "container 'cds-training' is ready"
                      while true; do sleep 0.05; done
                      ;;
                  esac
                done
                echo "launcher ran"
                """
                        .formatted(javaCalls, sharingOff));
    }

    private void executable(String name, String text) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Process start(Path stderr, String... env) throws IOException {
        return start(stderr, List.of("help"), env);
    }

    private Process start(Path stderr, List<String> command, String... env) throws IOException {
        List<String> line =
                new java.util.ArrayList<>(List.of("bash", root.resolve("armature").toString()));
        line.addAll(command);
        ProcessBuilder pb =
                new ProcessBuilder(line)
                        .directory(tmp.toFile())
                        .redirectOutput(tmp.resolve("out-" + stderr.getFileName()).toFile())
                        .redirectError(stderr.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("ARMATURE_HOME");
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        return pb.start();
    }

    private record Result(int exit, String err) {}

    private Result run(String... env) throws Exception {
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = start(err, env);
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(err));
    }

    private static List<String> lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    /** Polls a condition of files written by another process until it holds. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waiting for " + what).isTrue();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aSecondInvocationWaitsForTheFirstBuildAndDoesNotBuildAgain() throws Exception {
        Path err1 = tmp.resolve("err1");
        Path err2 = tmp.resolve("err2");
        Process first = start(err1, "STUB_WAIT", "1");
        await("the first build to start", () -> read(mvnCalls).contains("install"));
        Process second = start(err2, "STUB_WAIT", "1");
        await("the second to wait for the lock", () -> read(err2).contains("waiting for it"));
        Files.writeString(release, "go");
        assertThat(first.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(read(err1)).isZero();
        assertThat(second.exitValue()).as(read(err2)).isZero();
        assertThat(lines(mvnCalls)).as("mvn invocations").hasSize(1);
        assertThat(lines(javaCalls)).as("launcher runs").hasSize(2);
        assertThat(read(err2)).as("the second did not build").doesNotContain("this takes a minute");
    }

    @Test
    void theBuildForRunCompilesNoTestsAndBuildsOnlyTheDistribution() throws Exception {
        Result r = run();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines(mvnCalls)).hasSize(1);
        String args = lines(mvnCalls).get(0);
        assertThat(args)
                .contains("-Dmaven.test.skip=true")
                .contains("-pl distribution/container -am install");
        assertThat(lines(javaCalls))
                .containsExactly(
                        "ARMATURE_HOME="
                                + root
                                + " -Darmature.dist="
                                + root.resolve("distribution/container/target/armature")
                                + " -cp "
                                + root.resolve("distribution/container/target/armature/lib")
                                + "/* armature.launcher.Main help");

        assertThat(run().exit()).isZero();
        assertThat(lines(mvnCalls)).as("fresh: no second build").hasSize(1);

        Files.setLastModifiedTime(
                root.resolve("bundles/x/src/A.java"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(run().exit()).isZero();
        assertThat(lines(mvnCalls)).as("a newer source: built again").hasSize(2);
    }

    /** What the stub java was called with for one command line (after the build). */
    private String launcherCall(List<String> command, String... env) throws Exception {
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = start(err, command, env);
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(err)).isZero();
        List<String> calls = lines(javaCalls);
        return calls.get(calls.size() - 1);
    }

    @Test
    void aShortSimRunStopsTheJitAtC1AndEverythingElseKeepsTheFullJit() throws Exception {
        String c1 = " -XX:TieredStopAtLevel=1 -Darmature.dist=";
        assertThat(launcherCall(List.of("sim", "run", "m.xml"))).as("default 1 s").contains(c1);
        assertThat(launcherCall(List.of("sim", "run", "m.xml", "--seconds", "60"))).contains(c1);
        assertThat(launcherCall(List.of("sim", "run", "m.xml", "--seconds", "60.5")))
                .as("a long run")
                .doesNotContain("Tiered")
                .endsWith("armature.launcher.Main sim run m.xml --seconds 60.5");
        assertThat(launcherCall(List.of("sim", "bench", "m.xml", "--seconds", "2")))
                .doesNotContain("Tiered");
        assertThat(launcherCall(List.of("run", "--port", "0"))).doesNotContain("Tiered");
        assertThat(launcherCall(List.of("sim", "run", "m.xml", "--seconds", "abc")))
                .as("the launcher rejects it")
                .endsWith("Main sim run m.xml --seconds abc");
        // the user's options come later on the line, so HotSpot takes theirs
        assertThat(
                        launcherCall(
                                List.of("sim", "run", "m.xml"),
                                "ARMATURE_JAVA_OPTS",
                                "-XX:TieredStopAtLevel=4"))
                .containsPattern(
                        " -XX:TieredStopAtLevel=1 .*-XX:TieredStopAtLevel=4 -Darmature.dist=");
    }

    /**
     * {@code run} trains class-data sharing archives once per distribution and JDK (a start of the
     * default features in a scratch home, stopped when ready, and a {@code status} against it for
     * the CLI) and starts from the first; other commands start from the second; ARMATURE_CDS=0 uses
     * neither.
     */
    @Test
    void runStartsFromAClassDataSharingArchiveTrainedOnce() throws Exception {
        assertThat(launcherCall(List.of("status"))).as("before any run").doesNotContain("Shared");
        String first = launcherCall(List.of("run", "--port", "0"));
        List<String> calls = lines(javaCalls);
        List<String> training =
                calls.stream().filter(c -> c.contains("-XX:ArchiveClassesAtExit=")).toList();
        assertThat(training).hasSize(2);
        assertThat(training.get(0))
                .contains("armature.launcher.Main run --home /")
                .contains("--id cds-training --port 0 --http-port 0");
        assertThat(training.get(1))
                .containsPattern("-XX:ArchiveClassesAtExit=\\S*/cds/cli-[0-9]+\\.jsa")
                .contains("armature.launcher.Main status --home /")
                .endsWith("--id cds-training");
        assertThat(first)
                .containsPattern("-XX:SharedArchiveFile=\\S*/cds/run-[0-9]+\\.jsa ")
                .endsWith("armature.launcher.Main run --port 0");
        String archive = first.replaceAll(".*-XX:SharedArchiveFile=(\\S+) .*", "$1");
        assertThat(Path.of(archive)).exists();
        assertThat(launcherCall(List.of("run"))).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(lines(javaCalls).stream().filter(c -> c.contains("ArchiveClassesAtExit")))
                .as("trained once")
                .hasSize(2);
        // A launch that could not map the JDK's own archive says so in -version: not a new JDK.
        Files.writeString(sharingOff, "");
        assertThat(launcherCall(List.of("run"))).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(lines(javaCalls).stream().filter(c -> c.contains("ArchiveClassesAtExit")))
                .as("still trained once")
                .hasSize(2);
        assertThat(launcherCall(List.of("run"), "ARMATURE_CDS", "0")).doesNotContain("Shared");
        String cli = archive.replace("/run-", "/cli-");
        assertThat(Path.of(cli)).exists();
        assertThat(launcherCall(List.of("status", "--json")))
                .contains("-XX:SharedArchiveFile=" + cli + " -Xlog:cds=off -Xlog:cds+dynamic=off ")
                .endsWith("armature.launcher.Main status --json");
        assertThat(launcherCall(List.of("status"), "ARMATURE_CDS", "0")).doesNotContain("Shared");
    }

    @Test
    void aSourceEditedDuringTheBuildIsBuiltNextTime() throws Exception {
        assertThat(run("STUB_TOUCH", root.resolve("bundles/x/src/A.java").toString()).exit())
                .isZero();
        assertThat(run().exit()).isZero();
        assertThat(lines(mvnCalls)).hasSize(2);
    }

    @Test
    void aFailedBuildWithoutErrorLinesShowsTheEndOfTheLog() throws Exception {
        Result r =
                run(
                        "STUB_EXIT", "137",
                        "STUB_OUTPUT", "[INFO] Compiling 12 source files\\nnoise\\nKilled\\n");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("armature: the build failed:")
                .contains("[INFO] Compiling 12 source files\nnoise\nKilled")
                .contains("full log in " + root.resolve("runtime/build.log"));
        assertThat(lines(javaCalls)).as("the launcher does not run").isEmpty();
    }

    @Test
    void aFailedBuildShowsTheErrorLines() throws Exception {
        Result r =
                run(
                        "STUB_EXIT",
                        "1",
                        "STUB_OUTPUT",
                        "[INFO] noise\\n[ERROR] A.java:[3,1] cannot find symbol\\n"
                                + "[INFO] more noise\\n");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains("[ERROR] A.java:[3,1] cannot find symbol")
                .doesNotContain("noise");
    }

    @Test
    void aMissingMavenIsAReasonToo() throws Exception {
        Files.delete(bin.resolve("mvn"));
        // A PATH with the stub java and the tools the script uses, but no mvn.
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String t :
                List.of(
                        "bash", "dirname", "find", "grep", "head", "tail", "mkdir", "mv", "touch",
                        "flock", "cat", "rm", "sleep", "env")) {
            for (String dir : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(dir + t)) && !Files.exists(tools.resolve(t))) {
                    Files.createSymbolicLink(tools.resolve(t), Path.of(dir + t));
                }
            }
        }
        Path err = tmp.resolve("err");
        ProcessBuilder pb =
                new ProcessBuilder(
                                tools.resolve("bash").toString(),
                                root.resolve("armature").toString(),
                                "help")
                        .redirectOutput(tmp.resolve("out").toFile())
                        .redirectError(err.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + tools);
        Process p = pb.start();
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(err)).isEqualTo(1);
        assertThat(read(err)).contains("the build failed").contains("mvn: command not found");
    }
}
