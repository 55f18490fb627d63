package armature.launcher.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import armature.physics.api.World;
import armature.physics.compiler.ModelCompiler;
import armature.physics.model.MultibodyModel;
import armature.robot.model.LoadOptions;
import armature.robot.model.Models;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sim run CLI on real files: CSV round trips match direct stepping exactly; bad input. */
class SimRunMainTest {
    private static final Path ROOT = Path.of("../../examples/models").toAbsolutePath().normalize();
    private static final Path PENDULUM =
            ROOT.resolve(
                    "example-robot-data/robots/double_pendulum_description/urdf/"
                            + "double_pendulum_simple.urdf");

    private static final String ACTUATED =
            """
            <mujoco model="actuated">
              <compiler angle="radian"/>
              <worldbody>
                <body name="arm" pos="0 0 1">
                  <joint name="shoulder" type="hinge" axis="0 1 0" damping="0.1"/>
                  <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="1"/>
                  <body name="fore" pos="0.3 0 0">
                    <joint name="elbow" type="hinge" axis="0 1 0"/>
                    <geom type="capsule" fromto="0 0 0 0.3 0 0" size="0.03" mass="0.5"/>
                  </body>
                </body>
              </worldbody>
              <actuator>
                <motor name="m" joint="shoulder" gear="2"/>
                <position name="p" joint="elbow" kp="5"/>
              </actuator>
            </mujoco>
            """;

    @TempDir Path dir;
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimRunMain.run(
                args,
                new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private String lastLine() {
        List<String> lines = err().strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static World world(Path file) throws Exception {
        MultibodyModel m =
                ModelCompiler.compile(
                        Models.load(file, LoadOptions.defaults().withPackagePath(List.of(ROOT))),
                        w -> {});
        return Engines.discover().get("reference").createWorld(m);
    }

    /** Each recorded row equals, bit for bit, the state of a world stepped directly. */
    private static void assertRecordMatches(Path csv, World w, double[][] controls)
            throws Exception {
        List<String> lines = Files.readAllLines(csv);
        int nq = w.model().positionCount();
        int nv = w.model().velocityCount();
        String[] header = lines.get(0).split(",");
        assertThat(header).hasSize(1 + nq + nv);
        assertThat(header[0]).isEqualTo("time");
        double[] q = new double[nq];
        double[] v = new double[nv];
        for (int s = 1; s < lines.size(); s++) {
            if (controls != null) {
                w.setControls(controls[Math.min(s - 1, controls.length - 1)]);
            }
            w.step(1);
            w.readState(q, v);
            String[] cells = lines.get(s).split(",");
            assertThat(Double.parseDouble(cells[0])).isEqualTo(w.timeSeconds());
            for (int i = 0; i < nq; i++) {
                assertThat(Double.parseDouble(cells[1 + i]))
                        .as("qpos %d row %d", i, s)
                        .isEqualTo(q[i]);
            }
            for (int i = 0; i < nv; i++) {
                assertThat(Double.parseDouble(cells[1 + nq + i])).isEqualTo(v[i]);
            }
        }
    }

    @Test
    void recordsEveryStepOfTheDoublePendulumExactly() throws Exception {
        Path out = dir.resolve("out.csv");
        int rc =
                run(
                        PENDULUM.toString(),
                        "--seconds",
                        "0.5",
                        "--record",
                        out.toString(),
                        "--package-path",
                        ROOT.toString());

        assertThat(rc).as(err()).isZero();
        List<String> lines = Files.readAllLines(out);
        World w = world(PENDULUM);
        int steps = (int) Math.round(0.5 / w.model().timestepSeconds());
        assertThat(lines).hasSize(1 + steps);
        assertThat(lines.get(0)).startsWith("time,qpos:").contains(",qvel:");
        assertRecordMatches(out, w, null);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("steps/s");
        // the pendulum actually moved: its record is not a constant
        assertThat(lines.get(1)).isNotEqualTo(lines.get(lines.size() - 1));
    }

    /** The result line as a script would read it: every number through a pattern. */
    private static final Pattern RESULT =
            Pattern.compile(
                    "(?<model>.+?): (?<steps>\\d+) steps \\((?<sim>[0-9.]+) s simulated, timestep"
                            + " (?<h>\\S+) s\\) in (?<wall>[0-9.]+) s wall: (?<whole>\\d+) steps/s"
                            + " whole run, (?<steady>\\d+) steps/s steady state \\(last half of the"
                            + " wall time: (?<windowSteps>\\d+) steps in (?<window>[0-9.]+) s\\)"
                            + "(?<rising>; the rate was still rising, a longer run gives a higher"
                            + " steady figure)?");

    @Test
    void printsTheWholeRunAndTheSteadyStateRateWithItsWindow() {
        int rc = run(PENDULUM.toString(), "--seconds", "2", "--package-path", ROOT.toString());

        assertThat(rc).as(err()).isZero();
        List<String> lines = outBytes.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertThat(lines).hasSize(1);
        Matcher m = RESULT.matcher(lines.get(0));
        assertThat(m.matches()).as(lines.get(0)).isTrue();
        long steps = Long.parseLong(m.group("steps"));
        double h = Double.parseDouble(m.group("h"));
        assertThat(steps).isEqualTo(Math.round(2 / h));
        assertThat(Double.parseDouble(m.group("sim"))).isCloseTo(2, within(1e-9));
        // both figures are there and are rates, not placeholders; no claim about their size
        assertThat(Long.parseLong(m.group("whole"))).isPositive();
        assertThat(Long.parseLong(m.group("steady"))).isGreaterThanOrEqualTo(0);
        long windowSteps = Long.parseLong(m.group("windowSteps"));
        assertThat(windowSteps).isBetween(1L, steps);
        double wall = Double.parseDouble(m.group("wall"));
        // printed with 3 decimals: the window is at least half the wall time, at most all of it
        assertThat(Double.parseDouble(m.group("window")))
                .isBetween(wall / 2 - 0.0015, wall + 0.0005);
    }

    @Test
    void appliesOneControlRowPerStepByNameAndHoldsTheLastRow() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path ctrl = dir.resolve("ctrl.csv");
        // columns in a different order than the model's actuators (m, p)
        Files.writeString(ctrl, "p,m\n0.5,1\n-0.5,-2\n1.0,0.25\n");
        Path out = dir.resolve("out.csv");

        int rc =
                run(
                        model.toString(),
                        "--seconds",
                        "0.02",
                        "--controls",
                        ctrl.toString(),
                        "--record",
                        out.toString());

        assertThat(rc).as(err()).isZero();
        double[][] expected = {{1, 0.5}, {-2, -0.5}, {0.25, 1.0}};
        assertRecordMatches(out, world(model), expected);
        assertThat(Files.readAllLines(out)).hasSize(1 + 10);
    }

    @Test
    void bodiesAddTheirWorldPositionsAfterTheJointColumns() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path out = dir.resolve("out.csv");

        int rc =
                run(
                        model.toString(),
                        "--seconds",
                        "0.2",
                        "--record",
                        out.toString(),
                        "--bodies",
                        "fore,arm");

        assertThat(rc).as(err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0))
                .isEqualTo(
                        "time,qpos:shoulder,qpos:elbow,qvel:shoulder,qvel:elbow,"
                                + "body:fore:x,body:fore:y,body:fore:z,body:arm:x,body:arm:y,body:arm:z");
        World w = world(model);
        int fore = w.model().bodyNames().indexOf("fore");
        double[] q = new double[2];
        double[] v = new double[2];
        double[] poses = new double[7 * w.model().bodyNames().size()];
        for (int s = 1; s < lines.size(); s++) {
            w.step(1);
            w.readState(q, v);
            w.readBodyPoses(poses);
            double[] cells =
                    java.util.Arrays.stream(lines.get(s).split(","))
                            .mapToDouble(Double::parseDouble)
                            .toArray();
            assertThat(cells).hasSize(11);
            for (int k = 0; k < 3; k++) {
                assertThat(cells[5 + k]).isEqualTo(poses[7 * fore + k]);
            }
            // geometry, not the engine: the forearm's origin is 0.3 m along the upper arm, which
            // turns about +y at (0, 0, 1); the arm's origin does not move
            assertThat(cells[5]).isCloseTo(0.3 * Math.cos(q[0]), within(1e-12));
            assertThat(cells[6]).isCloseTo(0, within(1e-12));
            assertThat(cells[7]).isCloseTo(1 - 0.3 * Math.sin(q[0]), within(1e-12));
            assertThat(new double[] {cells[8], cells[9], cells[10]})
                    .containsExactly(new double[] {0, 0, 1}, within(1e-12));
        }
        // the shoulder swung under gravity, so the test saw more than one pose
        assertThat(Math.abs(q[0])).isGreaterThan(0.1);
    }

    @Test
    void aFixedUrdfLinkFusedIntoItsParentIsRecordedAtItsOwnFrame() throws Exception {
        Path model = dir.resolve("arm.urdf");
        Files.writeString(
                model,
                """
                <robot name="arm">
                  <link name="base"/>
                  <link name="arm">
                    <inertial><origin xyz="0.15 0 0"/><mass value="1"/>
                      <inertia ixx="0.01" iyy="0.01" izz="0.01" ixy="0" ixz="0" iyz="0"/></inertial>
                  </link>
                  <link name="tool"/>
                  <joint name="shoulder" type="continuous"><parent link="base"/><child link="arm"/>
                    <origin xyz="0 0 1"/><axis xyz="0 1 0"/></joint>
                  <joint name="mount" type="fixed"><parent link="arm"/><child link="tool"/>
                    <origin xyz="0.3 0 0"/></joint>
                </robot>
                """);
        Path out = dir.resolve("out.csv");

        int rc =
                run(
                        model.toString(),
                        "--seconds",
                        "0.2",
                        "--record",
                        out.toString(),
                        "--bodies",
                        "tool");

        assertThat(rc).as(err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0))
                .isEqualTo("time,qpos:shoulder,qvel:shoulder,body:tool:x,body:tool:y,body:tool:z");
        double q = 0;
        for (String line : lines.subList(1, lines.size())) {
            double[] cells =
                    java.util.Arrays.stream(line.split(","))
                            .mapToDouble(Double::parseDouble)
                            .toArray();
            q = cells[1];
            // the tool is 0.3 m along the arm, which turns about +y at (0, 0, 1)
            assertThat(cells[3]).isCloseTo(0.3 * Math.cos(q), within(1e-12));
            assertThat(cells[4]).isCloseTo(0, within(1e-12));
            assertThat(cells[5]).isCloseTo(1 - 0.3 * Math.sin(q), within(1e-12));
        }
        assertThat(Math.abs(q)).as("the arm swung").isGreaterThan(0.1);
    }

    @Test
    void unknownBodyExitsTwoListingTheModelsBodies() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path out = dir.resolve("out.csv");

        assertThat(run(model.toString(), "--record", out.toString(), "--bodies", "arm,hand"))
                .isEqualTo(2);
        assertThat(err())
                .contains("--bodies")
                .contains("no body 'hand'")
                .contains("[world, arm, fore]");
        assertThat(err().strip().lines()).hasSize(1);

        errBytes.reset();
        assertThat(run(model.toString(), "--bodies", "arm")).isEqualTo(2);
        assertThat(err()).contains("--bodies needs --record");

        errBytes.reset();
        assertThat(run(model.toString(), "--record", out.toString(), "--bodies", "arm,,fore"))
                .isEqualTo(2);
        assertThat(err()).contains("--bodies 'arm,,fore' has an empty name");
    }

    /** The record file never overwrites an input; a run too short for one step is refused. */
    @Test
    void recordingOverAnInputOrRunningNoStepIsRefused() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path ctrl = dir.resolve("ctrl.csv");
        Files.writeString(ctrl, "m,p\n1,2\n");

        assertThat(run(model.toString(), "--record", dir.resolve("./actuated.xml").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("is the model file: it would overwrite it");
        assertThat(Files.readString(model)).isEqualTo(ACTUATED);

        errBytes.reset();
        assertThat(
                        run(
                                model.toString(),
                                "--controls",
                                ctrl.toString(),
                                "--record",
                                ctrl.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("is the --controls file: it would overwrite it");
        assertThat(Files.readString(ctrl)).isEqualTo("m,p\n1,2\n");

        errBytes.reset();
        assertThat(run(model.toString(), "--seconds", "0.0001")).isEqualTo(2);
        assertThat(err()).contains("is less than half of the model's timestep");

        // a file the model includes (or any file but an earlier recording) is not overwritten
        Path included = dir.resolve("shared.xml");
        Files.writeString(included, "<mujoco/>");
        errBytes.reset();
        assertThat(run(model.toString(), "--record", included.toString())).isEqualTo(2);
        assertThat(err()).contains("exists and is not a recording of sim run");
        assertThat(Files.readString(included)).isEqualTo("<mujoco/>");
        // an earlier recording is replaced
        Path earlier = dir.resolve("earlier.csv");
        assertThat(run(model.toString(), "--seconds", "0.01", "--record", earlier.toString()))
                .isZero();
        assertThat(run(model.toString(), "--seconds", "0.01", "--record", earlier.toString()))
                .isZero();
    }

    @Test
    void unknownActuatorNameIsReportedWithFileAndLine() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path ctrl = dir.resolve("ctrl.csv");
        Files.writeString(ctrl, "m,nope\n1,2\n");

        assertThat(run(model.toString(), "--controls", ctrl.toString())).isEqualTo(1);
        assertThat(err())
                .contains(ctrl + ":1:")
                .contains("unknown actuator 'nope'")
                .contains("[m, p]");
    }

    @Test
    void wrongColumnCountIsReportedWithFileAndLine() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path ctrl = dir.resolve("ctrl.csv");
        Files.writeString(ctrl, "m,p\n1,2\n1,2,3\n");

        assertThat(run(model.toString(), "--controls", ctrl.toString())).isEqualTo(1);
        assertThat(err()).contains(ctrl + ":3:").contains("expected 2 values").contains("got 3");
    }

    @Test
    void nonNumericAndDuplicateColumnsAreRejected() throws Exception {
        Path model = dir.resolve("actuated.xml");
        Files.writeString(model, ACTUATED);
        Path ctrl = dir.resolve("ctrl.csv");
        Files.writeString(ctrl, "m\n1\nabc\n");
        assertThat(run(model.toString(), "--controls", ctrl.toString())).isEqualTo(1);
        assertThat(err()).contains(ctrl + ":3:").contains("'abc' is not a number");

        Files.writeString(ctrl, "m,m\n1,1\n");
        assertThat(run(model.toString(), "--controls", ctrl.toString())).isEqualTo(1);
        assertThat(err()).contains("appears twice");
    }

    @Test
    void whatTheEngineCannotRepresentIsOneWarningLine() throws Exception {
        // Fetch's weld and mocap body are simulated now (ADR 0086): nothing to warn about
        Path fetch = ROOT.resolve("gymnasium-robotics/fetch/reach.xml");
        assertThat(run(fetch.toString(), "--seconds", "0.01")).as(err()).isZero();
        assertThat(err().lines().filter(l -> l.startsWith("warning: "))).isEmpty();

        Path odd = dir.resolve("odd.xml");
        java.nio.file.Files.writeString(
                odd,
                """
                <mujoco model="odd">
                  <option noslip_iterations="3"/>
                  <worldbody>
                    <body pos="0 0 1"><freejoint/>
                      <geom type="ellipsoid" size="0.1 0.05 0.03"/>
                      <geom type="sphere" size="0.05"/>
                    </body>
                  </worldbody>
                </mujoco>
                """);
        assertThat(run(odd.toString(), "--seconds", "0.01")).as(err()).isZero();
        assertThat(err().lines().filter(l -> l.startsWith("warning: ")))
                .singleElement()
                .asString()
                .contains("ellipsoid")
                .contains("noslip");
    }

    @Test
    void unknownEngineListsTheAvailableOnes() {
        assertThat(run(PENDULUM.toString(), "--engine", "mujoco")).isEqualTo(2);
        assertThat(err())
                .contains("unknown engine 'mujoco'")
                .contains("available: [opencl, reference]");
    }

    @Test
    void unusableControlsAndRecordFilesAreNamedWithTheirOption() throws Exception {
        String model = PENDULUM.toString();
        Path missing = dir.resolve("none.csv");
        assertThat(run(model, "--seconds", "0.01", "--controls", missing.toString())).isEqualTo(1);
        assertThat(lastLine()).isEqualTo("error: --controls " + missing + ": no such file");
        errBytes.reset();
        assertThat(run(model, "--seconds", "0.01", "--controls", dir.toString())).isEqualTo(1);
        assertThat(lastLine())
                .isEqualTo("error: --controls " + dir + ": is a directory; expected a file");
        errBytes.reset();
        Path nowhere = dir.resolve("no/such/dir/out.csv");
        assertThat(run(model, "--seconds", "0.01", "--record", nowhere.toString())).isEqualTo(1);
        assertThat(lastLine())
                .isEqualTo(
                        "error: --record "
                                + nowhere
                                + ": its directory "
                                + nowhere.getParent()
                                + " does not exist");
        errBytes.reset();
        assertThat(run(model, "--seconds", "0.01", "--record", dir.toString())).isEqualTo(1);
        assertThat(lastLine())
                .isEqualTo("error: --record " + dir + ": is a directory; expected a file");
    }

    @Test
    void missingModelIsOneLineError() {
        assertThat(run(dir.resolve("missing.xml").toString())).isEqualTo(1);
        assertThat(err()).startsWith("error: ").contains("missing.xml");
        assertThat(err().strip().lines()).hasSize(1);
    }
}
