package armature.launcher.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sim bench on the shipped Shadow hand: the report's structure and consistency, bad usage. */
class SimBenchMainTest {
    private static final Path ROOT = Path.of("../../examples/models").toAbsolutePath().normalize();
    private static final Path REACH = ROOT.resolve("gymnasium-robotics/hand/reach.xml");

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimBenchMain.run(
                args,
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatTheLoaderSkippedIsOneNoteAsInSimRun() {
        Path pendulum =
                ROOT.resolve(
                        "example-robot-data/robots/double_pendulum_description/urdf/double_pendulum.urdf");
        int rc =
                run(
                        pendulum.toString(),
                        "--package-path",
                        ROOT.toString(),
                        "--seconds",
                        "0.05",
                        "--json");
        assertThat(rc).as(err()).isZero();
        assertThat(err())
                .contains("note: the loader skipped or approximated content (")
                .contains("`armature sim info " + pendulum + "` lists them)");
    }

    @Test
    void aBatchPastTheHeapIsOneLineNamingWhatToChange() throws Exception {
        armature.physics.model.MultibodyModel m =
                armature.physics.compiler.ModelCompiler.compile(
                        armature.robot.model.Models.load(
                                REACH, armature.robot.model.LoadOptions.defaults()),
                        w -> {});
        assertThat(SimBenchMain.outOfMemory(m, 30000))
                .startsWith("30000 worlds of model '" + m.name + "' do not fit this JVM's heap of ")
                .contains("use fewer --worlds, or a larger heap (ARMATURE_JAVA_OPTS=-Xmx<size>");
    }

    /**
     * The real thing: {@code sim bench} in a JVM of 96 MB asked for 100,000 hand worlds runs out of
     * heap, and says so in one line on stderr with exit 1, no stack trace.
     */
    @Test
    void aBenchPastTheHeapOfARealJvmEndsWithThatOneLine() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p =
                new ProcessBuilder(
                                javaBin.toString(),
                                "-Xmx96m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                SimBenchMain.class.getName(),
                                REACH.toString(),
                                "--engine",
                                "reference",
                                "--worlds",
                                "100000",
                                "--seconds",
                                "0.1")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        String stderr = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr.strip().lines()).as(stderr).hasSize(1);
        assertThat(stderr.strip())
                .startsWith("error: 100000 worlds of model '")
                .contains("do not fit this JVM's heap of ")
                .contains("use fewer --worlds, or a larger heap");
    }

    @Test
    void jsonReportOfThreeWorldsOnTwoThreadsIsOneConsistentObject() throws Exception {
        int rc =
                run(
                        REACH.toString(),
                        "--engine",
                        "reference",
                        "--worlds",
                        "3",
                        "--threads",
                        "2",
                        "--seconds",
                        "0.3",
                        "--json");

        assertThat(rc).as(err()).isZero();
        assertThat(out().strip().lines()).hasSize(1);
        JsonNode doc = new ObjectMapper().readTree(out());
        assertThat(doc.get("engine").asText()).isEqualTo("reference");
        assertThat(doc.get("worlds").asInt()).isEqualTo(3);
        assertThat(doc.get("threads").asInt()).isEqualTo(2);
        assertThat(doc.get("seed").asLong()).isEqualTo(SimBenchMain.DEFAULT_SEED);
        double seconds = doc.get("seconds").asDouble();
        long steps = doc.get("steps").asLong();
        double perSecond = doc.get("stepsPerSecond").asDouble();
        // the window is at least what was asked for; how long past it depends on the machine
        assertThat(seconds).isGreaterThanOrEqualTo(0.3);
        assertThat(doc.get("warmupSeconds").asDouble()).isCloseTo(0.06, within(1e-12));
        assertThat(steps).isPositive();
        assertThat(perSecond).isCloseTo(steps / seconds, within(1e-9 * perSecond));
        assertThat(doc.get("stepsPerSecondPerWorld").asDouble())
                .isCloseTo(perSecond / 3, within(1e-9 * perSecond));
        assertThat(doc.get("simulatedSecondsPerSecond").asDouble())
                .isCloseTo(perSecond * 0.002, within(1e-9 * perSecond));
        assertThat(doc.get("divergedResets").asLong()).isNotNegative();
        assertThat(doc.get("contactBufferOverflowSteps").asLong()).isZero();
        assertThat(doc.get("droppedContacts").asLong()).isZero();
        // every hand joint has frictionloss, so every step solves at least once
        assertThat(doc.get("solverIterationsPerStep").asDouble()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void textReportNamesEveryFigure() {
        assertThat(run(REACH.toString(), "--seconds", "0.1")).as(err()).isZero();

        assertThat(out())
                .contains("on engine reference: 1 world on 1 thread,")
                .contains("s measured after 0.020 s warm-up")
                .containsPattern("world-steps: [1-9][0-9]*, [0-9]+ steps/s aggregate")
                .contains("diverged worlds reset: ")
                .contains("contact-buffer overflows: 0 steps (0 contacts dropped)")
                .containsPattern("constraint-solver iterations per step: [1-9][0-9]*\\.[0-9]{2}");
    }

    /**
     * Forty boxes resting on a floor touch it at four corners each: 160 contacts, more than the 128
     * a world keeps, so every step overflows and drops 32.
     */
    @Test
    void aFullContactBufferIsCountedNotHidden(@TempDir Path dir) throws Exception {
        StringBuilder xml = new StringBuilder("<mujoco model=\"crowd\"><worldbody>");
        xml.append("<geom name=\"floor\" type=\"plane\" size=\"5 5 0.1\"/>");
        for (int i = 0; i < 40; i++) {
            xml.append(
                    String.format(
                            java.util.Locale.ROOT,
                            "<body pos=\"%.2f %.2f 0.049\"><freejoint/>"
                                    + "<geom type=\"box\" size=\"0.05 0.05 0.05\"/></body>",
                            0.3 * (i % 8),
                            0.3 * (i / 8)));
        }
        java.nio.file.Files.writeString(
                dir.resolve("crowd.xml"), xml.append("</worldbody></mujoco>").toString());

        assertThat(run(dir.resolve("crowd.xml").toString(), "--seconds", "0.1", "--json"))
                .as(err())
                .isZero();

        JsonNode doc = new ObjectMapper().readTree(out());
        long steps = doc.get("steps").asLong();
        assertThat(doc.get("contactBufferOverflowSteps").asLong()).isEqualTo(steps);
        // at least the 32 beyond 128; the bench's random controls do nothing here, but boxes
        // settling into the floor can touch it at more points
        assertThat(doc.get("droppedContacts").asLong()).isGreaterThanOrEqualTo(32 * steps);
    }

    @Test
    void randomControlsStayInEachActuatorsControlRange() throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(REACH, LoadOptions.defaults().withPackagePath(List.of(ROOT))),
                        w -> {});
        assertThat(m.nu).isEqualTo(20);
        RandomControls rc = new RandomControls(m, new SplittableRandom(7));
        double[] ctrl = new double[m.nu];
        double[] lowest = new double[m.nu];
        double[] highest = new double[m.nu];
        java.util.Arrays.fill(lowest, Double.MAX_VALUE);
        java.util.Arrays.fill(highest, -Double.MAX_VALUE);
        for (int i = 0; i < 2000; i++) {
            rc.next(ctrl);
            for (int u = 0; u < m.nu; u++) {
                assertThat(m.actCtrlLimited[u]).isTrue();
                assertThat(ctrl[u]).isBetween(m.actCtrlRange[2 * u], m.actCtrlRange[2 * u + 1]);
                lowest[u] = Math.min(lowest[u], ctrl[u]);
                highest[u] = Math.max(highest[u], ctrl[u]);
            }
        }
        // uniform over the range: 2000 draws reach within 2 % of both ends
        for (int u = 0; u < m.nu; u++) {
            double width = m.actCtrlRange[2 * u + 1] - m.actCtrlRange[2 * u];
            assertThat(lowest[u] - m.actCtrlRange[2 * u]).isLessThan(0.02 * width);
            assertThat(m.actCtrlRange[2 * u + 1] - highest[u]).isLessThan(0.02 * width);
        }
    }

    @Test
    void badValuesNameTheOptionTheValueAndWhatIsAllowed() {
        assertThat(run(REACH.toString(), "--worlds", "0")).isEqualTo(2);
        assertThat(err()).contains("--worlds '0'").contains("allowed: an integer 1..100000");

        errBytes.reset();
        assertThat(run(REACH.toString(), "--threads", "-1")).isEqualTo(2);
        assertThat(err()).contains("--threads '-1'").contains("allowed: an integer 1..1024");

        errBytes.reset();
        assertThat(run(REACH.toString(), "--worlds", "2", "--threads", "3")).isEqualTo(2);
        assertThat(err()).contains("--threads 3 is more than --worlds 2").contains("allowed: 1..2");

        errBytes.reset();
        assertThat(run(REACH.toString(), "--seconds", "soon")).isEqualTo(2);
        assertThat(err()).contains("--seconds 'soon'").contains("(0, 86400]");

        errBytes.reset();
        assertThat(run(REACH.toString(), "--fast")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--fast'").contains("usage: sim bench");

        errBytes.reset();
        assertThat(run("--worlds", "2")).isEqualTo(2);
        assertThat(err()).contains("no MODEL file given");

        errBytes.reset();
        assertThat(run(REACH.toString(), "--engine", "mujoco")).isEqualTo(2);
        assertThat(err())
                .contains("unknown engine 'mujoco'")
                .contains("available: [opencl, reference]");
        assertThat(err().strip().lines()).hasSize(1);
        assertThat(out()).isEmpty();
    }

    @Test
    void missingModelFileExitsOne() {
        assertThat(run(ROOT.resolve("nope.xml").toString(), "--seconds", "0.1")).isEqualTo(1);
        assertThat(err()).startsWith("error: ").contains("nope.xml");
    }

    @Test
    void openClOptionsAreCheckedBeforeAnythingRuns() {
        assertThat(run(REACH.toString(), "--engine", "opencl", "--worlds", "4", "--threads", "2"))
                .isEqualTo(2);
        assertThat(err()).contains("--threads is for the reference engine");
        // with the default --worlds 1 the reason is the engine too, not the world count
        assertThat(run(REACH.toString(), "--engine", "opencl", "--threads", "2")).isEqualTo(2);
        assertThat(err())
                .contains("--threads is for the reference engine")
                .doesNotContain("is more than --worlds");
        assertThat(run(REACH.toString(), "--engine", "opencl", "--precision", "float16"))
                .isEqualTo(2);
        assertThat(err())
                .contains("--precision 'float16' is not allowed; allowed: float32, float64");
        assertThat(run(REACH.toString(), "--device", "gpu0")).isEqualTo(2);
        assertThat(err())
                .contains("--device, --precision and --contact-capacity are for --engine opencl");
        assertThat(run(REACH.toString(), "--contact-capacity", "16")).isEqualTo(2);
        assertThat(err())
                .contains("--device, --precision and --contact-capacity are for --engine opencl");
        assertThat(run(REACH.toString(), "--engine", "opencl", "--contact-capacity", "0"))
                .isEqualTo(2);
        assertThat(err())
                .contains("--contact-capacity '0' is not allowed; allowed: an integer 1..100000");
    }

    /** On the machine's OpenCL device (PoCL in CI): the batched report is one consistent object. */
    @Test
    void openClReportCountsWholeControlStepsOfEveryWorld() throws Exception {
        var found = armature.physics.opencl.OpenClPlatforms.discover();
        if (!found.available() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI installs PoCL, but " + found.problem());
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found.available(), found.problem());
        int rc =
                run(
                        REACH.toString(),
                        "--engine",
                        "opencl",
                        "--no-constraints",
                        "--worlds",
                        "8",
                        "--substeps",
                        "5",
                        "--seconds",
                        "0.3",
                        "--contact-capacity",
                        "16",
                        "--json");
        assertThat(rc).as(err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out());
        assertThat(doc.get("engine").asText()).isEqualTo("opencl");
        assertThat(doc.get("precision").asText()).isEqualTo("float32");
        long steps = doc.get("steps").asLong();
        assertThat(steps).isPositive();
        assertThat(steps % (8 * 5)).isZero();
        double seconds = doc.get("seconds").asDouble();
        assertThat(doc.get("stepsPerSecond").asDouble())
                .isCloseTo(steps / seconds, within(1e-9 * steps / seconds));
        assertThat(doc.get("controlStepsPerSecond").asDouble() * 5)
                .isCloseTo(doc.get("stepsPerSecond").asDouble(), within(1e-6 * steps / seconds));
        JsonNode phases = doc.get("secondsByPhase");
        double sum = 0;
        for (String p : List.of("controls", "device", "resets")) {
            sum += phases.get(p).asDouble();
        }
        assertThat(sum).isLessThanOrEqualTo(seconds * 1.0001).isGreaterThan(0.5 * seconds);
        assertThat(doc.get("deviceBytesPerWorld").asLong()).isPositive();
        assertThat(doc.get("contactCapacity").asInt()).isEqualTo(16);
        JsonNode working = doc.get("workingBytesPerWorld");
        assertThat(working.get("state").asLong()).isPositive();
        // --no-constraints: neither the contact buffer nor constraint rows are compiled in
        assertThat(working.get("contacts").asLong()).isZero();
        assertThat(working.get("constraintRows").asLong()).isZero();
        // each control step sends 8 worlds x 20 actuators of float32
        assertThat(doc.get("bytesToDevicePerControlStep").asDouble())
                .isGreaterThanOrEqualTo(8 * 20 * 4);
    }
}
